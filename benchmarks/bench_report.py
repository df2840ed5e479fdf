"""Time the reading paths on a large SQLite database.

Builds 1,000 sources, 10,000 evidence items and 2,000 status entries through
the service (the way a user would add them), then times listing, detail,
report rendering, search and verify. Prints figures; asserts nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402

from tracker.errors import InvalidInput  # noqa: E402
from tracker.report import render, render_bytes  # noqa: E402
from tracker.seeding import load_seeds  # noqa: E402
from tracker.service import SourceInput, Tracker  # noqa: E402

SOURCES, EVIDENCE, STATUS = 500, 5_000, 1_000


def timed(label: str, fn, repeat: int = 3) -> None:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<38} {best * 1000:9.1f} ms (best of {repeat})")


def main() -> None:
    rng = random.Random(7)
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        t = Tracker(f"sqlite:///{tmp}/bench.db", "bench")
        t.upgrade()
        t.load_catalogue(ROOT / "obligations.yaml")
        ids = [o.id for o in t.catalogue().obligations]
        start = time.perf_counter()
        source_ids = [
            t.add_source(SourceInput(text=f"Bench article {i}\n\n" + seeds[i % len(seeds)], name=f"b{i}.txt")).id
            for i in range(SOURCES)
        ]
        sentences = ["roughly 8,600 troops last week", "remain close, based on friendship",
                     "Taliban spokesman Suhail Shaheen also rejected"]
        stored = 0
        for i in range(EVIDENCE):
            sid = source_ids[i % SOURCES]
            # a sentence of the seed it holds, else its heading; a passage
            # already linked to that obligation is refused (the duplicate guard)
            for quote in (sentences[i % len(sentences)], f"Bench article {i % SOURCES}"):
                try:
                    t.add_evidence(ids[i % len(ids)], sid, quote, stance=rng.choice(["context", "indicates-breach"]))
                except InvalidInput:
                    continue
                stored += 1
                break
        for i in range(STATUS):
            t.set_status(ids[i % len(ids)], rng.choice(["pending", "stalled", "partial", "met"]),
                         effective=dt.date(2020, 3, 1) + dt.timedelta(days=i // 16), because=f"entry {i}")
        print(f"built {SOURCES} sources, {stored} evidence, {STATUS} status in {time.perf_counter() - start:.1f} s")
        timed("obligation_rows (16 obligations)", lambda: t.obligation_rows())
        timed("obligation_rows --as-of 2020-06-01", lambda: t.obligation_rows(as_of=dt.date(2020, 6, 1)))
        timed("detail aq-no-cooperation", lambda: t.detail("aq-no-cooperation"))
        timed("build report (service + domain)", lambda: t.report(since=dt.date(2020, 5, 1)))
        data = t.report(since=dt.date(2020, 5, 1))
        for fmt in ("json", "terminal", "md", "html", "csv"):
            timed(f"render {fmt}", lambda fmt=fmt: render(data, fmt))  # type: ignore[misc]
        timed("render csv --rows evidence", lambda: render(data, "csv", rows="evidence"))
        pdf = render_bytes(data, "pdf")
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        timed(f"render pdf ({pages} pages, {len(pdf) // 1024} KiB)", lambda: render_bytes(data, "pdf"), repeat=1)
        seeded = Tracker(f"sqlite:///{tmp}/seeded.db", "bench")
        seeded.upgrade()
        seeded.load_catalogue(ROOT / "obligations.yaml")
        load_seeds(seeded, ROOT / "seeds")
        small = seeded.report(as_of=dt.date(2020, 6, 1), since=dt.date(2020, 5, 1))
        for paper in ("a4", "letter"):
            pdf = render_bytes(small, "pdf", paper=paper)
            pages = len(PdfReader(io.BytesIO(pdf)).pages)
            timed(f"seeded report pdf {paper} ({pages} pages)", lambda paper=paper: render_bytes(small, "pdf", paper=paper),
                  repeat=1)
        seeded.close()
        timed("search 'intermarriage'", lambda: t.search("intermarriage"))
        timed("verify", lambda: t.verify(), repeat=1)
        t.close()


if __name__ == "__main__":
    main()
