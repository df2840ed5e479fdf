"""Use case: import articles as sources, read them back, correct their details."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from tracker import config
from tracker.domain.article import read_meta
from tracker.domain.models import Source, SourceEdit
from tracker.domain.records import SourceSummary
from tracker.domain.text import chrome_spans, is_text_printable, unify_newlines
from tracker.errors import InvalidInput, NotFound
from tracker.service.context import Context
from tracker.service.models import AddedSource, IntakeOutcome, SourceInput
from tracker.service.parsing import parse_int_id, unknown_message
from tracker.store.repository import Repository

if TYPE_CHECKING:
    from tracker.intake.batch import IntakeResult
    from tracker.service.suggest_pool import SuggestionPipeline

EDITABLE = ("title", "outlet", "published_on", "url", "author")


def add_targets(
    ctx: Context, targets: Sequence[str], *, title: str | None = None, outlet: str | None = None,
    url: str | None = None, published_on: dt.date | None = None, author: str | None = None,
    on_item: Callable[[IntakeOutcome, int, int], None] | None = None, stdin: BinaryIO | None = None,
    client: Any = None, triage: bool = True,
) -> list[IntakeOutcome]:
    """Files, folders, '-' and http(s) URLs, each read and stored on its own.

    One bad item never stops the others and never leaves a half-written source
    (each source is one transaction). `on_item(outcome, done, total)` is called
    as each item ends, so a shell can show progress.
    """
    from tracker.intake import IntakeLimits, expand, read_items

    items = expand(targets)
    limits = IntakeLimits.from_env()
    outcomes: list[IntakeOutcome] = []
    learned: tuple[float, ...] | None = None
    if triage:
        from tracker.service.learning import learned_coefficients

        learned = learned_coefficients(ctx)  # read once for the batch
    from tracker.service.suggest_pool import SuggestionPipeline

    with SuggestionPipeline(ctx, learned, len(items) if triage else 0) as pipeline:
        for result in read_items(items, limits=limits, client=client, stdin=stdin):
            outcome = _add_one(ctx, result, pipeline if triage else None, title=title, outlet=outlet, url=url,
                               published_on=published_on, author=author)
            outcomes.append(outcome)
            if on_item:
                on_item(outcome, len(outcomes), len(items))
    if pipeline.unsuggested:
        outcomes = [
            replace(o, warnings=(*o.warnings, f"{SUGGESTIONS_FAILED} ({pipeline.unsuggested[o.added.id]}); "
                                              "the source is kept; please report it"))
            if o.added is not None and o.added.id in pipeline.unsuggested else o
            for o in outcomes
        ]
    return outcomes


# The start of the note on a source whose suggestions could not be computed.
SUGGESTIONS_FAILED = "its suggestions could not be computed"


def _add_one(ctx: Context, result: IntakeResult, pipeline: SuggestionPipeline | None, *, title: str | None, outlet: str | None,
             url: str | None, published_on: dt.date | None, author: str | None) -> IntakeOutcome:
    """One item read by intake: stored as a source (its suggestions handed to
    `pipeline`), or the one-line reason it was not."""
    if result.document is None:
        return IntakeOutcome(result.item.label, error=str(result.error))
    document = result.document
    item = SourceInput(
        text=document.text, name=document.name, title=title, outlet=outlet, author=author, url=url,
        published_on=published_on, kind=document.kind.value, extractor=document.extractor,
        original=document.original.data, original_media_type=document.original.media_type,
        page_starts=tuple(start for start, _ in document.pages), canonical_url=document.canonical_url,
        redirects=document.redirects, found_title=document.title, found_outlet=document.outlet,
        found_author=document.author, found_url=document.url, found_published_on=document.published_on,
    )
    try:
        added = add_source(ctx, item)
        if added.created and pipeline is not None:
            stored = get_source(ctx, added.id)  # the text as kept (newlines unified)
            pipeline.add(added.id, stored.text, stored.published_on)  # its suggestions wait in the inbox
    except InvalidInput as exc:
        return IntakeOutcome(result.item.label, error=str(exc))
    return IntakeOutcome(
        result.item.label, added=AddedSource(added.id, added.created, added.title, result.item.label, added.differs),
        warnings=document.warnings,
    )


def add_source_files(
    ctx: Context, paths: Sequence[Path], *, title: str | None = None, outlet: str | None = None,
    url: str | None = None, published_on: dt.date | None = None, author: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_added: Callable[[AddedSource], None] | None = None,
) -> list[AddedSource]:
    """Import files (any kind intake reads); the first failure is raised after the others are stored."""
    added: list[AddedSource] = []
    failures: list[str] = []

    def each(outcome: IntakeOutcome, done: int, total: int) -> None:
        if outcome.added is not None:
            added.append(outcome.added)
            if on_added:
                on_added(outcome.added)
        elif outcome.error:
            failures.append(outcome.error)
        if progress:
            progress(done, total)

    add_targets(ctx, [str(p) for p in paths], title=title, outlet=outlet, url=url, published_on=published_on,
                author=author, on_item=each)
    if failures:
        more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
        raise InvalidInput(failures[0] + more)
    return added


def add_source(ctx: Context, item: SourceInput) -> AddedSource:
    """Store one article; the same text, or the same original, twice is one source."""
    text_value = unify_newlines(item.text)
    name = item.name or "the source"
    if not text_value.strip():
        raise InvalidInput(f"{name} is empty; give a file with the article's text")
    if not is_text_printable(text_value):
        raise InvalidInput(f"{name} looks binary, not plain text; save the article as UTF-8 text")
    limit = config.max_source_bytes()
    if len(text_value.encode("utf-8")) > limit:
        raise InvalidInput(f"{name} is larger than {limit} bytes; split it or raise TRACKER_MAX_SOURCE_BYTES")
    digest = hashlib.sha256(text_value.encode("utf-8")).hexdigest()
    original_digest = hashlib.sha256(item.original).hexdigest() if item.original is not None else None
    # Guesses from the text only where neither the user nor the document's own metadata says.
    meta = read_meta(text_value) if item.kind == "text" else None
    chrome = chrome_spans(text_value)
    values: dict[str, Any] = {
        "title": item.title or item.found_title or (meta.title if meta else None) or item.name or "untitled",
        "outlet": item.outlet or item.found_outlet or (meta.outlet if meta else None),
        "author": item.author or item.found_author or (meta.author if meta else None),
        "url": item.url or item.found_url,
        "published_on": item.published_on or item.found_published_on or (meta.published_on if meta else None),
    }
    given = {"title": item.title, "outlet": item.outlet, "author": item.author, "url": item.url,
             "published_on": item.published_on}
    now = ctx.clock.now()

    def work(repo: Repository) -> AddedSource:
        existing = repo.source_by_sha256(digest)
        if existing is None and original_digest is not None:
            existing = repo.source_by_original(original_digest)
        if existing is not None:
            differs = tuple(
                key for key, value in given.items() if value is not None and getattr(existing, key) != value
            )
            return AddedSource(existing.id, False, existing.title, differs=differs)
        if item.original is not None and original_digest is not None:
            repo.keep_original(original_digest, item.original_media_type or "application/octet-stream", item.original)
        stored = repo.insert_source(
            sha256=digest, retrieved_at=now, filename=item.name, text=text_value,
            chrome=[list(span) for span in chrome], added_by=ctx.author, kind=item.kind, extractor=item.extractor,
            original_sha256=original_digest, page_starts=list(item.page_starts) or None,
            canonical_url=item.canonical_url, redirects=list(item.redirects) or None, **values,
        )
        return AddedSource(stored.id, True, stored.title)

    return ctx.store.write(work)


def get_source(ctx: Context, source_id: int | str) -> Source:
    sid = parse_int_id(source_id, "source")
    with ctx.store.read() as repo:
        found = repo.source(sid)
        if found is None:
            ids = [str(i) for i in repo.source_ids()]
            raise NotFound(unknown_message("source", str(source_id), ids, "see `tracker sources list`"))
        return found


def source_original(ctx: Context, source_id: int | str) -> tuple[Source, str, bytes]:
    """The bytes a source was read from, with their media type."""
    source = get_source(ctx, source_id)
    if source.original_sha256 is None:
        raise InvalidInput(
            f"source {source.id} was added before originals were kept (or from pasted text); "
            "its stored text is all there is: `tracker sources show " f"{source.id}`"
        )
    with ctx.store.read() as repo:
        found = repo.original(source.original_sha256)
    if found is None:
        raise InvalidInput(f"source {source.id}: its original is missing from the database; run `tracker verify`")
    return source, found[0], found[1]


def edit_source(
    ctx: Context, source_id: int | str, changes: dict[str, Any], *, reason: str | None = None,
) -> list[SourceEdit]:
    """Correct a source's details; each change is logged with the value it replaced."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise InvalidInput(f"cannot edit '{unknown[0]}' of a source; editable: {', '.join(EDITABLE)}")
    wanted = {key: value for key, value in changes.items() if value is not None}
    if not wanted:
        raise InvalidInput("nothing to change; give --title, --outlet, --published, --url or --author")
    if "title" in wanted and not str(wanted["title"]).strip():
        raise InvalidInput("a source's title cannot be empty; give the article's title")
    for key in ("outlet", "url", "author"):
        if key in wanted and not str(wanted[key]).strip():
            wanted[key] = None  # an empty value clears the field
    source = get_source(ctx, source_id)
    now = ctx.clock.now()

    def work(repo: Repository) -> list[SourceEdit]:
        return repo.edit_source(source.id, wanted, reason=reason, by=ctx.author, at=now)

    return ctx.store.write(work)


def source_edits(ctx: Context, source_id: int | str | None = None) -> list[SourceEdit]:
    sid = get_source(ctx, source_id).id if source_id is not None else None
    with ctx.store.read() as repo:
        return repo.source_edits(sid)


def list_sources(ctx: Context) -> list[SourceSummary]:
    with ctx.store.read() as repo:
        return repo.source_summaries()
