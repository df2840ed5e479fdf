"""Suggestions in the TUI: the reader's panel (accept, hide, edit) and the
passages of one obligation across every source; checked through a fresh Tracker."""

from __future__ import annotations

import subprocess
import sys

import pytest
from textual.widgets import Input, Select, SelectionList

from tests.tui.pilot import notices, settle
from tracker.errors import TrackerError
from tracker.service import Tracker
from tracker.tui.article import PassageArea
from tracker.tui.footer import KeyFooter
from tracker.tui.main import MainScreen
from tracker.tui.modals import AttachModal, StatusModal
from tracker.tui.passages import PassagesScreen
from tracker.tui.reader import ReaderScreen
from tracker.tui.render import stored_match
from tracker.tui.screens import SourcesScreen
from tracker.tui.suggestions import SuggestionList

SIZE = (120, 40)


async def open_panel(pilot, source_id: int = 3) -> ReaderScreen:
    app = pilot.app
    await settle(pilot)
    app.open_source(source_id)
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    reader = app.screen
    assert isinstance(reader, ReaderScreen)
    assert isinstance(reader.focused, SuggestionList)
    assert reader.shown_suggestions
    return reader


async def highlight_first_unstored(pilot, reader: ReaderScreen) -> int:
    listing = reader.panel.listing
    for index, s in enumerate(reader.shown_suggestions):
        if stored_match(s, reader.views) is None:
            listing.highlighted = index
            await settle(pilot)
            return index
    raise AssertionError("every suggestion is stored already")


def evidence_keys(tracker: Tracker, source_id: int) -> set[tuple[str, int, int]]:
    return {(v.evidence.obligation_id, v.evidence.position.start, v.evidence.position.end)
            for v in tracker.evidence_for(source_id=source_id)}


async def test_accept_a_suggestion_in_the_reader(make_app, fresh):
    before = evidence_keys(fresh(), 3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_panel(pilot)
        index = await highlight_first_unstored(pilot, reader)
        suggestion = reader.shown_suggestions[index]
        # the passage is highlighted in the article and the info bar explains it
        area = reader.query_one(PassageArea)
        assert area.suggested == (suggestion.start, suggestion.end)
        assert area.char_offset(area.selection.end) == suggestion.start
        await pilot.press("enter")
        await settle(pilot)
        assert any("stored" in n for n in notices(app))
        # now marked as stored, and accepting it again stores nothing
        assert stored_match(suggestion, reader.views) is not None
        reader.panel.listing.highlighted = index
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    after = fresh().evidence_for(source_id=3)
    new = [v.evidence for v in after if (v.evidence.obligation_id, v.evidence.position.start, v.evidence.position.end) not in before]
    assert len(new) == 1
    e = new[0]
    assert (e.obligation_id, e.position.start, e.position.end) == (suggestion.obligation, suggestion.start, suggestion.end)
    assert e.stance.value == suggestion.stance
    assert e.claimant == suggestion.claimant
    assert e.quote.exact == suggestion.exact
    assert e.author == "tester"


async def test_stored_suggestions_are_marked(make_app, tui_tracker):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_panel(pilot)
        stored = [s for s in reader.shown_suggestions if stored_match(s, reader.views) is not None]
        assert stored, "the seeds cover some suggestions of source 3"
        listing = reader.panel.listing
        listing.highlighted = reader.shown_suggestions.index(stored[0])
        await settle(pilot)
        count = len(tui_tracker.evidence_for(source_id=3))
        await pilot.press("enter")
        await settle(pilot)
        assert any("already stored" in n for n in notices(app))
        assert len(tui_tracker.evidence_for(source_id=3)) == count


async def test_hide_a_suggestion_for_the_session(make_app, fresh):
    before = evidence_keys(fresh(), 3)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_panel(pilot)
        index = await highlight_first_unstored(pilot, reader)
        hidden = reader.shown_suggestions[index]
        count = len(reader.shown_suggestions)
        await pilot.press("d")
        await settle(pilot)
        assert len(reader.shown_suggestions) == count - 1
        assert hidden not in reader.shown_suggestions
        # closing and reopening the reader keeps it hidden
        await pilot.press("escape")  # closes the panel
        assert not reader.query_one("#suggestions").display
        await pilot.press("escape")  # closes the reader
        await settle(pilot)
        reader = await open_panel(pilot)
        assert hidden not in reader.shown_suggestions
        assert len(reader.shown_suggestions) == count - 1
    assert evidence_keys(fresh(), 3) == before


async def test_edit_a_suggestion_before_saving(make_app, fresh):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_panel(pilot)
        index = await highlight_first_unstored(pilot, reader)
        suggestion = reader.shown_suggestions[index]
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AttachModal)
        assert (modal.start, modal.end) == (suggestion.start, suggestion.end)
        assert modal.query_one("#stance", Select).value == suggestion.stance
        assert modal.query_one("#claimant", Input).value == (suggestion.claimant or "")
        assert modal.query_one("#observed", Input).value
        modal.query_one("#stance", Select).value = "indicates-breach"
        modal.query_one("#claimant", Input).value = "An analyst's reading"
        modal.query_one("#value", Input).value = "1234"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is reader
        assert stored_match(suggestion, reader.views) is not None
    stored = [v.evidence for v in fresh().evidence_for(source_id=3)
              if v.evidence.obligation_id == suggestion.obligation and v.evidence.position.start == suggestion.start]
    assert len(stored) == 1
    e = stored[0]
    assert (e.stance.value, e.claimant, e.value) == ("indicates-breach", "An analyst's reading", 1234)
    assert e.note and e.note.startswith("accepted suggestion")


