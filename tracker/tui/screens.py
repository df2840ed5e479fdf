"""Secondary screens: the sources list, the report preview and the help screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Header, Input, Label, Select, Static

from tracker.domain.dates import DateError, parse_date
from tracker.errors import InvalidInput, TrackerError
from tracker.tui.footer import KeyFooter
from tracker.tui.forms import DateHint, PathSuggester, describe_date
from tracker.tui.messages import AsOfChanged, OpenSource, RecordChanged
from tracker.tui.render import safe

if TYPE_CHECKING:
    from tracker.domain.report import PartyScore, ReportData
    from tracker.service import SourceSummary
    from tracker.tui.session import Session

EXTENSIONS = {"terminal": "txt", "md": "md", "html": "html", "pdf": "pdf", "json": "json", "csv": "csv"}


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

    @dataclass
    class SourcesLoaded(Message):
        sources: list[SourceSummary]
        error: str | None

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Every source in the tracker. Enter opens the reader; n adds a source.", style="dim"),
                     classes="hint")
        yield DataTable(id="sources", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    @property
    def table(self) -> DataTable:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self.title = "Sources"
        self.table.loading = True
        self._fetch()
        self.table.focus()

    @on(RecordChanged)
    def _record_changed(self) -> None:
        self._fetch()

    @work(thread=True, exclusive=True, group="sources")
    def _fetch(self) -> None:
        try:
            sources = self.session.reads.list_sources()
        except TrackerError as exc:
            self.post_message(self.SourcesLoaded([], str(exc)))
            return
        self.post_message(self.SourcesLoaded(sources, None))

    @on(SourcesLoaded)
    def _loaded(self, event: SourcesLoaded) -> None:
        table = self.table
        table.loading = False
        if self.focused is None:
            table.focus()  # (a table still loading when the screen mounted cannot take the focus)
        if event.error:
            self.notify(event.error, severity="error")
            return
        sources = event.sources
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
        self.table.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.table.action_cursor_up()

    def action_cursor_top(self) -> None:
        if self.table.row_count:
            self.table.move_cursor(row=0)

    def action_cursor_bottom(self) -> None:
        if self.table.row_count:
            self.table.move_cursor(row=self.table.row_count - 1)

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(OpenSource(int(event.row_key.value)))

    def action_open(self) -> None:
        table = self.table
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key:
                self.post_message(OpenSource(int(key)))

    def action_close(self) -> None:
        self.dismiss()


class ReportScreen(Screen[None]):
    """Preview the status report as of a date; export it in any format."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="report-back"),
        Binding("ctrl+e", "export", "Export", id="report-export", priority=True),
        Binding("ctrl+r", "refresh_report", "Refresh", id="report-refresh", priority=True),
    ]

    @dataclass
    class ReportLoaded(Message):
        report: ReportData | None
        day: dt.date
        error: str | None

    @dataclass
    class Exported(Message):
        fmt: str
        day: dt.date
        target: Path
        error: str | None

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.report: ReportData | None = None

    def compose(self) -> ComposeResult:
        day = self.session.day
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
            yield Static(Text("preparing the report…", style="dim italic"), id="report-body")
        yield KeyFooter()

    def _default_path(self, day: dt.date, fmt: str) -> str:
        return f"tracker-report-{day}.{EXTENSIONS[fmt]}"

    def on_mount(self) -> None:
        self.title = "Report"
        self.action_refresh_report()
        self.query_one("#report-scroll").focus()

    def _dates(self) -> tuple[dt.date, dt.date | None]:
        today = self.session.today
        as_of_text = self.query_one("#report-as-of", Input).value
        since_text = self.query_one("#report-since", Input).value
        try:
            day = parse_date(as_of_text, today) if as_of_text.strip() else today
            since = parse_date(since_text, today) if since_text.strip() else None
        except DateError as exc:
            raise InvalidInput(str(exc)) from None
        return day, since

    @on(Input.Changed, "#report-as-of")
    def _as_of_changed(self, event: Input.Changed) -> None:
        _, hint = describe_date(event.value, self.session.today, empty="empty: today")
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

    def _known_on(self, day: dt.date) -> dt.date | None:
        """In the audit view, the report shows what had been recorded by its date too."""
        return day if self.session.audit and day < self.session.today else None

    def action_refresh_report(self) -> None:
        try:
            day, since = self._dates()
        except TrackerError as exc:
            self.notify(str(exc), title="Report", severity="error")
            return
        self._fetch(day, since)

    @work(thread=True, exclusive=True, group="report")
    def _fetch(self, day: dt.date, since: dt.date | None) -> None:
        try:
            report = self.session.reads.report(as_of=day, known_on=self._known_on(day), since=since)
        except TrackerError as exc:
            self.post_message(self.ReportLoaded(None, day, str(exc)))
            return
        self.post_message(self.ReportLoaded(report, day, None))

    @on(ReportLoaded)
    def _loaded(self, event: ReportLoaded) -> None:
        from tracker.report.terminal import report_renderable

        if event.report is None:
            self.notify(event.error or "", title="Report", severity="error")
            return
        self.report = event.report
        self.query_one("#report-body", Static).update(report_renderable(event.report))
        path = self.query_one("#report-path", Input)
        if path.value.startswith("tracker-report-"):
            path.value = self._default_path(event.day, str(self.query_one("#report-format", Select).value))

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        fmt = str(self.query_one("#report-format", Select).value)
        target = Path(self.query_one("#report-path", Input).value.strip()).expanduser()
        if not str(target):
            self.notify("give a file name to export to", severity="warning")
            return
        try:
            day, since = self._dates()
        except TrackerError as exc:
            self.notify(str(exc), title="Export failed", severity="error")
            return
        self._export(fmt, day, since, target)

    @work(thread=True, group="export")
    def _export(self, fmt: str, day: dt.date, since: dt.date | None, target: Path) -> None:
        from tracker.report import render, render_bytes

        try:
            report = self.session.reads.report(as_of=day, known_on=self._known_on(day), since=since)
            target.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "pdf":
                target.write_bytes(render_bytes(report, fmt))
            else:
                target.write_text(render(report, fmt, width=100, color=False), encoding="utf-8")
        except TrackerError as exc:
            self.post_message(self.Exported(fmt, day, target, str(exc)))
        except OSError as exc:
            self.post_message(self.Exported(fmt, day, target, f"{target}: {exc.strerror or exc}; choose another file"))
        else:
            self.post_message(self.Exported(fmt, day, target, None))

    @on(Exported)
    def _exported(self, event: Exported) -> None:
        if event.error:
            self.notify(event.error, title="Export failed", severity="error")
        else:
            self.notify(f"wrote the {event.fmt} report as of {event.day} to {event.target.resolve()}", title="Exported")

    def action_close(self) -> None:
        self.dismiss()


