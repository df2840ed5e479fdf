"""Use case: follow RSS and Atom feeds; each new entry is fetched and added like a URL.

A pull is conditional (ETag / Last-Modified), so a feed with nothing new costs
one request. Every entry seen is recorded: an entry already present (by URL or
by text) is not added twice, and a failed entry is tried again at the next
pull, never lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tracker.domain.records import FeedInfo
from tracker.errors import InvalidInput, NotFound
from tracker.service.context import Context
from tracker.service.models import IntakeOutcome
from tracker.service.sources import add_targets
from tracker.store.repository import Repository


@dataclass
class FeedPullResult:
    feed: FeedInfo
    modified: bool = False
    added: int = 0
    present: int = 0
    failed: list[str] = field(default_factory=list)
    error: str | None = None  # the feed itself could not be pulled


def add_feed(ctx: Context, url: str, *, name: str | None = None, client: Any = None) -> FeedInfo:
    """Follow a feed; it is fetched once to check that it is one."""
    from tracker.intake import FeedError, is_url, pull_feed, storable_url

    if not is_url(url):
        raise InvalidInput(f"{url}: not an http(s) URL; give the feed's full address, https://…")
    address = storable_url(url)
    with ctx.store.read() as repo:
        known = repo.feed_by_url(address)
        taken = {f.name for f in repo.feeds()}
    if known is not None:
        raise InvalidInput(f"already following {address} as feed {known.id} ({known.name}); see `tracker feeds list`")
    try:
        pulled = pull_feed(url, client=client)
    except FeedError as exc:
        raise InvalidInput(str(exc)) from None
    label = (name or pulled.title or urlsplit(address).hostname or address).strip()
    if label in taken:
        raise InvalidInput(f"a feed is already named '{label}'; give another with --name")
    now = ctx.clock.now()

    def work(repo: Repository) -> FeedInfo:
        return repo.insert_feed(url=address, name=label, title=pulled.title, by=ctx.author, at=now)

    return ctx.store.write(work)


def list_feeds(ctx: Context) -> list[FeedInfo]:
    with ctx.store.read() as repo:
        return repo.feeds()


def _select(feeds: list[FeedInfo], wanted: Sequence[str]) -> list[FeedInfo]:
    if not wanted:
        return feeds
    chosen: list[FeedInfo] = []
    for key in wanted:
        match = next((f for f in feeds if key in (str(f.id), f.name, f.url)), None)
        if match is None:
            names = ", ".join(f"{f.id} ({f.name})" for f in feeds) or "none yet; add one with `tracker feeds add URL`"
            raise NotFound(f"unknown feed '{key}'; feeds: {names}")
        chosen.append(match)
    return chosen


def pull_feeds(
    ctx: Context, wanted: Sequence[str] = (), *, client: Any = None,
    on_entry: Callable[[FeedInfo, str, IntakeOutcome | None], None] | None = None,
) -> list[FeedPullResult]:
    """Pull each feed (or those named); new and previously failed entries are added."""
    from tracker.intake import FeedError, FeedValidators, IntakeLimits, make_client, pull_feed

    with ctx.store.read() as repo:
        feeds = _select(repo.feeds(), wanted)
    own = make_client(IntakeLimits.from_env()) if client is None and feeds else None
    results: list[FeedPullResult] = []
    try:
        for feed in feeds:
            result = FeedPullResult(feed)
            results.append(result)
            now = ctx.clock.now()
            try:
                pulled = pull_feed(feed.url, validators=FeedValidators(feed.etag, feed.last_modified),
                                   client=client or own)
            except FeedError as exc:
                result.error = str(exc)
                _update(ctx, feed.id, pulled_at=now, last_error=str(exc))
                continue
            result.modified = pulled.modified
            with ctx.store.read() as repo:
                states = repo.feed_entry_states(feed.id)
                retry = repo.failed_feed_entries(feed.id)
            todo: dict[str, tuple[str | None, str | None]] = {}
            for entry in pulled.entries:
                if states.get(entry.id) in (None, "failed"):
                    todo[entry.id] = (entry.link, entry.title)
            for entry_id, link, title in retry:
                todo.setdefault(entry_id, (link, title))
            for entry_id, (link, title) in todo.items():
                _take(ctx, feed, entry_id, link, title, result, client or own, on_entry)
            _update(ctx, feed.id, pulled_at=now, last_error=None, etag=pulled.validators.etag,
                    last_modified=pulled.validators.last_modified, **({"title": pulled.title} if pulled.title else {}))
    finally:
        if own is not None:
            own.close()
    with ctx.store.read() as repo:
        fresh = {f.id: f for f in repo.feeds()}
    for result in results:
        result.feed = fresh.get(result.feed.id, result.feed)
    return results


def _update(ctx: Context, feed_id: int, **values: Any) -> None:
    def work(repo: Repository) -> None:
        repo.update_feed(feed_id, **values)

    ctx.store.write(work)


def _take(
    ctx: Context, feed: FeedInfo, entry_id: str, link: str | None, title: str | None, result: FeedPullResult,
    client: Any, on_entry: Callable[[FeedInfo, str, IntakeOutcome | None], None] | None,
) -> None:
    now = ctx.clock.now()
    label = link or title or entry_id
    if not link:
        ctx.store.write(lambda repo: repo.record_feed_entry(
            feed.id, entry_id, link=None, title=title, state="no-link", source_id=None,
            error="the entry has no link", at=now))
        return
    with ctx.store.read() as repo:
        existing = repo.source_by_url(link)
    if existing is not None:
        result.present += 1
        ctx.store.write(lambda repo: repo.record_feed_entry(
            feed.id, entry_id, link=link, title=title, state="present", source_id=existing.id, error=None, at=now))
        if on_entry:
            on_entry(feed, label, None)
        return
    outcome = add_targets(ctx, [link], client=client)[0]
    if outcome.added is not None:
        added = outcome.added
        if added.created:
            result.added += 1
        else:
            result.present += 1
        state, error, source_id = ("added" if added.created else "present"), None, added.id
    else:
        result.failed.append(outcome.error or label)
        state, error, source_id = "failed", outcome.error, None
    ctx.store.write(lambda repo: repo.record_feed_entry(
        feed.id, entry_id, link=link, title=title, state=state, source_id=source_id, error=error, at=now))
    if on_entry:
        on_entry(feed, label, outcome)
