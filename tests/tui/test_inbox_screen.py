"""The inbox screen: walk the open suggestions, accept one, reject one with a reason."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from tests.tui.pilot import settle
from tracker.tui import inbox as inbox_module
from tracker.tui.forms import ObligationPicker
from tracker.tui.inbox import PAGE, InboxScreen, RejectModal
from tracker.tui.main import MainScreen
from tracker.tui.modals import AttachModal
from tracker.tui.reader import ReaderScreen

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
        assert screen.query_one("#inbox-table", DataTable).row_count == min(waiting, PAGE)
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


@asynccontextmanager
async def paged_inbox(make_app, monkeypatch) -> AsyncIterator[tuple[Pilot, InboxScreen, DataTable]]:
    """The inbox screen open, reading pages of 10 rows and the next one 3
    rows before the end of what it has."""
    monkeypatch.setattr(inbox_module, "PAGE", 10)
    monkeypatch.setattr(inbox_module, "READ_AHEAD", 3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        yield pilot, screen, screen.query_one("#inbox-table", DataTable)


async def test_a_large_inbox_is_read_a_page_at_a_time(make_app, tui_tracker, monkeypatch):
    """The screen reads a page and the next one as the cursor nears its end;
    the header counts the whole inbox, not the rows read."""
    waiting = tui_tracker.index_pending()
    async with paged_inbox(make_app, monkeypatch) as (pilot, screen, table):
        assert table.row_count == 10 and screen.sub_title == f"{waiting} await triage"
        for _ in range(8):
            await pilot.press("s")
        await settle(pilot)
        assert table.row_count == 20
        while table.cursor_row < table.row_count - 1:
            await pilot.press("s")
            await settle(pilot)
        assert table.row_count == waiting
        assert [i.id for i in screen.items] == [i.id for i in tui_tracker.open_suggestions()]
        assert screen.sub_title == f"{waiting} await triage"


async def test_enter_reads_the_suggestion_in_its_source(make_app, tui_tracker):
    tui_tracker.index_pending()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        await pilot.press("s", "s")
        await settle(pilot)
        wanted = screen.current
        assert wanted is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.source_id == wanted.source_id


async def test_edit_corrects_a_suggestion_before_storing_it(make_app, tui_tracker, fresh):
    """`e` opens the attach dialog filled from the suggestion; storing the
    corrected evidence settles the suggestion."""
    waiting = tui_tracker.index_pending()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        item = screen.current
        assert item is not None
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AttachModal)
        assert (modal.start, modal.end) == (item.start, item.end)
        assert modal.query_one(ObligationPicker).value == item.obligation_id
        modal.query_one("#claimant", Input).value = "a reader's correction"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert item.id not in {i.id for i in screen.items}
    checker = fresh()
    assert checker.awaiting_triage() == waiting - 1
    stored = [v.evidence for v in checker.evidence_for(item.obligation_id)
              if (v.evidence.position.start, v.evidence.position.end) == (item.start, item.end)]
    assert [e.claimant for e in stored] == ["a reader's correction"]


async def test_the_table_has_the_focus_even_when_the_inbox_is_slow_to_read(make_app, tui_tracker, monkeypatch):
    """A table still loading cannot take the focus: when the first page comes
    late (a busy database) and the focus went elsewhere meanwhile, the table
    takes it once it is shown, so the arrow keys and Enter work at once (and
    the footer is the same however fast the database is)."""
    import threading

    tui_tracker.index_pending()
    app = make_app()
    release = threading.Event()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reads = app.screen.session.reads
        real = reads.inbox_page

        def late_page(*args, **kwargs):
            release.wait(10)  # held until the screen has tried to focus the loading table
            return real(*args, **kwargs)

        monkeypatch.setattr(reads, "inbox_page", late_page)
        await pilot.press("i")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        assert screen.table.loading
        # meanwhile the focus went to the next focusable widget, as auto-focus does
        screen.query_one("#inbox-preview").focus()
        await pilot.pause()
        release.set()
        await settle(pilot)
        assert not screen.table.loading
        assert app.focused is screen.table


async def test_a_suggestion_says_which_other_record_will_show_it(make_app, tui_tracker):
    assert tui_tracker.index_pending() > 2
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, InboxScreen)
        table = screen.query_one("#inbox-table", DataTable)
        catalogue = tui_tracker.catalogue()
        seen = {}
        for row in range(len(screen.items)):
            table.move_cursor(row=row)
            await settle(pilot)
            item = screen.current
            assert item is not None
            console = Console(width=300, record=True, file=io.StringIO())
            console.print(screen.query_one("#inbox-passage", Static).content)
            panel = console.export_text()
            seen[item.obligation_id] = "also shown in" in panel
            if catalogue.shares_evidence_with(item.obligation_id):
                assert f"also shown in {catalogue.shares_evidence_with(item.obligation_id)[0]}'s record" in panel
            if len(set(seen.values())) == 2:
                break
        assert any(seen.values()) and not all(seen.values())  # both kinds are in the seeded inbox


async def test_home_and_end_go_to_the_first_and_last_rows(make_app, tui_tracker, monkeypatch):
    """End is the last row read (and reads the next page, so End again goes
    further, to the very last); Home the first. The table's own Home and End
    scroll sideways."""
    waiting = tui_tracker.index_pending()
    async with paged_inbox(make_app, monkeypatch) as (pilot, screen, table):
        await pilot.press("end")
        await settle(pilot)
        assert table.cursor_row == 9 and table.row_count == 20
        for _ in range(waiting):  # (bounded: each End reads one more page)
            if table.cursor_row == waiting - 1:
                break
            await pilot.press("end")
            await settle(pilot)
        assert table.row_count == waiting and screen.current is not None
        assert screen.current.id == tui_tracker.open_suggestions()[-1].id
        await pilot.press("home")
        await settle(pilot)
        assert table.cursor_row == 0 and screen.current.id == screen.items[0].id