BindingGroup = tuple[str, Sequence[BindingType]]


def home_relative(path: Path) -> str:
    """The path as a user would type it: ~/… under the home folder."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


class HelpScreen(ModalScreen[None]):
    """Every binding, with its id for the keymap file."""

    BINDINGS = [Binding("escape,q,f1,question_mark", "close", "Close", id="help-close")]

    def __init__(self, groups: Sequence[BindingGroup], keymap: Mapping[str, str], keymap_path: Path) -> None:
        super().__init__()
        self.groups = groups
        self.keymap = keymap
        self.keymap_path = keymap_path

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog help"):
            yield Label("Keys", classes="title")
            yield Static(Text.assemble(
                ("Every action is also in the command palette (", "dim"), ("ctrl+p", "bold"), ("). ", "dim"),
                ("Rebind keys in ", "dim"), (home_relative(self.keymap_path), "bold"),
                (", e.g. ", "dim"), ("filter: ctrl+f", "bold"), (" (binding id: keys).", "dim"),
            ))
            yield DataTable(id="help-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text.assemble(
                ("Filter syntax: ", "bold"),
                "words (all must match), status:STATUS, party:ID (what ID owes; also by:), owed-to:ID (what ID is owed), "
                "theme:THEME, overdue. ",
                ("Dates: ", "bold"), "2024-05-01, May 1 2024, last week, two weeks ago.",
            ), classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("key", "action", "binding id", "where")
        for where, bindings in self.groups:
            for binding in bindings:
                if not isinstance(binding, Binding):
                    continue
                keys = self.keymap.get(binding.id, binding.key) if binding.id else binding.key
                shown = ", ".join(self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(","))
                table.add_row(Text(shown, style="bold"), binding.tooltip or binding.description or binding.action,
                              binding.id or "", where)
        table.add_row(Text("click header", style="bold"), "Sort by that column (again: reverse)", "", "table")
        table.add_row(Text("shift+arrows, mouse", style="bold"), "Select text to attach", "", "reader")
        table.focus()

    def action_close(self) -> None:
        self.dismiss()


class ScorecardScreen(Screen[None]):
    """What each party owes and how it stands, in the session's view of the record."""

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="scorecard-back"),
    ]

    @dataclass
    class ScoresLoaded(Message):
        scores: tuple[PartyScore, ...]
        error: str | None

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(
            "Per party: the obligations it owes, by status; met on time or late; overdue; still open when "
            "the agreement ended (lapsed). Esc goes back.", style="dim"), classes="hint")
        with VerticalScroll():
            yield Static(Text("loading the scorecard…", style="dim italic"), id="scorecard-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "Scorecard"
        self.sub_title = self.session.view_label
        self._fetch(self.session.as_of, self.session.known_on)

    @on(RecordChanged)
    @on(AsOfChanged)
    def _refresh(self) -> None:
        self.sub_title = self.session.view_label
        self._fetch(self.session.as_of, self.session.known_on)

    @work(thread=True, exclusive=True, group="scorecard")
    def _fetch(self, as_of: dt.date | None, known_on: dt.date | None) -> None:
        try:
            scores = self.session.reads.scorecard(as_of=as_of, known_on=known_on)
        except TrackerError as exc:
            self.post_message(self.ScoresLoaded((), str(exc)))
            return
        self.post_message(self.ScoresLoaded(scores, None))

    @on(ScoresLoaded)
    def _loaded(self, event: ScoresLoaded) -> None:
        from tracker.views import scorecard_table

        if event.error:
            self.notify(event.error, title="Scorecard", severity="error")
            return
        self.query_one("#scorecard-body", Static).update(
            scorecard_table(event.scores, f"Scorecard by party, {self.session.view_label}"))

    def action_close(self) -> None:
        self.dismiss(None)
