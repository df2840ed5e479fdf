"""The export format (a backup of a whole tracker) and every check made on it
before any of it is loaded.

A backup is refused whole when anything in it is wrong: the format or its
version, a value of the wrong type, a reference to nothing, a source whose
text does not match its sha256, a quote that is not at its position, or a
hash or chain link that does not recompute. A backup re-hashed end to end by
someone who edited it is consistent by construction; only heads kept
elsewhere (`tracker verify --expect`) can catch that.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections import defaultdict
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tracker.domain import ledger
from tracker.domain.catalogue import CatalogueError, _check_references
from tracker.domain.models import (
    ANALYST,
    Agreement,
    Assessor,
    Catalogue,
    Confidence,
    Obligation,
    Party,
    ReasonCode,
    Stance,
    Status,
    Verdict,
)

FORMAT = "tracker-export"
VERSION = 1
Hash = str


class BackupError(ValueError):
    """One line: the first problem found in a backup."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


class SourceRecord(_Record):
    id: int = Field(ge=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    title: str
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published_on: dt.date | None = None
    retrieved_at: dt.datetime
    filename: str | None = None
    text: str
    chrome: list[tuple[int, int]] = []
    added_by: str
    # absent from backups made before originals were kept
    kind: Literal["text", "html", "pdf"] = "text"
    extractor: str | None = None
    original_sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    page_starts: list[int] | None = None
    canonical_url: str | None = None
    redirects: list[str] | None = None
    suggested_at: dt.datetime | None = None


class SuggestionRecord(_Record):
    """A triage decision (or an open suggestion): rejections must survive a backup."""

    id: int = Field(ge=1)
    source_id: int
    obligation_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    exact: str
    score: float
    confidence: float
    stance: Stance
    claimant: str | None = None
    via: str | None = None
    observed_on: dt.date | None = None
    level: float | None = None
    explanation: str
    features: list[float] | None = None
    computed_at: dt.datetime
    state: Literal["open", "accepted", "rejected"]
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    reason: str | None = None
    evidence_id: int | None = None


class RankingModelRecord(_Record):
    id: int = Field(ge=1)
    trained_at: dt.datetime
    trained_by: str
    coefficients: list[float]
    decisions: int = Field(ge=0)
    metrics: dict[str, Any]


class OriginalRecord(_Record):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    media_type: str
    size: int = Field(ge=0)
    data: str  # base64


class SourceEditRecord(_Record):
    id: int = Field(ge=1)
    source_id: int
    field: Literal["title", "outlet", "published_on", "url", "author"]
    old_value: str | None = None
    new_value: str | None = None
    reason: str | None = None
    edited_by: str
    edited_at: dt.datetime


class EvidenceRecord(_Record):
    id: int = Field(ge=1)
    obligation_id: str
    source_id: int
    exact: str
    prefix: str
    suffix: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    stance: Stance
    claimant: str | None = None
    observed_on: dt.date | None = None
    value: float | None = None
    note: str | None = None
    author: str
    created_at: dt.datetime
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class RetractionRecord(_Record):
    id: int = Field(ge=1)
    evidence_id: int
    reason: str = Field(min_length=1)
    author: str
    retracted_at: dt.datetime
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class StatusRecord(_Record):
    id: int = Field(ge=1)
    obligation_id: str
    assessor: str = ANALYST
    reason_code: str | None = None
    seq: int = Field(ge=1)
    status: Status
    confidence: Confidence
    effective_on: dt.date
    recorded_at: dt.datetime
    rationale: str = Field(min_length=1)
    evidence_ids: list[int] = []
    author: str
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class CorrectionRecord(_Record):
    id: int = Field(ge=1)
    evidence_id: int
    stance: Stance
    claimant: str | None = None
    observed_on: dt.date | None = None
    value: float | None = None
    note: str | None = None
    reason: str = Field(min_length=1)
    author: str
    corrected_at: dt.datetime
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class ReviewRecord(_Record):
    id: int = Field(ge=1)
    obligation_id: str
    assessor: str = ANALYST
    seq: int = Field(ge=1)
    verdict: Verdict
    because: str = Field(min_length=1)
    author: str
    reviewed_at: dt.datetime
    prev_hash: str = Field(pattern=r"^[0-9a-f]{64}$")
    hash: str = Field(pattern=r"^[0-9a-f]{64}$")


class Backup(_Record):
    format: Literal["tracker-export"]
    version: Literal[1]
    schema_: str | None = Field(default=None, alias="schema")
    agreements: list[Agreement]
    parties: list[Party]
    obligations: list[Obligation]
    sources: list[SourceRecord] = []
    evidence: list[EvidenceRecord] = []
    retractions: list[RetractionRecord] = []
    status_changes: list[StatusRecord] = []
    corrections: list[CorrectionRecord] = []  # absent from backups made before corrections existed
    reviews: list[ReviewRecord] = []
    originals: list[OriginalRecord] = []
    source_edits: list[SourceEditRecord] = []
    suggestions: list[SuggestionRecord] = []
    ranking_models: list[RankingModelRecord] = []
    monitors: list[Assessor] = []
    reason_codes: list[ReasonCode] = []

    def catalogue(self) -> Catalogue:
        return Catalogue(
            agreements=tuple(self.agreements), parties=tuple(self.parties), obligations=tuple(self.obligations),
            monitors=tuple(self.monitors), reason_codes=tuple(self.reason_codes),
        )

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """Rows to insert, as Python values."""
        return {
            "sources": [r.model_dump() for r in self.sources],
            "evidence": [r.model_dump() for r in self.evidence],
            "retractions": [r.model_dump() for r in self.retractions],
            "status_changes": [r.model_dump() for r in self.status_changes],
            "corrections": [r.model_dump() for r in self.corrections],
            "reviews": [r.model_dump() for r in self.reviews],
            "originals": [r.model_dump() for r in self.originals],
            "source_edits": [r.model_dump() for r in self.source_edits],
            "suggestions": [r.model_dump() for r in self.suggestions],
            "ranking_models": [r.model_dump() for r in self.ranking_models],
        }


def _where(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for piece in loc:
        if isinstance(piece, int) and parts:
            parts[-1] = f"{parts[-1]}[{piece}]"
        else:
            parts.append(str(piece))
    return ".".join(parts) or "the document"


def parse_backup(data: Any) -> Backup:
    """Validate a decoded export document; BackupError names the first problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("this file is not a tracker export; create one with `tracker export -o FILE`")
    if data.get("version") != VERSION:
        raise BackupError(
            f"this export has version {data.get('version')!r}, and this tracker reads version {VERSION}; "
            "export it again with this tracker's version"
        )
    try:
        backup = Backup.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        message = first["msg"].removeprefix("Value error, ")
        raise BackupError(f"the export is damaged at {_where(tuple(first['loc']))}: {message}; export it again") from None
    check_backup(backup)
    return backup


def _chain_problem(name: str, links: list[ledger.ChainLink]) -> str | None:
    problems, _ = ledger.check_chain(name, links)
    return problems[0] if problems else None


def check_backup(backup: Backup) -> None:
    """Every cross-reference, hash and chain of the backup; BackupError on the first problem."""

    def fail(loc: tuple[Any, ...], message: str) -> CatalogueError:
        return CatalogueError(f"{_where(loc)}: {message}")

    try:
        _check_references(backup.catalogue(), fail)
    except CatalogueError as exc:
        raise BackupError(f"the export's catalogue is damaged ({exc}); export it again") from None

    obligations = {o.id for o in backup.obligations}
    sources: dict[int, SourceRecord] = {}
    for source in backup.sources:
        if source.id in sources:
            raise BackupError(f"the export has source {source.id} twice; export it again")
        if hashlib.sha256(source.text.encode("utf-8")).hexdigest() != source.sha256:
            raise BackupError(f"source {source.id}: its text does not match its sha256 (edited after export)")
        sources[source.id] = source

    def damaged(what: str) -> BackupError:
        return BackupError(f"{what}; the export was edited or damaged, use an untouched copy")

    originals: set[str] = set()
    for original in backup.originals:
        try:
            data = base64.b64decode(original.data, validate=True)
        except (binascii.Error, ValueError):
            raise damaged(f"original {original.sha256[:12]}… is not valid base64") from None
        if hashlib.sha256(data).hexdigest() != original.sha256 or len(data) != original.size:
            raise damaged(f"original {original.sha256[:12]}…: its bytes do not match its sha256")
        originals.add(original.sha256)
    for source in backup.sources:
        if source.original_sha256 is not None and source.original_sha256 not in originals:
            raise damaged(f"source {source.id}: its original {source.original_sha256[:12]}… is not in the export")
    for edit in backup.source_edits:
        if edit.source_id not in sources:
            raise damaged(f"source edit {edit.id} is for source {edit.source_id}, which is not in the export")
    for kept in backup.suggestions:
        quoted_text = sources[kept.source_id].text if kept.source_id in sources else None
        if quoted_text is None or kept.obligation_id not in obligations:
            raise damaged(f"suggestion {kept.id} refers to a source or obligation that is not in the export")
        if quoted_text[kept.start:kept.end] != kept.exact:
            raise damaged(f"suggestion {kept.id}: its passage is not at {kept.start}-{kept.end} of source {kept.source_id}")

    evidence: dict[int, EvidenceRecord] = {}
    links: list[ledger.ChainLink] = []
    for number, item in enumerate(backup.evidence, start=1):
        if item.id != number:
            raise damaged(f"evidence ids must run 1, 2, 3…; found {item.id} at position {number}")
        if item.obligation_id not in obligations:
            raise damaged(f"evidence {item.id} is for unknown obligation '{item.obligation_id}'")
        quoted = sources.get(item.source_id)
        if quoted is None:
            raise damaged(f"evidence {item.id} quotes source {item.source_id}, which is not in the export")
        if not item.start < item.end <= len(quoted.text) or quoted.text[item.start:item.end] != item.exact:
            raise damaged(f"evidence {item.id}: its quote is not at {item.start}-{item.end} of source {item.source_id}")
        evidence[item.id] = item
        links.append(ledger.ChainLink(
            f"evidence {item.id}", item.hash, item.prev_hash,
            ledger.EVIDENCE_CHAIN.hashed(item, source_sha256=quoted.sha256),
        ))
    problem = _chain_problem("evidence", links)
    if problem:
        raise damaged(problem)

    retracted: set[int] = set()
    links = []
    for number, retraction in enumerate(backup.retractions, start=1):
        if retraction.id != number:
            raise damaged(f"retraction ids must run 1, 2, 3…; found {retraction.id} at position {number}")
        target = evidence.get(retraction.evidence_id)
        if target is None:
            raise damaged(f"retraction {retraction.id} is of evidence {retraction.evidence_id}, which is not in the export")
        if retraction.evidence_id in retracted:
            raise damaged(f"evidence {retraction.evidence_id} is retracted twice")
        retracted.add(retraction.evidence_id)
        links.append(ledger.ChainLink(
            f"retraction {retraction.id}", retraction.hash, retraction.prev_hash,
            ledger.RETRACTION_CHAIN.hashed(retraction, evidence_hash=target.hash),
        ))
    problem = _chain_problem("retractions", links)
    if problem:
        raise damaged(problem)

    links = []
    for number, correction in enumerate(backup.corrections, start=1):
        if correction.id != number:
            raise damaged(f"correction ids must run 1, 2, 3…; found {correction.id} at position {number}")
        corrected = evidence.get(correction.evidence_id)
        if corrected is None:
            raise damaged(f"correction {correction.id} is of evidence {correction.evidence_id}, which is not in the export")
        links.append(ledger.ChainLink(
            f"correction {correction.id}", correction.hash, correction.prev_hash,
            ledger.CORRECTION_CHAIN.hashed(correction, evidence_hash=corrected.hash),
        ))
    problem = _chain_problem("corrections", links)
    if problem:
        raise damaged(problem)

    by_obligation: dict[tuple[str, str], list[StatusRecord]] = defaultdict(list)
    ids: set[int] = set()
    for entry in backup.status_changes:
        if entry.id in ids:
            raise damaged(f"status entry id {entry.id} appears twice")
        ids.add(entry.id)
        if entry.obligation_id not in obligations:
            raise damaged(f"a status entry is for unknown obligation '{entry.obligation_id}'")
        for cited in entry.evidence_ids:
            if cited not in evidence or evidence[cited].obligation_id != entry.obligation_id:
                raise damaged(f"status entry {entry.seq} of {entry.obligation_id} cites evidence {cited}, "
                              "which is not evidence of that obligation")
        by_obligation[(entry.obligation_id, entry.assessor)].append(entry)
    for (obligation_id, assessor), entries in by_obligation.items():
        name = obligation_id if assessor == ANALYST else f"{obligation_id} by {assessor}"
        entries.sort(key=lambda e: e.seq)
        for number, entry in enumerate(entries, start=1):
            if entry.seq != number:
                raise damaged(f"status history of {name}: entry {number} is missing or out of order")
        problem = _chain_problem(f"status history of {name}", [
            ledger.ChainLink(f"entry {e.seq}", e.hash, e.prev_hash, ledger.STATUS_CHAIN.hashed(e)) for e in entries
        ])
        if problem:
            raise damaged(problem)

    entry_hashes = {(e.obligation_id, e.assessor, e.seq): e.hash for e in backup.status_changes}
    links = []
    for number, review in enumerate(backup.reviews, start=1):
        if review.id != number:
            raise damaged(f"review ids must run 1, 2, 3…; found {review.id} at position {number}")
        key = (review.obligation_id, review.assessor, review.seq)
        if key not in entry_hashes:
            raise damaged(f"review {review.id} is of a status entry that is not in the export")
        links.append(ledger.ChainLink(
            f"review {review.id}", review.hash, review.prev_hash,
            ledger.REVIEW_CHAIN.hashed(review, entry_hash=entry_hashes[key]),
        ))
    problem = _chain_problem("reviews", links)
    if problem:
        raise damaged(problem)
