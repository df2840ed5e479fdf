"""Plain records that the store reads and every shell shows.

They live in the domain so that the store can return them and the service,
the CLI and the TUI can share them without any of them importing the others.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain.models import Evidence


@dataclass(frozen=True)
class SourceSummary:
    id: int
    title: str
    outlet: str | None
    published_on: dt.date | None
    evidence_count: int
    length: int
    url: str | None = None
    kind: str = "text"


@dataclass(frozen=True)
class FeedInfo:
    """A feed the tracker pulls, with its validators and how its entries fared."""

    id: int
    url: str
    name: str
    title: str | None
    etag: str | None
    last_modified: str | None
    added_at: dt.datetime
    pulled_at: dt.datetime | None
    last_error: str | None
    entries: dict[str, int]  # by state: added, present, failed, no-link


@dataclass(frozen=True)
class StoredSuggestion:
    """A suggestion kept for triage, and what the analyst decided about it."""

    id: int
    source_id: int
    obligation_id: str
    start: int
    end: int
    exact: str
    score: float
    confidence: float
    stance: str
    claimant: str | None
    via: str | None
    observed_on: dt.date | None
    level: float | None
    explanation: str
    state: str  # open, accepted, rejected
    features: tuple[float, ...] = ()  # calibration inputs, for learning from the decision
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    reason: str | None = None
    evidence_id: int | None = None


@dataclass(frozen=True)
class InboxSource:
    """A source with suggestions awaiting a decision."""

    source_id: int
    title: str
    outlet: str | None
    published_on: dt.date | None
    open: int


@dataclass(frozen=True)
class InboxPage:
    """A window of the open suggestions, in triage order (source, then best
    first), with the titles of their sources and the size of the whole inbox."""

    items: tuple[StoredSuggestion, ...]
    titles: dict[int, str]
    total: int  # open suggestions in the whole inbox
    more: bool  # open suggestions after the last of `items`


@dataclass(frozen=True)
class EvidenceView:
    evidence: Evidence
    source_title: str
    source_outlet: str | None
    echo_of: int | None = None  # id of the first evidence item this one repeats


@dataclass(frozen=True)
class SearchHit:
    kind: str  # source | obligation | evidence
    ref: str
    title: str
    snippet: str


@dataclass(frozen=True)
class SourceText:
    """What the passage index needs of a source."""

    id: int
    text: str
    published_on: dt.date | None
    chrome: tuple[tuple[int, int], ...]
