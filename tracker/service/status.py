"""Use case: append status entries (history is never edited) and read them back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tracker.domain import rules
from tracker.domain.models import Confidence, Status, StatusChange
from tracker.errors import InvalidInput
from tracker.service.context import Context
from tracker.service.evidence import get_evidence
from tracker.service.parsing import parse_confidence, parse_int_id, parse_status, parse_user_date
from tracker.store.repository import Repository


def set_status(
    ctx: Context, obligation_id: str, status: str | Status, *, effective: str | dt.date, because: str,
    evidence_ids: Sequence[int | str] = (), confidence: str | Confidence = Confidence.MEDIUM,
    recorded_at: dt.datetime | None = None,
) -> StatusChange:
    obligation = ctx.obligation(obligation_id)
    status_value = parse_status(status)
    confidence_value = parse_confidence(confidence)
    agreement = ctx.agreement_for(obligation)
    effective_on = effective if isinstance(effective, dt.date) else parse_user_date(effective, "effective date")
    if effective_on < agreement.signed_on:
        raise InvalidInput(
            f"effective date {effective_on} is before the agreement was signed ({agreement.signed_on}); "
            "give a date on or after signing"
        )
    stamp = recorded_at or ctx.clock.now()
    if effective_on > stamp.date():
        raise InvalidInput(f"effective date {effective_on} is in the future; record what is true as of today or earlier")
    problem = rules.rationale_problem(because)
    if problem:
        raise InvalidInput(problem)
    ids = sorted({parse_int_id(e, "evidence") for e in evidence_ids})
    for eid in ids:
        item = get_evidence(ctx, eid)
        if item.obligation_id != obligation.id:
            raise InvalidInput(
                f"evidence {eid} belongs to '{item.obligation_id}', not '{obligation.id}'; cite evidence of this obligation"
            )
        if item.retracted:
            raise InvalidInput(f"evidence {eid} is retracted; cite evidence that still stands")
    values = {
        "obligation_id": obligation.id, "status": status_value.value, "confidence": confidence_value.value,
        "effective_on": effective_on, "recorded_at": stamp, "rationale": because.strip(),
        "evidence_ids": ids, "author": ctx.author,
    }

    def work(repo: Repository) -> StatusChange:
        return repo.append_status(values)

    return ctx.store.write(work)


def history(ctx: Context, obligation_id: str) -> list[StatusChange]:
    obligation = ctx.obligation(obligation_id)
    with ctx.store.read() as repo:
        return repo.history(obligation.id)


def all_history(ctx: Context) -> dict[str, list[StatusChange]]:
    with ctx.store.read() as repo:
        return repo.all_history()
