"""Bad input in the UI's modals (the "Terminal UI modals" rows of docs/errors.md).

Each test types the bad input, checks that the dialog is still (or again, when
the service refused the input) open with what was typed and a one-line message
saying what is wrong, that the app is still usable afterwards (the dialog can
be cancelled and the main table still moves), and that a fresh Tracker sees
exactly the same evidence, history and sources as before."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select, TextArea

from tests.tui.pilot import settle
from tracker.tui.article import PassageArea
from tracker.tui.main import MainScreen
from tracker.tui.modals import AddSourceModal, AsOfModal, AttachModal, ConfirmModal, RetractModal, StatusModal
from tracker.tui.reader import ReaderScreen

SIZE = (120, 40)


def record(fresh):
    tracker = fresh()
    return tracker.all_evidence(), tracker.all_history(), tracker.list_sources()


def error_line(modal) -> str:
    error = modal.query_one(".error")
    assert error.display, "the modal shows no error"
    text = str(error.render())
    assert text.strip() and "\n" not in text.strip(), f"not one line: {text!r}"
    return text


async def main_table_still_responds(pilot) -> None:
    app = pilot.app
    await settle(pilot)
    assert isinstance(app.screen, MainScreen)
    app.select_obligation("us-drawdown-8600")
    await settle(pilot)
    first = app.screen.current_id
    await pilot.press("j")
    await settle(pilot)
    assert app.screen.current_id != first


async def discard(pilot, modal) -> None:
    """Escape out of a form modal, confirming the discard if it asks."""
    await pilot.press("escape")
    await settle(pilot)
    if isinstance(pilot.app.screen, ConfirmModal):
        await pilot.press("y")
        await settle(pilot)
    assert pilot.app.screen is not modal


# tui-status-impossible-date
async def test_status_modal_refuses_impossible_early_and_future_dates(make_app, fresh):
    before = record(fresh)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.select_obligation("us-drawdown-8600")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, StatusModal)
        modal.query_one("#rationale", TextArea).text = "the drawdown was completed"
        for typed, words in [
            ("2020-02-30", ["bad effective date", "not a real date", "day is out of range"]),
            ("2019-12-31", ["before the agreement was signed", "2020-02-29"]),
            ("2999-01-01", ["in the future"]),
        ]:
            modal.query_one("#effective", Input).value = typed
            await pilot.press("ctrl+s")
            await settle(pilot)
            modal = app.screen
            assert isinstance(modal, StatusModal)
            message = error_line(modal)
            assert all(w in message for w in words), message
            # what was typed is kept
            assert modal.query_one("#effective", Input).value == typed
            assert modal.query_one("#rationale", TextArea).text == "the drawdown was completed"
        await discard(pilot, modal)
        await main_table_still_responds(pilot)
    assert record(fresh) == before


async def open_attach_modal(pilot, tui_tracker) -> AttachModal:
    app = pilot.app
    source = tui_tracker.source(1)
    sentence = "The Taliban also agreed to start peace talks with the Afghan government."
    start = source.text.index(sentence)
    app.open_source(1)
    await settle(pilot)
    reader = app.screen
    assert isinstance(reader, ReaderScreen)
    area = reader.query_one(PassageArea)
    from textual.widgets.text_area import Selection

    area.selection = Selection(area.location(start + 5), area.location(start + 5))
    await pilot.press("v")
    await pilot.press("a")
    await settle(pilot)
    modal = app.screen
    assert isinstance(modal, AttachModal)
    await pilot.press(*"intra afghan")
    await settle(pilot)
    modal.query_one("#stance", Select).value = "supports-compliance"
    return modal


# tui-attach-bad-value-date
@pytest.mark.parametrize(
    ("field", "typed", "words"),
    [
        ("value", "lots", ["value 'lots' is not a number", "digits"]),
        ("observed", "2020-13-01", ["bad observed date", "'2020-13-01' is not a real date", "month must be in 1..12"]),
    ],
)
async def test_attach_modal_refuses_bad_value_and_observed_date(make_app, fresh, tui_tracker, field, typed, words):
    before = record(fresh)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        modal = await open_attach_modal(pilot, tui_tracker)
        modal.query_one(f"#{field}", Input).value = typed
        await pilot.press("ctrl+s")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AttachModal)
        message = error_line(modal)
        assert all(w in message for w in words), message
        assert modal.query_one(f"#{field}", Input).value == typed
        await discard(pilot, modal)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("escape")
        await main_table_still_responds(pilot)
    assert record(fresh) == before


# tui-retract-empty-reason
@pytest.mark.parametrize("reason", ["", "   "])
async def test_retract_modal_refuses_empty_reason(make_app, fresh, reason):
    before = record(fresh)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.select_obligation("us-drawdown-8600")
        await settle(pilot)
        await pilot.press("e")
        assert app.screen.highlighted_evidence_id() is not None
        await pilot.press("x")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, RetractModal)
        if reason:
            await pilot.press(*reason)
        for key in ("ctrl+s", "enter"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is modal  # no confirmation asked, nothing retracted
            assert "needs a reason" in error_line(modal)
        await discard(pilot, modal)
        await pilot.press("escape")  # leave the evidence list
        await main_table_still_responds(pilot)
    assert record(fresh) == before


# tui-add-source-empty
@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("missing.txt", None, ["missing.txt: no such file", "check the path"]),
        ("empty.txt", b"", ["empty.txt is empty"]),
        ("a.pdf", b"%PDF-1.4\n\x00\x01\x02binary\x00stream", ["a.pdf: not a readable PDF", "re-save it"]),
        ("latin1.txt", "Kabul, caf\u00e9 talks.\n".encode("latin-1"), ["latin1.txt is not UTF-8", "iconv"]),
        ("big.txt", b"Kabul talks went on.\n" * 100, ["big.txt is over the 1000-byte limit", "TRACKER_MAX_SOURCE_BYTES"]),
    ],
)
async def test_add_source_modal_refuses_bad_files(make_app, fresh, tmp_path, monkeypatch, name, content, words):
    monkeypatch.setenv("TRACKER_MAX_SOURCE_BYTES", "1000")
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    before = record(fresh)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AddSourceModal)
        modal.query_one("#paths", Input).value = str(path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AddSourceModal)
        message = error_line(modal)
        assert all(w in message for w in words), message
        assert modal.query_one("#paths", Input).value == str(path)
        await discard(pilot, modal)
        await main_table_still_responds(pilot)
    assert record(fresh) == before


# tui-as-of-bad-date
@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("yesterday-ish", ["'yesterday-ish' is not a date with a year", "YYYY-MM-DD"]),
        ("03/04/2020", ["'03/04/2020' is ambiguous", "YYYY-MM-DD"]),
    ],
)
async def test_as_of_modal_refuses_bad_date(make_app, fresh, typed, words):
    before = record(fresh)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AsOfModal)
        await pilot.press(*typed, "enter")
        await settle(pilot)
        assert app.screen is modal
        message = error_line(modal)
        assert all(w in message for w in words), message
        assert modal.query_one("#as-of", Input).value == typed
        await discard(pilot, modal)
        assert app.as_of is None
        assert not app.screen.query_one("#as-of-banner").display
        await main_table_still_responds(pilot)
    assert record(fresh) == before
