"""Moving through the table costs a bounded number of queries per keystroke,
and no query ever runs on the event loop (reads and writes run in workers)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event
from textual.widgets import Input, TextArea

from tests.tui.pilot import settle
from tracker.tui.main import MainScreen
from tracker.tui.modals import ConfirmModal, StatusModal

pytestmark = pytest.mark.slow  # a keystroke-by-keystroke walk of the UI; `make test` (CI) runs it, `make test-fast` skips it

SIZE = (120, 40)


class QueryCounter:
    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0
        self.threads: set[int] = set()
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args, **kwargs) -> None:
        self.count += 1
        self.threads.add(threading.get_ident())

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


async def test_moving_through_every_obligation_is_cheap(make_app, tui_tracker):
    counter = QueryCounter(tui_tracker.store.engine)
    app = make_app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            startup = counter.count
            # rows, the inbox count and the first detail (status, readings, reviews, corrections, evidence)
            assert startup <= 40, f"startup issued {startup} queries"
            total = len(app.screen.shown_rows)
            per_key = []
            for _ in range(total - 1):
                before = counter.count
                await pilot.press("j")
                await settle(pilot)
                per_key.append(counter.count - before)
            assert app.screen.current_id == app.screen.shown_rows[-1].obligation.id
            # one detail load per new selection (status, readings, reviews, corrections, evidence),
            # independent of the number of rows
            assert max(per_key) <= 14, per_key
            print("queries per keystroke", per_key)
            # going back up hits the cache: no queries at all
            before = counter.count
            for _ in range(total - 1):
                await pilot.press("k")
            await settle(pilot)
            assert counter.count == before
            # filtering is done in memory
            before = counter.count
            await pilot.press("slash", *"taliban")
            await settle(pilot)
            assert counter.count - before <= 8 * 2
    finally:
        counter.close()


async def test_no_query_runs_on_the_event_loop(make_app, tui_tracker):
    """Every screen's reads, and the writes, run in thread workers: the loop never waits on the database."""
    counter = QueryCounter(tui_tracker.store.engine)
    app = make_app()
    loop_thread = threading.get_ident()  # run_test drives the app on this thread's event loop
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("j", "j", "e")  # rows, details, evidence
            await settle(pilot)
            await pilot.press("escape", "s")  # the status dialog's data, then a write
            await settle(pilot)
            assert isinstance(app.screen, StatusModal)
            app.screen.query_one("#rationale", TextArea).text = "checked by a test"
            await pilot.press("ctrl+s")
            await settle(pilot)
            app.open_source(3)  # the reader and its suggestions
            await settle(pilot)
            await pilot.press("f")
            await settle(pilot)
            await pilot.press("escape", "escape", "o")  # sources
            await settle(pilot)
            await pilot.press("escape", "p")  # report
            await settle(pilot)
            app.screen.query_one("#report-as-of", Input).value = "2020-06-01"
            await pilot.press("ctrl+r")
            await settle(pilot)
            await pilot.press("escape", "f")  # passages across sources
            await settle(pilot)
            await pilot.press("y")  # accept one: a write
            await settle(pilot)
            await pilot.press("escape", "a", *"2020-06-01", "enter")  # as of
            await settle(pilot)
            assert app.as_of is not None
            await pilot.press("e", "x", *"a test", "ctrl+s")  # retract: dialog, confirm, write
            await settle(pilot)
            if isinstance(app.screen, ConfirmModal):
                await pilot.press("y")
                await settle(pilot)
        assert counter.count > 50, "the tour really read the database"
        assert loop_thread not in counter.threads
    finally:
        counter.close()
