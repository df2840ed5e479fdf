"""Crashes: SIGKILL at random points, and Ctrl-C, never leave a half-written record.

A killed import leaves a database that opens and verifies, and running the
same command again completes the import (sources are idempotent by content
hash). A killed status writer leaves whole chains. Ctrl-C in the CLI exits
130 with one line and keeps nothing half-written.
"""

from __future__ import annotations

import hashlib
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from rel_support import ROOT, cli_env, make_tracker, run_cli

from tracker.service import Tracker

pytestmark = pytest.mark.slow  # minutes of subprocesses; `make test` (CI) runs them, `make test-fast` skips them
SOURCES = 250  # enough that every kill lands inside a batch large enough for worker processes


def _write_articles(folder: Path, count: int = SOURCES) -> list[Path]:
    folder.mkdir()
    paths = []
    for i in range(count):
        path = folder / f"a{i:04d}.txt"
        path.write_text(
            f"Dispatch {i}\n\nKabul, June {1 + i % 28}, 2020\n\n"
            f"Officials said {i} prisoners were released in district {i % 34}.\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def _start(url: str, *args: str, stderr: Any = subprocess.DEVNULL) -> subprocess.Popen[str]:
    # stderr goes to a file or nowhere: a pipe nobody reads while the import runs would fill and stall it
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", "--db", url, *args], stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=stderr, text=True, env=cli_env(), cwd=ROOT,
    )


def _wait_for_sources(url: str, proc: subprocess.Popen[str], count: int, timeout: float = 120) -> int:
    """Poll the database until it holds `count` sources (the CLI prints only at the end)."""
    engine = sa.create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with engine.connect() as conn:
                    found = int(conn.execute(sa.text("SELECT count(*) FROM sources")).scalar() or 0)
            except sa.exc.OperationalError:
                found = -1  # busy: try again
            if found >= count:
                return found
            time.sleep(0.005)
        raise AssertionError(f"the import ended or stalled before {count} sources (exit {proc.poll()})")
    finally:
        engine.dispose()


def _descendants(pid: int) -> set[int]:
    """Live processes under `pid` (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _assert_gone(pids: set[int], timeout: float = 10) -> None:
    """Processes a killed import left behind end by themselves (a zombie awaiting its reaper counts as ended)."""
    deadline = time.monotonic() + timeout
    alive = pids
    while alive and time.monotonic() < deadline:
        alive = {p for p in alive if _running(p)}
        time.sleep(0.05)
    assert not alive, f"processes outlived the killed import: {sorted(alive)}"


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _check_whole(url: str) -> int:
    """The database opens, every chain and source hash verifies; returns the source count."""
    if url.startswith("sqlite"):
        con = sqlite3.connect(url.removeprefix("sqlite:///"))
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        con.close()
    tracker = Tracker(url)
    try:
        result = tracker.verify()
        assert result.ok, result.problems[:5]
        sources = tracker.list_sources()
        for summary in sources:
            source = tracker.source(summary.id)
            assert hashlib.sha256(source.text.encode()).hexdigest() == source.sha256
        return len(sources)
    finally:
        tracker.close()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_during_import_then_rerun_completes(backend: str, request: pytest.FixtureRequest,
                                                     tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 't.db'}" if backend == "sqlite" else str(request.getfixturevalue("fresh_pg"))
    assert run_cli(url, "init", "--no-seeds").code == 0
    folder = tmp_path / "articles"
    paths = [str(p) for p in _write_articles(folder)]
    rng = random.Random(20200229)
    counts = []
    for _attempt in range(3):
        proc = _start(url, "sources", "add", *paths)
        _wait_for_sources(url, proc, rng.randint(1, SOURCES // 4) + SOURCES // 4 * _attempt)
        time.sleep(rng.random() * 0.05)  # somewhere inside the next write
        helpers = _descendants(proc.pid)  # the suggestion workers of a large import
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert proc.returncode == -signal.SIGKILL
        _assert_gone(helpers)
        counts.append(_check_whole(url))
    assert counts == sorted(counts) and counts[-1] < SOURCES, counts
    done = run_cli(url, "sources", "add", *paths, timeout=300)
    assert done.code == 0, done.stderr[-500:]
    assert done.stderr.count("already present as source") == counts[-1]
    assert f"{SOURCES - counts[-1]} added, {counts[-1]} already present, 0 failed" in done.stderr
    assert done.stderr.count("added source") == SOURCES - counts[-1]
    assert _check_whole(url) == SOURCES
    ids = [int(x) for x in done.stdout.split()]
    assert len(ids) == SOURCES and len(set(ids)) == SOURCES


_STATUS_WRITER = """
import datetime as dt, sys
from tracker.service import Tracker

