"""Hash chains that make the append-only record tamper-evident.

Each status entry carries the hash of the entry before it for the same
obligation; evidence records and retractions each form one chain in id order.
Changing, deleting or reordering a row breaks a link that `verify` reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    return value


def record_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(
        {"prev": prev_hash, **_canonical(fields)}, sort_keys=True, ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def status_fields(
    *, obligation_id: str, seq: int, status: str, confidence: str, effective_on: dt.date,
    recorded_at: dt.datetime, rationale: str, evidence_ids: Sequence[int], author: str,
) -> dict[str, Any]:
    return {
        "obligation": obligation_id, "seq": seq, "status": status, "confidence": confidence,
        "effective_on": effective_on, "recorded_at": recorded_at, "rationale": rationale,
        "evidence": sorted(evidence_ids), "author": author,
    }


def evidence_fields(
    *, id: int, obligation_id: str, source_id: int, exact: str, prefix: str, suffix: str,
    start: int, end: int, stance: str, claimant: str | None, observed_on: dt.date | None,
    value: float | None, note: str | None, author: str, created_at: dt.datetime,
    source_sha256: str,
) -> dict[str, Any]:
    return {
        "id": id, "obligation": obligation_id, "source": source_id, "source_sha256": source_sha256,
        "exact": exact, "prefix": prefix, "suffix": suffix, "start": start, "end": end,
        "stance": stance, "claimant": claimant, "observed_on": observed_on, "value": value,
        "note": note, "author": author, "created_at": created_at,
    }


def retraction_fields(
    *, id: int, evidence_id: int, evidence_hash: str, reason: str, author: str,
    retracted_at: dt.datetime,
) -> dict[str, Any]:
    return {
        "id": id, "evidence": evidence_id, "evidence_hash": evidence_hash, "reason": reason,
        "author": author, "retracted_at": retracted_at,
    }


@dataclass(frozen=True)
class ChainLink:
    """One stored row of a chain: its label for messages, the hash it carries,
    the prev_hash it carries and the hash recomputed from its fields."""

    label: str
    stored_hash: str
    stored_prev: str
    fields: dict[str, Any]


def check_chain(name: str, links: Iterable[ChainLink]) -> tuple[list[str], str]:
    """Return (problems, head hash) for a chain given in order."""
    problems: list[str] = []
    expected_prev = GENESIS
    head = GENESIS
    for link in links:
        if link.stored_prev != expected_prev:
            problems.append(
                f"{name}: {link.label} does not follow the entry before it "
                "(an entry was deleted, inserted or reordered)"
            )
        recomputed = record_hash(link.stored_prev, link.fields)
        if recomputed != link.stored_hash:
            problems.append(f"{name}: {link.label} was changed after it was recorded")
        expected_prev = link.stored_hash
        head = link.stored_hash
    return problems, head
