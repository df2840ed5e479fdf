"""Snapshot tests of every screen and dialog at 120x40 and 80x24.

Each picture is taken of a settled screen: the apps run with no animation and
no blinking cursor (see `make_app`), and every step waits until the workers
are done and their messages handled (`settle`).

Regenerate after an intended change with:
    python -m pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from tests.tui.pilot import settle as _settle

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


@pytest.mark.parametrize("size", SIZES)
def test_obligations_screen(snap_compare, make_app, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_detail_evidence_tab(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        pilot.app.select_obligation("aq-no-cooperation")
        await pilot.press("2")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


def test_detail_timeline_tab(snap_compare, make_app):
    async def run(pilot):
        await _settle(pilot)
        pilot.app.select_obligation("prisoner-release")
        await pilot.press("3")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run)


def test_filtered_table(snap_compare, make_app):
    async def run(pilot):
        await _settle(pilot)
        await pilot.press("slash", *"party:taliban", "enter")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_reader(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        pilot.app.open_source(3, focus_evidence=40)
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_status_modal(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        pilot.app.select_obligation("aq-no-use-of-soil")
        await pilot.press("s")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_attach_modal(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        pilot.app.open_source(1)
        await _settle(pilot)
        await pilot.press("v", "a")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_retract_modal(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        pilot.app.select_obligation("us-drawdown-8600")
        await pilot.press("e", "x")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_add_source_modal(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        await pilot.press("n")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_as_of_modal(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        await pilot.press("a", *"March 1 2020")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_as_of_mode(snap_compare, make_app, size):
    import datetime as dt

    assert snap_compare(make_app(as_of=dt.date(2020, 3, 1)), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        await pilot.press("f1")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_report_screen(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        await pilot.press("p")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


def test_sources_screen(snap_compare, make_app):
    async def run(pilot):
        await _settle(pilot)
        await pilot.press("o")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_reader_suggestions_panel(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        pilot.app.open_source(3)
        await _settle(pilot)
        await pilot.press("f")
        await _settle(pilot)
        await pilot.press("j", "j")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_passages_for_obligation(snap_compare, make_app, size):
    async def run(pilot):
        await _settle(pilot)
        pilot.app.select_obligation("us-drawdown-8600")
        await _settle(pilot)
        await pilot.press("f")
        await _settle(pilot)
        await pilot.press("j")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


@pytest.mark.parametrize("size", SIZES)
def test_inbox_screen(snap_compare, make_app, tui_tracker, size):
    tui_tracker.index_pending()

    async def run(pilot):
        await _settle(pilot)
        await pilot.press("i")
        await _settle(pilot)
        await pilot.press("s", "s")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=size, run_before=run)


def test_inbox_reject_dialog(snap_compare, make_app, tui_tracker):
    tui_tracker.index_pending()

    async def run(pilot):
        await _settle(pilot)
        await pilot.press("i")
        await _settle(pilot)
        await pilot.press("r")
        await _settle(pilot)

    assert snap_compare(make_app(), terminal_size=(120, 40), run_before=run)
