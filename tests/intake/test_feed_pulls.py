"""Following feeds as a user does: `feeds add` checks the address is a feed, a
pull adds each new entry as a source, a second pull with nothing new costs one
conditional request and adds nothing, and a failed entry is tried again."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from intake_fixtures import rss_feed
from pytest_httpserver import HTTPServer
from trackers import run_tracker
from werkzeug import Request, Response

from tracker.errors import InvalidInput
from tracker.service import Tracker


@dataclass
class Desk:
    """A feed whose entries link to pages on the same server; 304 when unchanged."""

    base: str
    entries: list[tuple[str, str, str]] = field(default_factory=list)
    version: int = 0
    requests: int = 0
    conditional: int = 0

    def add(self, slug: str, title: str) -> None:
        self.entries.insert(0, (f"urn:desk:{slug}", f"{self.base}/story/{slug}", title))
        self.version += 1

    def __call__(self, request: Request) -> Response:
        self.requests += 1
        etag = f'"v{self.version}"'
        if request.headers.get("If-None-Match") == etag:
            self.conditional += 1
            return Response(status=304, headers={"ETag": etag})
        return Response(rss_feed(self.entries), content_type="application/rss+xml", headers={"ETag": etag})


@pytest.fixture
def desk(httpserver: HTTPServer) -> Desk:
    server = Desk(httpserver.url_for("").rstrip("/"))
    httpserver.expect_request("/desk.rss").respond_with_handler(server)
    return server


def serve_story(httpserver: HTTPServer, slug: str, body: str, status: int = 200) -> None:
    httpserver.expect_request(f"/story/{slug}").respond_with_data(body, status=status, content_type="text/html")


def page(title: str, sentence: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><nav>Home | World</nav><article><h1>{title}</h1>"
            f"<p>{sentence}</p><p>Officials said more details would follow within days.</p></article></body></html>")


def test_pull_adds_new_entries_once_and_retries_failures(
    empty_tracker: Tracker, httpserver: HTTPServer, desk: Desk
) -> None:
    desk.add("one", "Talks resume")
    desk.add("two", "Convoy crosses")
    serve_story(httpserver, "one", page("Talks resume", "Delegates met again in the capital on Monday."))
    # the second story is missing at first: its entry fails and must not be lost
    httpserver.expect_oneshot_request("/story/two").respond_with_data("gone", status=404)
    feed = empty_tracker.add_feed(httpserver.url_for("/desk.rss"))
    assert feed.name == "Courier world desk"
    first = empty_tracker.pull_feeds()[0]
    assert (first.added, first.present, len(first.failed)) == (1, 0, 1) and "404" in first.failed[0]
    serve_story(httpserver, "two", page("Convoy crosses", "The convoy crossed the river at dawn on Tuesday."))
    second = empty_tracker.pull_feeds()[0]  # the feed is unchanged (304); the failed entry is retried
    assert not second.modified and (second.added, len(second.failed)) == (1, 0)
    third = empty_tracker.pull_feeds()[0]
    assert (third.modified, third.added, third.present, third.failed) == (False, 0, 0, [])
    assert desk.conditional == 2
    titles = sorted(s.title for s in empty_tracker.list_sources())
    assert titles == ["Convoy crosses", "Talks resume"]
    desk.add("three", "Observers arrive")
    serve_story(httpserver, "three", page("Observers arrive", "Observers reached the border post on Friday."))
    fourth = empty_tracker.pull_feeds([feed.name])[0]
    assert fourth.modified and fourth.added == 1
    assert empty_tracker.list_feeds()[0].entries == {"added": 3}


def test_a_page_that_is_no_feed_is_refused_at_add(empty_tracker: Tracker, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/news").respond_with_data(page("News", "Nothing here."), content_type="text/html")
    with pytest.raises(InvalidInput, match="feed"):
        empty_tracker.add_feed(httpserver.url_for("/news"))
    with pytest.raises(InvalidInput, match="not an http"):
        empty_tracker.add_feed("courier.example/rss")
    assert empty_tracker.list_feeds() == []


def test_feeds_from_the_command_line(httpserver: HTTPServer, desk: Desk, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'feeds.db'}"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return run_tracker(db, *args, ok=False)

    assert run("init", "--no-seeds").returncode == 0
    none_yet = run("feeds", "pull")
    assert none_yet.returncode == 1 and "feeds add" in none_yet.stderr
    desk.add("one", "Talks resume")
    serve_story(httpserver, "one", page("Talks resume", "Delegates met again in the capital on Monday."))
    added = run("feeds", "add", httpserver.url_for("/desk.rss"), "--name", "desk")
    assert added.returncode == 0 and added.stdout.strip() == "1"
    again = run("feeds", "add", httpserver.url_for("/desk.rss"))
    assert again.returncode == 1 and "already following" in again.stderr
    pulled = run("feeds", "pull")
    assert pulled.returncode == 0 and pulled.stdout.split() == ["1"] and "desk: 1 added" in pulled.stderr
    quiet = run("feeds", "pull", "desk")
    assert quiet.returncode == 0 and quiet.stdout == "" and "nothing new" in quiet.stderr
    listed = run("feeds", "list", "--format", "json")
    assert '"added": 1' in listed.stdout
    unknown = run("feeds", "pull", "nope")
    assert unknown.returncode == 1 and "unknown feed 'nope'" in unknown.stderr
