"""Feeds: entries listed, conditional GET with ETag / Last-Modified, 304 is
nothing new, a new entry shows on the next pull, a page that is no feed is one line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest
from intake_fixtures import article_page, atom_feed, rss_feed
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tracker.intake import FeedError, FeedValidators, IntakeLimits, pull_feed

FIRST = [("urn:courier:2", "https://courier.example/two", "Convoy crosses the river"),
         ("urn:courier:1", "https://courier.example/one", "Talks resume in the capital")]
NEW = ("urn:courier:3", "https://courier.example/three", "Observers arrive at the border post")


@dataclass
class FeedServer:
    """A feed that answers 304 when the client already has its current version."""

    entries: list[tuple[str, str, str]]
    version: int = 1
    requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'

    def add(self, entry: tuple[str, str, str]) -> None:
        self.entries.insert(0, entry)
        self.version += 1

    def __call__(self, request: Request) -> Response:
        self.requests.append(dict(request.headers))
        if request.headers.get("If-None-Match") == self.etag:
            return Response(status=304, headers={"ETag": self.etag})
        return Response(rss_feed(self.entries), content_type="application/rss+xml; charset=utf-8",
                        headers={"ETag": self.etag})


def test_a_feed_lists_its_entries_and_validators(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    server = FeedServer(list(FIRST))
    httpserver.expect_request("/world.rss").respond_with_handler(server)
    pulled = pull_feed(httpserver.url_for("/world.rss"), limits=limits)
    assert pulled.modified
    assert pulled.title == "Courier world desk"
    assert [(e.id, e.link, e.title) for e in pulled.entries] == FIRST
    assert pulled.entries[0].published == dt.datetime(2020, 4, 7, 9, 30, tzinfo=dt.UTC)
    assert pulled.validators == FeedValidators(etag='"v1"', last_modified=None)
    assert "If-None-Match" not in server.requests[0]


def test_an_unchanged_feed_is_a_304_and_a_new_entry_shows_next_time(
    httpserver: HTTPServer, limits: IntakeLimits
) -> None:
    server = FeedServer(list(FIRST))
    httpserver.expect_request("/world.rss").respond_with_handler(server)
    url = httpserver.url_for("/world.rss")
    first = pull_feed(url, limits=limits)

    unchanged = pull_feed(url, validators=first.validators, limits=limits)
    assert not unchanged.modified and unchanged.entries == ()
    assert unchanged.validators == first.validators
    assert server.requests[-1]["If-None-Match"] == '"v1"'

    server.add(NEW)
    second = pull_feed(url, validators=unchanged.validators, limits=limits)
    assert second.modified
    known = {entry.id for entry in first.entries}
    assert [e.link for e in second.entries if e.id not in known] == [NEW[1]]
    assert second.validators.etag == '"v2"'


def test_last_modified_is_sent_back(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    stamp = "Fri, 01 May 2020 12:00:00 GMT"
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("If-Modified-Since"))
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        body = atom_feed([("urn:office:1", "/notes/1", "Weekly note on the checkpoints")])
        return Response(body, content_type="application/atom+xml", headers={"Last-Modified": stamp})

    httpserver.expect_request("/notes.atom").respond_with_handler(handler)
    url = httpserver.url_for("/notes.atom")
    first = pull_feed(url, limits=limits)
    assert first.entries[0].link == httpserver.url_for("/notes/1")  # relative links resolved
    assert first.validators == FeedValidators(etag=None, last_modified=stamp)
    again = pull_feed(url, validators=first.validators, limits=limits)
    assert not again.modified
    assert seen == [None, stamp]


def test_a_web_page_is_not_a_feed(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    httpserver.expect_request("/page").respond_with_data(article_page(), content_type="text/html")
    with pytest.raises(FeedError, match=r"/page is not an RSS or Atom feed; give the feed's address"):
        pull_feed(httpserver.url_for("/page"), limits=limits)


def test_a_page_that_names_its_feed_says_which(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    httpserver.expect_request("/home").respond_with_data(
        article_page(feed_link="/feeds/world.xml"), content_type="text/html")
    with pytest.raises(FeedError, match=r"/home is a web page, not a feed; it names its feed: add http://.*/feeds/world\.xml"):
        pull_feed(httpserver.url_for("/home"), limits=limits)


def test_a_feed_that_fails_is_one_line(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    httpserver.expect_request("/down.rss").respond_with_data("", status=503)
    with pytest.raises(FeedError, match=r"/down\.rss: the server failed \(HTTP 503\); try again later"):
        pull_feed(httpserver.url_for("/down.rss"), limits=limits)
