"""Use case: learn the confidence model from triage decisions, and read it back."""

from __future__ import annotations

from typing import Any

from tracker.domain.learning import Decision, NotEnoughDecisions, Retrained, retrain
from tracker.errors import InvalidInput
from tracker.service.context import Context
from tracker.store.repository import Repository


def learned_coefficients(ctx: Context) -> tuple[float, ...] | None:
    """The newest model's coefficients, or None when the rules alone rank."""
    with ctx.store.read() as repo:
        found = repo.ranking_model()
    return found[0] if found else None


def model_info(ctx: Context) -> dict[str, Any] | None:
    with ctx.store.read() as repo:
        found = repo.ranking_model()
    return found[1] if found else None


def retrain_model(ctx: Context) -> tuple[int, Retrained]:
    """Fit on every decision so far (held-out check included) and keep the model."""
    with ctx.store.read() as repo:
        decided = [s for s in repo.stored_suggestions(state=None) if s.state in ("accepted", "rejected")]
    decisions = [Decision(s.id, s.features, s.state == "accepted") for s in decided if s.features]
    try:
        result = retrain(decisions)
    except NotEnoughDecisions as exc:
        raise InvalidInput(str(exc)) from None
    now = ctx.clock.now()
    metrics = {"held_out": result.held_out, "accepted": result.accepted,
               "before": result.before.as_dict(), "after": result.after.as_dict()}

    def work(repo: Repository) -> int:
        return repo.save_ranking_model(result.coefficients, decisions=result.decisions, metrics=metrics,
                                       by=ctx.author, at=now)

    return ctx.store.write(work), result
