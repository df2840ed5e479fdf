"""The inbox screen: walk the open suggestions, accept one, reject one with a reason."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from tests.tui.pilot import settle
from tracker.tui.inbox import InboxScreen, RejectModal
from tracker.tui.main import MainScreen

SIZE = (120, 40)


async def test_triage_accepts_and_rejects_from_the_keyboard(make_app, tui_tracker, fresh):
    waiting = tui_tracker.index_pending()
    assert waiting > 2
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert f"{waiting} await triage" in app.screen.sub_title
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        assert screen.query_one("#inbox-table", DataTable).row_count == waiting
        first, second = screen.items[0], screen.items[1]
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, RejectModal)
        app.screen.query_one("#reason", Input).value = "a quote about another deal"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and screen.sub_title == f"{waiting - 2} await triage"
        await pilot.press("escape")
        await settle(pilot)
        assert f"{waiting - 2} await triage" in app.screen.sub_title
    checker = fresh()
    assert checker.awaiting_triage() == waiting - 2
    stored = [e for e in checker.evidence_for(first.obligation_id) if e.evidence.position.start == first.start]
    assert stored, "the accepted suggestion is evidence now"
    _, again = checker.suggest_source(second.source_id, top_k=10)
    assert not any((s.obligation, s.start, s.end) == (second.obligation_id, second.start, second.end) for s in again)
