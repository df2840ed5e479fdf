"""What the dialogs return: typed, validated input for the caller to act on.

A dialog never writes. It checks what it can check alone (a date that does not
parse, an empty required field), then dismisses with one of these; the App
does the write in a worker and, if the service refuses it, opens the dialog
again with the same input as a draft and the service's message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class AsOfChoice:
    """Show the record as of `day`; None means back to today. `audit`: only what
    had been recorded by then (what the record said on that day)."""

    day: dt.date | None
    audit: bool = False


@dataclass(frozen=True)
class StatusInput:
    obligation_id: str
    status: str
    confidence: str
    effective: dt.date
    effective_text: str  # as typed, to refill the dialog
    rationale: str
    evidence_ids: tuple[int, ...]


@dataclass(frozen=True)
class EvidenceInput:
    """A passage of a source to attach to an obligation; fields as typed."""

    source_id: int
    start: int
    end: int
    obligation_id: str | None
    stance: str
    claimant: str = ""
    observed: str = ""
    value: str = ""
    note: str = ""


@dataclass(frozen=True)
class RetractInput:
    evidence_id: int
    reason: str


@dataclass(frozen=True)
class PastedSource:
    text: str
    title: str
    outlet: str
    published: dt.date | None
    published_text: str  # as typed, to refill the dialog


@dataclass(frozen=True)
class FileImport:
    pattern: str  # as typed: files, folders, globs or URLs
    targets: tuple[str, ...]


SourceImport = PastedSource | FileImport
