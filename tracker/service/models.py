"""Read models the service hands to the shells (CLI, TUI, reports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.domain import assess
from tracker.domain.models import Agreement, Confidence, Obligation, Status, StatusChange
from tracker.domain.records import EvidenceView, SearchHit, SourceSummary

__all__ = [
    "AddedSource", "EvidenceView", "ObligationDetail", "ObligationState", "SearchHit", "SourceInput",
    "SourceSummary", "VerifyResult",
]


@dataclass(frozen=True)
class ObligationState:
    obligation: Obligation
    status: Status
    since: dt.date | None
    confidence: Confidence | None
    deadline: assess.DeadlineState
    counts: dict[str, int]


@dataclass(frozen=True)
class ObligationDetail:
    obligation: Obligation
    agreement: Agreement
    status: StatusChange | None
    deadline: assess.DeadlineState
    evidence: tuple[EvidenceView, ...]
    history: tuple[StatusChange, ...]
    metric: assess.MetricProgress | None
    independent_claimants: int


@dataclass(frozen=True)
class AddedSource:
    id: int
    created: bool
    title: str
    path: str | None = None


@dataclass
class VerifyResult:
    problems: list[str] = field(default_factory=list)
    heads: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # per-obligation status heads ("status/<obligation>") and every hash of every chain,
    # so that heads kept elsewhere can be checked (`tracker verify --expect FILE`)
    chain_heads: dict[str, str] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class SourceInput:
    """A source to import: its text plus what the user said about it."""

    text: str
    name: str | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published_on: dt.date | None = None
