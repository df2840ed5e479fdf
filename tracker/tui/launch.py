"""Open the terminal UI (imported lazily by the CLI)."""

from __future__ import annotations

from tracker.service import Tracker


def launch(tracker: Tracker) -> None:
    from tracker.tui.app import TrackerApp

    TrackerApp(tracker).run()
