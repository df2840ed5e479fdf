"""Confidence of a suggestion: the share of suggestions like it that an
analyst marked as evidence, measured on the tuned part of eval/gold. Pure.

A small logistic model over a few facts of a suggestion (`inputs`): its
score, its score relative to the best one for the same obligation in the
same text, its rank there, whether it has a keyword phrase or a count in
the obligation's unit, whether it takes a side, whether it judges
compliance, whether it is a heading. `fit_logistic` fits the coefficients
(plain gradient descent, no dependency) from (inputs, was it gold) pairs;
`python benchmarks/eval_suggest.py --fit` refits them on the tuned gold and
prints them to paste into `COEFFICIENTS`; `reliability` bins (confidence,
gold) pairs so that a table shows whether 0.6 means 6 in 10.

The same coefficients can later be refitted on an analyst's accepted and
rejected suggestions (the learning step), without changing the ranking.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from tracker.domain.ranking import Features

INPUTS = ("bias", "log_score", "relative", "rank", "phrase", "quantity", "takes_side", "judges", "heading")
# Fitted with `python benchmarks/eval_suggest.py --fit` on every gold file
# but the held-out ones: the seeds, the patterns and the studied files of
# twenty-one rounds of writers. (Fitted on the seeds and patterns alone, which
# the rules were tuned on, a confidence of 0.6-0.8 was right for 36-45% of
# the suggestions on new writers' articles; fitted on sixteen rounds, 52%;
# the same fit without round 21, scored on round 21, 63%.)
COEFFICIENTS: tuple[float, ...] = (-4.32, 1.212, 0.118, -0.156, 0.268, 0.466, 1.128, -0.173, 0.005)
# Suggestions below this confidence are not returned: fewer than K when
# nothing else clears it. Fewer than 1 in 5 of those is what an analyst marks
# (13% between 0.1 and 0.2). Raised from 0.1 to 0.2 with every writer's round
# at hand (the twelve newest rounds, 108 articles: precision@5 0.40 -> 0.47,
# recall@5 0.67 -> 0.63, stance 0.757 -> 0.772, 19% fewer suggestions to triage).
MIN_CONFIDENCE = 0.2


def inputs(score: float, best: float, rank: int, features: Features, takes_side: bool) -> tuple[float, ...]:
    """The model's inputs for one suggestion (`rank` 1 = the best for its
    obligation in its text; `best` the score of that one)."""
    return (
        1.0,
        math.log1p(max(0.0, score)),
        score / best if best > 0 else 0.0,
        float(rank - 1),
        float(features.phrase),
        float(features.quantity),
        float(takes_side),
        float(features.claim > 0),
        float(features.heading),
    )


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def confidence(x: Sequence[float], coefficients: Sequence[float] = COEFFICIENTS) -> float:
    """The modelled share of such suggestions that are evidence (0..1)."""
    return _sigmoid(sum(w * v for w, v in zip(coefficients, x, strict=True)))


def fit_logistic(
    rows: Sequence[Sequence[float]], labels: Sequence[bool], *, l2: float = 0.01,
    iterations: int = 3000, rate: float = 0.5,
) -> tuple[float, ...]:
    """Logistic regression by batch gradient descent with a small L2 penalty
    (not on the bias). Deterministic; fine for a few thousand rows."""
    if not rows:
        return tuple(COEFFICIENTS)
    width = len(rows[0])
    w = [0.0] * width
    n = len(rows)
    for _ in range(iterations):
        grad = [0.0] * width
        for x, y in zip(rows, labels, strict=True):
            error = _sigmoid(sum(a * b for a, b in zip(w, x, strict=True))) - float(y)
            for j in range(width):
                grad[j] += error * x[j]
        for j in range(width):
            penalty = l2 * w[j] if j else 0.0
            w[j] -= rate * (grad[j] / n + penalty)
    return tuple(round(v, 3) for v in w)


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    count: int
    gold: int

    @property
    def share(self) -> float:
        return self.gold / self.count if self.count else 0.0


def reliability(pairs: Iterable[tuple[float, bool]], edges: Sequence[float] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.01)
                ) -> list[Bin]:
    """Bins of (confidence, gold?) pairs by confidence: does a confidence of
    0.6 mean that 6 in 10 are gold?"""
    bands = list(pairwise(edges))
    counts = [[0, 0] for _ in bands]
    for value, gold in pairs:
        for index, (low, high) in enumerate(bands):
            if low <= value < high:
                counts[index][0] += 1
                counts[index][1] += int(gold)
                break
    return [Bin(low, high, c, g) for (low, high), (c, g) in zip(bands, counts, strict=True)]
