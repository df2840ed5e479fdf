"""Obligations the agreement makes conditional on others: when a condition's
status changes, the obligations that depend on it need a fresh look."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tracker.domain.models import Catalogue, StatusChange


def to_review(catalogue: Catalogue, history: Mapping[str, Sequence[StatusChange]]) -> frozenset[str]:
    """Obligations whose latest entry was recorded before a later status entry on
    one of their conditions (they stay flagged until someone records a status for them)."""
    def last_recorded(obligation_id: str) -> StatusChange | None:
        entries = history.get(obligation_id, ())
        return max(entries, key=lambda c: c.recorded_at) if entries else None

    flagged = set()
    for obligation in catalogue.obligations:
        own = last_recorded(obligation.id)
        if own is None or not obligation.depends_on:
            continue
        for condition in obligation.depends_on:
            theirs = last_recorded(condition)
            if theirs is not None and theirs.recorded_at > own.recorded_at:
                flagged.add(obligation.id)
                break
    return frozenset(flagged)
