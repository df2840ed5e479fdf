"""The status report as data: built here, rendered by tracker/report/*.

`build_report` is pure: it replays the record as of a date and lays out
everything a renderer needs (per-obligation evidence grouped by stance with
echoes folded under the first quote, the status timeline, metric series for
charts, a per-party scorecard, what changed since a date, the sources and the
corrections log). Renderers only format; they compute nothing.

Fields marked "issue 13" are empty until the record holds that data
(agreement end, conditions, readings by assessor, reason codes, reviews,
evidence corrections); renderers already show them when they are filled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from tracker.domain import assess
from tracker.domain.dates import resolve_deadline
from tracker.domain.models import (
    Agreement,
    Catalogue,
    Evidence,
    EvidenceCorrection,
    Obligation,
    Stance,
    Status,
    StatusChange,
    StatusReview,
    Verdict,
    page_at,
)

STANCE_ORDER = (Stance.SUPPORTS.value, Stance.BREACH.value, Stance.CONTEXT.value)
STATUS_ORDER = tuple(s.value for s in Status)


@dataclass(frozen=True)
class SourceItem:
    """A source as the report cites it (no text)."""

    id: int
    title: str
    outlet: str | None
    author: str | None
    url: str | None
    published_on: dt.date | None
    sha256: str
    retrieved_at: dt.datetime | None = None
    evidence_ids: tuple[int, ...] = ()  # the report's evidence that quotes it
    page_starts: tuple[int, ...] = ()  # PDF sources: where each page begins in the text


@dataclass(frozen=True)
class EvidenceItem:
    id: int
    stance: str
    quote: str
    source_id: int
    source_title: str
    source_outlet: str | None
    claimant: str | None
    observed_on: dt.date | None
    value: float | None
    echo_of: int | None  # the first evidence item this one repeats
    obligation_id: str = ""
    source_url: str | None = None
    source_published_on: dt.date | None = None
    page: int | None = None  # page of a PDF source (when sources record pages)
    note: str | None = None
    author: str = ""
    created_at: dt.datetime | None = None
    retracted: bool = False
    retracted_at: dt.datetime | None = None
    retraction_reason: str | None = None
    corrected: bool = False  # issue 13: a later version of this item exists


@dataclass(frozen=True)
class EvidenceGroup:
    """One quote and the items that repeat it elsewhere (folded under it)."""

    lead: EvidenceItem
    echoes: tuple[EvidenceItem, ...] = ()


@dataclass(frozen=True)
class StanceGroup:
    stance: str
    groups: tuple[EvidenceGroup, ...]

    @property
    def count(self) -> int:
        return sum(1 + len(g.echoes) for g in self.groups)


@dataclass(frozen=True)
class HistoryItem:
    seq: int
    status: str
    confidence: str
    effective_on: dt.date
    recorded_at: dt.datetime
    rationale: str
    evidence_ids: tuple[int, ...]
    author: str
    hash: str
    cites_retracted: tuple[int, ...] = ()  # cited evidence retracted by the report date
    cites_corrected: tuple[int, ...] = ()  # issue 13
    reason_code: str | None = None  # issue 13
    assessor: str = "analyst"  # issue 13
    reviewed: bool | None = None  # issue 13: None where reviews are not recorded


@dataclass(frozen=True)
class TimelineSegment:
    """A stretch of the agreement's life spent in one status; `end` is exclusive."""

    status: str
    start: dt.date
    end: dt.date
    seq: int | None = None  # the entry that opened it (None: before any entry)

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class Timeline:
    start: dt.date  # signing
    end: dt.date  # exclusive: the day after the report date (or the agreement's end)
    segments: tuple[TimelineSegment, ...]
    deadline: dt.date | None = None


@dataclass(frozen=True)
class MetricItem:
    name: str
    unit: str
    baseline: float
    baseline_on: dt.date
    target: float
    latest: float | None
    latest_on: dt.date | None
    fraction: float | None
    reached: bool
    observations: tuple[tuple[dt.date, float, int], ...]


