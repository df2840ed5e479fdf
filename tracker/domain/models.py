"""Domain model: plain pydantic models, no storage and no I/O."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator


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
    conditions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    # What keeping the obligation looks like in the news, for the stance
    # rules: the obligor `verbs` (reduce, free, open, adopt) the `objects`
    # (troops, prisoners, talks, resolution); for a prohibition, the things
    # the obligor must not do (`forbids`: host, train, cooperate with).
    verbs: tuple[str, ...] = ()
    objects: tuple[str, ...] = ()
    forbids: tuple[str, ...] = ()


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
    signed_on: dt.date
    parties: tuple[str, ...]
    parts: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    vocabulary: Vocabulary = Field(default_factory=Vocabulary)
    themes: tuple[Theme, ...] = ()


class Catalogue(_Frozen):
    agreements: tuple[Agreement, ...]
    parties: tuple[Party, ...]
    obligations: tuple[Obligation, ...]

    def obligation(self, obligation_id: str) -> Obligation | None:
        return next((o for o in self.obligations if o.id == obligation_id), None)

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

    @property
    def retracted(self) -> bool:
        return self.retracted_at is not None


class StatusChange(_Frozen):
    id: int
    obligation_id: str
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

    @field_validator("rationale")
    @classmethod
    def _rationale_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("rationale must not be empty")
        return value
