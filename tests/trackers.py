"""Building trackers for tests (imported by conftest and by test modules)."""

from __future__ import annotations

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
