"""Nearest-name suggestions for unknown ids ("did you mean ...?")."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process


def nearest(value: str, known: Iterable[str], limit: int = 3) -> list[str]:
    choices = list(known)
    if not choices:
        return []
    matches = process.extract(value, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=55)
    return [str(choice) for choice, _score, _index in matches]
