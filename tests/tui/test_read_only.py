"""A login that may only read: the header says so and no write dialog opens."""

from __future__ import annotations

from tests.tui.conftest import TODAY
from tests.tui.pilot import notices, settle
from tracker.service import Clock, Tracker
from tracker.tui.app import TrackerApp
from tracker.tui.main import MainScreen
from tracker.tui.modals import FormModal


class ReadOnlyTracker(Tracker):
    """A real tracker on the test's database whose login may not write (as a tracker_reader's)."""

    def can_write(self) -> bool:
        return False


async def test_a_read_only_login_is_told_instead_of_given_a_dialog(db_url):
    tracker = ReadOnlyTracker(db_url, "reader", clock=Clock(today=TODAY))
    app = TrackerApp(tracker, cursor_blink=False)
    app.animation_level = "none"
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert "read-only login" in app.title
            await pilot.press("s")
            await settle(pilot)
            assert isinstance(app.screen, MainScreen) and not any(isinstance(s, FormModal) for s in app.screen_stack)
            assert any("this login is read-only" in n for n in notices(app))
            count = len(notices(app))
            app.action_add_source()
            await settle(pilot)
            assert not any(isinstance(s, FormModal) for s in app.screen_stack)
            assert len(notices(app)) == count + 1
    finally:
        tracker.close()


async def test_a_writable_login_has_no_read_only_notice(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "read-only" not in app.title
        await pilot.press("s")
        await settle(pilot)
        assert any(isinstance(s, FormModal) for s in app.screen_stack)
