"""Learning from triage: refit the confidence model on an analyst's decisions.

Each decided suggestion is a row (its calibration inputs) with a label
(accepted or not). Every fifth decision, by id, is held out; the model is fitted
on the others and judged on the held-out ones against the shipped calibration,
then refitted on all of them to be kept. Pure: no storage, no clock.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain.calibration import COEFFICIENTS, confidence, fit_logistic

MIN_DECISIONS = 20  # fewer, and the rules alone rank (a model would learn noise)
HOLD_OUT_EVERY = 5


@dataclass(frozen=True)
class Decision:
    id: int
    inputs: tuple[float, ...]
    accepted: bool


@dataclass(frozen=True)
class Scores:
    """How well a confidence model predicts held-out decisions."""

    log_loss: float
    accuracy: float  # decisions on the right side of 0.5
    precision_top: float | None  # share accepted among the held-out half it is most confident about

    def as_dict(self) -> dict[str, float | None]:
        return {"log_loss": round(self.log_loss, 4), "accuracy": round(self.accuracy, 4),
                "precision_top": None if self.precision_top is None else round(self.precision_top, 4)}


@dataclass(frozen=True)
class Retrained:
    coefficients: tuple[float, ...]
    decisions: int
    accepted: int
    held_out: int
    before: Scores  # the shipped calibration on the held-out decisions
    after: Scores  # the model fitted without them


class NotEnoughDecisions(ValueError):
    pass


def score(coefficients: Sequence[float], decisions: Sequence[Decision]) -> Scores:
    if not decisions:
        return Scores(0.0, 0.0, None)
    predicted = [(confidence(d.inputs, coefficients), d.accepted) for d in decisions]
    eps = 1e-6
    loss = -sum(math.log(max(eps, p)) if y else math.log(max(eps, 1 - p)) for p, y in predicted) / len(predicted)
    right = sum((p >= 0.5) == y for p, y in predicted) / len(predicted)
    top = sorted(predicted, key=lambda pair: -pair[0])[: max(1, len(predicted) // 2)]
    return Scores(loss, right, sum(y for _, y in top) / len(top))


def retrain(decisions: Sequence[Decision]) -> Retrained:
    usable = [d for d in decisions if len(d.inputs) == len(COEFFICIENTS)]
    accepted = sum(d.accepted for d in usable)
    if len(usable) < MIN_DECISIONS or accepted == 0 or accepted == len(usable):
        raise NotEnoughDecisions(
            f"{len(usable)} decisions ({accepted} accepted) are too few to learn from; decide at least "
            f"{MIN_DECISIONS}, some accepted and some rejected, in `tracker inbox`"
        )
    held = [d for d in usable if d.id % HOLD_OUT_EVERY == 0]
    train = [d for d in usable if d.id % HOLD_OUT_EVERY != 0]
    fitted = fit_logistic([d.inputs for d in train], [d.accepted for d in train]) if train else COEFFICIENTS
    final = fit_logistic([d.inputs for d in usable], [d.accepted for d in usable])
    return Retrained(
        coefficients=final, decisions=len(usable), accepted=accepted, held_out=len(held),
        before=score(COEFFICIENTS, held), after=score(fitted, held),
    )
