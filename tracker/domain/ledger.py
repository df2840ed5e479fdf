"""Hash chains that make the append-only record tamper-evident.

Each status entry carries the hash of the entry before it for the same
obligation; evidence records and retractions each form one chain in id order.
Changing, deleting or reordering a row breaks a link that `verify` reports.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
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


@dataclass(frozen=True)
class ChainSpec:
    """What one hash chain protects, declared once: the hashed key of each
    field and the record attribute it comes from.

    `derived` keys are not attributes of the record but facts it depends on
    (the source's sha256 for evidence, the retracted evidence's hash), given
    by the caller; `counter` is the attribute numbered 1, 2, 3… along the
    chain; `scope` is the attribute that splits the table into chains of
    their own (one status history per obligation)."""

    name: str
    fields: tuple[tuple[str, str], ...]
    counter: str
    derived: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    sorted_lists: tuple[str, ...] = ()
    # fields added after rows were first hashed: (key, attribute, default); hashed
    # only when they differ from the default, so that older hashes still hold
    optional: tuple[tuple[str, str, Any], ...] = ()

    def hashed(self, record: Any, **derived: Any) -> dict[str, Any]:
        """The fields of `record` (a mapping or an object) as they are hashed."""
        missing = set(self.derived) - set(derived)
        if missing:
            raise ValueError(f"{self.name}: derived values missing: {sorted(missing)}")

        def get(attribute: str) -> Any:
            return record[attribute] if isinstance(record, dict) else getattr(record, attribute)

        out: dict[str, Any] = {}
        for key, attribute in self.fields:
            value = get(attribute)
            if key in self.sorted_lists:
                value = sorted(int(v) for v in value)
            out[key] = value
        for key, attribute, default in self.optional:
            value = get(attribute)
            if value != default:
                out[key] = value
        for key in self.derived:
            out[key] = derived[key]
        return out


EVIDENCE_CHAIN = ChainSpec(
    name="evidence",
    fields=(
        ("id", "id"), ("obligation", "obligation_id"), ("source", "source_id"), ("exact", "exact"),
        ("prefix", "prefix"), ("suffix", "suffix"), ("start", "start"), ("end", "end"), ("stance", "stance"),
        ("claimant", "claimant"), ("observed_on", "observed_on"), ("value", "value"), ("note", "note"),
        ("author", "author"), ("created_at", "created_at"),
    ),
    counter="id",
    derived=("source_sha256",),
)

RETRACTION_CHAIN = ChainSpec(
    name="retractions",
    fields=(
        ("id", "id"), ("evidence", "evidence_id"), ("reason", "reason"), ("author", "author"),
        ("retracted_at", "retracted_at"),
    ),
    counter="id",
    derived=("evidence_hash",),
)

STATUS_CHAIN = ChainSpec(
    name="status",
    fields=(
        ("obligation", "obligation_id"), ("seq", "seq"), ("status", "status"), ("confidence", "confidence"),
        ("effective_on", "effective_on"), ("recorded_at", "recorded_at"), ("rationale", "rationale"),
        ("evidence", "evidence_ids"), ("author", "author"),
    ),
    counter="seq",
    scope=("obligation_id", "assessor"),  # one history per obligation and assessor
    sorted_lists=("evidence",),
    optional=(("assessor", "assessor", "analyst"), ("reason_code", "reason_code", None)),
)

CORRECTION_CHAIN = ChainSpec(
    name="corrections",
    fields=(
        ("id", "id"), ("evidence", "evidence_id"), ("stance", "stance"), ("claimant", "claimant"),
        ("observed_on", "observed_on"), ("value", "value"), ("note", "note"), ("reason", "reason"),
        ("author", "author"), ("corrected_at", "corrected_at"),
    ),
    counter="id",
    derived=("evidence_hash",),
)

REVIEW_CHAIN = ChainSpec(
    name="reviews",
    fields=(
        ("id", "id"), ("obligation", "obligation_id"), ("assessor", "assessor"), ("seq", "seq"),
        ("verdict", "verdict"), ("because", "because"), ("author", "author"), ("reviewed_at", "reviewed_at"),
    ),
    counter="id",
    derived=("entry_hash",),
)


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
