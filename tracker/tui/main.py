"""The obligations screen: filter bar, table and detail pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    DataTable,
    Header,
    Input,
    OptionList,
    Select,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from tracker.domain.models import Stance, Status
from tracker.errors import TrackerError
from tracker.tui.footer import FitFooter
from tracker.tui.render import (
    evidence_prompt,
    one_line,
    overview_renderable,
    row_cells,
    stance_heading,
    timeline_renderable,
)

if TYPE_CHECKING:
    from tracker.service import EvidenceView, ObligationDetail, ObligationState
    from tracker.tui.app import TrackerApp

STATUS_ORDER = {s.value: i for i, s in enumerate(Status)}
COLUMNS = ("id", "obligor", "title", "status", "deadline", "evidence")


def sort_key(column: str, row: ObligationState) -> tuple:
    o = row.obligation
    if column == "id":
        return (o.id,)
    if column == "obligor":
        return (", ".join(o.obligor), o.id)
    if column == "title":
        return (o.title.lower(),)
    if column == "status":
        return (STATUS_ORDER.get(row.status.value, 99), o.id)
    if column == "deadline":
        days = row.deadline.days_left
        return (days is None, days if days is not None else 0, o.id)
    if column == "evidence":
        return (-sum(row.counts.values()), o.id)
    return (0,)


def matches(row: ObligationState, query: str) -> bool:
    """Filter text: words (all must appear) and status:/party:/theme: tokens, 'overdue'."""
    o = row.obligation
    hay = " ".join([o.id, o.title, o.summary, o.clause, *o.obligor, *o.beneficiary, *o.themes, *o.keywords,
                    row.status.value, row.deadline.label]).lower()
    for token in query.lower().split():
        key, sep, value = token.partition(":")
        if sep and key in ("status", "s"):
            if not row.status.value.startswith(value):
                return False
        elif sep and key in ("party", "p", "by"):
            if not any(p.startswith(value) for p in (*o.obligor, *o.beneficiary)):
                return False
        elif sep and key in ("theme", "t"):
            if not any(t.startswith(value) for t in o.themes):
                return False
        elif token == "overdue":
            if not row.deadline.overdue:
                return False
        elif token.replace("-", "") in ("alqaeda", "qaeda", "aq") or token == "al-qaeda":
            if "qaeda" not in hay and "aq-" not in hay:
                return False
        elif token not in hay:
            return False
    return True


class ObligationTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table-down"),
        Binding("k", "cursor_up", "Up", show=False, id="table-up"),
        Binding("g", "scroll_top", "Top", show=False, id="table-top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="table-bottom"),
        Binding("S", "screen.cycle_sort", "Sort", show=False, tooltip="Sort by the next column", id="sort"),
        Binding("enter", "screen.focus_evidence", "Evidence", show=False, tooltip="Go to the evidence of this obligation", id="table-open"),
    ]


class EvidenceList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="evidence-down"),
        Binding("k", "cursor_up", "Up", show=False, id="evidence-up"),
        Binding("enter,r", "screen.read_evidence", "Read in source", tooltip="Open the source at this passage", id="evidence-read"),
        Binding("x", "screen.retract", "Retract", tooltip="Retract this evidence (with a reason)", id="evidence-retract"),
        Binding("escape", "screen.focus_table", "Back to table", show=False, id="evidence-back"),
    ]


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="Filter the table as you type (Esc clears)", id="filter"),
        Binding("s", "set_status", "Status", tooltip="Record a status for the selected obligation", id="set-status"),
        Binding("a", "as_of", "As of", tooltip="Show the whole record as it stood on a date", id="as-of"),
        Binding("t", "today", "Back to today", show=False, tooltip="Leave as-of mode", id="back-to-today"),
        Binding("o", "sources", "Sources", tooltip="List sources; Enter reads one", id="sources"),
        Binding("n", "add_source", "New source", tooltip="Import article files or pasted text", id="add-source"),
        Binding("p", "report", "Report", tooltip="Preview and export the status report", id="report"),
        Binding("f", "find_passages", "Find passages", show=False,
                tooltip="Suggest passages for this obligation across all sources", id="find-passages"),
        Binding("e", "focus_evidence", "Evidence", show=False, tooltip="Go to the evidence list of the selected obligation", id="focus-evidence"),
        Binding("1", "tab('overview')", "Overview tab", show=False, id="tab-overview"),
        Binding("2", "tab('evidence')", "Evidence tab", show=False, id="tab-evidence"),
        Binding("3", "tab('timeline')", "Timeline tab", show=False, id="tab-timeline"),
        Binding("c", "clear_filters", "Clear filters", show=False, id="clear-filters"),
        Binding("z", "zoom", "Zoom pane", show=False, tooltip="Maximise the table or the detail (again: restore)", id="zoom"),
        Binding("q", "app.quit", "Quit", show=False, id="quit-q"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.shown_rows: list[ObligationState] = []
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.current_id: str | None = None
        self.current_detail: ObligationDetail | None = None
        self._layout: str | None = None
        self._filling = False

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="as-of-banner")
        catalogue = self.tracker_app.catalogue
        themes = sorted({t for o in catalogue.obligations for t in o.themes})
        with Horizontal(id="filter-bar"):
            yield Input(placeholder="/ filter: words, status:…, party:…, theme:…, overdue", id="filter", compact=True)
            yield Select([(s.value, s.value) for s in Status], prompt="any status", id="status-filter", compact=True)
            yield Select([(p.id, p.id) for p in catalogue.parties], prompt="any party", id="party-filter", compact=True)
            yield Select([(t, t) for t in themes], prompt="any theme", id="theme-filter", compact=True)
        with Vertical(id="body"):
            yield ObligationTable(id="obligations", cursor_type="row", zebra_stripes=True)
            with TabbedContent(id="detail"):
                with TabPane("Overview", id="overview"), VerticalScroll(id="overview-scroll"):
                    yield Static(id="overview-body")
                with TabPane("Evidence", id="evidence"):
                    yield EvidenceList(id="evidence-list")
                with TabPane("Timeline", id="timeline"), VerticalScroll(id="timeline-scroll"):
                    yield Static(id="timeline-body")
        yield FitFooter()

    def on_mount(self) -> None:
        self.update_banner()
        self.reload()
        self.query_one(ObligationTable).focus()

    # -- data ----------------------------------------------------------------

    def update_banner(self) -> None:
        banner = self.query_one("#as-of-banner", Static)
        as_of = self.tracker_app.as_of
        if as_of is None:
            banner.display = False
            return
        banner.display = True
        banner.update(Text.assemble(
            (f" AS OF {as_of} ", "bold reverse"),
            "  the record as it stood then · ", ("t", "bold"), " back to today · ", ("a", "bold"), " other date",
        ))

    def reload(self) -> None:
        """Rebuild the table from the app's cached rows (no query when cached)."""
        try:
            rows = self.tracker_app.rows()
        except TrackerError as exc:
            self.notify(str(exc), title="Could not load obligations", severity="error")
            rows = []
        query = self.query_one("#filter", Input).value
        status = self.query_one("#status-filter", Select).value
        party = self.query_one("#party-filter", Select).value
        theme = self.query_one("#theme-filter", Select).value
        visible = [r for r in rows if matches(r, query)]
        if isinstance(status, str):
            visible = [r for r in visible if r.status.value == status]
        if isinstance(party, str):
            visible = [r for r in visible if party in r.obligation.obligor or party in r.obligation.beneficiary]
        if isinstance(theme, str):
            visible = [r for r in visible if theme in r.obligation.themes]
        if self.sort_column:
            visible.sort(key=lambda r: sort_key(self.sort_column or "", r), reverse=self.sort_reverse)
        self.shown_rows = visible
        self._fill_table()

    def _columns(self) -> list[tuple[str, str, int | None]]:
        width = self.size.width or self.app.size.width
        wide = width >= 110
        base: list[tuple[str, str, int | None]] = [("id", "id", 29)]
        if wide:
            base.append(("obligor", "obligor", 13))
            fixed = 29 + 13 + 14 + 17 + 8 + 2 * 6 + 2
            base.append(("title", "title", max(12, width - fixed)))
        base += [("status", "status", 14), ("deadline", "deadline", 17), ("evidence", "+ − ·", 8)]
        return base

    def _fill_table(self) -> None:
        table = self.query_one(ObligationTable)
        columns = self._columns()
        self._layout = ",".join(f"{c[0]}:{c[2]}" for c in columns)
        keep = self.current_id
        self._filling = True
        try:
            table.clear(columns=True)
            for key, label, width in columns:
                header = Text(label)
                if self.sort_column == key:
                    header += Text(" ▼" if self.sort_reverse else " ▲")
                table.add_column(header, key=key, width=width)
            wanted = {c[0] for c in columns}
            for row in self.shown_rows:
                cells = dict(zip(COLUMNS, row_cells(row), strict=True))
                if "title" in wanted and columns[2][2]:
                    title = cells["title"]
                    limit = columns[2][2] or 0
                    if len(title) > limit:
                        title.truncate(limit - 1)
                        title.append("…")
                values = [cells[c[0]] for c in columns]
                table.add_row(*values, key=row.obligation.id)
        finally:
            self._filling = False
        if not self.shown_rows:
            self.show_detail(None)
            return
        ids = [r.obligation.id for r in self.shown_rows]
        index = ids.index(keep) if keep in ids else 0
        table.move_cursor(row=index, animate=False)
        self.show_detail(ids[index], force=True)

    def on_resize(self) -> None:
        columns = self._columns()
        layout = ",".join(f"{c[0]}:{c[2]}" for c in columns)
        if layout != self._layout and self.is_mounted:
            self._fill_table()

    def show_detail(self, obligation_id: str | None, force: bool = False) -> None:
        if obligation_id == self.current_id and not force and self.current_detail is not None:
            return
        self.current_id = obligation_id
        overview = self.query_one("#overview-body", Static)
        timeline = self.query_one("#timeline-body", Static)
        listing = self.query_one(EvidenceList)
        if obligation_id is None:
            self.current_detail = None
            overview.update(Text("No obligation matches the filter. Press c to clear filters.", style="dim"))
            timeline.update("")
            listing.clear_options()
            return
        try:
            detail = self.tracker_app.detail(obligation_id)
        except TrackerError as exc:
            self.notify(str(exc), title="Could not load the obligation", severity="error")
            return
        self.current_detail = detail
        statuses = {r.obligation.id: r.status.value for r in self.tracker_app.rows()}
        overview.update(overview_renderable(detail, statuses))
        timeline.update(timeline_renderable(detail.history, self.tracker_app.as_of))
        highlighted_id = self.highlighted_evidence_id()
        listing.clear_options()
        options: list[Option | None] = []
        evidence_count = 0
        for stance in Stance:
            group = [v for v in detail.evidence if v.evidence.stance == stance]
            if not group:
                continue
            if options:
                options.append(None)
            options.append(Option(stance_heading(stance.value, sum(1 for v in group if not v.evidence.retracted)),
                                  id=f"head-{stance.value}", disabled=True))
            for view in group:
                options.append(Option(evidence_prompt(view), id=f"ev-{view.evidence.id}"))
                evidence_count += 1
        if not options:
            options.append(Option(Text("No evidence yet. Open a source (o), select a passage and press a to attach it.",
                                       style="dim"), id="empty", disabled=True))
        listing.add_options(options)
        ids = [f"ev-{v.evidence.id}" for v in detail.evidence]
        if highlighted_id and f"ev-{highlighted_id}" in ids:
            listing.highlighted = listing.get_option_index(f"ev-{highlighted_id}")
        tabs = self.query_one("#detail", TabbedContent)
        tabs.get_tab("evidence").label = f"Evidence ({evidence_count})"
        tabs.get_tab("timeline").label = f"Timeline ({len(detail.history)})"

    def highlighted_evidence(self) -> EvidenceView | None:
        eid = self.highlighted_evidence_id()
        if eid is None or self.current_detail is None:
            return None
        return next((v for v in self.current_detail.evidence if v.evidence.id == eid), None)

    def highlighted_evidence_id(self) -> int | None:
        listing = self.query_one(EvidenceList)
        if listing.highlighted is None or not listing.option_count:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        if option.id and option.id.startswith("ev-"):
            return int(option.id[3:])
        return None

    def select(self, obligation_id: str) -> None:
        ids = [r.obligation.id for r in self.shown_rows]
        if obligation_id not in ids:
            self.action_clear_filters()
            ids = [r.obligation.id for r in self.shown_rows]
        if obligation_id in ids:
            table = self.query_one(ObligationTable)
            table.move_cursor(row=ids.index(obligation_id), animate=False)
            self.show_detail(obligation_id)
            table.focus()

    # -- events ----------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#obligations")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self._filling:
            return
        key = event.row_key.value if event.row_key else None
        if key:
            self.show_detail(key)

    @on(DataTable.HeaderSelected, "#obligations")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        column = event.column_key.value
        if self.sort_column == column:
            if self.sort_reverse:
                self.sort_column, self.sort_reverse = None, False
            else:
                self.sort_reverse = True
        else:
            self.sort_column, self.sort_reverse = column, False
        self.reload()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(ObligationTable).focus()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("status-filter", "party-filter", "theme-filter"):
            self.reload()

    def on_key(self, event) -> None:
        if event.key == "escape" and isinstance(self.focused, Input) and self.focused.id == "filter":
            event.stop()
            if self.focused.value:
                self.focused.value = ""
            else:
                self.query_one(ObligationTable).focus()
        elif event.key == "escape" and isinstance(self.focused, Select):
            self.query_one(ObligationTable).focus()

    # -- actions -----------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filters(self) -> None:
        self.query_one("#filter", Input).value = ""
        for select_id in ("#status-filter", "#party-filter", "#theme-filter"):
            self.query_one(select_id, Select).clear()
        self.reload()

    def action_cycle_sort(self) -> None:
        order = [c[0] for c in self._columns()]
        if self.sort_column in order:
            index = order.index(self.sort_column) + 1
            self.sort_column = order[index] if index < len(order) else None
        else:
            self.sort_column = order[0]
        self.sort_reverse = False
        self.notify(f"sorted by {self.sort_column}" if self.sort_column else "catalogue order", timeout=1.5)
        self.reload()

    def action_focus_table(self) -> None:
        self.query_one(ObligationTable).focus()

    def action_focus_evidence(self) -> None:
        self.query_one("#detail", TabbedContent).active = "evidence"
        listing = self.query_one(EvidenceList)
        listing.focus()
        if listing.highlighted is None and listing.option_count:
            for index in range(listing.option_count):
                if not listing.get_option_at_index(index).disabled:
                    listing.highlighted = index
                    break

    def action_tab(self, tab: str) -> None:
        self.query_one("#detail", TabbedContent).active = tab
        if tab == "evidence":
            self.action_focus_evidence()

    def action_zoom(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        focused = self.focused
        if isinstance(focused, ObligationTable):
            self.maximize(focused)
        else:
            self.maximize(self.query_one("#detail", TabbedContent))

    def action_set_status(self) -> None:
        if self.current_id is None:
            self.notify("select an obligation first", severity="warning")
            return
        cite: tuple[int, ...] = ()
        if isinstance(self.focused, EvidenceList):
            eid = self.highlighted_evidence_id()
            cite = (eid,) if eid is not None else ()
        self.tracker_app.open_status(self.current_id, cite=cite)

    def action_read_evidence(self) -> None:
        view = self.highlighted_evidence()
        if view is None:
            self.notify("highlight an evidence item first (e, then j/k)", severity="warning")
            return
        self.tracker_app.open_source(view.evidence.source_id, focus_evidence=view.evidence.id)

    def action_retract(self) -> None:
        view = self.highlighted_evidence()
        if view is None:
            self.notify("highlight an evidence item first (e, then j/k)", severity="warning")
            return
        if view.evidence.retracted:
            self.notify(f"evidence #{view.evidence.id} is already retracted")
            return
        self.tracker_app.open_retract(view)

    def action_as_of(self) -> None:
        self.tracker_app.action_as_of()

    def action_today(self) -> None:
        self.tracker_app.set_as_of(None)

    def action_sources(self) -> None:
        self.tracker_app.action_sources()

    def action_add_source(self) -> None:
        self.tracker_app.action_add_source()

    def action_report(self) -> None:
        self.tracker_app.action_report()

    def action_find_passages(self) -> None:
        if self.current_id is None:
            self.notify("select an obligation first", severity="warning")
            return
        self.tracker_app.find_passages(self.current_id)

    def title_for(self, obligation_id: str) -> str:
        o = self.tracker_app.catalogue.obligation(obligation_id)
        return one_line(o.title) if o else obligation_id
