"""RSS and Atom feeds through feedparser, fetched with a conditional GET.

Storage-agnostic: the caller keeps each feed's validators (ETag,
Last-Modified) and which entries it has already added; `pull_feed` only says
what the feed holds now, or that nothing changed (HTTP 304).
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

import httpx

from tracker.intake import web
from tracker.intake.errors import FeedError, IntakeError
from tracker.intake.settings import IntakeLimits

_FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_ALTERNATE = re.compile(
    rb"<link\b[^>]*\btype=[\"']application/(?:rss|atom)\+xml[\"'][^>]*>", re.I
)
_HREF = re.compile(rb"\bhref=[\"']([^\"']+)[\"']", re.I)


@dataclass(frozen=True)
class FeedValidators:
    """What the server said identifies this version of the feed; sent back next time."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class FeedEntry:
    id: str  # the entry's guid/id, else its link, else a hash of its title and date
    link: str | None
    title: str | None
    published: dt.datetime | None  # UTC


@dataclass(frozen=True)
class FeedPull:
    url: str  # the final URL after redirects
    modified: bool  # False: the server answered 304, nothing new (entries is empty)
    validators: FeedValidators
    title: str | None = None
    entries: tuple[FeedEntry, ...] = ()
    redirects: tuple[str, ...] = field(default=())


def pull_feed(
    url: str, *, validators: FeedValidators | None = None, limits: IntakeLimits | None = None,
    client: httpx.Client | None = None,
) -> FeedPull:
    """Fetch a feed (conditionally when validators are given) and list its entries."""
    limits = limits or IntakeLimits.from_env()
    validators = validators or FeedValidators()
    label = web.display_url(url)
    headers = {"Accept": _FEED_TYPES, **validators.headers()}
    try:
        response = web.get(url, limits=limits, client=client, headers=headers, check_type=False)
    except IntakeError as exc:
        raise FeedError(str(exc)) from None
    fresh = FeedValidators(
        etag=response.headers.get("etag") or validators.etag,
        last_modified=response.headers.get("last-modified") or validators.last_modified,
    )
    if response.status == 304:
        return FeedPull(url=response.url, modified=False, validators=fresh, redirects=response.redirects)
    parsed = _parse(response.data, response.url, response.media_type)
    if not parsed.get("version") and not parsed.get("entries"):
        raise FeedError(_not_a_feed(label, response.data, response.url))
    entries = tuple(_entry(raw, response.url) for raw in parsed.get("entries", []))
    title = _text(parsed.get("feed", {}).get("title"))
    # Without validators from the server, a later pull cannot be conditional; keep none.
    validators_out = FeedValidators(
        etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified")
    )
    return FeedPull(
        url=response.url, modified=True, validators=validators_out, title=title, entries=entries,
        redirects=response.redirects,
    )


def _parse(data: bytes, url: str, media_type: str) -> Any:
    import feedparser

    headers = {"content-location": url}
    if media_type:
        headers["content-type"] = media_type
    return feedparser.parse(data, response_headers=headers, sanitize_html=False, resolve_relative_uris=True)


def _not_a_feed(label: str, data: bytes, url: str) -> str:
    link = _ALTERNATE.search(data[:200_000])
    if link:
        href = _HREF.search(link.group(0))
        if href:
            found = urljoin(url, href.group(1).decode("utf-8", "replace"))
            return f"{label} is a web page, not a feed; it names its feed: add {web.display_url(found)}"
    return f"{label} is not an RSS or Atom feed; give the feed's address (often ending in /feed, /rss or .xml)"


def _entry(raw: Any, base: str) -> FeedEntry:
    link = _text(raw.get("link"))
    if link:
        link = urljoin(base, link)
    title = _text(raw.get("title"))
    stamp = raw.get("published_parsed") or raw.get("updated_parsed")
    published = dt.datetime.fromtimestamp(calendar.timegm(stamp), dt.UTC) if stamp else None
    ident = _text(raw.get("id")) or link
    if not ident:
        ident = "sha256:" + hashlib.sha256(f"{title}|{published}".encode()).hexdigest()[:32]
    return FeedEntry(id=ident, link=link, title=title, published=published)


def _text(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
