"""Pilot tests: drive real user flows, then check the database with a fresh Tracker."""

from __future__ import annotations

import datetime as dt
import json

from textual.widgets import DataTable, Input, Select, SelectionList, TextArea

from tests.tui.conftest import TODAY
from tests.tui.pilot import notices, settle
from tracker.errors import DatabaseError
from tracker.tui.article import PassageArea
from tracker.tui.detail import EvidenceList
from tracker.tui.main import MainScreen
from tracker.tui.modals import AddSourceModal, AttachModal, ConfirmModal, RetractModal, StatusModal
from tracker.tui.reader import ReaderScreen
from tracker.tui.screens import HelpScreen, ReportScreen
from tracker.tui.table import ObligationTable

SIZE = (120, 40)


def table_ids(app) -> list[str]:
    table = app.screen.query_one(ObligationTable)
    return [str(table.coordinate_to_cell_key((i, 0)).row_key.value) for i in range(table.row_count)]


async def select_row(pilot, obligation_id: str) -> None:
    app = pilot.app
    app.select_obligation(obligation_id)
    await settle(pilot)
    assert app.screen.current_id == obligation_id


async def test_opens_on_every_obligation(make_app, tui_tracker):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert table_ids(app) == [o.id for o in tui_tracker.catalogue().obligations]
        # j moves and the detail follows at once
        await pilot.press("j")
        assert app.screen.current_id == table_ids(app)[1]


async def test_filter_as_you_type_and_by_status(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"theme:counter")  # a prefix, as typed so far
        await settle(pilot)
        assert table_ids(app) == [
            "aq-no-use-of-soil", "aq-no-cooperation", "aq-no-recruit-train-fundraise", "asylum-migration-law",
            "no-travel-documents", "jd-counterterrorism",
        ]
        assert app.screen.current_id == "aq-no-use-of-soil"
        await pilot.press("escape")  # clears the text
        await settle(pilot)
        assert len(table_ids(app)) == 25
        app.screen.query_one("#filter", Input).value = "status:disputed party:taliban"
        await settle(pilot)
        # what the Taliban owe; the US's promise not to threaten them is owed *to* them
        assert set(table_ids(app)) == {"aq-no-use-of-soil", "aq-no-cooperation", "aq-no-recruit-train-fundraise"}
        app.screen.query_one("#filter", Input).value = "status:disputed owed-to:taliban"
        await settle(pilot)
        assert table_ids(app) == ["no-threat-or-force"]
        await pilot.press("escape", "escape")
        app.screen.query_one("#status-filter", Select).value = "met"
        await settle(pilot)
        assert table_ids(app) == ["us-drawdown-8600"]
        await pilot.press("c")
        await settle(pilot)
        assert len(table_ids(app)) == 25


QUERIES = [
    ("party:taliban", {"party": "taliban"}),
    ("by:taliban", {"party": "taliban"}),
    ("owed-to:taliban", {"party": "taliban", "side": "beneficiary"}),
    ("party:us", {"party": "us"}),
    ("owed-to:us status:pending", {"party": "us", "side": "beneficiary", "status": "pending"}),
    ("theme:counterterrorism", {"theme": "counterterrorism"}),
    ("overdue", {"overdue": True}),
]


