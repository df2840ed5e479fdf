"""Building trackers for tests (imported by conftest and by test modules)."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

from inproc import call_main

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


def run_tracker(db: str, *args: str, ok: bool = True, author: str = "analyst",
                process: bool = False) -> subprocess.CompletedProcess[str]:
    """The command line as a user runs it, with no standard input, from the
    project folder: through the console entry point in this process (which
    saves an interpreter start and the imports, about a second a call), or
    with `process` as a real `python -m tracker` subprocess. Never a
    traceback; with `ok`, exit 0."""
    argv = ["--db", db, "--author", author, *args]
    if process:
        done = subprocess.run([sys.executable, "-m", "tracker", *argv],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, cwd=ROOT)
    else:
        with contextlib.chdir(ROOT):
            code, out, err = call_main(argv, dict(os.environ))
        done = subprocess.CompletedProcess(["tracker", *argv], code, out.decode("utf-8"), err.decode("utf-8"))
    if ok:
        assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done
