"""Use case: read the record as of a date: obligation rows, one obligation's
detail, the per-party scorecard, search, and the status report.

What a past view shows is decided in one place, `Cut`:
- `as_of` D: what is known now about D: status entries effective by D and
  evidence observed by D, whenever they were recorded;
- `known_on` K: only what had been recorded by the end of K (the audit view:
  what the record said on that day), retractions and corrections made later undone.
Both can be combined; with `known_on` alone, `as_of` is the same day.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain import assess
from tracker.domain.conditions import to_review
from tracker.domain.evidence_groups import claimants_by_obligation
from tracker.domain.filters import ObligationQuery, Side, matches
from tracker.domain.models import ANALYST, Catalogue, Evidence, Obligation, Stance, Status, StatusChange
from tracker.domain.records import EvidenceView, SearchHit
from tracker.domain.report import PartyScore, RecordExtras, ReportData
from tracker.errors import InvalidInput, NotFound
from tracker.service.context import Context
from tracker.service.evidence import all_corrections, evidence_for, mark_echoes
from tracker.service.models import ConditionView, EntryFlags, ObligationDetail, ObligationState
from tracker.service.parsing import parse_status, unknown_message
from tracker.service.status import all_history, all_reviews, history

MAX_SEARCH_WORDS = 32
MAX_SEARCH_CHARS = 500


@dataclass(frozen=True)
class Cut:
    """Which part of the record a reading shows (see the module's docstring)."""

    as_of: dt.date | None
    known_on: dt.date | None

    @property
    def known_by(self) -> dt.datetime | None:
        return assess.end_of_day(self.known_on) if self.known_on is not None else None

    @property
    def label(self) -> str:
        """How a view names itself ("as of …, as recorded by …")."""
        if self.as_of is None and self.known_on is None:
            return "today"
        parts = []
        if self.as_of is not None:
            parts.append(f"as of {self.as_of}")
        if self.known_on is not None:
            parts.append(f"as recorded on {self.known_on}")
        return ", ".join(parts)

    def history(self, changes: Sequence[StatusChange]) -> list[StatusChange]:
        """Entries in force by `as_of` and recorded by `known_on`, oldest first."""
        return sorted(
            (c for c in changes
             if (self.as_of is None or c.effective_on <= self.as_of)
             and (self.known_by is None or c.recorded_at <= self.known_by)),
            key=lambda c: (c.effective_on, c.seq),
        )

    def evidence(self, items: Sequence[Evidence]) -> list[Evidence]:
        """Evidence as recorded by `known_on` (retracted items kept and marked)
        about facts observed by `as_of`."""
        shown = assess.evidence_as_recorded(items, self.known_on)
        if self.as_of is None:
            return shown
        return [e for e in shown if (e.observed_on or e.created_at.date()) <= self.as_of]


def make_cut(as_of: dt.date | None = None, known_on: dt.date | None = None) -> Cut:
    """The view the user asked for; `known_on` alone also sets `as_of` to that day."""
    return Cut(as_of=as_of if as_of is not None else known_on, known_on=known_on)


def _day(cut: Cut, ctx: Context) -> dt.date:
    return cut.as_of or ctx.clock.today()


def check_agreement(catalogue: Catalogue, agreement: str | None) -> str | None:
    if agreement is not None and catalogue.agreement(agreement) is None:
        raise NotFound(unknown_message("agreement", agreement, [a.id for a in catalogue.agreements],
                                       "see obligations.yaml"))
    return agreement


def _visible_evidence(ctx: Context, cut: Cut, obligation_id: str | tuple[str, ...] | None = None) -> list[EvidenceView]:
    """Evidence views in the cut, corrected as recorded then, retracted items marked."""
    views = evidence_for(ctx, obligation_id, known_by=cut.known_by, mark=False)
    shown = {e.id: e for e in cut.evidence([v.evidence for v in views])}
    return [EvidenceView(shown[v.evidence.id], v.source_title, v.source_outlet, v.echo_of)
            for v in views if v.evidence.id in shown]


def _cut_histories(ctx: Context, cut: Cut) -> dict[str, list[StatusChange]]:
    return {key: cut.history(changes) for key, changes in all_history(ctx).items()}


def _deadline(
    obligation: Obligation, catalogue: Catalogue, visible: Sequence[StatusChange], day: dt.date
) -> assess.DeadlineState:
    agreement = catalogue.agreement(obligation.agreement)
    assert agreement is not None
    current = visible[-1] if visible else None
    status = current.status if current else Status.NOT_ASSESSED
    met_on = assess.met_since(visible) if status == Status.MET else None
    return assess.deadline_state(obligation, agreement.signed_on, status, day, met_on=met_on,
                                 ended_on=agreement.ended_on)


def obligation_rows(
    ctx: Context, *, as_of: dt.date | None = None, known_on: dt.date | None = None, status: str | None = None,
    party: str | None = None, theme: str | None = None, overdue: bool = False, side: str = "obligor",
    agreement: str | None = None,
) -> list[ObligationState]:
    """Every obligation with its state in the view, in a few queries.

    `party` keeps what that party owes; with side="beneficiary", what it is owed."""
    catalogue = ctx.catalogue()
    cut = make_cut(as_of, known_on)
    day = _day(cut, ctx)
    try:
        side_value = Side(side)
    except ValueError:
        raise InvalidInput(f"unknown side '{side}'; use obligor or beneficiary") from None
    if status is not None:
        parse_status(status)
    if party is not None and catalogue.party(party) is None:
        raise NotFound(unknown_message("party", party, [p.id for p in catalogue.parties], "see obligations.yaml"))
    if theme is not None:
        themes = sorted({t for o in catalogue.obligations for t in o.themes})
        if theme not in themes:
            raise NotFound(unknown_message("theme", theme, themes, "themes come from obligations.yaml"))
    check_agreement(catalogue, agreement)
    query = ObligationQuery(status=status, party=party, side=side_value, theme=theme, overdue=overdue)
    histories = _cut_histories(ctx, cut)
    flagged = to_review(catalogue, histories)
    stance_counts: dict[str, Counter[str]] = {}
    for view in _visible_evidence(ctx, cut):
        if not view.evidence.retracted:
            stance_counts.setdefault(view.evidence.obligation_id, Counter())[view.evidence.stance.value] += 1
    rows = []
    for obligation in catalogue.obligations:
        if agreement is not None and obligation.agreement != agreement:
            continue
        visible = histories.get(obligation.id, [])
        current = visible[-1] if visible else None
        current_status = current.status if current else Status.NOT_ASSESSED
        deadline = _deadline(obligation, catalogue, visible, day)
        if not matches(query, obligation, status=current_status.value, overdue=deadline.overdue):
            continue
        counts = stance_counts.get(obligation.id, Counter())
        rows.append(ObligationState(
            obligation, current_status, current.effective_on if current else None,
            current.confidence if current else None, deadline,
            {s.value: counts.get(s.value, 0) for s in Stance}, to_review=obligation.id in flagged,
        ))
    return rows


def detail(
    ctx: Context, obligation_id: str, as_of: dt.date | None = None, known_on: dt.date | None = None
) -> ObligationDetail:
    catalogue = ctx.catalogue()
    obligation = ctx.obligation(obligation_id)
    agreement = ctx.agreement_for(obligation)
    cut = make_cut(as_of, known_on)
    histories = _cut_histories(ctx, cut)
    visible_history = histories.get(obligation.id, [])
    current = visible_history[-1] if visible_history else None
    marked = {v.evidence.id: v.echo_of for v in evidence_for(ctx, obligation.id)}
    sharing = catalogue.shares_evidence_with(obligation.id)
    family = _visible_evidence(ctx, cut, (obligation.id, *sharing))  # one query for both records
    views = [EvidenceView(v.evidence, v.source_title, v.source_outlet, marked.get(v.evidence.id))
             for v in family if v.evidence.obligation_id == obligation.id]
    live = [v.evidence for v in views if not v.evidence.retracted]
    by_id = {v.evidence.id: v.evidence for v in views}
    readings = [
        latest for latest in _latest_readings(cut.history(history(ctx, obligation.id, assessor=None)))
        if latest.assessor != ANALYST
    ]
    reviews = [r for r in all_reviews(ctx, obligation.id) if cut.known_by is None or r.reviewed_at <= cut.known_by]
    flags = {
        (c.assessor, c.seq): EntryFlags(
            cites_retracted=tuple(i for i in c.evidence_ids if i in by_id and by_id[i].retracted),
            cites_corrected=tuple(i for i in c.evidence_ids if i in by_id and by_id[i].corrected),
            reviews=tuple(r for r in reviews if (r.assessor, r.seq) == (c.assessor, c.seq)),
        )
        for c in [*visible_history, *readings]
    }
    conditions = tuple(
        ConditionView(condition, histories[condition.id][-1] if histories.get(condition.id) else None)
        for condition in (ctx.obligation(cid) for cid in obligation.depends_on)
    )
    return ObligationDetail(
        shared=_shared_evidence(sharing, [v for v in family if v.evidence.obligation_id != obligation.id], views),
        obligation=obligation, agreement=agreement, status=current,
        deadline=_deadline(obligation, catalogue, visible_history, _day(cut, ctx)),
        evidence=tuple(views), history=tuple(visible_history),
        metric=assess.metric_progress(obligation, live, cut.as_of),
        independent_claimants=claimants_by_obligation(live).get(obligation.id, 0),
        readings=tuple(readings), conditions=conditions,
        dependents=tuple(catalogue.dependents(obligation.id)),
        to_review=obligation.id in to_review(catalogue, histories), flags=flags, view=cut.label,
    )


def _shared_evidence(
    sharing: Sequence[str], theirs: Sequence[EvidenceView], own: Sequence[EvidenceView],
) -> tuple[EvidenceView, ...]:
    """The evidence of the obligations that are the same act in another
    agreement (`sharing`, in catalogue order), minus the spans `own` holds."""
    spans = {(v.evidence.source_id, v.evidence.position.start, v.evidence.position.end) for v in own}
    shared: list[EvidenceView] = []
    for other in sharing:
        for view in (v for v in theirs if v.evidence.obligation_id == other):
            span = (view.evidence.source_id, view.evidence.position.start, view.evidence.position.end)
            if span not in spans:
                spans.add(span)
                shared.append(view)
    return tuple(shared)


def _latest_readings(entries: Sequence[StatusChange]) -> list[StatusChange]:
    latest: dict[str, StatusChange] = {}
    for change in sorted(entries, key=lambda c: (c.effective_on, c.seq)):
        latest[change.assessor] = change
    return [latest[key] for key in sorted(latest)]


def search(ctx: Context, query: str, limit: int = 20) -> list[SearchHit]:
    words = [w for w in "".join(c if c.isalnum() else " " for c in query).split() if w]
    if not words:
        raise InvalidInput("the search is empty; give one or more words, e.g. tracker search 'prisoners'")
    if len(words) > MAX_SEARCH_WORDS or len(query) > MAX_SEARCH_CHARS:
        raise InvalidInput(
            f"the search is too long ({len(words)} words); give at most {MAX_SEARCH_WORDS} words "
            f"and {MAX_SEARCH_CHARS} characters"
        )
    if limit < 1:
        raise InvalidInput(f"--limit must be at least 1 (got {limit})")
    catalogue = ctx.catalogue()
    hits: list[SearchHit] = []
    lowered = [w.lower() for w in words]
    for obligation in catalogue.obligations:
        haystack = " ".join([obligation.id, obligation.title, obligation.summary, *obligation.keywords]).lower()
        if all(w in haystack for w in lowered):
            hits.append(SearchHit("obligation", obligation.id, obligation.title, obligation.summary[:160]))
    with ctx.store.read() as repo:
        found = repo.search_sources(words, limit)
    for rowid, title, snippet in found:
        hits.append(SearchHit("source", str(rowid), title, " ".join(snippet.split())))
    return hits


def report(
    ctx: Context, *, as_of: dt.date | None = None, known_on: dt.date | None = None, since: dt.date | None = None,
    since_by: str = "recorded", agreement: str | None = None,
) -> ReportData:
    """The status report of one agreement (or all), in the view of `as_of` / `known_on`."""
    from tracker.domain.report import build_report

    catalogue = ctx.catalogue()
    if not catalogue.agreements:
        raise InvalidInput("the catalogue is empty; run `tracker init` to load obligations.yaml")
    check_agreement(catalogue, agreement)
    if since_by not in ("recorded", "effective"):
        raise InvalidInput(f"unknown --since-by '{since_by}'; use recorded or effective")
    cut = make_cut(as_of, known_on)
    day = _day(cut, ctx)
    if since is not None and since > day:
        raise InvalidInput(f"--since {since} is after the report date {day}; give an earlier date")
    views = _visible_evidence(ctx, cut)
    by_id = {v.evidence.id: v for v in views}
    records = [v.evidence for v in views]
    live = [e for e in records if not e.retracted]
    echo_of = {v.evidence.id: v.echo_of for v in mark_echoes([by_id[e.id] for e in live]) if v.echo_of is not None}
    with ctx.store.read() as repo:
        sources = repo.report_sources({e.source_id for e in records})
        originals = {e.id: e for e in repo.all_evidence() if by_id.get(e.id) and by_id[e.id].evidence.corrected}
    histories = _cut_histories(ctx, cut)
    everyone = {key: cut.history(changes) for key, changes in all_history(ctx, assessor=None).items()}
    corrections = [c for c in all_corrections(ctx) if cut.known_by is None or c.corrected_at <= cut.known_by]
    extras = RecordExtras(
        readings={key: [c for c in changes if c.assessor != ANALYST] for key, changes in everyone.items()},
        reviews=[r for r in all_reviews(ctx) if cut.known_by is None or r.reviewed_at <= cut.known_by],
        corrections=corrections, originals=originals, to_review=to_review(catalogue, histories),
        since_basis=since_by,
    )
    return build_report(
        catalogue, histories, records, sources, as_of=day, since=since, generated_at=ctx.clock.now(),
        independent_claimants=claimants_by_obligation(live), echo_of=echo_of, agreement_id=agreement,
        extras=extras,
    )


def scorecard(
    ctx: Context, *, as_of: dt.date | None = None, known_on: dt.date | None = None, agreement: str | None = None,
) -> tuple[PartyScore, ...]:
    """What each party owes and how it stands (the report's one scorecard rule)."""
    return report(ctx, as_of=as_of, known_on=known_on, agreement=agreement).parties