async def test_typed_filters_mean_what_the_cli_means(make_app, tui_tracker):
    """`party:X` keeps what X owes and `owed-to:X` what X is owed: the rows the CLI's
    --party/--side give (the same rule, tracker.domain.filters)."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for typed, options in QUERIES:
            app.screen.query_one("#filter", Input).value = typed
            await settle(pilot)
            expected = [r.obligation.id for r in tui_tracker.obligation_rows(**options)]
            assert table_ids(app) == expected, typed
        # "taliban" alone is a word: it matches both sides, as the CLI's search words do
        app.screen.query_one("#filter", Input).value = "taliban"
        await settle(pilot)
        assert len(table_ids(app)) > len(tui_tracker.obligation_rows(party="taliban"))


async def test_party_drop_down_keeps_what_the_party_owes(make_app, tui_tracker):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for party in ("taliban", "us"):
            app.screen.query_one("#party-filter", Select).value = party
            await settle(pilot)
            assert table_ids(app) == [r.obligation.id for r in tui_tracker.obligation_rows(party=party)]


async def test_sort_by_header_click_and_key(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.table.toggle_sort("status")  # what a click on the header does
        await settle(pilot)
        statuses = [r.status.value for r in screen.shown_rows]
        from tracker.tui.table import STATUS_ORDER

        assert [STATUS_ORDER[s] for s in statuses] == sorted(STATUS_ORDER[s] for s in statuses)
        await pilot.press("S")  # next column
        assert screen.table.sort_column == "deadline"


async def test_set_status_citing_evidence(make_app, fresh):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, "aq-no-cooperation")
        await pilot.press("s")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, StatusModal)
        modal.query_one("#status", Select).value = "breached"
        modal.query_one("#confidence", Select).value = "high"
        modal.query_one("#effective", Input).value = "June 1 2020"
        modal.query_one("#rationale", TextArea).text = "The UN Monitoring Team reports close ties."
        cite = modal.query_one("#cite", SelectionList)
        cite.select(32)
        cite.select(36)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.current_detail.status.status.value == "breached"
    history = fresh().history("aq-no-cooperation")
    last = history[-1]
    assert (last.status.value, last.confidence.value, last.effective_on) == ("breached", "high", dt.date(2020, 6, 1))
    assert last.evidence_ids == (32, 36)
    assert last.rationale == "The UN Monitoring Team reports close ties."


async def test_status_refuses_empty_rationale_in_the_modal(make_app, fresh):
    before = len(fresh().history("five-bases"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, "five-bases")
        await pilot.press("s")
        await settle(pilot)
        modal = app.screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is modal
        error = modal.query_one(".error")
        assert error.display and "rationale" in str(error.render()).lower()
        # a bad date is refused the same way
        modal.query_one("#rationale", TextArea).text = "why"
        modal.query_one("#effective", Input).value = "03/04/2020"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is modal and "ambiguous" in str(modal.query_one(".error").render())
    assert len(fresh().history("five-bases")) == before


async def test_service_error_shows_in_modal_and_ui_stays_usable(make_app, tui_tracker, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("the database is locked by another program; try again")

    monkeypatch.setattr(tui_tracker, "set_status", broken)
    monkeypatch.setattr(tui_tracker, "source", broken)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        modal = app.screen
        modal.query_one("#rationale", TextArea).text = "because"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the dialog is back with what was typed and the service's message
        modal = app.screen
        assert isinstance(modal, StatusModal)
        assert "locked" in str(modal.query_one(".error").render())
        assert modal.query_one("#rationale", TextArea).text == "because"
        modal.dismiss(None)
        await settle(pilot)
        app.open_source(1)
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("locked" in n for n in notices(app))
        await pilot.press("j")
        assert app.screen.current_id == "five-bases"


async def test_attach_passage_from_reader(make_app, fresh, tui_tracker):
    source = tui_tracker.source(1)
    sentence = "The Taliban also agreed to start peace talks with the Afghan government."
    start = source.text.index(sentence)
    before = {v.evidence.id for v in tui_tracker.evidence_for(source_id=1)}
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_source(1)
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        area = reader.query_one(PassageArea)
        from textual.widgets.text_area import Selection

        area.selection = Selection(area.location(start + 5), area.location(start + 5))
        await pilot.press("v")  # select the sentence around the cursor
        await pilot.press("a")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AttachModal)
        assert modal.source.text[modal.start:modal.end] == sentence
        await pilot.press(*"ceasefire agenda")  # the seeds already link it to intra-afghan-talks
        await settle(pilot)
        modal.query_one("#stance", Select).value = "supports-compliance"
        modal.query_one("#claimant", Input).value = "National Review"
        modal.query_one("#observed", Input).value = "last week"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is reader
        assert reader.views[reader.index].evidence.quote.exact == sentence
    stored = [v.evidence for v in fresh().evidence_for(source_id=1) if v.evidence.id not in before]
    assert len(stored) == 1
    e = stored[0]
    assert e.obligation_id == "ceasefire-agenda"
    assert e.stance.value == "supports-compliance"
    assert e.claimant == "National Review"
    assert e.observed_on == source.published_on - dt.timedelta(weeks=1)
    assert (e.position.start, e.position.end) == (start, start + len(sentence))


async def test_reader_moves_through_passages(make_app, tui_tracker):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_source(3)
        await settle(pilot)
        reader = app.screen
        count = len(tui_tracker.evidence_for(source_id=3))
        assert len(reader.views) == count
        await pilot.press("n")
        first = reader.index
        await pilot.press("n")
        assert reader.index == (first + 1) % count
        await pilot.press("p")
        assert reader.index == first
        area = reader.query_one(PassageArea)
        e = reader.views[first].evidence
        assert area.selected_text == area.text[e.position.start:e.position.end]
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_attach_without_selection_explains(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_source(2)
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert any("select a passage" in n for n in notices(app))


async def test_retract_evidence_with_reason_and_confirmation(make_app, fresh):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, "us-drawdown-8600")
        await pilot.press("e")
        listing = app.screen.query_one(EvidenceList)
        assert listing.has_focus
        eid = app.screen.highlighted_evidence_id()
        assert eid is not None
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, RetractModal)
        await pilot.press("ctrl+s")  # no reason yet
        await settle(pilot)
        assert isinstance(app.screen, RetractModal)
        await pilot.press(*"misread the figure")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    item = fresh().evidence(eid)
    assert item.retracted and item.retraction_reason == "misread the figure"


async def test_add_pasted_source_then_open_in_reader(make_app, fresh):
    text = "Kabul, June 3 2020. A [bold]test[/bold] article \x1b[31m with an escape. The Taliban said so.\n"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, AddSourceModal)
        modal.query_one("#source-tabs").active = "paste-tab"
        modal.query_one("#pasted", TextArea).text = text
        modal.query_one("#title", Input).value = "Hand-added article"
        modal.query_one("#published", Input).value = "June 3 2020"
        await pilot.press("ctrl+s")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        area = reader.query_one(PassageArea)
        assert "[bold]test[/bold]" in area.text  # shown literally
        assert "\x1b" not in area.text and "\u241b" in area.text  # escape made visible
    sources = fresh().list_sources()
    assert sources[-1].title == "Hand-added article"
    assert sources[-1].published_on == dt.date(2020, 6, 3)


async def test_import_many_files_in_a_worker(make_app, fresh, tmp_path):
    """A folder large enough for the suggestion workers, started from the UI
    (whose standard error is a capture with no file: starting them used to
    fail there and crash the UI): every source gets its suggestions."""
    from tracker.service.suggest_pool import POOL_MIN_ITEMS

    folder = tmp_path / "articles"
    folder.mkdir()
    count = POOL_MIN_ITEMS + 1
    for index in range(count):
        (folder / f"a{index}.txt").write_text(
            f"Article {index}\n\nThe Taliban freed {index + 10} prisoners on Monday, officials said.\n")
    before = len(fresh().list_sources())
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#paths", Input).value = f"{folder}/*.txt"
        await pilot.press("ctrl+s")
        await settle(pilot)
        from tracker.tui.screens import SourcesScreen

        assert isinstance(app.screen, SourcesScreen)
        assert app.screen.query_one(DataTable).row_count == before + count
    checker = fresh()
    added = [s.id for s in checker.list_sources()][before:]
    assert len(added) == count
    assert {s.source_id for s in checker.open_suggestions()} >= set(added)


async def test_add_source_bad_path_is_explained(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        modal = app.screen
        modal.query_one("#paths", Input).value = str(tmp_path / "missing.txt")
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the dialog is back with the path as typed and the service's message
        assert isinstance(app.screen, AddSourceModal) and app.screen is not modal
        assert "no such file" in str(app.screen.query_one(".error").render())
        assert app.screen.query_one("#paths", Input).value == str(tmp_path / "missing.txt")


async def test_as_of_mode_and_back(make_app, fresh):
    day = dt.date(2020, 3, 1)
    expected = {r.obligation.id: r.status.value for r in fresh().obligation_rows(as_of=day)}
    now = {r.obligation.id: r.status.value for r in fresh().obligation_rows()}
    assert expected != now
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"March 1 2020", "enter")
        await settle(pilot)
        assert app.as_of == day
        shown = {r.obligation.id: r.status.value for r in app.screen.shown_rows}
        assert shown == expected
        assert app.screen.query_one("#as-of-banner").display
        await select_row(pilot, "us-drawdown-8600")
        detail = app.screen.current_detail
        assert detail.history == () and detail.deadline.days_left == (dt.date(2020, 7, 13) - day).days
        assert all(v.evidence.created_at.date() <= day for v in detail.evidence)
        await pilot.press("t")
        await settle(pilot)
        assert app.as_of is None
        assert {r.obligation.id: r.status.value for r in app.screen.shown_rows} == now


async def test_report_preview_and_export(make_app, tmp_path):
    target = tmp_path / "out" / "report.json"
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        screen.query_one("#report-as-of", Input).value = "2020-06-01"
        screen.query_one("#report-format", Select).value = "json"
        await settle(pilot)
        screen.query_one("#report-path", Input).value = str(target)
        await pilot.press("ctrl+e")
        await settle(pilot)
    data = json.loads(target.read_text())
    assert data["as_of"] == "2020-06-01"


async def test_quit_with_unsaved_dialog_asks_first(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#rationale", TextArea).text = "half a thought"
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, StatusModal)
        await pilot.press("escape")  # escape also asks
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    assert app.return_code == 0


async def test_help_lists_every_binding_with_ids(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one(DataTable)
        ids = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        assert {"filter", "set-status", "as-of", "reader-attach", "reader-next", "evidence-retract"} <= ids
        await pilot.press("escape")
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_user_keymap_rebinds_by_id(make_app, tmp_path, monkeypatch):
    keymap = tmp_path / "keymap.yaml"
    keymap.write_text("filter: f\nset-status: ctrl+t\n")
    monkeypatch.setenv("TRACKER_KEYMAP", str(keymap))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f")
        assert app.screen.query_one("#filter", Input).has_focus
        await pilot.press("escape", "ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, StatusModal)


async def test_bad_keymap_is_reported_not_fatal(make_app, tmp_path, monkeypatch):
    keymap = tmp_path / "keymap.yaml"
    keymap.write_text("filter: [unclosed\n")
    monkeypatch.setenv("TRACKER_KEYMAP", str(keymap))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("keymap" in n for n in notices(app))


async def test_command_palette_jumps_to_obligation(make_app):
    from tracker.tui.commands import ObligationCommands

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = ObligationCommands(app.screen)
        await provider.startup()
        hits = [hit async for hit in provider.search("prisoner")]
        assert hits
        hits[0].command()
        await settle(pilot)
        assert app.screen.current_id == "prisoner-release"
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"Go to obligation five-bases")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.current_id == "five-bases"


async def test_today_is_fixed_for_labels(make_app):
    app = make_app(today=dt.date(2020, 7, 1))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        rows = {r.obligation.id: r for r in app.screen.shown_rows}
        assert rows["five-bases"].deadline.label == "due in 12 days"
    assert TODAY.year == 2026


async def test_no_color_and_theme_from_environment(make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TRACKER_THEME", "nord")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.no_color and app.theme == "nord"
        app.open_source(3, focus_evidence=40)
        await settle(pilot)
        from tracker.tui.article import MONO_STYLES, RETRACTED_STYLE

        styles = {style for _, _, style in app.screen.query_one(PassageArea).spans}
        assert styles <= {*MONO_STYLES.values(), RETRACTED_STYLE}


async def test_theme_choice_is_remembered(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_KEYMAP", str(tmp_path / "cfg" / "keymap.yaml"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "gruvbox"
        await settle(pilot)
    assert (tmp_path / "cfg" / "settings.yaml").exists()  # next to the keymap
    again = make_app()
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox"


async def test_settings_stay_in_the_config_folder_and_keep_only_chosen_themes(make_app, tmp_path, monkeypatch):
    config = tmp_path / "home" / ".config" / "tracker"  # the tests' own home (conftest)
    monkeypatch.setenv("TRACKER_THEME", "nord")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
    assert not (config / "settings.yaml").exists(), "a theme from the environment is not a choice to save"
    monkeypatch.delenv("TRACKER_THEME")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "gruvbox"
        await settle(pilot)
    assert "gruvbox" in (config / "settings.yaml").read_text()


async def test_tab_completes_paths_in_add_source(make_app, tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "kabul.txt").write_text("Kabul article text.\n")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*f"{tmp_path}/artic")
        await settle(pilot)
        await pilot.press("tab")
        await pilot.press(*"ka")
        await settle(pilot)
        await pilot.press("tab")
        assert app.screen.query_one("#paths", Input).value == f"{tmp_path}/articles/kabul.txt"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert "Kabul article" in app.screen.query_one(PassageArea).text


async def test_a_restatement_lists_the_evidence_it_shares_read_only(make_app, fresh):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await select_row(pilot, "jd-full-withdrawal")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        listing = app.screen.query_one(EvidenceList)
        assert listing.views == () and listing.shared
        assert all(v.evidence.obligation_id == "full-withdrawal-14-months" for v in listing.shared)
        heading = listing.get_option("head-shared").prompt
        assert "Shared from full-withdrawal-14-months" in str(heading)
        assert listing.get_option("head-shared-context").disabled  # by stance, as its own evidence
        eid = app.screen.highlighted_evidence_id()
        assert eid == listing.shared[0].evidence.id  # shared items can be read in their source
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)  # not retracted from here
        assert any("retract it there" in n for n in notices(app))
    assert not fresh().evidence(eid).retracted
