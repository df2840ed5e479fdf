"""Secondary screens: the sources list, the report preview and the help screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from tracker.domain.dates import DateError, parse_date
from tracker.errors import TrackerError
from tracker.tui.footer import FitFooter
from tracker.tui.modals import DateHint, PathSuggester, describe_date
from tracker.tui.render import STANCE_LABELS, one_line, safe, stored_match, suggestion_key, suggestion_prompt

if TYPE_CHECKING:
    from tracker.domain.suggest import Suggestion
    from tracker.service import EvidenceView, SourceSummary
    from tracker.tui.app import TrackerApp

EXTENSIONS = {"terminal": "txt", "md": "md", "html": "html", "json": "json", "csv": "csv"}


class SourcesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="sources-back"),
        Binding("enter", "open", "Read", id="sources-open"),
        Binding("n", "app.add_source", "Add source", id="sources-add"),
        Binding("j", "cursor_down", "Down", show=False, id="sources-down"),
        Binding("k", "cursor_up", "Up", show=False, id="sources-up"),
        Binding("g,home", "cursor_top", "Top", show=False, id="sources-top"),
        Binding("G,end", "cursor_bottom", "Bottom", show=False, id="sources-bottom"),
    ]

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Every source in the tracker. Enter opens the reader; n adds a source.", style="dim"),
                     classes="hint")
        yield DataTable(id="sources", cursor_type="row", zebra_stripes=True)
        yield FitFooter()

    def on_mount(self) -> None:
        self.title = "Sources"
        self.refresh_data()
        self.query_one(DataTable).focus()

    def refresh_data(self) -> None:
        table = self.query_one(DataTable)
        try:
            sources = self.tracker_app.tracker.list_sources()
        except TrackerError as exc:
            self.notify(str(exc), severity="error")
            return
        keep = table.cursor_row
        table.clear(columns=True)
        table.add_column("id", key="id")
        table.add_column("published", key="published")
        table.add_column("outlet", key="outlet", width=18)
        table.add_column("evidence", key="evidence")
        table.add_column("title", key="title")
        for s in sources:
            table.add_row(
                Text(str(s.id), justify="right"), str(s.published_on or "—"), safe(s.outlet or "—"),
                Text(str(s.evidence_count), justify="right"), safe(" ".join(s.title.split())), key=str(s.id),
            )
        if sources:
            table.move_cursor(row=min(keep, len(sources) - 1))

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_cursor_top(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=0)

    def action_cursor_bottom(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.tracker_app.open_source(int(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key:
                self.tracker_app.open_source(int(key))

    def action_close(self) -> None:
        self.dismiss()


class PassageList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="passages-down"),
        Binding("k", "cursor_up", "Up", show=False, id="passages-up"),
        Binding("enter,r", "screen.open_suggestion", "Read", tooltip="Open the source at this passage (accept there)",
                id="passages-read"),
        Binding("y", "screen.accept_suggestion", "Accept", tooltip="Store this suggestion as evidence",
                id="passages-accept"),
        Binding("d,delete", "screen.reject_suggestion", "Hide", tooltip="Reject: hide this suggestion for this session",
                id="passages-hide"),
    ]


class PassagesScreen(Screen[None]):
    """Suggested passages for one obligation across every source."""

    BINDINGS = [Binding("escape,q", "close", "Back", id="passages-back")]

    def __init__(self, obligation_id: str) -> None:
        super().__init__()
        self.obligation_id = obligation_id
        self.found: list[tuple[SourceSummary, Suggestion]] | None = None
        self.shown: list[tuple[SourceSummary, Suggestion]] = []
        self.evidence: list[EvidenceView] = []

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="passages-head")
        yield PassageList(id="passages")
        yield FitFooter()

    def on_mount(self) -> None:
        self.title = "Suggested passages"
        self._head(Text("searching every source…", style="dim italic"))
        self.query_one(PassageList).focus()
        self.load()

    def _head(self, status: Text) -> None:
        o = self.tracker_app.catalogue.obligation(self.obligation_id)
        head = Text("Passages for ", style="bold") + safe(self.obligation_id, "bold")
        if o is not None:
            head += Text("  ") + safe(one_line(o.title), "dim")
        head += Text("\n") + status
        self.query_one("#passages-head", Static).update(head)

    @work(thread=True, exclusive=True, group="passages")
    def load(self) -> None:
        try:
            found = self.tracker_app.tracker.suggest_obligation(self.obligation_id)
            evidence = self.tracker_app.tracker.evidence_for(self.obligation_id)
        except TrackerError as exc:
            message = str(exc)
            self.app.call_from_thread(self.notify, message, title="Suggestions", severity="error")
            found, evidence = [], []
        self.app.call_from_thread(self._loaded, found, evidence)

    def _loaded(self, found: list[tuple[SourceSummary, Suggestion]], evidence: list[EvidenceView]) -> None:
        self.found, self.evidence = found, evidence
        self._fill()
        listing = self.query_one(PassageList)
        if self.shown:
            listing.highlighted = 0

    def _stored(self, source_id: int, s: Suggestion) -> EvidenceView | None:
        return stored_match(s, [v for v in self.evidence if v.evidence.source_id == source_id])

    def _fill(self) -> None:
        if self.found is None:
            return
        listing = self.query_one(PassageList)
        keep = listing.highlighted
        hidden = self.tracker_app.hidden_suggestions
        self.shown = [(src, s) for src, s in self.found if suggestion_key(src.id, s) not in hidden]
        listing.clear_options()
        options: list[Option] = []
        stored_count = 0
        for number, (src, s) in enumerate(self.shown, 1):
            stored = self._stored(src.id, s)
            if stored is not None and not stored.evidence.retracted:
                stored_count += 1
            label = f"source {src.id} · {src.outlet or 'unknown outlet'} · {src.published_on or 'undated'} · " + one_line(src.title)
            options.append(Option(suggestion_prompt(number, s, stored, source=label, quote_chars=240),
                                  id=f"ps-{number - 1}"))
        if not options:
            options.append(Option(Text("No passage in any source bears on this obligation.", style="dim"),
                                  id="ps-none", disabled=True))
        listing.add_options(options)
        if self.shown and keep is not None:
            listing.highlighted = min(keep, len(self.shown) - 1)
        status = Text(f"{len(self.shown)} suggested · {stored_count} already stored as evidence", style="dim")
        hidden_count = len(self.found) - len(self.shown)
        if hidden_count:
            status += Text(f" · {hidden_count} hidden", style="dim")
        status += Text("   enter reads it in the source · y accepts · d hides", style="dim")
        self._head(status)

    def highlighted(self) -> tuple[SourceSummary, Suggestion] | None:
        listing = self.query_one(PassageList)
        if listing.highlighted is None or not self.shown:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        if not option.id or option.id == "ps-none":
            return None
        return self.shown[int(option.id[3:])]

    @on(OptionList.OptionSelected, "#passages")
    def _selected(self) -> None:
        self.action_open_suggestion()

    def action_open_suggestion(self) -> None:
        item = self.highlighted()
        if item is not None:
            self.tracker_app.open_source(item[0].id, suggestion=item[1])

    def action_accept_suggestion(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        src, s = item
        stored = self._stored(src.id, s)
        if stored is not None and not stored.evidence.retracted:
            self.notify(f"already stored as evidence #{stored.evidence.id}", severity="warning")
            return
        try:
            evidence = self.tracker_app.tracker.accept_suggestion(src.id, s)
        except TrackerError as exc:
            self.notify(str(exc), title="Could not store the suggestion", severity="error")
            return
        self.notify(f"evidence {evidence.id} stored: {evidence.obligation_id}, {STANCE_LABELS[evidence.stance.value].lower()}",
                    title="Accepted")
        self.tracker_app.data_changed()

    def action_reject_suggestion(self) -> None:
        item = self.highlighted()
        if item is None:
            return
        self.tracker_app.hidden_suggestions.add(suggestion_key(item[0].id, item[1]))
        self._fill()
        self.notify("suggestion hidden for this session", timeout=2)

    def refresh_data(self) -> None:
        try:
            self.evidence = self.tracker_app.tracker.evidence_for(self.obligation_id)
        except TrackerError as exc:
            self.notify(str(exc), severity="error")
            return
        self._fill()

    def action_close(self) -> None:
        self.dismiss()


class ReportScreen(Screen[None]):
    """Preview the status report as of a date; export it in any format."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="report-back"),
        Binding("ctrl+e", "export", "Export", id="report-export", priority=True),
        Binding("ctrl+r", "refresh_report", "Refresh", id="report-refresh", priority=True),
    ]

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.tracker_app
        day = app.as_of or app.today
        yield Header()
        with Vertical(id="report-controls"):
            with Horizontal(classes="row"):
                yield Label("As of", classes="inline")
                yield Input(day.isoformat(), id="report-as-of", compact=True)
                yield Label("since", classes="inline")
                yield Input(placeholder="optional", id="report-since", compact=True)
                yield Label("format", classes="inline")
                yield Select([(f, f) for f in EXTENSIONS], value="md", allow_blank=False, id="report-format", compact=True)
            with Horizontal(classes="row"):
                yield Label("file", classes="inline")
                yield Input(self._default_path(day, "md"), id="report-path", compact=True, suggester=PathSuggester())
                yield Button("Export (ctrl+e)", id="export", variant="primary", compact=True)
            yield DateHint(id="report-hint")
        with VerticalScroll(id="report-scroll"):
            yield Static(id="report-body")
        yield FitFooter()

    def _default_path(self, day: dt.date, fmt: str) -> str:
        return f"tracker-report-{day}.{EXTENSIONS[fmt]}"

    def on_mount(self) -> None:
        self.title = "Report"
        self.action_refresh_report()
        self.query_one("#report-scroll").focus()

    def _dates(self) -> tuple[dt.date, dt.date | None]:
        today = self.tracker_app.today
        as_of_text = self.query_one("#report-as-of", Input).value
        since_text = self.query_one("#report-since", Input).value
        try:
            day = parse_date(as_of_text, today) if as_of_text.strip() else today
            since = parse_date(since_text, today) if since_text.strip() else None
        except DateError as exc:
            raise _ReportInvalid(str(exc)) from None
        return day, since

    @on(Input.Changed, "#report-as-of")
    def _as_of_changed(self, event: Input.Changed) -> None:
        _, hint = describe_date(event.value, self.tracker_app.today, empty="empty: today")
        self.query_one("#report-hint", DateHint).update(hint)

    @on(Input.Submitted, "#report-as-of")
    @on(Input.Submitted, "#report-since")
    def _dates_submitted(self) -> None:
        self.action_refresh_report()

    @on(Input.Submitted, "#report-path")
    def _path_submitted(self) -> None:
        self.action_export()

    @on(Select.Changed, "#report-format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#report-path", Input)
        stem, _, _ext = path.value.rpartition(".")
        if stem:
            path.value = f"{stem}.{EXTENSIONS[str(event.value)]}"

    def action_refresh_report(self) -> None:
        from tracker.report.terminal import report_renderable

        try:
            day, since = self._dates()
            report = self.tracker_app.tracker.report(as_of=day, since=since)
        except TrackerError as exc:
            self.notify(str(exc), title="Report", severity="error")
            return
        self.report = report
        self.query_one("#report-body", Static).update(report_renderable(report))
        path = self.query_one("#report-path", Input)
        if path.value.startswith("tracker-report-"):
            path.value = self._default_path(day, str(self.query_one("#report-format", Select).value))

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        from tracker.report import render

        fmt = str(self.query_one("#report-format", Select).value)
        target = Path(self.query_one("#report-path", Input).value.strip()).expanduser()
        if not str(target):
            self.notify("give a file name to export to", severity="warning")
            return
        try:
            day, since = self._dates()
            report = self.tracker_app.tracker.report(as_of=day, since=since)
            content = render(report, fmt, width=100, color=False)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
        except TrackerError as exc:
            self.notify(str(exc), title="Export failed", severity="error")
            return
        except OSError as exc:
            self.notify(f"{target}: {exc.strerror or exc}; choose another file", title="Export failed", severity="error")
            return
        self.notify(f"wrote the {fmt} report as of {day} to {target.resolve()}", title="Exported")

    def action_close(self) -> None:
        self.dismiss()