@dataclass(frozen=True)
class MetricPoint:
    on: dt.date
    value: float
    evidence_id: int | None  # None for the catalogue's baseline
    obligation_id: str
    claimant: str | None = None
    source_id: int | None = None
    source_url: str | None = None


@dataclass(frozen=True)
class MetricTarget:
    obligation_id: str
    title: str
    target: float
    deadline: dt.date | None
    direction: str
    reached: bool


@dataclass(frozen=True)
class MetricChart:
    """Every observed value of one measure over time, with its targets and deadlines."""

    name: str
    unit: str
    baseline: float
    baseline_on: dt.date
    points: tuple[MetricPoint, ...]  # baseline first, then observations by date
    targets: tuple[MetricTarget, ...]
    as_of: dt.date


@dataclass(frozen=True)
class ConditionState:
    """issue 13: an obligation this one depends on, and its state as of the report date."""

    obligation_id: str
    title: str
    status: str
    satisfied: bool | None = None


@dataclass(frozen=True)
class Reading:
    """issue 13: one assessor's status of an obligation."""

    assessor: str
    assessor_name: str
    status: str
    confidence: str | None
    effective_on: dt.date | None
    rationale: str | None
    evidence_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReportItem:
    id: str
    clause: str
    title: str
    obligor: tuple[str, ...]
    status: str
    confidence: str | None
    since: dt.date | None
    rationale: str | None
    deadline: dt.date | None
    deadline_text: str
    deadline_label: str
    overdue: bool
    days_left: int | None
    metric: MetricItem | None
    evidence: tuple[EvidenceItem, ...]  # standing evidence (not retracted as of the report date)
    strongest_for: EvidenceItem | None
    strongest_against: EvidenceItem | None
    independent_claimants: int
    history: tuple[HistoryItem, ...]
    changes_since: tuple[HistoryItem, ...]
    new_evidence_since: int
    part: str = ""
    agreement_id: str = ""
    obligor_ids: tuple[str, ...] = ()
    beneficiary: tuple[str, ...] = ()
    summary: str = ""
    clause_text: str | None = None
    stances: tuple[StanceGroup, ...] = ()
    retracted_evidence: tuple[EvidenceItem, ...] = ()
    timeline: Timeline | None = None
    met_on: dt.date | None = None  # first day of the current run of "met"
    days_late: int | None = None  # met after the deadline, or overdue: days past it
    timing: str = "none"  # on-time | late | overdue | due | none
    timing_label: str = ""
    # issue 13
    lapsed: bool = False
    to_review: bool = False
    conditions: tuple[ConditionState, ...] = ()
    readings: tuple[Reading, ...] = ()
    reason_code: str | None = None
    unreviewed: bool = False
    # Standing evidence of the same act in another agreement (see
    # `Catalogue.shares_evidence_with`), minus quotes this item holds too.
    shared_evidence: tuple[EvidenceItem, ...] = ()

    @property
    def shared_summary(self) -> str:
        """"3 items under us-drawdown-8600", or "" when nothing is shared."""
        if not self.shared_evidence:
            return ""
        others = ", ".join(dict.fromkeys(i.obligation_id for i in self.shared_evidence))
        count = len(self.shared_evidence)
        return f"{count} item{'s' if count != 1 else ''} under {others}, the same act in another agreement"

    @property
    def stance_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STANCE_ORDER, 0)
        for item in self.evidence:
            counts[item.stance] = counts.get(item.stance, 0) + 1
        return counts


@dataclass(frozen=True)
class PartSection:
    name: str
    items: tuple[ReportItem, ...]
    agreement_id: str = ""


@dataclass(frozen=True)
class PartyScore:
    """What one party owes and how it stands, counted over its obligations."""

    party_id: str
    name: str
    obligations: int
    by_status: dict[str, int]
    overdue: int
    met_on_time: int
    met_late: int
    lapsed: int = 0  # issue 13
    reason_codes: dict[str, int] = field(default_factory=dict)  # issue 13


@dataclass(frozen=True)
class StatusNews:
    obligation_id: str
    title: str
    entry: HistoryItem
    previous: str  # the status before this entry


