"""Shared data for the report tests: the seeded record plus a later article of
our own, so that reports have a troop series, a late "met", a retraction and
changes to list "since" a date. No tests here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from trackers import make_tracker

from tracker.service import Clock, SourceInput, Tracker

ROOT = Path(__file__).resolve().parent.parent

# Our own sentences, written for these tests.
DRAWDOWN_ARTICLE = """Troop numbers keep falling, officials say

Example Wire, January 16, 2021

A defense official said the force in Afghanistan stood near 4,500 troops in mid-November.
The same official said the number fell to about 2,500 troops on Friday, the lowest in years.
Critics said the schedule moved faster than the talks & the ceasefire <b>allowed</b>.
"""
DRAWDOWN_URL = "https://example.org/news/drawdown?id=7&lang=en"
AS_OF = dt.date(2021, 2, 1)
SINCE = dt.date(2021, 1, 10)
NOW = dt.datetime(2021, 2, 1, 9, 30)


def build_rich(url: str) -> tuple[Tracker, dict[str, int]]:
    """The seeds, then in January 2021: two troop figures, a late "met", a
    status change and a retraction of an evidence item a status entry cites."""
    tracker = make_tracker(url)
    tracker.clock = Clock(today=AS_OF, now=NOW)
    source = tracker.add_source(SourceInput(
        text=DRAWDOWN_ARTICLE, name="drawdown.txt", outlet="Example Wire", url=DRAWDOWN_URL,
        published_on=dt.date(2021, 1, 16),
    )).id
    stamp = dt.datetime(2021, 1, 16, 15, 0)
    e4500 = tracker.add_evidence(
        "us-drawdown-8600", source, "the force in Afghanistan stood near 4,500 troops in mid-November",
        stance="context", claimant="a defense official", observed_on="2020-11-15", value=4500,
        note="After the first phase; the next target is zero.", created_at=stamp,
    ).id
    e2500 = tracker.add_evidence(
        "us-drawdown-8600", source, "the number fell to about 2,500 troops on Friday",
        stance="context", claimant="a defense official", observed_on="2021-01-15", value=2500, created_at=stamp,
    ).id
    tracker.set_status(
        "full-withdrawal-14-months", "in-progress", effective="2021-01-15", because="Down to about 2,500 troops.",
        recorded_at=dt.datetime(2021, 1, 20, 10, 0),
    )
    tracker.set_status(
        "five-bases", "met", effective="2020-08-01", because="Officials say the five bases were handed over.",
        recorded_at=dt.datetime(2021, 1, 20, 11, 0),
    )
    photo = next(e for e in tracker.evidence_for("prisoner-release") if "Pul-i-Charkhi" in e.evidence.quote.exact)
    tracker.retract_evidence(photo.evidence.id, "The caption shows no numbers; keep the count-based items.",
                             at=dt.datetime(2021, 1, 25, 8, 0))
    return tracker, {"e4500": e4500, "e2500": e2500, "photo": photo.evidence.id, "source": source}


def rich_tracker(folder: Path) -> tuple[Tracker, dict[str, int]]:
    return build_rich(f"sqlite:///{folder / 'rich.db'}")
