"""Confidence: a small logistic model whose output means the share of such
suggestions that are evidence."""

from __future__ import annotations

import random

from tracker.domain.calibration import COEFFICIENTS, INPUTS, confidence, fit_logistic, inputs, reliability
from tracker.domain.ranking import Features


def test_fit_recovers_a_known_share() -> None:
    """Items whose true share of gold is 0.2 or 0.8 by one input: the fitted
    model gives back about those shares."""
    rng = random.Random(3)
    rows: list[tuple[float, ...]] = []
    labels: list[bool] = []
    for _ in range(800):
        x = float(rng.random() < 0.5)
        rows.append((1.0, x))
        labels.append(rng.random() < (0.8 if x else 0.2))
    weights = fit_logistic(rows, labels, l2=0.0, iterations=2000, rate=1.0)
    assert abs(confidence((1.0, 1.0), weights) - 0.8) < 0.06
    assert abs(confidence((1.0, 0.0), weights) - 0.2) < 0.06


def test_confidence_rises_with_the_score_and_stays_in_bounds() -> None:
    assert len(COEFFICIENTS) == len(INPUTS)
    features = Features(bm25=10.0, phrase=True)
    values = [confidence(inputs(score, 40.0, 1, features, True)) for score in (2.0, 8.0, 20.0, 40.0)]
    assert values == sorted(values)
    assert all(0.0 < v < 1.0 for v in values)


def test_reliability_bins() -> None:
    bins = reliability([(0.1, False), (0.15, True), (0.5, True), (0.55, True), (0.9, True), (1.0, False)])
    assert [(b.count, b.gold) for b in bins] == [(2, 1), (0, 0), (2, 2), (0, 0), (2, 1)]
    assert bins[0].share == 0.5
