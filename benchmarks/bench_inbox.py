"""How fast the triage inbox opens on a large desk.

    python benchmarks/bench_inbox.py [--sources 10000] [--per-source 20]

Builds a SQLite database with N sources, each with its suggestions stored
open (the suggestions of the five seed articles, copied onto synthetic
sources of about 5 KB; written in bulk, since import speed is
bench_sources.py's business), then times, after a warm-up:

1. the service calls the CLI makes: the per-source listing (`tracker
   inbox`), the count in the UI header, and one source's suggestions
   (`tracker inbox --source ID`);
2. `tracker inbox` end to end in a subprocess (Python start included), and
   the same with `--format json`;
3. the UI's inbox screen, headless: from pressing `i` to a filled table
   (target for 2 and 3: < 0.3 s, without the interpreter's start).

Prints figures; exit status 0.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, insert  # noqa: E402

from tracker.domain.catalogue import parse_catalogue  # noqa: E402
from tracker.domain.suggest import suggest  # noqa: E402
from tracker.domain.text import chrome_spans  # noqa: E402
from tracker.service import Tracker  # noqa: E402
from tracker.store.schema import SourceRow, SuggestionRow  # noqa: E402

CATALOGUE = ROOT / "obligations.yaml"


def build(folder: Path, sources: int, per_source: int) -> str:
    url = f"sqlite:///{folder / 'inbox.db'}"
    tracker = Tracker(url, "bench")
    tracker.upgrade()
    tracker.load_catalogue(CATALOGUE)
    tracker.close()
    catalogue = parse_catalogue(CATALOGUE.read_text(encoding="utf-8"))
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    found = [suggest(t, catalogue, published_on=dt.date(2020, 6, 1), chrome=chrome_spans(t), top_k=3) for t in seeds]
    rng = random.Random(3)
    now = dt.datetime(2026, 1, 1, 12, 0)
    engine = create_engine(url)
    with engine.begin() as conn:
        source_rows = []
        suggestion_rows = []
        for number in range(1, sources + 1):
            seed = number % len(seeds)
            text = seeds[seed][:5000] + f"\n\nSynthetic source {number}."
            source_rows.append({
                "id": number, "sha256": hashlib.sha256(text.encode()).hexdigest(), "title": f"Synthetic story {number}",
                "outlet": rng.choice(["Wire", "Daily", "Monitor"]), "published_on": dt.date(2020, 6, 1),
                "retrieved_at": now, "text": text, "chrome": [], "added_by": "bench", "kind": "text",
                "suggested_at": now,
            })
            for s in found[seed][:per_source]:
                suggestion_rows.append({
                    "source_id": number, "obligation_id": s.obligation, "start": s.start, "end": s.end,
                    "exact": s.exact, "score": s.score, "confidence": s.confidence, "stance": s.stance,
                    "claimant": s.claimant, "via": s.via, "observed_on": s.observed_on, "level": s.level,
                    "explanation": s.explanation, "features": list(s.confidence_inputs), "computed_at": now,
                    "state": "open",
                })
        conn.execute(insert(SourceRow), source_rows)
        conn.execute(insert(SuggestionRow), suggestion_rows)
    engine.dispose()
    return url


def timed(label: str, call, repeat: int = 5) -> float:
    call()  # warm-up: caches, the catalogue
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    print(f"{label}: {median * 1000:.0f} ms (median of {repeat})")
    return median


def cli(url: str, *args: str) -> float:
    env = {**os.environ, "TRACKER_DB": url, "NO_COLOR": "1"}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tracker", *args], env=env, capture_output=True, text=True,
                          check=False)
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    return elapsed


def screen(url: str) -> float:
    from tests.tui.pilot import settle
    from tracker.tui.app import TrackerApp
    from tracker.tui.inbox import InboxScreen

    tracker = Tracker(url, "bench")
    app = TrackerApp(tracker, cursor_blink=False)
    app.animation_level = "none"
    result: list[float] = []

    def filled() -> bool:
        return isinstance(app.screen, InboxScreen) and app.screen.table.row_count > 0

    async def watch(started: float) -> None:
        # polled beside the key press, since Pilot's press waits for more than the table
        while not filled():
            await asyncio.sleep(0.002)
        result.append(time.perf_counter() - started)

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for _ in range(3):
                watcher = asyncio.create_task(watch(time.perf_counter()))
                await pilot.press("i")
                await watcher
                await settle(pilot)
                await pilot.press("escape")
                await settle(pilot)

    asyncio.run(run())
    tracker.close()
    return statistics.median(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--per-source", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        started = time.perf_counter()
        url = build(Path(work), args.sources, args.per_source)
        print(f"built {args.sources} sources with their open suggestions in {time.perf_counter() - started:.1f} s")
        tracker = Tracker(url, "bench")
        timed("service: the first 50 sources (tracker inbox)", lambda: tracker.inbox(50))
        timed("service: the totals (tracker inbox)", tracker.inbox_counts)
        timed("service: every source (tracker inbox --format json)", tracker.inbox)
        timed("service: open count (UI header)", tracker.awaiting_triage)
        timed("service: the first page of the inbox screen", lambda: tracker.inbox_page(None, 200))
        timed("service: one source's suggestions (tracker inbox --source)",
              lambda: tracker.open_suggestions(args.sources // 2))
        tracker.close()
        # what any command on this database costs: the interpreter, the imports, opening the database
        start_only = statistics.median(cli(url, "obligations") for _ in range(3))
        for extra in ((), ("--format", "json")):
            whole = statistics.median(cli(url, "inbox", *extra) for _ in range(3))
            print(f"tracker inbox {' '.join(extra)}".rstrip() + f": {whole:.2f} s end to end, "
                  f"{max(0.0, whole - start_only):.2f} s beyond what `tracker obligations` takes ({start_only:.2f} s) "
                  "(target < 0.3 s)")
        print(f"inbox screen: {screen(url):.2f} s from 'i' to a filled table, median of 3 (target < 0.3 s)")


if __name__ == "__main__":
    main()
