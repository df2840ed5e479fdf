"""Evidence as corrected: each correction is a new version of an item's
reading (stance, claimant, observed date, value, note); its quote never changes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from tracker.domain.models import CORRECTABLE, Evidence, EvidenceCorrection


def with_corrections(
    items: Iterable[Evidence], corrections: Sequence[EvidenceCorrection], known_by: dt.datetime | None = None
) -> list[Evidence]:
    """Each item at its latest version recorded by `known_by` (the latest of all when None)."""
    by_item: dict[int, list[EvidenceCorrection]] = defaultdict(list)
    for correction in corrections:
        if known_by is None or correction.corrected_at <= known_by:
            by_item[correction.evidence_id].append(correction)
    out = []
    for item in items:
        versions = sorted(by_item.get(item.id, ()), key=lambda c: c.id)
        if versions:
            latest = versions[-1]
            item = item.model_copy(update={
                **{name: getattr(latest, name) for name in CORRECTABLE},
                "version": 1 + len(versions), "corrected_at": latest.corrected_at,
            })
        out.append(item)
    return out


def changed_fields(before: Evidence | EvidenceCorrection, after: EvidenceCorrection) -> tuple[tuple[str, str, str], ...]:
    """(field, before, after) for each correctable field a correction changed."""
    def shown(value: object) -> str:
        return "" if value is None else str(getattr(value, "value", value))

    return tuple(
        (name, shown(getattr(before, name)), shown(getattr(after, name)))
        for name in CORRECTABLE if getattr(before, name) != getattr(after, name)
    )