class _ReportInvalid(TrackerError):
    pass


class HelpScreen(ModalScreen[None]):
    """Every binding, with its id for the keymap file."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close", id="help-close")]

    def compose(self) -> ComposeResult:
        from tracker.tui.keymap import keymap_path

        with Vertical(classes="dialog help"):
            yield Label("Keys", classes="title")
            yield Static(Text.assemble(
                ("Every action is also in the command palette (", "dim"), ("ctrl+p", "bold"), ("). ", "dim"),
                ("Rebind keys in ", "dim"), (str(keymap_path()), "bold"),
                (", e.g. ", "dim"), ("filter: ctrl+f", "bold"), (" (binding id: keys).", "dim"),
            ))
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text.assemble(
                ("Filter syntax: ", "bold"), "words (all must match), status:disputed, party:taliban, theme:al-qaeda, overdue. ",
                ("Dates: ", "bold"), "2020-03-01, March 1 2020, last week, two weeks ago.",
            ), classes="hint")

    def on_mount(self) -> None:
        from tracker.tui.app import TrackerApp
        from tracker.tui.main import EvidenceList, MainScreen, ObligationTable
        from tracker.tui.modals import FormModal
        from tracker.tui.reader import ReaderScreen, SuggestionList

        table = self.query_one(DataTable)
        table.add_columns("key", "action", "binding id", "where")
        keymap = getattr(self.app, "_keymap", {})
        groups = [
            ("everywhere", TrackerApp.BINDINGS),
            ("obligations", MainScreen.BINDINGS),
            ("table", ObligationTable.BINDINGS),
            ("evidence list", EvidenceList.BINDINGS),
            ("reader", ReaderScreen.BINDINGS),
            ("suggestions", SuggestionList.BINDINGS),
            ("passages", PassagesScreen.BINDINGS),
            ("passages", PassageList.BINDINGS),
            ("dialogs", FormModal.BINDINGS),
            ("sources", SourcesScreen.BINDINGS),
            ("report", ReportScreen.BINDINGS),
        ]
        for where, bindings in groups:
            for binding in bindings:
                if not isinstance(binding, Binding):
                    continue
                keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
                shown = ", ".join(self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
                table.add_row(Text(shown, style="bold"), binding.tooltip or binding.description or binding.action,
                              binding.id or "", where)
        table.add_row(Text("click header", style="bold"), "Sort by that column (again: reverse)", "", "table")
        table.add_row(Text("shift+arrows, mouse", style="bold"), "Select text to attach", "", "reader")
        table.focus()

    def action_close(self) -> None:
        self.dismiss()
