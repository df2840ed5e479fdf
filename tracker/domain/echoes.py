"""Echoes: the same quotation repeated by several sources.

When four outlets quote the same sentence of one UN report, that is one
claim by one claimant, not four independent confirmations. `echo_groups`
puts passages that repeat the same quote in one group; `independent_claimants`
counts who really asserts something once echoes are merged.

Matching: each passage is normalised (`text.fold`, the same as `normalise_str`: quotes, dashes,
whitespace and case folded). The part inside quotation marks matters most:
two passages echo each other when a quoted span of one (at least
`MIN_QUOTE_CHARS` long) matches a quoted span of the other, or the other's
whole text, with `rapidfuzz.fuzz.partial_ratio >= THRESHOLD`. Passages
without quotes (evidence quotes are stored without their quotation marks)
echo each other when they are near-duplicates (`token_sort_ratio`) or one
repeats a stretch of the other nearly verbatim (`partial_ratio` of the
shorter against the longer), and only when both are at least
`MIN_PLAIN_CHARS` long: a paraphrase is not an echo.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from typing import Any, TypeVar

from rapidfuzz import fuzz

from tracker.domain.text import fold

K = TypeVar("K", bound=Hashable)

THRESHOLD = 88.0
MIN_QUOTE_CHARS = 25
MIN_PLAIN_CHARS = 60

# After normalise_str all double quotes are '"'; single curly quotes are "'".
_QUOTE_SPAN = re.compile(r'"([^"]+)"')
_WORDS = re.compile(r"[a-z0-9]+")
# Bracketed editorial insertions "[the group]" and ellipses are dropped so that
# "and [the group] remain close" matches "and the group remain close".
_EDITORIAL = re.compile(r"\[[^\]]*\]|\.\.\.")


def _clean(text: str) -> str:
    return " ".join(_WORDS.findall(_EDITORIAL.sub(" ", text)))


def quoted_spans(text: str) -> list[str]:
    """The quoted parts of `text`, normalised, at least MIN_QUOTE_CHARS long."""
    norm = fold(text)
    spans = [_clean(m.group(1)) for m in _QUOTE_SPAN.finditer(norm)]
    return [s for s in spans if len(s) >= MIN_QUOTE_CHARS]


class _Prepared:
    __slots__ = ("plain", "quotes", "words")

    def __init__(self, text: str) -> None:
        self.quotes = quoted_spans(text)
        self.plain = _clean(fold(text))
        self.words = frozenset(self.plain.split())


def _echo(a: _Prepared, b: _Prepared) -> bool:
    if a.quotes or b.quotes:
        for q in a.quotes:
            targets = b.quotes or [b.plain]
            if any(_quote_match(q, t) for t in targets):
                return True
        if not a.quotes or not b.quotes:
            # One side quotes, the other paraphrases without quote marks.
            for q in b.quotes:
                if _quote_match(q, a.plain):
                    return True
        return False
    if min(len(a.plain), len(b.plain)) < MIN_PLAIN_CHARS:
        return False
    if fuzz.token_sort_ratio(a.plain, b.plain) >= THRESHOLD and _overlap(a, b) >= 0.6:
        return True
    # An excerpt of the other (evidence quotes are stored without their
    # quotation marks): a long stretch repeated nearly verbatim.
    short, long_ = (a.plain, b.plain) if len(a.plain) <= len(b.plain) else (b.plain, a.plain)
    return bool(fuzz.partial_ratio(short, long_, score_cutoff=THRESHOLD))


def _quote_match(quote: str, target: str) -> bool:
    short, long_ = (quote, target) if len(quote) <= len(target) else (target, quote)
    if len(short) < MIN_QUOTE_CHARS:
        return False
    return bool(fuzz.partial_ratio(short, long_, score_cutoff=THRESHOLD))


def _overlap(a: _Prepared, b: _Prepared) -> float:
    if not a.words or not b.words:
        return 0.0
    return len(a.words & b.words) / min(len(a.words), len(b.words))


def echo_groups(items: Sequence[tuple[K, str]]) -> list[list[K]]:
    """Group the keys of passages that repeat the same quote.

    Every key appears in exactly one group; groups (and keys inside them)
    keep the order of first appearance. Linking is transitive.
    """
    prepared = [_Prepared(text) for _, text in items]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            if find(i) == find(j):
                continue
            a, b = prepared[i], prepared[j]
            # Cheap filter: echoes share a good part of their vocabulary.
            if len(a.words & b.words) < 4:
                continue
            if _echo(a, b):
                parent[find(j)] = find(i)
    groups: dict[int, list[K]] = {}
    for index, (key, _) in enumerate(items):
        groups.setdefault(find(index), []).append(key)
    return list(groups.values())


def _claim_of(item: Any) -> tuple[str | None, str]:
    """(claimant, text) of a tuple, an Evidence or a Suggestion."""
    if isinstance(item, tuple):
        claimant, text = item
        return claimant, str(text)
    claimant = getattr(item, "claimant", None)
    text = getattr(item, "exact", None)
    if text is None:
        quote = getattr(item, "quote", None)
        text = getattr(quote, "exact", "") if quote is not None else ""
    return claimant, str(text)


def _claimant_key(claimant: str) -> str:
    return " ".join(_WORDS.findall(fold(claimant)))


def claim_groups(items: Sequence[Any]) -> list[list[int]]:
    """Indexes of `items` that stand for one independent claimant.

    Items are linked when they echo the same quote or name the same
    claimant (compared normalised); each connected group is one claimant.
    """
    claims = [_claim_of(item) for item in items]
    echoes = echo_groups([(i, text) for i, (_, text) in enumerate(claims)])
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    for group in echoes:
        for other in group[1:]:
            union(group[0], other)
    by_claimant: dict[str, int] = {}
    for index, (claimant, _) in enumerate(claims):
        if not claimant:
            continue
        key = _claimant_key(claimant)
        if key in by_claimant:
            union(by_claimant[key], index)
        else:
            by_claimant[key] = index
    grouped: dict[int, list[int]] = {}
    for index in range(len(items)):
        grouped.setdefault(find(index), []).append(index)
    return list(grouped.values())


def independent_claimants(items: Sequence[Any]) -> int:
    """How many independent claimants stand behind `items`.

    `items` are `(claimant, text)` tuples, or objects with a `claimant` and
    either `exact` (a Suggestion) or `quote.exact` (an Evidence). Echoes of
    one quote count once, whatever outlet repeats them; items with the same
    claimant count once; an unattributed passage that echoes nothing counts
    as one claimant of its own.
    """
    return len(claim_groups(items))
