"""Open the terminal UI (imported lazily by the CLI)."""

from __future__ import annotations

from tracker.errors import InvalidInput
from tracker.service import Tracker


def launch(tracker: Tracker) -> None:
    """Check the database first (one-line TrackerError, no broken UI), then start the app."""
    catalogue = tracker.catalogue()  # raises TrackerError on a database without a schema
    if not catalogue.obligations:
        raise InvalidInput("the database has no obligations yet; run `tracker init` to load the catalogue and seeds")
    from tracker.tui.app import TrackerApp

    TrackerApp(tracker).run()
