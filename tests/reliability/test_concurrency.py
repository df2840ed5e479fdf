"""Concurrent writers: 8 processes append to one database at the same time.

Each process adds 100 evidence items and 20 status entries through the
service API. Afterwards every item is there, every hash chain verifies and no
entry has two successors (no fork in any chain).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa
from rel_support import make_tracker

from tracker.service import SourceInput, Tracker

pytestmark = pytest.mark.slow  # minutes of subprocesses; `make test` (CI) runs them, `make test-fast` skips them

WORKERS = 8
EVIDENCE_EACH = 100
STATUS_EACH = EVIDENCE_EACH // 5  # a status every fifth evidence item
OBLIGATIONS = ["us-drawdown-8600", "five-bases", "aq-no-cooperation", "prisoner-release", "intra-afghan-talks"]


PER_SOURCE = 25  # short articles: anchoring cost grows with the article, and this test is about locking


def _article(worker: int, part: int) -> str:
    lines = [f"Worker {worker} dispatch {part}"] + [
        f"Line {worker:02d}-{i:04d}: the monitors counted item {i} for worker {worker}."
        for i in range(part * PER_SOURCE, (part + 1) * PER_SOURCE)
    ]
    return "\n".join(lines) + "\n"


def _writer(url: str, worker: int, start: multiprocessing.synchronize.Event, errors: multiprocessing.Queue) -> None:
    try:
        tracker = Tracker(url, f"writer-{worker}")
        sources = [
            tracker.add_source(SourceInput(text=_article(worker, part), name=f"w{worker}-{part}.txt")).id
            for part in range(EVIDENCE_EACH // PER_SOURCE)
        ]
        start.wait(30)
        for i in range(EVIDENCE_EACH):
            tracker.add_evidence(
                OBLIGATIONS[i % len(OBLIGATIONS)], sources[i // PER_SOURCE],
                f"the monitors counted item {i} for worker {worker}.", claimant=f"writer {worker}",
            )
            if i % 5 == 4:
                tracker.set_status(
                    OBLIGATIONS[(worker + i) % len(OBLIGATIONS)], "in-progress",
                    effective=dt.date(2020, 3, 1) + dt.timedelta(days=i), because=f"writer {worker} step {i}",
                )
        tracker.close()
    except BaseException as exc:  # report to the parent, which fails the test
        errors.put(f"worker {worker}: {type(exc).__name__}: {exc}")
        raise


def _run_writers(url: str) -> float:
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    errors = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(url, w, start, errors)) for w in range(WORKERS)]
    for proc in procs:
        proc.start()
    time.sleep(0.5)
    began = time.monotonic()
    start.set()
    for proc in procs:
        proc.join(300)
    elapsed = time.monotonic() - began
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    assert not problems, problems
    assert all(p.exitcode == 0 for p in procs), [p.exitcode for p in procs]
    return elapsed


def _check(url: str, base: Tracker) -> None:
    before_evidence = len(base.all_evidence())
    before_status = sum(len(v) for v in base.all_history().values())
    assert before_evidence == 0 and before_status == 0
    elapsed = _run_writers(url)
    tracker = Tracker(url)
    try:
        evidence = tracker.all_evidence()
        assert len(evidence) == WORKERS * EVIDENCE_EACH
        assert sorted(e.id for e in evidence) == list(range(1, WORKERS * EVIDENCE_EACH + 1))
        per_writer = Counter(e.author for e in evidence)
        assert set(per_writer.values()) == {EVIDENCE_EACH}
        history = tracker.all_history()
        assert sum(len(v) for v in history.values()) == WORKERS * STATUS_EACH
        for obligation, changes in history.items():
            assert [c.seq for c in changes] == list(range(1, len(changes) + 1)), obligation
            prevs = Counter(c.prev_hash for c in changes)
            assert max(prevs.values()) == 1, f"an entry of {obligation} has two successors"
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            forks = conn.execute(sa.text(
                "SELECT prev_hash, count(*) FROM evidence GROUP BY prev_hash HAVING count(*) > 1"
            )).all()
        engine.dispose()
        assert forks == []
        started = time.monotonic()
        result = tracker.verify()
        assert result.ok, result.problems[:5]
        print(f"{tracker.backend}: {WORKERS} writers x ({EVIDENCE_EACH} evidence + {STATUS_EACH} status) "
              f"in {elapsed:.1f}s; verify {time.monotonic() - started:.2f}s")
    finally:
        tracker.close()


def test_concurrent_writers_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    base = make_tracker(url, seeds=False)
    try:
        _check(url, base)
    finally:
        base.close()


def test_concurrent_writers_postgresql(fresh_pg: str) -> None:
    base = make_tracker(fresh_pg, seeds=False)
    try:
        _check(fresh_pg, base)
    finally:
        base.close()


@pytest.fixture(autouse=True)
def _no_debug_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRACKER_BUSY_TIMEOUT", raising=False)
