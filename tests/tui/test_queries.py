"""Moving through the table costs a bounded number of queries per keystroke."""

from __future__ import annotations

from sqlalchemy import event

from tracker.tui.main import MainScreen

SIZE = (120, 40)


class QueryCounter:
    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args, **kwargs) -> None:
        self.count += 1

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


async def test_moving_through_every_obligation_is_cheap(make_app, tui_tracker):
    counter = QueryCounter(tui_tracker.store.engine)
    app = make_app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
            startup = counter.count
            assert startup <= 30, f"startup issued {startup} queries"
            total = len(app.screen.shown_rows)
            per_key = []
            for _ in range(total - 1):
                before = counter.count
                await pilot.press("j")
                per_key.append(counter.count - before)
            assert app.screen.current_id == app.screen.shown_rows[-1].obligation.id
            # one detail load per new selection, independent of the number of rows
            assert max(per_key) <= 8, per_key
            print("queries per keystroke", per_key)
            # going back up hits the cache: no queries at all
            before = counter.count
            for _ in range(total - 1):
                await pilot.press("k")
            assert counter.count == before
            # filtering is done in memory
            before = counter.count
            await pilot.press("slash", *"taliban")
            await pilot.pause()
            assert counter.count - before <= 8 * 2
    finally:
        counter.close()
