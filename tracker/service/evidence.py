"""Use case: link quoted passages to obligations, retract them, accept suggestions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tracker.domain import rules
from tracker.domain.anchoring import AnchorError, find_all, locate, selectors_for
from tracker.domain.evidence_groups import echo_leaders
from tracker.domain.models import Evidence, Source, Stance
from tracker.domain.observation import observation_problem
from tracker.domain.records import EvidenceView
from tracker.domain.text import overlaps_chrome
from tracker.errors import InvalidInput, NotFound
from tracker.service.context import Context
from tracker.service.parsing import parse_int_id, parse_observed, parse_stance, parse_value, unknown_message
from tracker.service.sources import get_source
from tracker.store.repository import Repository

if TYPE_CHECKING:
    from tracker.domain.suggest import Suggestion

FURNITURE = "that passage of source {id} is page furniture (menus, share links), not article text; quote the article"


def _span_of_quote(source: Source, quote: str, prefix: str, suffix: str) -> tuple[int, int]:
    """Where the quote is in the article text, never in page furniture."""
    spans = find_all(source.text, quote)
    article_spans = [s for s in spans if not overlaps_chrome(*s, source.chrome)]
    if spans and not article_spans:
        raise InvalidInput(FURNITURE.format(id=source.id))
    if len(article_spans) == 1 and len(spans) > 1:
        return article_spans[0]
    try:
        anchor = locate(source.text, quote, prefix, suffix)
    except AnchorError as exc:
        raise InvalidInput(f"{exc} (source {source.id})") from None
    return anchor.start, anchor.end


def refuse_duplicate(repo: Repository, obligation_id: str, source_id: int, span: tuple[int, int]) -> None:
    """The one guard against storing the same passage twice for one obligation."""
    existing = repo.evidence_with_span(obligation_id, source_id, *span)
    if existing is not None:
        raise InvalidInput(rules.duplicate_message(obligation_id, source_id, existing.id))


def prepare_evidence(
    ctx: Context, obligation_id: str, source: Source, quote: str, *, prefix: str = "",
    suffix: str = "", stance: str | Stance = Stance.CONTEXT, claimant: str | None = None,
    observed_on: str | dt.date | None = None, value: float | str | None = None,
    note: str | None = None, start: int | None = None, end: int | None = None,
    created_at: dt.datetime | None = None, force: str | None = None,
) -> dict[str, Any]:
    """Check one evidence item and return the row to append (nothing is written).

    An observation dated after its article, or before the agreement, is refused
    unless `force` gives the reason; the reason is kept in the note."""
    obligation = ctx.obligation(obligation_id)
    stance_value = parse_stance(stance)
    if start is not None and end is not None:
        if not (0 <= start < end <= len(source.text)):
            raise InvalidInput(f"span {start}-{end} is outside source {source.id} (length {len(source.text)})")
        span = (start, end)
    else:
        span = _span_of_quote(source, quote, prefix, suffix)
    if overlaps_chrome(span[0], span[1], source.chrome):
        raise InvalidInput(FURNITURE.format(id=source.id))
    observed = parse_observed(observed_on, source.published_on)
    if observed is not None:
        problem = observation_problem(observed, source.published_on, ctx.agreement_for(obligation).signed_on)
        if problem and not (force or "").strip():
            raise InvalidInput(f"{problem}; give --force 'reason' to record it anyway")
        if problem:
            note = f"{note.strip()} " if note and note.strip() else ""
            note += f"[observed date kept on purpose: {(force or '').strip()}]"
    number = parse_value(value)
    quote_selector, position = selectors_for(source.text, *span)
    return {
        "obligation_id": obligation.id, "source_id": source.id, "exact": quote_selector.exact,
        "prefix": quote_selector.prefix, "suffix": quote_selector.suffix, "start": position.start,
        "end": position.end, "stance": stance_value.value, "claimant": (claimant or "").strip() or None,
        "observed_on": observed, "value": number, "note": (note or "").strip() or None,
        "author": ctx.author, "created_at": created_at or ctx.clock.now(),
    }


def add_evidence(
    ctx: Context, obligation_id: str, source_id: int | str, quote: str, *, prefix: str = "",
    suffix: str = "", stance: str | Stance = Stance.CONTEXT, claimant: str | None = None,
    observed_on: str | dt.date | None = None, value: float | str | None = None,
    note: str | None = None, start: int | None = None, end: int | None = None,
    created_at: dt.datetime | None = None, force: str | None = None,
) -> Evidence:
    source = get_source(ctx, source_id)
    values = prepare_evidence(
        ctx, obligation_id, source, quote, prefix=prefix, suffix=suffix, stance=stance, claimant=claimant,
        observed_on=observed_on, value=value, note=note, start=start, end=end, created_at=created_at,
        force=force,
    )

    def work(repo: Repository) -> Evidence:
        refuse_duplicate(repo, values["obligation_id"], source.id, (values["start"], values["end"]))
        return repo.append_evidence(values, source_sha256=source.sha256)

    return ctx.store.write(work)


def get_evidence(ctx: Context, evidence_id: int | str) -> Evidence:
    eid = parse_int_id(evidence_id, "evidence")
    with ctx.store.read() as repo:
        found = repo.evidence(eid)
        if found is None:
            ids = [str(i) for i in repo.evidence_ids()]
            raise NotFound(unknown_message("evidence", str(evidence_id), ids, "see `tracker show OBLIGATION`"))
        return found


def retract_evidence(ctx: Context, evidence_id: int | str, reason: str, *, at: dt.datetime | None = None) -> Evidence:
    problem = rules.retraction_problem(reason)
    if problem:
        raise InvalidInput(problem)
    item = get_evidence(ctx, evidence_id)
    if item.retracted_at is not None:
        raise InvalidInput(f"evidence {item.id} was already retracted on {item.retracted_at:%Y-%m-%d}; nothing to do")
    stamp = at or ctx.clock.now()

    def work(repo: Repository) -> Evidence:
        current = repo.evidence(item.id)
        if current is not None and current.retracted:
            raise InvalidInput(f"evidence {item.id} was already retracted; nothing to do")
        return repo.append_retraction(item.id, reason=reason.strip(), author=ctx.author, at=stamp)

    return ctx.store.write(work)


def mark_echoes(views: list[EvidenceView]) -> list[EvidenceView]:
    leaders = echo_leaders([v.evidence for v in views])
    return [
        EvidenceView(v.evidence, v.source_title, v.source_outlet,
                     leaders.get(v.evidence.id) if leaders.get(v.evidence.id) != v.evidence.id else None)
        for v in views
    ]


def evidence_for(
    ctx: Context, obligation_id: str | None = None, source_id: int | None = None, *, mark: bool = True
) -> list[EvidenceView]:
    with ctx.store.read() as repo:
        views = repo.evidence_views(obligation_id, source_id)
    return mark_echoes(views) if mark else views


def all_evidence(ctx: Context) -> list[Evidence]:
    with ctx.store.read() as repo:
        return repo.all_evidence()


def accept_suggestion(ctx: Context, source_id: int, suggestion: Suggestion) -> Evidence:
    """Store a suggestion as evidence, with its stance, claimant, date and number."""
    source = get_source(ctx, source_id)
    return add_evidence(
        ctx, suggestion.obligation, source.id, suggestion.exact, start=suggestion.start, end=suggestion.end,
        stance=suggestion.stance, claimant=suggestion.claimant,
        observed_on=suggestion.observed_on or source.published_on,
        value=suggestion.level,  # only a level reached is a metric value, never a target or a change
        note=rules.suggestion_note(suggestion.explanation),
    )