@dataclass(frozen=True)
class WhatsNew:
    since: dt.date
    basis: str  # "recorded": what entered the record after `since` (issue 13 may add "effective")
    new_evidence: tuple[EvidenceItem, ...]
    status_changes: tuple[StatusNews, ...]
    retractions: tuple[EvidenceItem, ...]
    corrections: tuple[CorrectionEntry, ...] = ()  # issue 13

    @property
    def empty(self) -> bool:
        return not (self.new_evidence or self.status_changes or self.retractions or self.corrections)


@dataclass(frozen=True)
class CorrectionEntry:
    kind: str  # retraction | correction (issue 13)
    at: dt.datetime
    by: str
    reason: str
    evidence_id: int
    obligation_id: str
    obligation_title: str
    quote: str
    claimant: str | None
    source_id: int
    changed: tuple[tuple[str, str, str], ...] = ()  # (field, before, after) for corrections


@dataclass(frozen=True)
class ReportData:
    agreement_id: str
    agreement_title: str
    signed_on: dt.date
    as_of: dt.date
    since: dt.date | None
    generated_at: dt.datetime
    parts: tuple[PartSection, ...]
    status_counts: dict[str, int] = field(default_factory=dict)
    overdue_count: int = 0
    parties: tuple[PartyScore, ...] = ()
    whats_new: WhatsNew | None = None
    sources: tuple[SourceItem, ...] = ()
    charts: tuple[MetricChart, ...] = ()
    corrections: tuple[CorrectionEntry, ...] = ()
    ended_on: dt.date | None = None  # issue 13
    end_reason: str | None = None  # issue 13

    @property
    def items(self) -> list[ReportItem]:
        return [item for part in self.parts for item in part.items]


# ---------------------------------------------------------------------------
# small pure pieces, each testable alone


def _strength(item: EvidenceItem) -> tuple[int, int, int, dt.date]:
    """Rank evidence: an original (not an echo), with a named claimant, with a
    number, most recently observed."""
    return (
        item.echo_of is None,
        item.claimant is not None,
        item.value is not None,
        item.observed_on or dt.date.min,
    )


def _history_item(change: StatusChange, retracted: set[int]) -> HistoryItem:
    return HistoryItem(
        change.seq, change.status.value, change.confidence.value, change.effective_on,
        change.recorded_at, change.rationale, change.evidence_ids, change.author, change.hash,
        cites_retracted=tuple(i for i in change.evidence_ids if i in retracted),
    )


def evidence_item(
    record: Evidence, source: SourceItem | None, *, echo_of: int | None = None, retracted: bool | None = None
) -> EvidenceItem:
    """The report's view of one evidence record."""
    is_retracted = record.retracted if retracted is None else retracted
    return EvidenceItem(
        id=record.id, stance=record.stance.value, quote=record.quote.exact, source_id=record.source_id,
        source_title=source.title if source else f"source {record.source_id}",
        source_outlet=source.outlet if source else None, claimant=record.claimant,
        observed_on=record.observed_on, value=record.value, echo_of=echo_of,
        obligation_id=record.obligation_id, source_url=source.url if source else None,
        source_published_on=source.published_on if source else None, note=record.note,
        page=page_at(source.page_starts, record.position.start) if source else None,
        author=record.author, created_at=record.created_at, retracted=is_retracted,
        retracted_at=record.retracted_at if is_retracted else None,
        retraction_reason=record.retraction_reason if is_retracted else None,
    )


def stance_groups(items: Sequence[EvidenceItem]) -> tuple[StanceGroup, ...]:
    """Evidence by stance (for, against, context); within a stance, each quote
    with the items that repeat it folded under it, oldest observation first."""
    result: list[StanceGroup] = []
    for stance in STANCE_ORDER:
        members = [i for i in items if i.stance == stance]
        if not members:
            continue
        present = {i.id for i in members}
        by_lead: dict[int, list[EvidenceItem]] = {}
        for item in sorted(members, key=lambda i: i.id):
            lead = item.echo_of if item.echo_of in present else item.id
            by_lead.setdefault(lead, []).append(item)
        groups = [EvidenceGroup(group[0], tuple(group[1:])) for group in by_lead.values()]
        groups.sort(key=lambda g: (g.lead.observed_on or dt.date.max, g.lead.id))
        result.append(StanceGroup(stance, tuple(groups)))
    return tuple(result)