t = Tracker(sys.argv[1], "crash-writer")
obligations = ["us-drawdown-8600", "five-bases", "prisoner-release"]
i = 0
while True:
    t.set_status(obligations[i % 3], "in-progress", effective=dt.date(2020, 3, 1) + dt.timedelta(days=i % 900),
                 because=f"entry {i}")
    i += 1
    if i == 5:
        print("writing", flush=True)
"""


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sigkill_while_appending_status(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 't.db'}" if backend == "sqlite" else str(request.getfixturevalue("fresh_pg"))
    make_tracker(url, seeds=False).close()
    rng = random.Random(7301)
    totals = []
    for _attempt in range(4):
        proc = subprocess.Popen([sys.executable, "-c", _STATUS_WRITER, url], stdout=subprocess.PIPE, text=True,
                                stdin=subprocess.DEVNULL, env=cli_env(), cwd=ROOT)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "writing"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        _check_whole(url)
        tracker = Tracker(url)
        history = tracker.all_history()
        tracker.close()
        for obligation, changes in history.items():
            assert [c.seq for c in changes] == list(range(1, len(changes) + 1)), obligation
        totals.append(sum(len(v) for v in history.values()))
    assert totals == sorted(totals) and totals[0] >= 5
    # the database still takes writes after the crashes
    after = Tracker(url, "after")
    after.set_status("five-bases", "stalled", effective="2020-06-01", because="after the crashes")
    assert after.verify().ok
    after.close()


def test_ctrl_c_in_the_cli_keeps_nothing_half_written(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 't.db'}"
    assert run_cli(url, "init", "--no-seeds").code == 0
    paths = [str(p) for p in _write_articles(tmp_path / "articles")]
    log = tmp_path / "stderr.txt"
    with log.open("w") as err:
        proc = _start(url, "sources", "add", *paths, stderr=err)
        _wait_for_sources(url, proc, 20)
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    rest = log.read_text()
    assert proc.returncode == 130, rest[-500:]
    assert "Traceback" not in rest, rest
    last = [line for line in rest.splitlines() if line.strip()][-1]
    assert last == "interrupted; nothing half-written was kept"
    kept = _check_whole(url)
    assert 20 <= kept < SOURCES
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        fts = conn.execute(sa.text("SELECT count(*) FROM sources_fts")).scalar()
    engine.dispose()
    assert fts == kept, "the search index matches the sources"
    done = run_cli(url, "sources", "add", *paths, timeout=300)
    assert done.code == 0 and _check_whole(url) == SOURCES


def test_a_swallowed_ctrl_c_still_stops_the_import_between_items(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python drops a KeyboardInterrupt raised inside a garbage-collector finalizer;
    the signal handler's flag stops the import at the next item anyway."""
    from tracker import cli

    url = f"sqlite:///{tmp_path / 't.db'}"
    make_tracker(url, seeds=False).close()
    paths = [str(p) for p in _write_articles(tmp_path / "articles")][:5]
    fresh_state = cli._State()
    fresh_state.interrupted = True  # as if Ctrl-C had been pressed and its exception lost
    monkeypatch.setattr(cli, "state", fresh_state)
    monkeypatch.setattr(sys, "argv", ["tracker", "--db", url, "sources", "add", *paths])
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # leave the test process's own handler alone
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err.strip().splitlines()[-1] == "interrupted; nothing half-written was kept"
    checker = Tracker(url, "checker")
    assert len(checker.list_sources()) == 1  # the item in hand was finished, no more
    checker.close()
