"""Read models the service hands to the shells (CLI, TUI, reports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.domain import assess
from tracker.domain.models import Agreement, Confidence, Obligation, Status, StatusChange, StatusReview
from tracker.domain.records import EvidenceView, SearchHit, SourceSummary

__all__ = [
    "AddedSource", "ConditionView", "EntryFlags", "EvidenceView", "ObligationDetail", "ObligationState",
    "SearchHit", "SourceInput", "SourceSummary", "VerifyResult",
]


@dataclass(frozen=True)
class ObligationState:
    obligation: Obligation
    status: Status
    since: dt.date | None
    confidence: Confidence | None
    deadline: assess.DeadlineState
    counts: dict[str, int]
    to_review: bool = False  # a condition's status changed after this obligation's last entry


@dataclass(frozen=True)
class ConditionView:
    """An obligation this one depends on, and its current (analyst's) entry."""

    obligation: Obligation
    current: StatusChange | None

    @property
    def status(self) -> Status:
        return self.current.status if self.current else Status.NOT_ASSESSED


@dataclass(frozen=True)
class EntryFlags:
    """What a reader of a status entry must know about it."""

    cites_retracted: tuple[int, ...] = ()
    cites_corrected: tuple[int, ...] = ()
    reviews: tuple[StatusReview, ...] = ()


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
    readings: tuple[StatusChange, ...] = ()  # the latest entry of each other assessor
    conditions: tuple[ConditionView, ...] = ()
    dependents: tuple[Obligation, ...] = ()
    to_review: bool = False
    flags: dict[tuple[str, int], EntryFlags] = field(default_factory=dict)  # by (assessor, seq)
    view: str = "today"
    # Evidence recorded under the same act in another agreement (see
    # `Catalogue.shares_evidence_with`), without the spans this one has too.
    shared: tuple[EvidenceView, ...] = ()


@dataclass(frozen=True)
class AddedSource:
    id: int
    created: bool
    title: str
    path: str | None = None
    differs: tuple[str, ...] = ()  # options given that differ from the stored source's (it exists)


@dataclass(frozen=True)
class IntakeOutcome:
    """What became of one item of `sources add`: a source (new or present) or one-line error."""

    label: str
    added: AddedSource | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()


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
    # what intake found (the user's options above win over these)
    kind: str = "text"
    extractor: str | None = None
    original: bytes | None = None
    original_media_type: str | None = None
    page_starts: tuple[int, ...] = ()
    canonical_url: str | None = None
    redirects: tuple[str, ...] = ()
    found_title: str | None = None
    found_outlet: str | None = None
    found_author: str | None = None
    found_url: str | None = None
    found_published_on: dt.date | None = None
