"""Derived state, computed as of a date: current status, overdue, metric progress.

"As of D" replays the record as it stood at the end of day D: only status
entries both effective and recorded by D, only evidence created by D and not
yet retracted by D.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.domain.dates import resolve_deadline
from tracker.domain.models import Evidence, Metric, Obligation, Status, StatusChange

CLOSED = {Status.MET, Status.SUPERSEDED}


def end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max)


def changes_as_of(changes: Iterable[StatusChange], as_of: dt.date | None) -> list[StatusChange]:
    """Entries known and in force at the end of `as_of` (all when None), oldest first."""
    selected = [
        c for c in changes
        if as_of is None or (c.effective_on <= as_of and c.recorded_at <= end_of_day(as_of))
    ]
    return sorted(selected, key=lambda c: (c.effective_on, c.seq))


def current_status(changes: Iterable[StatusChange], as_of: dt.date | None) -> StatusChange | None:
    """The entry in force: latest effective date, ties to the latest recorded."""
    in_force = changes_as_of(changes, as_of)
    return in_force[-1] if in_force else None


def evidence_as_recorded(evidence: Iterable[Evidence], known_on: dt.date | None) -> list[Evidence]:
    """Evidence as the record showed it at the end of `known_on` (all of it when None):
    items created by then, with a retraction made later undone. Retracted items
    stay in the list, marked; callers keep or drop them."""
    if known_on is None:
        return list(evidence)
    cutoff = end_of_day(known_on)
    return [
        e.model_copy(update={"retracted_at": None, "retraction_reason": None, "retracted_by": None})
        if e.retracted_at is not None and e.retracted_at > cutoff else e
        for e in evidence if e.created_at <= cutoff
    ]


def evidence_as_of(evidence: Iterable[Evidence], as_of: dt.date | None) -> list[Evidence]:
    """Live evidence as recorded at the end of `as_of` (all unretracted evidence when None)."""
    return [e for e in evidence_as_recorded(evidence, as_of) if e.retracted_at is None]


@dataclass(frozen=True)
class DeadlineState:
    due_on: dt.date | None
    days_left: int | None  # negative when past; frozen at the agreement's end
    overdue: bool
    label: str  # "due in 12 days", "41 days overdue", "met 3 days late", "lapsed …", "ongoing"
    lapsed: bool = False  # still open when the agreement ended
    days_late: int | None = None  # met after the deadline: by how many days (0: on time)
    stopped_on: dt.date | None = None  # the day the clock stopped (the agreement's end)

    @property
    def short(self) -> str:
        """The label for a table column: "lapsed +413d", "19d overdue", "met 19d late"."""
        if self.lapsed:
            return f"lapsed +{-self.days_left}d" if self.days_left is not None and self.days_left < 0 else "lapsed"
        if self.days_late:
            return f"met {self.days_late}d late"
        if self.overdue and self.days_left is not None:
            return f"{-self.days_left}d overdue"
        return self.label


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def deadline_state(
    obligation: Obligation, signed_on: dt.date, status: Status | None, as_of: dt.date, *,
    met_on: dt.date | None = None, ended_on: dt.date | None = None,
) -> DeadlineState:
    """Where an obligation stands against its deadline on `as_of`.

    Clocks stop when the agreement ends (`ended_on`): an obligation still open
    then has lapsed, and its overdue days are those counted at the end. A met
    obligation says whether it was met on time (`met_on`: when it was met)."""
    due = resolve_deadline(obligation.deadline, signed_on)
    ended = ended_on is not None and as_of >= ended_on
    clock = ended_on if ended and ended_on is not None else as_of
    closed = status in CLOSED
    lapsed = ended and not closed
    days_late = None
    if status == Status.MET and met_on is not None and due is not None:
        days_late = max(0, (met_on - due).days)
    if due is None:
        if lapsed:
            label = "lapsed (open at the end)"
        else:
            label = "ongoing" if obligation.deadline.kind == "ongoing" else "no deadline"
        return DeadlineState(None, None, False, label, lapsed, days_late, ended_on if ended else None)
    days = (due - clock).days
    overdue = days < 0 and not closed and not lapsed
    if status == Status.MET and days_late is not None:
        label = "met on time" if days_late == 0 else f"met {_days(days_late)} late"
    elif closed:
        label = str(status.value if status is not None else "closed")
    elif lapsed:
        label = f"lapsed ({_days(-days)} overdue at the end)" if days < 0 else "lapsed (open at the end)"
    elif days > 0:
        label = f"due in {_days(days)}"
    elif days == 0:
        label = "due today"
    else:
        label = f"{_days(-days)} overdue"
    return DeadlineState(due, days, overdue, label, lapsed, days_late, ended_on if ended else None)


def met_since(changes: Sequence[StatusChange]) -> dt.date | None:
    """When the current run of "met" began (None when the latest status is not met)."""
    ordered = sorted(changes, key=lambda c: (c.effective_on, c.seq))
    since: dt.date | None = None
    for change in ordered:
        since = (since or change.effective_on) if change.status == Status.MET else None
    return since


@dataclass(frozen=True)
class Observation:
    on: dt.date
    value: float
    evidence_id: int


@dataclass(frozen=True)
class MetricProgress:
    metric: Metric
    observations: tuple[Observation, ...]
    latest: Observation | None
    fraction: float | None  # 0 at baseline, 1 at target, clamped to [0, 1]
    reached: bool


def metric_progress(
    obligation: Obligation, evidence: Sequence[Evidence], as_of: dt.date | None
) -> MetricProgress | None:
    metric = obligation.metric
    if metric is None:
        return None
    observations = sorted(
        (
            Observation(e.observed_on or e.created_at.date(), e.value, e.id)
            for e in evidence
            if e.value is not None and e.obligation_id == obligation.id
            and (as_of is None or (e.observed_on or e.created_at.date()) <= as_of)
        ),
        key=lambda o: (o.on, o.evidence_id),
    )
    latest = observations[-1] if observations else None
    fraction: float | None = None
    reached = False
    if latest is not None and metric.baseline != metric.target:
        raw = (metric.baseline - latest.value) / (metric.baseline - metric.target)
        fraction = max(0.0, min(1.0, raw))
        reached = latest.value <= metric.target if metric.direction == "down" else latest.value >= metric.target
    return MetricProgress(metric, tuple(observations), latest, fraction, reached)
