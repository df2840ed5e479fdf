"""Building trackers for tests (imported by conftest and by test modules)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tracker.seeding import load_seeds
from tracker.service import Tracker

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "obligations.yaml"
SEEDS = ROOT / "seeds"


def make_tracker(url: str, *, seeds: bool = True, author: str = "tester") -> Tracker:
    tracker = Tracker(url, author)
    tracker.upgrade()
    tracker.load_catalogue(CATALOGUE)
    if seeds:
        load_seeds(tracker, SEEDS)
    return tracker


def run_tracker(db: str, *args: str, ok: bool = True, author: str = "analyst") -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it: a subprocess with no standard input.
    Never a traceback; with `ok`, exit 0."""
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", db, "--author", author, *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=ROOT,
    )
    if ok:
        assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done
