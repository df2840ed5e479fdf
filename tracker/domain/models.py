"""Domain model: plain pydantic models, no storage and no I/O."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class Status(StrEnum):
    NOT_ASSESSED = "not-assessed"
    PENDING = "pending"
    IN_PROGRESS = "in-progress"
    STALLED = "stalled"
    PARTIAL = "partial"
    MET = "met"
    BREACHED = "breached"
    DISPUTED = "disputed"
    SUPERSEDED = "superseded"


class Stance(StrEnum):
    SUPPORTS = "supports-compliance"
    BREACH = "indicates-breach"
    CONTEXT = "context"


class Confidence(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Direction(StrEnum):
    DOWN = "down"
    UP = "up"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Party(_Frozen):
    id: str
    name: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Deadline(_Frozen):
    """Either an absolute date, or an offset from the agreement's signing date.

    `kind` "ongoing" means an obligation that binds from signing with no end;
    "none" means no deadline is set (for example "after a settlement").
    """

    kind: str = "none"  # absolute | relative | ongoing | none
    on: dt.date | None = None
    days: int = 0
    months: int = 0
    text: str = ""  # how the agreement or a reader would say it


class Metric(_Frozen):
    name: str
    unit: str
    baseline: float
    baseline_on: dt.date
    target: float
    direction: Direction = Direction.DOWN


class Obligation(_Frozen):
    id: str
    agreement: str
    part: str
    clause: str
    obligor: tuple[str, ...]
    beneficiary: tuple[str, ...] = ()
    title: str
    summary: str
    clause_text: str | None = None
    clause_source: str | None = None  # seed file the verbatim text is quoted from
    themes: tuple[str, ...] = ()
    deadline: Deadline = Field(default_factory=Deadline)
    metric: Metric | None = None
    # obligations this one depends on (the agreement makes it conditional on them)
    depends_on: tuple[str, ...] = ()
    # the obligation of another agreement that this one repeats (the Joint
    # Declaration restates Doha's drawdown): a passage is suggested for the
    # original first unless it names this one's agreement
    restates: str | None = None
    keywords: tuple[str, ...] = ()
    # What keeping the obligation looks like in the news, for the stance
    # rules: the obligor `verbs` (reduce, free, open, adopt) the `objects`
    # (troops, prisoners, talks, resolution); for a prohibition, the things
    # the obligor must not do (`forbids`: host, train, cooperate with).
    verbs: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    forbids: tuple[str, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _old_name_of_depends_on(cls, data: Any) -> Any:
        # catalogues stored before depends_on was named called it "conditions"
        if isinstance(data, dict) and "conditions" in data:
            data = dict(data)
            data["depends_on"] = tuple(data.get("depends_on") or ()) + tuple(data.pop("conditions") or ())
        return data


class Assessor(_Frozen):
    """Someone whose reading of an obligation's status is recorded beside ours:
    a named monitor (the parties are assessors too, by their party id)."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()


class ReasonCode(_Frozen):
    """Why an obligation stalled, was breached or lapsed (counted per party)."""

    id: str
    label: str


class Person(_Frozen):
    """Someone (or a body) whose words the news reports: "Jane Roe",
    "the UN Monitoring Team". `aliases` are the other ways articles name them
    ("Roe"); `party` is the party they speak for, if any; `role` is how
    they are introduced ("rebel spokesman"). `context_aliases` name them
    only in an article that also names them by `name` or an alias ("the
    report" for a monitoring team that publishes reports)."""

    name: str
    aliases: tuple[str, ...] = ()
    party: str | None = None
    role: str = ""
    context_aliases: tuple[str, ...] = ()

    def label(self) -> str:
        """The claimant as stored: role and name ("rebel spokesman Jane Roe")."""
        return f"{self.role} {self.name}" if self.role else self.name


class Term(_Frozen):
    """One word of the agreement's subject spelt several ways: `variants`
    ("al-Shams", "al Shams", "AS") are read as `term` when matching."""

    term: str
    variants: tuple[str, ...] = ()


class Vocabulary(_Frozen):
    """Words about the agreement's subject that the matching needs.

    `common`: words nearly every article on the agreement uses (the parties,
    the country, "deal"): they say little about which obligation a passage
    is about, so they weigh less. `terms`: spellings folded together.
    `synonyms`: groups of words that stand for one another.
    """

    common: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = ()


class Theme(_Frozen):
    """A named group of obligations (obligations list theme ids)."""

    id: str
    title: str


class Agreement(_Frozen):
    id: str
    title: str
    short_title: str = ""  # how a report that covers several agreements names this one
    names: tuple[str, ...] = ()  # how the news names it ("joint declaration"), besides the short title
    signed_on: dt.date
    parties: tuple[str, ...]
    parts: tuple[str, ...] = ()
    # how the agreement ended: deadline clocks stop then, open obligations lapse
    ended_on: dt.date | None = None
    end_reason: str | None = None
    people: tuple[Person, ...] = ()
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
    themes: tuple[Theme, ...] = ()


ANALYST = "analyst"  # the tracker's own reading: the headline status


