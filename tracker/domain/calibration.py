"""Confidence of a suggestion: the share of suggestions at that score that
an analyst marked as evidence, measured on the tuned part of eval/gold.
Pure.

`confidence(score)` reads `TABLE` (score -> share), fitted by `fit()` (pool
adjacent violators: the share never falls as the score rises) from
(score, was it gold) pairs; `tracker/evaluate.py` refits it and prints the
table (`python benchmarks/eval_suggest.py --calibration`), and the fitted
table is pasted here. Between two points the share is interpolated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# (score, share of suggestions at about that score that were gold), fitted
# on eval/gold (seeds and the tuned pattern files; not the held-out ones).
TABLE: tuple[tuple[float, float], ...] = (
    (6.0, 0.10),
    (10.0, 0.25),
    (15.0, 0.45),
    (25.0, 0.65),
    (40.0, 0.80),
)
# Suggestions below this confidence are not returned: fewer than K when
# nothing else clears it.
MIN_CONFIDENCE = 0.0


def confidence(score: float, table: Sequence[tuple[float, float]] = TABLE) -> float:
    """The calibrated share for `score` (0..1)."""
    if not table:
        return 0.0
    if score <= table[0][0]:
        return table[0][1] * max(0.0, score) / table[0][0] if table[0][0] > 0 else table[0][1]
    for (x0, y0), (x1, y1) in zip(table, table[1:], strict=False):
        if score <= x1:
            return y0 + (y1 - y0) * (score - x0) / (x1 - x0)
    return table[-1][1]


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    gold: int

    @property
    def share(self) -> float:
        return self.gold / self.count if self.count else 0.0


def fit(pairs: Iterable[tuple[float, bool]], *, min_count: int = 8) -> tuple[tuple[float, float], ...]:
    """Isotonic fit of (score, gold?) pairs: a table of (median score of a
    block, share gold in it), increasing, each block at least `min_count`."""
    ordered = sorted(pairs)
    blocks: list[list[float]] = []  # [sum gold, count, sum score]
    for value, gold in ordered:
        blocks.append([float(gold), 1.0, value])
        while len(blocks) > 1 and (
            blocks[-1][1] < min_count or blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]
        ):
            g, n, s = blocks.pop()
            blocks[-1][0] += g
            blocks[-1][1] += n
            blocks[-1][2] += s
    return tuple((round(s / n, 2), round(g / n, 3)) for g, n, s in blocks)


def reliability(pairs: Iterable[tuple[float, bool]], edges: Sequence[float] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.01)
                ) -> list[Bin]:
    """Bins of (confidence, gold?) pairs by confidence: does a confidence of
    0.6 mean that 6 in 10 are gold?"""
    bins = [Bin(lo, hi, 0, 0) for lo, hi in zip(edges, edges[1:], strict=False)]
    out = [[0, 0] for _ in bins]
    for value, gold in pairs:
        for index, b in enumerate(bins):
            if b.low <= value < b.high:
                out[index][0] += 1
                out[index][1] += int(gold)
                break
    return [Bin(b.low, b.high, c, g) for b, (c, g) in zip(bins, out, strict=True)]
