"""Use case: link quoted passages to obligations, retract them, accept suggestions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tracker.domain import rules
from tracker.domain.anchoring import AnchorError, find_all, locate, selectors_for
from tracker.domain.evidence_groups import echo_leaders
from tracker.domain.models import CORRECTABLE, Evidence, EvidenceCorrection, Source, Stance
from tracker.domain.observation import observation_problem
from tracker.domain.records import EvidenceView
from tracker.domain.text import overlaps_chrome
from tracker.domain.versions import with_corrections
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
        stored = repo.append_evidence(values, source_sha256=source.sha256)
        repo.take_suggestion(values["obligation_id"], source.id, values["start"], values["end"],
                             evidence_id=stored.id, by=ctx.author, at=stored.created_at)
        return stored

    return ctx.store.write(work)


def _original(ctx: Context, evidence_id: int | str) -> tuple[Evidence, list[EvidenceCorrection]]:
    """An evidence item as first recorded, and its corrections in order."""
    eid = parse_int_id(evidence_id, "evidence")
    with ctx.store.read() as repo:
        found = repo.evidence(eid)
        if found is None:
            ids = [str(i) for i in repo.evidence_ids()]
            raise NotFound(unknown_message("evidence", str(evidence_id), ids, "see `tracker show OBLIGATION`"))
        return found, repo.corrections({eid})


def get_evidence(ctx: Context, evidence_id: int | str) -> Evidence:
    """An evidence item at its latest version."""
    original, corrections = _original(ctx, evidence_id)
    return with_corrections([original], corrections)[0]


def evidence_history(ctx: Context, evidence_id: int | str) -> tuple[Evidence, list[EvidenceCorrection]]:
    """Every version of an evidence item: as first recorded, then each correction."""
    return _original(ctx, evidence_id)


def correct_evidence(
    ctx: Context, evidence_id: int | str, *, reason: str, stance: str | Stance | None = None,
    claimant: str | None = None, observed_on: str | dt.date | None = None, value: float | str | None = None,
    note: str | None = None, force: str | None = None, at: dt.datetime | None = None,
) -> Evidence:
    """Append a new version of an evidence item's reading; earlier versions are kept.
    Fields not given keep their current value; an empty string clears a text field."""
    if not (reason or "").strip():
        raise InvalidInput("a correction needs a reason; give --reason 'what was wrong'")
    current = get_evidence(ctx, evidence_id)
    if current.retracted:
        raise InvalidInput(f"evidence {current.id} is retracted; a retracted item cannot be corrected")
    source = get_source(ctx, current.source_id)
    obligation = ctx.obligation(current.obligation_id)
    new_observed = current.observed_on if observed_on is None else parse_observed(observed_on, source.published_on)
    if observed_on is not None and new_observed is not None:
        problem = observation_problem(new_observed, source.published_on, ctx.agreement_for(obligation).signed_on)
        if problem and not (force or "").strip():
            raise InvalidInput(f"{problem}; give --force 'reason' to record it anyway")
    values = {
        "stance": parse_stance(stance).value if stance is not None else current.stance.value,
        "claimant": current.claimant if claimant is None else (claimant.strip() or None),
        "observed_on": new_observed,
        "value": current.value if value is None else parse_value(value),
        "note": current.note if note is None else (note.strip() or None),
    }
    changed = [name for name in CORRECTABLE if values[name] != getattr(current, name)]
    if not changed:
        raise InvalidInput(
            f"that changes nothing in evidence {current.id}; give a new --stance, --claimant, --observed-on, "
            "--value or --note"
        )
    stamp = at or ctx.clock.now()

    def work(repo: Repository) -> Evidence:
        repo.append_correction(current.id, {
            **values, "reason": reason.strip(), "author": ctx.author, "corrected_at": stamp,
        })
        original = repo.evidence(current.id)
        assert original is not None
        return with_corrections([original], repo.corrections({current.id}))[0]

    return ctx.store.write(work)


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
    ctx: Context, obligation_id: str | tuple[str, ...] | None = None, source_id: int | None = None, *, mark: bool = True,
    known_by: dt.datetime | None = None,
) -> list[EvidenceView]:
    """Evidence (of an obligation, of a source, or all) at its latest version as
    recorded by `known_by` (now when None), retracted items included and marked."""
    with ctx.store.read() as repo:
        views = repo.evidence_views(obligation_id, source_id)
        corrections = repo.corrections({v.evidence.id for v in views}) if views else []
    if corrections:
        corrected = with_corrections([v.evidence for v in views], corrections, known_by)
        views = [EvidenceView(e, v.source_title, v.source_outlet, v.echo_of) for e, v in zip(corrected, views, strict=True)]
    return mark_echoes(views) if mark else views


def all_corrections(ctx: Context) -> list[EvidenceCorrection]:
    with ctx.store.read() as repo:
        return repo.corrections()


def all_evidence(ctx: Context) -> list[Evidence]:
    with ctx.store.read() as repo:
        items = repo.all_evidence()
        corrections = repo.corrections()
    return with_corrections(items, corrections)


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
