"""Use case: import articles as sources and read them back."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from tracker import config
from tracker.domain.article import read_meta
from tracker.domain.models import Source
from tracker.domain.records import SourceSummary
from tracker.domain.text import chrome_spans, is_text_printable, unify_newlines
from tracker.errors import InvalidInput, NotFound
from tracker.service.context import Context
from tracker.service.files import read_text_file
from tracker.service.models import AddedSource, SourceInput
from tracker.service.parsing import parse_int_id, unknown_message
from tracker.store.repository import Repository


def add_source_files(
    ctx: Context, paths: Sequence[Path], *, title: str | None = None, outlet: str | None = None,
    url: str | None = None, published_on: dt.date | None = None, author: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_added: Callable[[AddedSource], None] | None = None,
) -> list[AddedSource]:
    """Import plain-text files; all are checked before any is stored."""
    inputs = [
        SourceInput(
            text=read_text_file(path, what="source", limit=config.max_source_bytes()),
            name=path.name, title=title, outlet=outlet, author=author, url=url, published_on=published_on,
        )
        for path in paths
    ]
    results = []
    for index, item in enumerate(inputs):
        added = add_source(ctx, item)
        results.append(AddedSource(added.id, added.created, added.title, str(paths[index])))
        if on_added:
            on_added(results[-1])
        if progress:
            progress(index + 1, len(inputs))
    return results


def add_source(ctx: Context, item: SourceInput) -> AddedSource:
    """Store one article; the same text twice is one source (by sha256)."""
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
    meta = read_meta(text_value)
    chrome = chrome_spans(text_value)
    title = item.title or meta.title or item.name or "untitled"
    now = ctx.clock.now()

    def work(repo: Repository) -> AddedSource:
        existing = repo.source_by_sha256(digest)
        if existing is not None:
            return AddedSource(existing.id, False, existing.title)
        stored = repo.insert_source(
            sha256=digest, title=title, outlet=item.outlet or meta.outlet, author=item.author or meta.author,
            url=item.url, published_on=item.published_on or meta.published_on, retrieved_at=now,
            filename=item.name, text=text_value, chrome=[list(span) for span in chrome], added_by=ctx.author,
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


def list_sources(ctx: Context) -> list[SourceSummary]:
    with ctx.store.read() as repo:
        return repo.source_summaries()
