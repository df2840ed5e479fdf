"""Time `sources add FOLDER` and `feeds pull` end to end, through the service
into SQLite: reading, extraction, storage, original kept and the search index.

Targets (issues 10 and 12): 1,000 HTML files imported, with their inbox
suggestions computed and stored, at 50 a second or better (the suggestions
run in worker processes beside the import on a machine with two cores or
more); a pull of 20 feeds with nothing new under 0.5 s (one conditional
request each).

    python benchmarks/bench_sources.py [--pages 1000] [--feeds 20]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_intake import page  # noqa: E402

from tracker.service import Tracker  # noqa: E402

CATALOGUE = ROOT / "obligations.yaml"


def fresh_tracker(folder: Path) -> Tracker:
    tracker = Tracker(f"sqlite:///{folder / 'bench.db'}", "bench")
    tracker.upgrade()
    tracker.load_catalogue(CATALOGUE)
    return tracker


def bench_folder(count: int) -> None:
    rng = random.Random(10)
    with tempfile.TemporaryDirectory() as work:
        articles = Path(work) / "articles"
        for number in range(count):
            sub = articles / f"batch{number % 5}"
            sub.mkdir(parents=True, exist_ok=True)
            (sub / f"page{number:04d}.html").write_text(page(rng, number), encoding="utf-8")
        tracker = fresh_tracker(Path(work))
        started = time.perf_counter()
        outcomes = tracker.add_targets([str(articles)])
        elapsed = time.perf_counter() - started
        again_started = time.perf_counter()
        again = tracker.add_targets([str(articles)])
        again_elapsed = time.perf_counter() - again_started
    assert all(o.added and o.added.created for o in outcomes), next(o.error for o in outcomes if o.added is None)
    assert all(o.added and not o.added.created for o in again)
    print(f"sources add FOLDER: {count} HTML files in {elapsed:.2f} s = {count / elapsed:.0f} files/s "
          f"(target >= 50); again (all present): {count / again_elapsed:.0f} files/s")


ENTRIES = 5


class DeskHandler(BaseHTTPRequestHandler):
    """/N.rss: a feed of ENTRIES stories (ETag, 304 when unchanged); /story/N/E: a story page."""

    feed_requests = 0
    lock = threading.Lock()
    base = ""

    def do_GET(self) -> None:
        if self.path.startswith("/story/"):
            _, _, feed, entry = self.path.split("/")
            self._send(200, page(random.Random(int(feed) * 100 + int(entry)), int(feed) * 100 + int(entry)).encode(),
                       "text/html; charset=utf-8")
            return
        with DeskHandler.lock:
            DeskHandler.feed_requests += 1
        etag = f'"{self.path}"'
        if self.headers.get("If-None-Match") == etag:
            self._send(304, b"", None, etag)
            return
        number = int(self.path.strip("/").split(".")[0])
        items = "".join(
            f"<item><guid>urn:bench:{number}:{entry}</guid><link>{self.base}/story/{number}/{entry}</link>"
            f"<title>Entry {entry}</title></item>" for entry in range(ENTRIES))
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {number}</title>{items}</channel></rss>'
        self._send(200, body.encode(), "application/rss+xml", etag)

    def _send(self, status: int, body: bytes, media_type: str | None, etag: str | None = None) -> None:
        self.send_response(status)
        if media_type:
            self.send_header("Content-Type", media_type)
        if etag:
            self.send_header("ETag", etag)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def bench_feeds(count: int) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), DeskHandler)
    DeskHandler.protocol_version = "HTTP/1.1"
    DeskHandler.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with tempfile.TemporaryDirectory() as work:
            tracker = fresh_tracker(Path(work))
            for number in range(count):
                tracker.add_feed(f"{DeskHandler.base}/{number}.rss", name=f"feed {number}")
            started = time.perf_counter()
            first = tracker.pull_feeds()
            first_elapsed = time.perf_counter() - started
            DeskHandler.feed_requests = 0
            started = time.perf_counter()
            results = tracker.pull_feeds()
            elapsed = time.perf_counter() - started
    finally:
        server.shutdown()
        server.server_close()
    added = sum(r.added for r in first)
    assert added == count * ENTRIES and not any(r.modified or r.added for r in results)
    print(f"feeds pull (first): {count} feeds, {added} stories fetched and added in {first_elapsed:.2f} s")
    print(f"feeds pull (nothing new): {count} feeds in {elapsed:.3f} s, "
          f"{DeskHandler.feed_requests} conditional requests (target < 0.5 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--feeds", type=int, default=20)
    options = parser.parse_args()
    bench_folder(options.pages)
    bench_feeds(options.feeds)


if __name__ == "__main__":
    main()
