"""Use case: read the record as of a date: obligation rows, one obligation's
detail, search, and the status report.

"As of D" is decided in one place (`_cut`): the record as it stood at the end
of day D. Every reading goes through it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from tracker.domain import assess
from tracker.domain.evidence_groups import claimants_by_obligation
from tracker.domain.filters import ObligationQuery, Side, matches
from tracker.domain.models import Evidence, Stance, Status, StatusChange
from tracker.domain.records import EvidenceView, SearchHit
from tracker.domain.report import ReportData
from tracker.errors import InvalidInput, NotFound
from tracker.service.context import Context
from tracker.service.evidence import evidence_for, mark_echoes
from tracker.service.models import ObligationDetail, ObligationState
from tracker.service.parsing import parse_status, unknown_message
from tracker.service.status import all_history, history

MAX_SEARCH_WORDS = 32
MAX_SEARCH_CHARS = 500


@dataclass(frozen=True)
class Cut:
    """Which part of the record a reading shows: changes in force by `as_of`,
    as recorded by the end of `known_on` (None: everything, as it is now)."""

    as_of: dt.date | None
    known_on: dt.date | None

    @property
    def known_by(self) -> dt.datetime | None:
        return assess.end_of_day(self.known_on) if self.known_on is not None else None

    def history(self, changes: list[StatusChange]) -> list[StatusChange]:
        return [
            c for c in assess.changes_as_of(changes, None)
            if (self.as_of is None or c.effective_on <= self.as_of)
            and (self.known_by is None or c.recorded_at <= self.known_by)
        ]

    def evidence(self, items: list[Evidence]) -> list[Evidence]:
        """Evidence as recorded then (retracted items kept, marked as they were)."""
        return assess.evidence_as_recorded(items, self.known_on)


def _cut(as_of: dt.date | None) -> Cut:
    # Today's rule: a past view shows what was both in force and recorded by then.
    return Cut(as_of=as_of, known_on=as_of)


def obligation_rows(
    ctx: Context, *, as_of: dt.date | None = None, status: str | None = None, party: str | None = None,
    theme: str | None = None, overdue: bool = False, side: str = "obligor",
) -> list[ObligationState]:
    """Every obligation with its state as of a date, in three queries.

    `party` keeps what that party owes; with side="beneficiary", what it is owed."""
    catalogue = ctx.catalogue()
    cut = _cut(as_of)
    day = as_of or ctx.clock.today()
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
    query = ObligationQuery(status=status, party=party, side=side_value, theme=theme, overdue=overdue)
    histories = all_history(ctx)
    with ctx.store.read() as repo:
        stance_counts = repo.stance_counts(cut.known_by)
    rows = []
    for obligation in catalogue.obligations:
        visible = cut.history(histories.get(obligation.id, []))
        current = visible[-1] if visible else None
        current_status = current.status if current else Status.NOT_ASSESSED
        agreement = catalogue.agreement(obligation.agreement)
        assert agreement is not None
        deadline = assess.deadline_state(obligation, agreement.signed_on, current_status, day)
        if not matches(query, obligation, status=current_status.value, overdue=deadline.overdue):
            continue
        counts = stance_counts.get(obligation.id, Counter())
        rows.append(ObligationState(
            obligation, current_status, current.effective_on if current else None,
            current.confidence if current else None, deadline,
            {s.value: counts.get(s.value, 0) for s in Stance},
        ))
    return rows


def detail(ctx: Context, obligation_id: str, as_of: dt.date | None = None) -> ObligationDetail:
    obligation = ctx.obligation(obligation_id)
    agreement = ctx.agreement_for(obligation)
    cut = _cut(as_of)
    visible_history = cut.history(history(ctx, obligation.id))
    current = visible_history[-1] if visible_history else None
    views = evidence_for(ctx, obligation.id)
    shown = {e.id: e for e in cut.evidence([v.evidence for v in views])}
    views = [EvidenceView(shown[v.evidence.id], v.source_title, v.source_outlet, v.echo_of)
             for v in views if v.evidence.id in shown]
    live = [v.evidence for v in views if not v.evidence.retracted]
    deadline = assess.deadline_state(
        obligation, agreement.signed_on, current.status if current else Status.NOT_ASSESSED,
        as_of or ctx.clock.today(),
    )
    return ObligationDetail(
        obligation=obligation, agreement=agreement, status=current, deadline=deadline,
        evidence=tuple(views), history=tuple(visible_history),
        metric=assess.metric_progress(obligation, live, as_of),
        independent_claimants=claimants_by_obligation(live).get(obligation.id, 0),
    )


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


def report(ctx: Context, *, as_of: dt.date | None = None, since: dt.date | None = None) -> ReportData:
    """The status report, replayed as the record stood at the end of `as_of`."""
    from tracker.domain.report import build_report

    day = as_of or ctx.clock.today()
    if since is not None and since > day:
        raise InvalidInput(f"--since {since} is after the report date {day}; give an earlier date")
    catalogue = ctx.catalogue()
    if not catalogue.agreements:
        raise InvalidInput("the catalogue is empty; run `tracker init` to load obligations.yaml")
    cut = _cut(day)
    views = evidence_for(ctx, mark=False)
    by_id = {v.evidence.id: v for v in views}
    # Evidence that existed by then, retracted items kept (a retraction made later is not known yet).
    records = cut.evidence([v.evidence for v in views])
    live = [e for e in records if not e.retracted]
    echo_of = {v.evidence.id: v.echo_of for v in mark_echoes([by_id[e.id] for e in live]) if v.echo_of is not None}
    with ctx.store.read() as repo:
        sources = repo.report_sources({e.source_id for e in records})
    histories = {key: cut.history(changes) for key, changes in all_history(ctx).items()}
    return build_report(
        catalogue, histories, records, sources, as_of=day, since=since, generated_at=ctx.clock.now(),
        independent_claimants=claimants_by_obligation(live), echo_of=echo_of,
    )
