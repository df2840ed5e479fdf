"""The status report as data: built here, rendered by tracker/report/*."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tracker.domain import assess
from tracker.domain.models import Catalogue, Evidence, Stance, Status, StatusChange


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
    echo_of: int | None


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
    evidence: tuple[EvidenceItem, ...]
    strongest_for: EvidenceItem | None
    strongest_against: EvidenceItem | None
    independent_claimants: int
    history: tuple[HistoryItem, ...]
    changes_since: tuple[HistoryItem, ...]
    new_evidence_since: int


@dataclass(frozen=True)
class PartSection:
    name: str
    items: tuple[ReportItem, ...]


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

    @property
    def items(self) -> list[ReportItem]:
        return [item for part in self.parts for item in part.items]


def _strength(item: EvidenceItem) -> tuple[int, int, int, dt.date]:
    """Rank evidence: an original (not an echo), with a named claimant, with a
    number, most recently observed."""
    return (
        item.echo_of is None,
        item.claimant is not None,
        item.value is not None,
        item.observed_on or dt.date.min,
    )


def _history_item(change: StatusChange) -> HistoryItem:
    return HistoryItem(
        change.seq, change.status.value, change.confidence.value, change.effective_on,
        change.recorded_at, change.rationale, change.evidence_ids, change.author, change.hash,
    )


def build_report(
    catalogue: Catalogue,
    history: Mapping[str, Sequence[StatusChange]],
    evidence: Sequence[EvidenceItem],
    evidence_records: Sequence[Evidence],
    *,
    as_of: dt.date,
    since: dt.date | None,
    generated_at: dt.datetime,
    independent_claimants: Mapping[str, int],
    agreement_id: str | None = None,
) -> ReportData:
    """Replay the record as of `as_of` and lay it out by agreement part."""
    agreement = catalogue.agreement(agreement_id) if agreement_id else catalogue.agreements[0]
    assert agreement is not None
    visible = {e.id for e in assess.evidence_as_of(evidence_records, as_of)}
    created = {e.id: e.created_at for e in evidence_records}
    records = {e.id: e for e in evidence_records}
    party_names = {p.id: p.name for p in catalogue.parties}
    by_obligation: dict[str, list[EvidenceItem]] = {}
    for item in evidence:
        if item.id in visible:
            by_obligation.setdefault(records[item.id].obligation_id, []).append(item)

    parts: list[PartSection] = []
    counts: dict[str, int] = {}
    overdue_count = 0
    order = list(agreement.parts) or sorted({o.part for o in catalogue.obligations})
    for part in order:
        items: list[ReportItem] = []
        for obligation in catalogue.obligations:
            if obligation.agreement != agreement.id or obligation.part != part:
                continue
            changes = assess.changes_as_of(history.get(obligation.id, []), as_of)
            current = changes[-1] if changes else None
            status = current.status if current else Status.NOT_ASSESSED
            deadline = assess.deadline_state(obligation, agreement.signed_on, status, as_of)
            linked = by_obligation.get(obligation.id, [])
            progress = assess.metric_progress(
                obligation, [records[i.id] for i in linked], as_of
            )
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
            history_items = tuple(_history_item(c) for c in changes)
            since_items: tuple[HistoryItem, ...] = ()
            new_evidence = 0
            if since is not None:
                since_items = tuple(h for h in history_items if h.effective_on > since or h.recorded_at.date() > since)
                new_evidence = sum(1 for i in linked if created[i.id].date() > since)
            counts[status.value] = counts.get(status.value, 0) + 1
            overdue_count += deadline.overdue
            items.append(ReportItem(
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
            ))
        if items:
            parts.append(PartSection(part, tuple(items)))
    return ReportData(
        agreement_id=agreement.id, agreement_title=agreement.title, signed_on=agreement.signed_on,
        as_of=as_of, since=since, generated_at=generated_at, parts=tuple(parts),
        status_counts=counts, overdue_count=overdue_count,
    )
