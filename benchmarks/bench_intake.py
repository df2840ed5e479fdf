"""Time intake (tracker/intake): HTML files per second from a folder, PDF pages
per second, and a conditional pull of 20 unchanged feeds on 127.0.0.1.

Everything is generated here (made-up sentences, no real site). Only intake's
part is timed: reading and extracting, not storing (the service adds that).
Targets (issue 10): a folder of pages at >= 50 files/s end to end, so
extraction must leave room for storage; 20 feeds with nothing new in < 0.5 s,
one request each.

    python benchmarks/bench_intake.py [--pages 200] [--pdf-pages 60] [--feeds 20]
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

from tracker.intake import (  # noqa: E402
    FeedValidators,
    IntakeLimits,
    expand,
    make_client,
    pull_feed,
    read_items,
    read_path,
)

_VOCABULARY = """the delegations monitors convoy checkpoint council ceasefire prisoners release talks district
road officials observers committee villages border crossing supply schedule agreement withdrawal forces said on
Tuesday after before during while and that would could not yet again"""
WORDS = _VOCABULARY.split()


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    return " ".join(words).capitalize() + "."


def page(rng: random.Random, number: int) -> str:
    paragraphs = "\n".join(
        f"<p>{' '.join(sentence(rng) for _ in range(rng.randint(2, 4)))}</p>" for _ in range(rng.randint(6, 14))
    )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>Report number {number} on the valley talks | Bench Courier</title>
<meta property="og:site_name" content="Bench Courier"><meta name="author" content="Desk {number % 7}">
<meta property="article:published_time" content="2020-{1 + number % 12:02d}-{1 + number % 28:02d}">
<link rel="canonical" href="https://bench.example/{number}"></head><body>
<div class="cookie-banner">We use cookies. Accept all or manage preferences.</div>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<main><article><h1>Report number {number} on the valley talks</h1>
{paragraphs}
</article><aside class="most-read"><h2>Most read</h2><ol><li><a href="/a">Another story</a></li></ol></aside></main>
<footer>All rights reserved.</footer><script>var x = 1;</script></body></html>"""


def bench_html(count: int) -> None:
    rng = random.Random(10)
    with tempfile.TemporaryDirectory() as folder:
        for number in range(count):
            sub = Path(folder) / f"batch{number % 5}"
            sub.mkdir(exist_ok=True)
            (sub / f"page{number:04d}.html").write_text(page(rng, number), encoding="utf-8")
        limits = IntakeLimits()
        started = time.perf_counter()
        results = list(read_items(expand([folder]), limits=limits))
        elapsed = time.perf_counter() - started
    failed = [r for r in results if not r.ok]
    assert not failed, failed[0].error
    print(f"HTML: {count} files in {elapsed:.2f} s = {count / elapsed:.0f} files/s (walk, read, extract)")


def bench_pdf(pages: int) -> None:
    from fpdf import FPDF

    rng = random.Random(11)
    pdf = FPDF()
    pdf.set_auto_page_break(False)  # one generated page is one page: the footer goes where it is put
    pdf.set_font("Helvetica", size=10)
    for number in range(pages):
        pdf.add_page()
        pdf.cell(0, 8, "Bench Monitoring Office - Quarterly Review", align="C")
        pdf.ln(12)
        for _ in range(6):
            pdf.multi_cell(0, 5, " ".join(sentence(rng) for _ in range(3)))
            pdf.ln(3)
        pdf.set_y(-15)
        pdf.cell(0, 10, f"Page {number + 1} of {pages}", align="C")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(bytes(pdf.output()))
        started = time.perf_counter()
        document = read_path(path, limits=IntakeLimits())
        elapsed = time.perf_counter() - started
    assert len(document.pages) == pages and "Page 1 of" not in document.text
    print(f"PDF: {pages} pages in {elapsed:.2f} s = {pages / elapsed:.0f} pages/s")


def feed_body(number: int) -> bytes:
    items = "".join(
        f"<item><guid>urn:bench:{number}:{entry}</guid><link>https://bench.example/{number}/{entry}</link>"
        f"<title>Entry {entry}</title></item>"
        for entry in range(30)
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {number}</title>{items}'
            "</channel></rss>").encode()


class FeedHandler(BaseHTTPRequestHandler):
    requests = 0
    lock = threading.Lock()

    def do_GET(self) -> None:
        with FeedHandler.lock:
            FeedHandler.requests += 1
        etag = f'"{self.path}"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        body = feed_body(int(self.path.strip("/").split(".")[0]))
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def bench_feeds(count: int) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    FeedHandler.protocol_version = "HTTP/1.1"  # keep-alive, as a real server would
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = [f"{base}/{number}.rss" for number in range(count)]
    limits = IntakeLimits(timeout=5)
    try:
        with make_client(limits) as client:
            known: dict[str, FeedValidators] = {url: pull_feed(url, limits=limits, client=client).validators
                                                for url in urls}
        FeedHandler.requests = 0
        started = time.perf_counter()
        with make_client(limits) as client:  # a fresh client, as a new `feeds pull` would have
            unchanged = [pull_feed(url, validators=known[url], limits=limits, client=client) for url in urls]
        elapsed = time.perf_counter() - started
    finally:
        server.shutdown()
        server.server_close()
    assert not any(pull.modified for pull in unchanged)
    print(f"feeds: {count} unchanged feeds checked in {elapsed:.3f} s "
          f"({FeedHandler.requests} requests, all 304; target < 0.5 s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--pdf-pages", type=int, default=60)
    parser.add_argument("--feeds", type=int, default=20)
    options = parser.parse_args()
    bench_html(options.pages)
    bench_pdf(options.pdf_pages)
    bench_feeds(options.feeds)


if __name__ == "__main__":
    main()