class Catalogue(_Frozen):
    agreements: tuple[Agreement, ...]
    parties: tuple[Party, ...]
    obligations: tuple[Obligation, ...]
    monitors: tuple[Assessor, ...] = ()
    reason_codes: tuple[ReasonCode, ...] = ()

    def assessor_ids(self) -> tuple[str, ...]:
        """Who may record a reading: the analyst, every party, every monitor."""
        return (ANALYST, *(p.id for p in self.parties), *(m.id for m in self.monitors))

    def assessor_name(self, assessor: str) -> str:
        if assessor == ANALYST:
            return "Analyst (this tracker)"
        party = self.party(assessor)
        if party is not None:
            return party.name
        monitor = next((m for m in self.monitors if m.id == assessor), None)
        return monitor.name if monitor is not None else assessor

    def dependents(self, obligation_id: str) -> tuple[Obligation, ...]:
        return tuple(o for o in self.obligations if obligation_id in o.depends_on)

    def obligation(self, obligation_id: str) -> Obligation | None:
        return next((o for o in self.obligations if o.id == obligation_id), None)

    def shares_evidence_with(self, obligation_id: str) -> tuple[str, ...]:
        """The obligations that are the same act in another agreement: the one
        this restates and that one's other restatements, or this one's
        restatements. Evidence on one is evidence on each (the record of each
        shows it), so a passage is accepted once, under either."""
        own = self.obligation(obligation_id)
        if own is None:
            return ()
        root = own.restates or own.id
        return tuple(o.id for o in self.obligations
                     if o.id != own.id and (o.id == root or o.restates == root))

    def party(self, party_id: str) -> Party | None:
        return next((p for p in self.parties if p.id == party_id), None)

    def agreement(self, agreement_id: str) -> Agreement | None:
        return next((a for a in self.agreements if a.id == agreement_id), None)

    def signed_on(self, obligation: Obligation) -> dt.date | None:
        """The signing date of the agreement `obligation` belongs to."""
        agreement = self.agreement(obligation.agreement)
        return agreement.signed_on if agreement else None

    def people(self) -> tuple[Person, ...]:
        return tuple(p for a in self.agreements for p in a.people)


class TextQuoteSelector(_Frozen):
    exact: str
    prefix: str = ""
    suffix: str = ""


class TextPositionSelector(_Frozen):
    start: int
    end: int


class Source(_Frozen):
    id: int
    title: str
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published_on: dt.date | None = None
    retrieved_at: dt.datetime
    text: str
    sha256: str
    chrome: tuple[tuple[int, int], ...] = ()  # spans of page chrome, never evidence
    added_by: str = ""
    kind: str = "text"  # text, html or pdf: what the original was
    extractor: str | None = None  # what made `text` from the original, e.g. "pypdf 6.1.0"
    original_sha256: str | None = None
    page_starts: tuple[int, ...] = ()  # PDF: offset in `text` where each page begins
    canonical_url: str | None = None
    redirects: tuple[str, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The 1-based PDF page holding character `offset` (None for other sources)."""
        return page_at(self.page_starts, offset)


def page_at(page_starts: Sequence[int], offset: int) -> int | None:
    if not page_starts:
        return None
    return max(1, bisect.bisect_right(list(page_starts), offset))


class SourceEdit(_Frozen):
    """One correction of a source's metadata; the old value is kept."""

    id: int
    source_id: int
    field: str
    old_value: str | None
    new_value: str | None
    reason: str | None = None
    edited_by: str
    edited_at: dt.datetime


class Evidence(_Frozen):
    id: int
    obligation_id: str
    source_id: int
    quote: TextQuoteSelector
    position: TextPositionSelector
    stance: Stance
    claimant: str | None = None
    observed_on: dt.date | None = None
    value: float | None = None
    note: str | None = None
    author: str
    created_at: dt.datetime
    retracted_at: dt.datetime | None = None
    retraction_reason: str | None = None
    retracted_by: str | None = None
    version: int = 1  # 1 as first recorded; each correction adds one
    corrected_at: dt.datetime | None = None  # when the version shown was made

    @property
    def retracted(self) -> bool:
        return self.retracted_at is not None

    @property
    def corrected(self) -> bool:
        return self.version > 1


CORRECTABLE = ("stance", "claimant", "observed_on", "value", "note")


class EvidenceCorrection(_Frozen):
    """A new version of an evidence item's reading (its quote never changes).
    It carries every correctable field as it stands after the correction."""

    id: int
    evidence_id: int
    stance: Stance
    claimant: str | None = None
    observed_on: dt.date | None = None
    value: float | None = None
    note: str | None = None
    reason: str
    author: str
    corrected_at: dt.datetime
    prev_hash: str
    hash: str


class Verdict(StrEnum):
    APPROVE = "approve"
    OBJECT = "object"


class StatusReview(_Frozen):
    """A second analyst's review of a status entry."""

    id: int
    obligation_id: str
    assessor: str
    seq: int
    verdict: Verdict
    because: str
    author: str
    reviewed_at: dt.datetime
    prev_hash: str
    hash: str


class StatusChange(_Frozen):
    id: int
    obligation_id: str
    assessor: str = ANALYST
    seq: int
    status: Status
    confidence: Confidence
    effective_on: dt.date
    recorded_at: dt.datetime
    rationale: str
    evidence_ids: tuple[int, ...] = ()
    author: str
    prev_hash: str
    hash: str
    reason_code: str | None = None

    @field_validator("rationale")
    @classmethod
    def _rationale_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("rationale must not be empty")
        return value