async def test_passages_for_an_obligation_open_the_reader_and_accept(make_app, fresh):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.select_obligation("us-drawdown-8600")
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PassagesScreen)
        panel = screen.panel
        assert panel.shown and all(i.suggestion.obligation == "us-drawdown-8600" for i in panel.shown)
        index = next(i for i, item in enumerate(panel.shown) if panel.stored(item) is None)
        item = panel.shown[index]
        panel.listing.highlighted = index
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.source_id == item.source.id
        assert reader.highlighted_suggestion() == item.suggestion
        assert reader.query_one(PassageArea).suggested == (item.suggestion.start, item.suggestion.end)
        await pilot.press("enter")  # accept
        await settle(pilot)
        await pilot.press("escape", "escape")  # panel, reader
        await settle(pilot)
        assert app.screen is screen
        assert panel.standing(item) is not None  # refreshed: marked stored
        # accept straight from the list too
        others = [i for i, other in enumerate(panel.shown) if panel.stored(other) is None]
        panel.listing.highlighted = others[0]
        second = panel.shown[others[0]]
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert panel.standing(second) is not None
    tracker = fresh()
    for done in (item, second):
        keys = evidence_keys(tracker, done.source.id)
        assert (done.suggestion.obligation, done.suggestion.start, done.suggestion.end) in keys


async def test_suggest_commands_in_help_and_palette(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(t.startswith("Suggest passages for") for t in titles)
        app.open_source(3)
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Suggest passages in this source" in titles
        await pilot.press("f1")
        await settle(pilot)
        table = app.screen.query_one("#help-table")
        ids = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert {"reader-suggest", "suggestion-accept", "suggestion-hide", "suggestion-edit", "find-passages",
                "passages-accept"} <= ids


async def test_status_effective_date_follows_cited_evidence(make_app, tui_tracker):
    views = [v for v in tui_tracker.evidence_for("aq-no-cooperation") if v.evidence.observed_on and not v.evidence.retracted]
    view = views[0]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_status("aq-no-cooperation", cite=(view.evidence.id,))
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, StatusModal)
        effective = modal.query_one("#effective", Input)
        assert effective.value == view.evidence.observed_on.isoformat()
        # untick it: back to today; tick two: the latest of them
        cite = modal.query_one("#cite", SelectionList)
        cite.deselect(view.evidence.id)
        await settle(pilot)
        assert effective.value == app.today.isoformat()
        chosen = views[:2]
        for v in chosen:
            cite.select(v.evidence.id)
        await settle(pilot)
        assert effective.value == max(v.evidence.observed_on for v in chosen).isoformat()
        # a typed date is left alone
        effective.value = "2020-03-01"
        cite.deselect(chosen[0].evidence.id)
        await settle(pilot)
        assert effective.value == "2020-03-01"


async def test_status_without_evidence_defaults_to_today(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert app.screen.query_one("#effective", Input).value == app.today.isoformat()


async def test_sources_list_g_and_shift_g(make_app, tui_tracker):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, SourcesScreen)
        table = app.screen.query_one("#sources")
        await pilot.press("G")
        await settle(pilot)
        assert table.cursor_row == len(tui_tracker.list_sources()) - 1
        await pilot.press("g")
        await settle(pilot)
        assert table.cursor_row == 0


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_footer_fits_and_keeps_help(make_app, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for step in ("main", "evidence", "reader", "panel"):
            if step == "evidence":
                app.select_obligation("aq-no-cooperation")
                await pilot.press("e")
            elif step == "reader":
                app.open_source(3)
            elif step == "panel":
                await pilot.press("f")
            await settle(pilot)
            footer = app.screen.query_one(KeyFooter)
            keys = list(footer.children)
            assert keys, step
            right = max(k.region.right for k in keys)
            assert right <= size[0], step
            assert all(k.region.width > 0 for k in keys)
            actions = [getattr(k, "action", "") for k in keys]
            assert "help" in actions, (step, actions)
            assert isinstance(app.screen, MainScreen) or step in ("reader", "panel")


def test_launch_refuses_a_database_without_schema_or_catalogue(tmp_path):
    from tracker.tui.launch import launch

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    tracker = Tracker(url, "tester")
    with pytest.raises(TrackerError, match="tracker init"):
        launch(tracker)
    tracker.upgrade()
    with pytest.raises(TrackerError, match="no obligations yet; run `tracker init`"):
        launch(tracker)
    tracker.close()
    run = subprocess.run(
        [sys.executable, "-c", "from tracker.cli import main; main()", "--db", url],
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "tracker init" in lines[0], run.stderr
    assert "Traceback" not in run.stderr