def status_timeline(
    changes: Sequence[StatusChange], start: dt.date, until: dt.date, deadline: dt.date | None = None
) -> Timeline:
    """The statuses an obligation went through from `start` to `until` (inclusive).

    Entries on the same day: the last recorded one holds that day. Adjacent
    stretches of the same status are merged."""
    end = until + dt.timedelta(days=1)
    day_status: dict[dt.date, tuple[str, int]] = {}
    for change in sorted(changes, key=lambda c: (c.effective_on, c.seq)):
        if change.effective_on < end:
            day_status[max(change.effective_on, start)] = (change.status.value, change.seq)
    segments: list[TimelineSegment] = []
    current, cur_start, cur_seq = Status.NOT_ASSESSED.value, start, None
    for day in sorted(day_status):
        status, seq = day_status[day]
        if status == current:
            continue
        if day > cur_start:
            segments.append(TimelineSegment(current, cur_start, day, cur_seq))
        current, cur_start, cur_seq = status, day, seq
    if end > cur_start:
        segments.append(TimelineSegment(current, cur_start, end, cur_seq))
    return Timeline(start, end, tuple(segments), deadline)


met_since = assess.met_since


def timing(
    status: str, deadline: assess.DeadlineState, met_on: dt.date | None
) -> tuple[str, str, int | None]:
    """(code, label, days late) for the summary's on-time / late / overdue column."""
    due = deadline.due_on
    if deadline.lapsed:
        return "lapsed", deadline.label, (-deadline.days_left if deadline.days_left and deadline.days_left < 0 else None)
    if status == Status.MET.value and met_on is not None and due is not None:
        late = (met_on - due).days
        if late <= 0:
            return "on-time", "met on time", None
        return "late", f"met {late} day{'s' if late != 1 else ''} late", late
    if deadline.overdue and deadline.days_left is not None:
        return "overdue", deadline.label, -deadline.days_left
    if due is not None and deadline.days_left is not None and deadline.days_left >= 0 and status not in ("met", "superseded"):
        return "due", deadline.label, None
    return "none", deadline.label, None


@dataclass
class _Tally:
    obligations: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    on_time: int = 0
    late: int = 0
    lapsed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


