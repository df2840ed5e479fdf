"""Learning from triage: a model fitted on decisions predicts held-out ones
better than the shipped calibration when the analyst's taste differs from it,
and the ranking follows it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tracker.domain.calibration import COEFFICIENTS
from tracker.domain.learning import MIN_DECISIONS, Decision, NotEnoughDecisions, retrain
from tracker.errors import InvalidInput
from tracker.service import Tracker


def _inputs(rng: random.Random, *, heading: bool) -> tuple[float, ...]:
    # bias, log_score, relative, rank, phrase, quantity, takes_side, judges, heading
    return (1.0, rng.uniform(1.5, 3.0), rng.uniform(0.5, 1.0), float(rng.randint(0, 2)), float(rng.random() < 0.6),
            float(rng.random() < 0.3), float(rng.random() < 0.5), float(rng.random() < 0.3), float(heading))


def test_a_model_learns_what_this_analyst_rejects() -> None:
    rng = random.Random(7)
    # this analyst never takes headlines as evidence, whatever else the passage has
    decisions = [Decision(i, _inputs(rng, heading=i % 3 == 0), accepted=i % 3 != 0) for i in range(1, 121)]
    result = retrain(decisions)
    assert result.decisions == 120 and result.held_out == 24
    assert result.after.log_loss < result.before.log_loss
    assert result.after.accuracy > result.before.accuracy
    heading = len(COEFFICIENTS) - 1
    assert result.coefficients[heading] < COEFFICIENTS[heading] - 1  # headings sink


def test_too_few_or_one_sided_decisions_are_refused() -> None:
    rng = random.Random(1)
    few = [Decision(i, _inputs(rng, heading=False), accepted=i % 2 == 0) for i in range(1, MIN_DECISIONS)]
    with pytest.raises(NotEnoughDecisions, match="too few"):
        retrain(few)
    one_sided = [Decision(i, _inputs(rng, heading=False), accepted=True) for i in range(1, 40)]
    with pytest.raises(NotEnoughDecisions):
        retrain(one_sided)


ARTICLE = """Wire report {n}, June {day}, 2020

US forces in Afghanistan now number 8,600, a Pentagon spokesman said on Monday, meeting the first target of the deal.

The Taliban released {count} more government prisoners on Sunday, the group's spokesman said.

Negotiators said the intra-Afghan talks would open soon in Doha, though no date was set.

A UN report said al-Qaeda remained close to the Taliban and still had fighters in several provinces.
"""


def test_retrain_from_the_inbox_reorders_suggestions(empty_tracker: Tracker, tmp_path: Path) -> None:
    for n in range(1, 9):
        path = tmp_path / f"wire{n}.txt"
        path.write_text(ARTICLE.format(n=n, day=n + 1, count=100 + n), encoding="utf-8")
        empty_tracker.add_targets([str(path)])
    with pytest.raises(InvalidInput, match="too few"):
        empty_tracker.retrain_ranking()
    fresh = tmp_path / "fresh.txt"
    fresh.write_text(ARTICLE.format(n=99, day=28, count=321), encoding="utf-8")
    # the rules alone put the report on al-Qaeda first
    assert empty_tracker.suggest_text(fresh.read_text(encoding="utf-8"), top_k=3)[0].obligation == "aq-no-cooperation"
    # this analyst accepts the passages that count something (troops, prisoners) and rejects the rest
    counting = {"prisoner-release", "us-drawdown-8600", "jd-prisoner-discussions"}
    for item in empty_tracker.open_suggestions():
        if item.obligation_id in counting:
            empty_tracker.accept_stored(item.id)
        else:
            empty_tracker.reject_stored(item.id, "not what this desk tracks")
    model_id, result = empty_tracker.retrain_ranking()
    assert model_id == 1 and result.decisions >= 20 and empty_tracker.ranking_model() is not None
    ranked = empty_tracker.suggest_text(fresh.read_text(encoding="utf-8"), top_k=3)
    assert ranked and ranked == sorted(ranked, key=lambda s: -s.confidence)
    assert ranked[0].obligation in counting
