"""Use case: append status entries (history is never edited) and read them back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from tracker.domain import rules
from tracker.domain.models import ANALYST, Confidence, Status, StatusChange, StatusReview, Verdict
from tracker.errors import InvalidInput, NotFound
from tracker.service.context import Context
from tracker.service.evidence import get_evidence
from tracker.service.parsing import (
    parse_confidence,
    parse_int_id,
    parse_status,
    parse_user_date,
    unknown_message,
)
from tracker.store.repository import Repository

REASONED = {Status.STALLED, Status.BREACHED}


def parse_assessor(ctx: Context, assessor: str | None) -> str:
    """The analyst (default), a party id or a monitor id from the catalogue."""
    if assessor is None or not assessor.strip():
        return ANALYST
    known = ctx.catalogue().assessor_ids()
    if assessor not in known:
        raise InvalidInput(unknown_message("assessor", assessor, list(known),
                                           "assessors are the analyst, the parties and the monitors in obligations.yaml"))
    return assessor


def check_reason_code(ctx: Context, code: str | None, status: Status, lapsed: bool) -> str | None:
    """A reason code from the catalogue's list, on stalled or breached entries (or when the agreement has ended)."""
    if code is None or not code.strip():
        return None
    codes = [r.id for r in ctx.catalogue().reason_codes]
    if code not in codes:
        raise InvalidInput(unknown_message("reason code", code, codes, "reason codes are listed in obligations.yaml"))
    if status not in REASONED and not lapsed:
        raise InvalidInput(
            f"a reason code explains a stalled, breached or lapsed obligation, not '{status.value}'; "
            "drop --reason-code or record stalled or breached"
        )
    return code


def set_status(
    ctx: Context, obligation_id: str, status: str | Status, *, effective: str | dt.date, because: str,
    evidence_ids: Sequence[int | str] = (), confidence: str | Confidence = Confidence.MEDIUM,
    recorded_at: dt.datetime | None = None, assessor: str | None = None, reason_code: str | None = None,
) -> StatusChange:
    obligation = ctx.obligation(obligation_id)
    status_value = parse_status(status)
    confidence_value = parse_confidence(confidence)
    who = parse_assessor(ctx, assessor)
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
    ended = agreement.ended_on is not None and effective_on >= agreement.ended_on
    code = check_reason_code(ctx, reason_code, status_value, ended)
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
        "obligation_id": obligation.id, "assessor": who, "status": status_value.value,
        "confidence": confidence_value.value, "effective_on": effective_on, "recorded_at": stamp,
        "rationale": because.strip(), "evidence_ids": ids, "author": ctx.author, "reason_code": code,
    }

    def work(repo: Repository) -> StatusChange:
        return repo.append_status(values)

    return ctx.store.write(work)


def history(ctx: Context, obligation_id: str, assessor: str | None = ANALYST) -> list[StatusChange]:
    """One obligation's entries by one assessor (the analyst's by default; None: everyone's)."""
    obligation = ctx.obligation(obligation_id)
    with ctx.store.read() as repo:
        return repo.history(obligation.id, assessor)


def all_history(ctx: Context, assessor: str | None = ANALYST) -> dict[str, list[StatusChange]]:
    with ctx.store.read() as repo:
        return repo.all_history(assessor)


def review_status(
    ctx: Context, obligation_id: str, seq: int | str, *, approve: bool, because: str | None,
    assessor: str | None = None, at: dt.datetime | None = None,
) -> StatusReview:
    """A second analyst approves or objects to a status entry (never its own author)."""
    obligation = ctx.obligation(obligation_id)
    who = parse_assessor(ctx, assessor)
    number = parse_int_id(seq, "status entry")
    reason = (because or "").strip()
    if not approve and not reason:
        raise InvalidInput("an objection needs a reason; give --because 'what is wrong with the entry'")
    with ctx.store.read() as repo:
        entry = repo.status_entry(obligation.id, who, number)
        count = len(repo.history(obligation.id, who))
    if entry is None:
        raise NotFound(
            f"'{obligation.id}' has no status entry {number}" + (f" by {who}" if who != ANALYST else "")
            + f" (it has {count}); see `tracker status history {obligation.id}`"
        )
    if entry.author == ctx.author:
        raise InvalidInput(
            f"entry {number} of '{obligation.id}' was recorded by {ctx.author}; a second review must come from "
            "someone else (--author NAME)"
        )
    values = {
        "obligation_id": obligation.id, "assessor": who, "seq": number,
        "verdict": (Verdict.APPROVE if approve else Verdict.OBJECT).value, "because": reason or "approved",
        "author": ctx.author, "reviewed_at": at or ctx.clock.now(),
    }
    return ctx.store.write(lambda repo: repo.append_review(values, entry_hash=entry.hash))


def all_reviews(ctx: Context, obligation_id: str | None = None) -> list[StatusReview]:
    with ctx.store.read() as repo:
        return repo.reviews(obligation_id)