def scorecard(
    items: Iterable[ReportItem], party_names: Mapping[str, str], party_order: Sequence[str]
) -> tuple[PartyScore, ...]:
    """Per obligor: obligations by status, overdue, met on time and met late.

    An obligation owed by two parties counts for each of them."""
    tallies: dict[str, _Tally] = {}
    for item in items:
        for party in item.obligor_ids:
            tally = tallies.setdefault(party, _Tally())
            tally.obligations += 1
            tally.by_status[item.status] = tally.by_status.get(item.status, 0) + 1
            tally.overdue += item.overdue
            tally.on_time += item.timing == "on-time"
            tally.late += item.timing == "late"
            tally.lapsed += item.lapsed
            if item.reason_code:
                tally.reasons[item.reason_code] = tally.reasons.get(item.reason_code, 0) + 1
    order = {p: i for i, p in enumerate(party_order)}
    return tuple(
        PartyScore(
            party_id=party, name=party_names.get(party, party), obligations=t.obligations,
            by_status={s: t.by_status[s] for s in STATUS_ORDER if s in t.by_status},
            overdue=t.overdue, met_on_time=t.on_time, met_late=t.late, lapsed=t.lapsed,
            reason_codes=dict(t.reasons),
        )
        for party, t in sorted(tallies.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    )


def metric_charts(
    obligations: Sequence[Obligation], evidence: Sequence[EvidenceItem], signed_on: dt.date,
    as_of: dt.date, reached: Mapping[str, bool],
) -> tuple[MetricChart, ...]:
    """One chart per measure (name and unit): the baseline and every observed
    value up to the report date, with each obligation's target and deadline.
    Troop levels come first."""
    by_measure: dict[tuple[str, str], list[Obligation]] = {}
    for obligation in obligations:
        if obligation.metric is not None:
            key = (obligation.metric.name, obligation.metric.unit)
            by_measure.setdefault(key, []).append(obligation)
    charts: list[MetricChart] = []
    for (name, unit), members in by_measure.items():
        first = members[0].metric
        assert first is not None
        ids = {o.id for o in members}
        points = [MetricPoint(first.baseline_on, first.baseline, None, members[0].id)]
        seen: set[int] = set()
        for item in sorted(evidence, key=lambda i: ((i.observed_on or _day(i.created_at)), i.id)):
            on = item.observed_on or _day(item.created_at)
            if item.obligation_id in ids and item.value is not None and not item.retracted and on <= as_of \
                    and item.id not in seen:
                seen.add(item.id)
                points.append(MetricPoint(on, item.value, item.id, item.obligation_id, item.claimant,
                                          item.source_id, item.source_url))
        targets = []
        for o in members:
            assert o.metric is not None
            targets.append(MetricTarget(
                o.id, o.title, o.metric.target, resolve_deadline(o.deadline, signed_on), o.metric.direction.value,
                reached.get(o.id, False),
            ))
        charts.append(MetricChart(name, unit, first.baseline, first.baseline_on, tuple(points), tuple(targets), as_of))
    charts.sort(key=lambda c: 0 if "troop" in f"{c.name} {c.unit}".lower() else 1)
    return tuple(charts)


def _day(stamp: dt.datetime | None) -> dt.date:
    return stamp.date() if stamp is not None else dt.date.min


def _previous_status(history: Sequence[HistoryItem], entry: HistoryItem) -> str:
    earlier = [h for h in history if (h.effective_on, h.seq) < (entry.effective_on, entry.seq)]
    return earlier[-1].status if earlier else Status.NOT_ASSESSED.value


# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordExtras:
    """What issue 13 adds to a report, each already cut to the report's view:
    other assessors' entries, reviews, evidence corrections, and which
    obligations are flagged "to review"."""

    readings: Mapping[str, Sequence[StatusChange]] = field(default_factory=dict)
    reviews: Sequence[StatusReview] = ()
    corrections: Sequence[EvidenceCorrection] = ()
    originals: Mapping[int, Evidence] = field(default_factory=dict)  # corrected items as first recorded
    to_review: frozenset[str] = frozenset()
    since_basis: str = "recorded"  # or "effective"


def _reviewed(change: StatusChange, reviews: Sequence[StatusReview]) -> bool | None:
    """True when the latest review of the entry approves it, False when it objects, None when unreviewed."""
    mine = [r for r in reviews if (r.obligation_id, r.assessor, r.seq) == (change.obligation_id, change.assessor, change.seq)]
    if not mine:
        return None
    return max(mine, key=lambda r: r.id).verdict == Verdict.APPROVE


def _condition_state(obligation_id: str, title: str, status: str) -> ConditionState:
    satisfied = True if status == Status.MET.value else False if status in ("breached", "lapsed") else None
    return ConditionState(obligation_id, title, status, satisfied)


def build_report(
    catalogue: Catalogue,
    history: Mapping[str, Sequence[StatusChange]],
    evidence_records: Sequence[Evidence],
    sources: Sequence[SourceItem],
    *,
    as_of: dt.date,
    since: dt.date | None,
    generated_at: dt.datetime,
    independent_claimants: Mapping[str, int],
    echo_of: Mapping[int, int] | None = None,
    agreement_id: str | None = None,
    extras: RecordExtras | None = None,
) -> ReportData:
    """Lay out the record, already cut to the report's view, by agreement and part.

    `history` holds each obligation's analyst entries in the view; `evidence_records`
    the evidence in the view, corrected, with retracted items marked. `echo_of` maps an
    evidence id to the first item it repeats. With no `agreement_id`, every agreement
    of the catalogue is covered, one after the other."""
    extras = extras or RecordExtras()
    agreements = [a for a in catalogue.agreements if agreement_id is None or a.id == agreement_id]
    assert agreements, "the service checks the agreement id"
    several = len(agreements) > 1
    echo_of = echo_of or {}
    source_by_id = {s.id: s for s in sources}
    retracted_ids = {e.id for e in evidence_records if e.retracted_at is not None}
    corrected_ids = {e.id for e in evidence_records if e.corrected}
    all_items = [
        replace(evidence_item(e, source_by_id.get(e.source_id), echo_of=echo_of.get(e.id),
                              retracted=e.id in retracted_ids), corrected=e.corrected)
        for e in evidence_records
    ]
    records = {e.id: e for e in evidence_records}
    party_names = {p.id: p.name for p in catalogue.parties}
    titles = {o.id: o.title for o in catalogue.obligations}
    live_by_obligation: dict[str, list[EvidenceItem]] = {}
    retracted_by_obligation: dict[str, list[EvidenceItem]] = {}
    for item in all_items:
        target = retracted_by_obligation if item.retracted else live_by_obligation
        target.setdefault(item.obligation_id, []).append(item)
    def status_of(obligation_id: str) -> str:
        entries = sorted(history.get(obligation_id, []), key=lambda c: (c.effective_on, c.seq))
        return entries[-1].status.value if entries else Status.NOT_ASSESSED.value

    parts: list[PartSection] = []
    counts: dict[str, int] = {}
    overdue_count = 0
    reached: dict[str, bool] = {}
    status_news: list[StatusNews] = []
    obligations: list[Obligation] = []
    for agreement in agreements:
        members = [o for o in catalogue.obligations if o.agreement == agreement.id]
        obligations.extend(members)
        order = list(agreement.parts) or sorted({o.part for o in members})
        order += sorted({o.part for o in members} - set(order))
        for part in order:
            items: list[ReportItem] = []
            for obligation in members:
                if obligation.part != part:
                    continue
                report_item, news = _report_item(
                    obligation, agreement, history.get(obligation.id, []), live_by_obligation, retracted_by_obligation,
                    records, retracted_ids, corrected_ids, party_names, catalogue, extras, status_of,
                    as_of=as_of, since=since, independent_claimants=independent_claimants,
                )
                status_news.extend(news)
                if report_item.metric is not None:
                    reached[obligation.id] = report_item.metric.reached
                counts[report_item.status] = counts.get(report_item.status, 0) + 1
                overdue_count += report_item.overdue
                items.append(report_item)
            if items:
                name = f"{agreement.short_title or agreement.title}: {part}" if several else part
                parts.append(PartSection(name, tuple(items), agreement.id))

    report_items = [item for part in parts for item in part.items]
    in_report = {item.id for item in report_items}
    quoted_from: dict[int, list[int]] = {}
    for i in all_items:
        if i.obligation_id in in_report:
            quoted_from.setdefault(i.source_id, []).append(i.id)
    sources_out = tuple(
        SourceItem(
            s.id, s.title, s.outlet, s.author, s.url, s.published_on, s.sha256, s.retrieved_at,
            tuple(sorted(quoted_from[s.id])), s.page_starts,
        )
        for s in sorted(sources, key=lambda s: s.id) if s.id in quoted_from
    )
    corrections = _corrections_log(all_items, records, extras, titles, in_report)
    whats_new = None
    if since is not None:
        def after(stamp: dt.datetime | None, observed: dt.date | None = None) -> bool:
            if extras.since_basis == "effective" and observed is not None:
                return observed > since
            return stamp is not None and stamp.date() > since

        whats_new = WhatsNew(
            since=since, basis=extras.since_basis,
            new_evidence=tuple(
                i for i in all_items if i.obligation_id in in_report and after(i.created_at, i.observed_on)
            ),
            status_changes=tuple(sorted(status_news, key=lambda n: (n.entry.recorded_at, n.obligation_id))),
            retractions=tuple(
                i for i in all_items if i.retracted and i.obligation_id in in_report and after(i.retracted_at)
            ),
            corrections=tuple(c for c in corrections if c.kind == "correction" and c.at.date() > since),
        )
    party_order = [p.id for p in catalogue.parties]
    first = agreements[0]
    return ReportData(
        agreement_id=first.id if not several else "all",
        agreement_title=first.title if not several else " and ".join(a.short_title or a.title for a in agreements),
        signed_on=min(a.signed_on for a in agreements),
        as_of=as_of, since=since, generated_at=generated_at, parts=tuple(parts),
        status_counts=counts, overdue_count=overdue_count,
        parties=scorecard(report_items, party_names, party_order),
        whats_new=whats_new, sources=sources_out,
        charts=metric_charts(obligations, [i for i in all_items if i.obligation_id in in_report],
                             first.signed_on, as_of, reached),
        corrections=corrections,
        ended_on=first.ended_on if not several else None,
        end_reason=first.end_reason if not several else None,
    )


def _report_item(
    obligation: Obligation, agreement: Agreement, visible: Sequence[StatusChange],
    live_by_obligation: Mapping[str, list[EvidenceItem]], retracted_by_obligation: Mapping[str, list[EvidenceItem]],
    records: Mapping[int, Evidence], retracted_ids: set[int], corrected_ids: set[int],
    party_names: Mapping[str, str], catalogue: Catalogue, extras: RecordExtras, status_of: Any, *,
    as_of: dt.date, since: dt.date | None, independent_claimants: Mapping[str, int],
) -> tuple[ReportItem, list[StatusNews]]:
    changes = sorted(visible, key=lambda c: (c.effective_on, c.seq))
    current = changes[-1] if changes else None
    status = current.status if current else Status.NOT_ASSESSED
    met_on = met_since(changes) if status == Status.MET else None
    deadline = assess.deadline_state(
        obligation, agreement.signed_on, status, as_of, met_on=met_on, ended_on=agreement.ended_on,
    )
    linked = list(live_by_obligation.get(obligation.id, []))
    own_quotes = {(i.source_id, i.quote) for i in linked}
    shared = []
    for other in catalogue.shares_evidence_with(obligation.id):
        for shared_item in live_by_obligation.get(other, []):
            if (shared_item.source_id, shared_item.quote) not in own_quotes:
                own_quotes.add((shared_item.source_id, shared_item.quote))
                shared.append(shared_item)
    progress = assess.metric_progress(obligation, [records[i.id] for i in linked], as_of)
    metric = None
    if progress is not None:
        metric = MetricItem(
            progress.metric.name, progress.metric.unit, progress.metric.baseline,
            progress.metric.baseline_on, progress.metric.target,
            progress.latest.value if progress.latest else None,
            progress.latest.on if progress.latest else None, progress.fraction, progress.reached,
            tuple((o.on, o.value, o.evidence_id) for o in progress.observations),
        )
    supporting = [i for i in linked if i.stance == Stance.SUPPORTS.value]
    against = [i for i in linked if i.stance == Stance.BREACH.value]
    history_items = tuple(
        replace(_history_item(c, retracted_ids), cites_corrected=tuple(i for i in c.evidence_ids if i in corrected_ids),
                reason_code=c.reason_code, reviewed=_reviewed(c, extras.reviews))
        for c in changes
    )
    since_items: tuple[HistoryItem, ...] = ()
    new_evidence = 0
    news: list[StatusNews] = []
    if since is not None:
        since_items = tuple(h for h in history_items if h.effective_on > since or h.recorded_at.date() > since)
        new_evidence = sum(1 for i in linked if _day(i.created_at) > since)
        news = [
            StatusNews(obligation.id, obligation.title, h, _previous_status(history_items, h))
            for h in history_items
            if (h.effective_on if extras.since_basis == "effective" else h.recorded_at.date()) > since
        ]
    timing_code, timing_label, days_late = timing(status.value, deadline, met_on)
    readings = tuple(
        Reading(
            assessor, catalogue.assessor_name(assessor), latest.status.value, latest.confidence.value,
            latest.effective_on, latest.rationale, latest.evidence_ids,
        )
        for assessor, latest in _latest_by_assessor(extras.readings.get(obligation.id, ()))
    )
    conditions = tuple(
        _condition_state(cid, getattr(catalogue.obligation(cid), "title", cid), status_of(cid))
        for cid in obligation.depends_on
    )
    item = ReportItem(
        id=obligation.id, clause=obligation.clause, title=obligation.title,
        obligor=tuple(party_names.get(p, p) for p in obligation.obligor), status=status.value,
        confidence=current.confidence.value if current else None,
        since=current.effective_on if current else None,
        rationale=current.rationale if current else None, deadline=deadline.due_on,
        deadline_text=obligation.deadline.text, deadline_label=deadline.label,
        overdue=deadline.overdue, days_left=deadline.days_left, metric=metric,
        evidence=tuple(linked),
        strongest_for=max(supporting, key=_strength) if supporting else None,
        strongest_against=max(against, key=_strength) if against else None,
        independent_claimants=independent_claimants.get(obligation.id, 0),
        history=history_items, changes_since=since_items, new_evidence_since=new_evidence,
        part=obligation.part, agreement_id=agreement.id, obligor_ids=obligation.obligor,
        beneficiary=tuple(party_names.get(p, p) for p in obligation.beneficiary),
        summary=obligation.summary, clause_text=obligation.clause_text,
        stances=stance_groups(linked),
        retracted_evidence=tuple(retracted_by_obligation.get(obligation.id, [])),
        timeline=status_timeline(changes, agreement.signed_on, min(as_of, agreement.ended_on or as_of), deadline.due_on),
        met_on=met_on, days_late=days_late if days_late is not None else deadline.days_late,
        timing=timing_code, timing_label=timing_label,
        lapsed=deadline.lapsed, to_review=obligation.id in extras.to_review, conditions=conditions,
        shared_evidence=tuple(shared),
        readings=readings, reason_code=current.reason_code if current else None,
        unreviewed=current is not None and _reviewed(current, extras.reviews) is None,
    )
    return item, news


def _latest_by_assessor(entries: Sequence[StatusChange]) -> list[tuple[str, StatusChange]]:
    latest: dict[str, StatusChange] = {}
    for change in sorted(entries, key=lambda c: (c.effective_on, c.seq)):
        latest[change.assessor] = change
    return sorted(latest.items())


def _corrections_log(
    all_items: Sequence[EvidenceItem], records: Mapping[int, Evidence], extras: RecordExtras,
    titles: Mapping[str, str], in_report: set[str],
) -> tuple[CorrectionEntry, ...]:
    """Every retraction and correction of the report's evidence, oldest first, with its reason."""
    from tracker.domain.versions import changed_fields

    by_id = {i.id: i for i in all_items}
    entries = [
        CorrectionEntry(
            "retraction", records[i.id].retracted_at or dt.datetime.min, records[i.id].retracted_by or "",
            i.retraction_reason or "", i.id, i.obligation_id, titles.get(i.obligation_id, i.obligation_id),
            i.quote, i.claimant, i.source_id,
        )
        for i in all_items if i.retracted and i.obligation_id in in_report
    ]
    previous: dict[int, Evidence | EvidenceCorrection] = {}
    for correction in sorted(extras.corrections, key=lambda c: c.id):
        item = by_id.get(correction.evidence_id)
        record = records.get(correction.evidence_id)
        if item is None or record is None or item.obligation_id not in in_report:
            continue
        before = previous.get(correction.evidence_id, extras.originals.get(correction.evidence_id, record))
        entries.append(CorrectionEntry(
            "correction", correction.corrected_at, correction.author, correction.reason, item.id,
            item.obligation_id, titles.get(item.obligation_id, item.obligation_id), item.quote, item.claimant,
            item.source_id, changed_fields(before, correction),
        ))
        previous[correction.evidence_id] = correction
    return tuple(sorted(entries, key=lambda c: (c.at, c.evidence_id)))
