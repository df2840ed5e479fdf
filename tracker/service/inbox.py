"""Use case: the triage inbox. Suggestions are computed once when a source is
added and kept; the analyst accepts (as evidence), rejects (with a reason,
never suggested again for that span and obligation) or leaves them open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from tracker.domain import rules
from tracker.domain.models import Evidence
from tracker.domain.records import InboxPage, InboxSource, StoredSuggestion
from tracker.errors import InvalidInput, NotFound
from tracker.service.context import Context
from tracker.service.evidence import add_evidence
from tracker.service.learning import learned_coefficients
from tracker.service.parsing import parse_int_id
from tracker.service.sources import get_source
from tracker.store.repository import Repository

if TYPE_CHECKING:
    from tracker.domain.models import Catalogue
    from tracker.domain.suggest import Suggestion

# (What the inbox keeps per source and obligation is tracker.workers.suggest.INBOX_TOP_K.)


_UNSET: tuple[float, ...] = ()


def index_source(ctx: Context, source_id: int, *, learned: tuple[float, ...] | None = _UNSET) -> int:
    """Compute a source's suggestions and keep the new ones open; returns how many were kept.

    `learned`: the confidence model, when the caller has read it already (a batch reads it once)."""
    catalogue = ctx.catalogue()
    source = get_source(ctx, source_id)
    model = learned_coefficients(ctx) if learned is _UNSET else learned
    found = suggestions_of(source.text, source.published_on, catalogue, model)
    return keep_suggestions(ctx, source.id, found)


def suggestions_of(text: str, published_on: dt.date | None, catalogue: Catalogue,
                   learned: tuple[float, ...] | None) -> list[Suggestion]:
    """What the inbox keeps of one text (tracker.workers.suggest: a worker process may run it)."""
    from tracker.workers.suggest import inbox_suggestions

    return inbox_suggestions(text, published_on, catalogue, learned)


def keep_suggestions(ctx: Context, source_id: int, found: Sequence[Suggestion]) -> int:
    """Store a source's computed suggestions, except passages already evidence."""
    now = ctx.clock.now()

    def work(repo: Repository) -> int:
        stored = repo.evidence_spans(source_id)
        rows = [
            {
                "obligation_id": s.obligation, "start": s.start, "end": s.end, "exact": s.exact,
                "score": float(s.score), "confidence": float(s.confidence), "stance": s.stance,
                "claimant": s.claimant, "via": s.via, "observed_on": s.observed_on, "level": s.level,
                "explanation": s.explanation, "features": list(s.confidence_inputs),
            }
            for s in found if not _covered(s.obligation, s.start, s.end, stored)  # already evidence: nothing to decide
        ]
        return repo.store_suggestions(source_id, rows, now)

    return ctx.store.write(work)


def _covered(obligation_id: str, start: int, end: int, stored: set[tuple[str, int, int]]) -> bool:
    """The passage is (mostly) evidence for that obligation already: half of either span overlaps."""
    for other, a, b in stored:
        if other == obligation_id:
            overlap = min(end, b) - max(start, a)
            if overlap > 0 and overlap * 2 >= min(end - start, b - a):
                return True
    return False


def index_pending(ctx: Context, on_source: Callable[[int, int, int], None] | None = None) -> int:
    """Suggestions for every source that has none computed yet (sources added before the inbox)."""
    with ctx.store.read() as repo:
        pending = repo.unsuggested_source_ids()
    total = 0
    for number, source_id in enumerate(pending, start=1):
        total += index_source(ctx, source_id)
        if on_source:
            on_source(number, len(pending), source_id)
    return total


def inbox(ctx: Context, limit: int | None = None) -> list[InboxSource]:
    """Sources with open suggestions, by id (the first `limit`)."""
    with ctx.store.read() as repo:
        return repo.inbox_sources(limit)


def inbox_counts(ctx: Context) -> tuple[int, int]:
    """(sources with open suggestions, open suggestions)."""
    with ctx.store.read() as repo:
        return repo.inbox_counts()


def inbox_page(ctx: Context, after: tuple[int, float, int] | None = None, limit: int = 200) -> InboxPage:
    """The next `limit` open suggestions in triage order after `after` (the
    key of the last one shown), with their sources' titles: a large inbox
    is walked a page at a time, never read whole."""
    with ctx.store.read() as repo:
        items = repo.open_suggestions_after(after, limit + 1)
        more = len(items) > limit
        items = items[:limit]
        titles = repo.source_titles(i.source_id for i in items)
        total = repo.open_count()
    return InboxPage(tuple(items), titles, total, more)


def awaiting(ctx: Context) -> int:
    with ctx.store.read() as repo:
        return repo.open_count()


def open_suggestions(ctx: Context, source_id: int | str | None = None) -> list[StoredSuggestion]:
    sid = get_source(ctx, source_id).id if source_id is not None else None
    with ctx.store.read() as repo:
        return repo.stored_suggestions(sid)


def rejected_spans(ctx: Context, source_id: int) -> set[tuple[str, int, int]]:
    with ctx.store.read() as repo:
        return {key for key, state in repo.suggestion_states(source_id).items() if state == "rejected"}


def _stored(ctx: Context, suggestion_id: int | str) -> StoredSuggestion:
    sid = parse_int_id(suggestion_id, "suggestion")
    with ctx.store.read() as repo:
        found = repo.stored_suggestion(sid)
    if found is None:
        raise NotFound(f"unknown suggestion {suggestion_id}; see `tracker inbox`")
    if found.state != "open":
        by = f" by {found.decided_by}" if found.decided_by else ""
        raise InvalidInput(f"suggestion {found.id} was already {found.state}{by}; nothing to decide")
    return found


def accept(ctx: Context, suggestion_id: int | str, *, changes: dict[str, Any] | None = None) -> Evidence:
    """Store an open suggestion as evidence (optionally edited: stance, claimant, observed_on, value, note)."""
    item = _stored(ctx, suggestion_id)
    source = get_source(ctx, item.source_id)
    edits = changes or {}
    evidence = add_evidence(
        ctx, item.obligation_id, source.id, item.exact, start=item.start, end=item.end,
        stance=edits.get("stance") or item.stance,
        claimant=edits.get("claimant", item.claimant),
        observed_on=edits.get("observed_on") or item.observed_on or source.published_on,
        value=edits.get("value", item.level),
        note=edits.get("note") or rules.suggestion_note(item.explanation),
    )
    now = ctx.clock.now()

    def work(repo: Repository) -> None:
        repo.decide_suggestion(item.id, "accepted", by=ctx.author, at=now, reason=None, evidence_id=evidence.id)

    ctx.store.write(work)
    return evidence


def reject(ctx: Context, suggestion_id: int | str, *, reason: str | None = None) -> StoredSuggestion:
    """Reject an open suggestion; its span is never suggested again for that obligation."""
    item = _stored(ctx, suggestion_id)
    now = ctx.clock.now()

    def work(repo: Repository) -> None:
        repo.decide_suggestion(item.id, "rejected", by=ctx.author, at=now, reason=(reason or "").strip() or None)

    ctx.store.write(work)
    with ctx.store.read() as repo:
        decided = repo.stored_suggestion(item.id)
    assert decided is not None
    return decided
