"""Helpers for the reliability tests: run the real CLI, dump a database.

(Named rel_support so it cannot clash with other test folders' helper modules.)

A session-scoped seeded SQLite template is copied per test (cheap); the
PostgreSQL rows share one seeded schema per worker, because every row checks
that its command changed nothing (a dump before and after).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from inproc import call_main
from trackers import make_tracker

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "obligations.yaml"
SEEDS = ROOT / "seeds"
PG_URL = os.environ.get("TRACKER_TEST_PG_URL")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def cli_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update({
        "TRACKER_HOME": "/nonexistent-tracker-home",  # never the user's data folder
        "TRACKER_AUTHOR": "tester",
        "TRACKER_CATALOGUE": str(CATALOGUE),
        "TRACKER_SEEDS": str(SEEDS),
        "PYTHONPATH": str(ROOT),
        "NO_COLOR": "1",
        "COLUMNS": "100",
    })
    env.update(extra)
    return env


def run_cli(url: str | None, *args: str, env: dict[str, str] | None = None, timeout: float = 120,
            input_bytes: bytes | None = None, process: bool = False, **popen: Any) -> Run:
    """`tracker [--db url] args...`: in this process through the console entry point
    (tests/inproc.py), or with `process` (or any Popen option) as a real
    `python -m tracker` subprocess, for the cases about the process itself."""
    argv = (["--db", url] if url is not None else []) + list(args)
    if not process and not popen:
        code, out, err = call_main(argv, env or cli_env(), input_bytes or b"")
        return Run(code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", *argv], input=input_bytes,
        stdin=None if input_bytes is not None else subprocess.DEVNULL,
        capture_output=True, env=env or cli_env(), timeout=timeout, cwd=ROOT, check=False, **popen,
    )
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def assert_user_error(run: Run, *needles: str) -> str:
    """Exit 1, exactly one line on stderr (saying what to do), no traceback."""
    assert "Traceback" not in run.stderr + run.stdout, run.stderr
    assert run.code == 1, f"exit {run.code}: {run.stderr}"
    assert len(run.lines) == 1, f"expected one line on stderr, got: {run.stderr!r}"
    line = run.lines[0]
    assert line.startswith("error: "), line
    assert "internal error" not in line
    for needle in needles:
        assert needle.lower() in line.lower(), f"{needle!r} not in {line!r}"
    return line


# -- dumps -------------------------------------------------------------------


def sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def dump(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a stable order (logical dump)."""
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if not path.exists():
            return {}
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
            )]
            out: dict[str, list[tuple[Any, ...]]] = {
                "sqlite_master": sorted(con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"), key=repr)
            }
            for table in tables:
                out[table] = sorted(con.execute(f'SELECT * FROM "{table}"'), key=repr)
            return out
        finally:
            con.close()
    engine = sa.create_engine(url.replace("postgresql+psycopg", "postgresql+psycopg", 1))
    try:
        with engine.connect() as conn:
            schema = conn.execute(sa.text("SELECT current_schema()")).scalar()
            tables = [r[0] for r in conn.execute(sa.text(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = :s ORDER BY table_name"
            ), {"s": schema})]
            out = {}
            for table in tables:
                rows = conn.execute(sa.text(f'SELECT * FROM "{table}"')).all()
                out[table] = sorted((tuple(map(repr, r)) for r in rows), key=repr)
            return out
    finally:
        engine.dispose()


def sqlite_bytes(url: str) -> bytes:
    path = sqlite_path(url)
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return path.read_bytes()


# -- databases -----------------------------------------------------------------


def seed_template(url: str) -> None:
    """The seeded tracker, plus two more status entries for us-drawdown-8600 (a chain of
    three) and two retractions (of evidence 50, then 49), so every kind of row has a chain
    of more than one link."""
    tracker = make_tracker(url)
    try:
        tracker.set_status("us-drawdown-8600", "in-progress", effective="2020-07-01", because="template entry 2")
        tracker.set_status("us-drawdown-8600", "met", effective="2020-07-13", because="template entry 3")
        tracker.retract_evidence(50, "template: retraction 1")
        tracker.retract_evidence(49, "template: retraction 2")
    finally:
        tracker.close()


