"""The seed corpus loads whole or not at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tracker.errors import InvalidInput
from tracker.seeding import load_seeds
from tracker.service import Tracker

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def make_tracker(url: str, *, seeds: bool = True) -> Tracker:
    tracker = Tracker(url, "tester")
    tracker.upgrade()
    tracker.load_catalogue(ROOT / "obligations.yaml")
    if seeds:
        load_seeds(tracker, SEEDS)
    return tracker


def test_a_bad_seed_quote_stores_nothing(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    index = folder / "evidence.yaml"
    index.write_text(index.read_text(encoding="utf-8").replace("now down from 13,000", "now down from 14,000"), encoding="utf-8")
    tracker = make_tracker(sqlite_url, seeds=False)
    with pytest.raises(InvalidInput, match="closest passage"):
        load_seeds(tracker, folder)
    assert tracker.list_sources() == [] and tracker.all_evidence() == []


def test_seeding_twice_changes_nothing(sqlite_url: str) -> None:
    tracker = make_tracker(sqlite_url)
    heads = tracker.verify().heads
    assert load_seeds(tracker, SEEDS).skipped
    assert tracker.verify().heads == heads
