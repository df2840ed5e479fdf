"""The obligations screen: filter bar, table and detail pane.

The screen owns its data: the obligation rows and a cache of details, read in
thread workers whose results come back as `RowsLoaded` / `DetailLoaded`. It
reloads when the App says the record or the as-of date changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Select, Static

from tracker.domain.filters import ObligationQuery, matches, parse_query
from tracker.domain.models import Status
from tracker.errors import TrackerError
from tracker.tui.detail import DetailPane, EvidenceList
from tracker.tui.footer import KeyFooter
from tracker.tui.messages import AsOfChanged, FindPassages, RecordChanged, RecordStatus
from tracker.tui.table import ObligationTable

if TYPE_CHECKING:
    from tracker.service import ObligationDetail, ObligationState
    from tracker.tui.session import Session

LOADING_DELAY = 0.2  # seconds before "loading…" replaces the previous detail


def filter_rows(
    rows: list[ObligationState], text: str, *, status: str | None = None, party: str | None = None,
    theme: str | None = None,
) -> list[ObligationState]:
    """The rows the filter keeps: the typed text (matched as a prefix, as the user types) and the
    drop-downs (exact); both through the one filter rule of `tracker.domain.filters`."""
    typed = parse_query(text)
    chosen = ObligationQuery(status=status, party=party, theme=theme)
    return [
        r for r in rows
        if matches(typed, r.obligation, status=r.status.value, overdue=r.deadline.overdue,
                   extra_text=r.deadline.label, prefix=True)
        and matches(chosen, r.obligation, status=r.status.value, overdue=r.deadline.overdue)
    ]


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("slash", "filter", "Filter", tooltip="Filter the table as you type (Esc clears)", id="filter"),
        Binding("s", "set_status", "Status", tooltip="Record a status for the selected obligation", id="set-status"),
        Binding("a", "app.as_of", "As of", tooltip="Show the whole record as it stood on a date", id="as-of"),
        Binding("t", "app.today", "Back to today", show=False, tooltip="Leave as-of mode", id="back-to-today"),
        Binding("o", "app.sources", "Sources", tooltip="List sources; Enter reads one", id="sources"),
        Binding("n", "app.add_source", "New source", tooltip="Import article files or pasted text", id="add-source"),
        Binding("p", "app.report", "Report", tooltip="Preview and export the status report", id="report"),
        Binding("i", "app.inbox", "Inbox", tooltip="Triage the suggestions kept for new sources", id="inbox"),
        Binding("b", "app.scorecard", "Scorecard", show=False,
                tooltip="What each party owes and how it stands (the per-party scorecard)", id="scorecard"),
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

    @dataclass
    class RowsLoaded(Message):
        generation: int
        rows: list[ObligationState]
        error: str | None
        awaiting: int = 0  # suggestions awaiting triage (the inbox)

    @dataclass
    class DetailLoaded(Message):
        generation: int
        obligation_id: str
        detail: ObligationDetail | None
        error: str | None

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.rows: list[ObligationState] | None = None  # every obligation, None until loaded
        self.details: dict[str, ObligationDetail] = {}
        self.current_id: str | None = None
        self.current_detail: ObligationDetail | None = None
        # bumped when the record or the as-of date changes: older results are dropped
        self._generation = 0
        self._wanted: str | None = None  # asked to select before the rows were loaded
        self._loading_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        catalogue = self.session.catalogue
        yield Header()
        yield Static(id="as-of-banner")
        with Horizontal(id="filter-bar"):
            yield Input(placeholder="/ filter: words status: party: owed-to: theme: overdue", id="filter",
                        compact=True)
            yield Select([(s.value, s.value) for s in Status], prompt="any status", id="status-filter", compact=True)
            yield Select([(p.id, p.id) for p in catalogue.parties], prompt="owed by any", id="party-filter",
                         compact=True)
            yield Select([(t, t) for t in self.session.themes()], prompt="any theme", id="theme-filter", compact=True)
        with Vertical(id="body"):
            yield ObligationTable(id="obligations")
            yield DetailPane(id="detail-pane")
        yield KeyFooter()

    @property
    def table(self) -> ObligationTable:
        return self.query_one(ObligationTable)

    @property
    def detail_pane(self) -> DetailPane:
        return self.query_one(DetailPane)

    @property
    def shown_rows(self) -> list[ObligationState]:
        return self.table.shown

    def on_mount(self) -> None:
        self.update_banner()
        self.detail_pane.show_message(Text("loading the obligations…", style="dim italic"))
        self.load_rows()
        self.table.focus()

    # -- data ----------------------------------------------------------------

    def update_banner(self) -> None:
        banner = self.query_one("#as-of-banner", Static)
        as_of = self.session.as_of
        if as_of is None:
            banner.display = False
            return
        banner.display = True
        if self.session.audit:
            head, what = f" AS RECORDED ON {as_of} ", "  audit view: only what had been recorded by then · "
        else:
            head, what = f" AS OF {as_of} ", "  what is known now about that day · "
        banner.update(Text.assemble(
            (head, "bold reverse"), what, ("t", "bold"), " back to today · ", ("a", "bold"), " other date or view",
        ))

    def load_rows(self) -> None:
        """Read the rows again (in a worker); the table keeps its rows until they come."""
        self._generation += 1
        self.details.clear()
        self._fetch_rows(self._generation, self.session.as_of, self.session.known_on)

    @work(thread=True, exclusive=True, group="rows")
    def _fetch_rows(self, generation: int, as_of: dt.date | None, known_on: dt.date | None) -> None:
        try:
            rows = self.session.reads.obligation_rows(as_of=as_of, known_on=known_on)
            awaiting = self.session.reads.awaiting_triage()
        except TrackerError as exc:
            self.post_message(self.RowsLoaded(generation, [], str(exc)))
            return
        self.post_message(self.RowsLoaded(generation, rows, None, awaiting))

    @on(RowsLoaded)
    def _rows_loaded(self, event: RowsLoaded) -> None:
        if event.generation != self._generation:
            return
        if event.error:
            self.notify(event.error, title="Could not load obligations", severity="error")
        self.rows = event.rows
        self.sub_title = self.session.view_label + (f" · {event.awaiting} await triage (i)" if event.awaiting else "")
        self.refilter()
        if self._wanted is not None:
            wanted, self._wanted = self._wanted, None
            self.select(wanted)

    def refilter(self) -> None:
        """Show the rows the filter keeps (in memory: no query)."""
        if self.rows is None:
            return

        def chosen(select_id: str) -> str | None:
            value = self.query_one(select_id, Select).value
            return value if isinstance(value, str) else None

        visible = filter_rows(
            self.rows, self.query_one("#filter", Input).value, status=chosen("#status-filter"),
            party=chosen("#party-filter"), theme=chosen("#theme-filter"),
        )
        selected = self.table.show(visible, self.current_id)
        self.show_detail(selected, force=True)

    def show_detail(self, obligation_id: str | None, force: bool = False) -> None:
        if obligation_id == self.current_id and not force and self.current_detail is not None:
            return
        self.current_id = obligation_id
        if obligation_id is None:
            self.current_detail = None
            self.detail_pane.show_message(Text("No obligation matches the filter. Press c to clear filters.", style="dim"))
            return
        cached = self.details.get(obligation_id)
        if cached is not None:
            self._display(cached)
            return
        self._fetch_detail(self._generation, obligation_id, self.session.as_of, self.session.known_on)
        if self._loading_timer is None:
            self._loading_timer = self.set_timer(LOADING_DELAY, self._show_loading)

    def _show_loading(self) -> None:
        self._loading_timer = None
        if self.current_id is not None and self.current_id not in self.details:
            self.current_detail = None
            self.detail_pane.show_message(Text(f"loading {self.current_id}…", style="dim italic"))

    @work(thread=True, exclusive=True, group="detail")
    def _fetch_detail(
        self, generation: int, obligation_id: str, as_of: dt.date | None, known_on: dt.date | None
    ) -> None:
        try:
            detail = self.session.reads.detail(obligation_id, as_of=as_of, known_on=known_on)
        except TrackerError as exc:
            self.post_message(self.DetailLoaded(generation, obligation_id, None, str(exc)))
            return
        self.post_message(self.DetailLoaded(generation, obligation_id, detail, None))

    @on(DetailLoaded)
    def _detail_loaded(self, event: DetailLoaded) -> None:
        if event.generation != self._generation:
            return
        if event.detail is None:
            self.notify(event.error or "", title="Could not load the obligation", severity="error")
            return
        self.details[event.obligation_id] = event.detail
        if event.obligation_id == self.current_id:
            self._display(event.detail)

    def _display(self, detail: ObligationDetail) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None
        self.current_detail = detail
        statuses = {r.obligation.id: r.status.value for r in self.rows or ()}
        self.detail_pane.show(detail, statuses, self.session.as_of)

    def highlighted_evidence_id(self) -> int | None:
        return self.detail_pane.evidence_list.highlighted_id()

    def select(self, obligation_id: str) -> None:
        """Put the cursor on an obligation (clearing the filters if they hide it)."""
        if self.rows is None:
            self._wanted = obligation_id
            return
        if obligation_id not in self.table.shown_ids:
            self.action_clear_filters()
        if self.table.select_id(obligation_id):
            self.show_detail(obligation_id)
            self.table.focus()

    def set_filter(self, text: str) -> None:
        self.query_one("#filter", Input).value = text

    # -- notices from the App --------------------------------------------------

    @on(RecordChanged)
    def _record_changed(self) -> None:
        self.load_rows()

    @on(AsOfChanged)
    def _as_of_changed(self) -> None:
        self.update_banner()
        self.load_rows()

    # -- events ----------------------------------------------------------------

    @on(DataTable.RowHighlighted, "#obligations")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value if event.row_key else None
        if key:
            self.show_detail(key)

    @on(DataTable.HeaderSelected, "#obligations")
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        if event.column_key.value:
            self.table.toggle_sort(event.column_key.value)

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refilter()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.table.focus()

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        if event.select.id in ("status-filter", "party-filter", "theme-filter"):
            self.refilter()

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and isinstance(self.focused, Input) and self.focused.id == "filter":
            event.stop()
            if self.focused.value:
                self.focused.value = ""
            else:
                self.table.focus()
        elif event.key == "escape" and isinstance(self.focused, Select):
            self.table.focus()

    # -- actions -----------------------------------------------------------------

    def action_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filters(self) -> None:
        self.query_one("#filter", Input).value = ""
        for select_id in ("#status-filter", "#party-filter", "#theme-filter"):
            self.query_one(select_id, Select).clear()
        self.refilter()

    def action_focus_table(self) -> None:
        self.table.focus()

    def action_focus_evidence(self) -> None:
        self.detail_pane.focus_evidence()

    def action_tab(self, tab: str) -> None:
        self.detail_pane.activate(tab)

    def action_zoom(self) -> None:
        if self.maximized is not None:
            self.minimize()
            return
        if isinstance(self.focused, ObligationTable):
            self.maximize(self.focused)
        else:
            self.maximize(self.detail_pane.tabs)

    def action_set_status(self) -> None:
        if self.current_id is None:
            self.notify("select an obligation first", severity="warning")
            return
        cite: tuple[int, ...] = ()
        if isinstance(self.focused, EvidenceList):
            eid = self.highlighted_evidence_id()
            cite = (eid,) if eid is not None else ()
        self.post_message(RecordStatus(self.current_id, cite))

    def action_find_passages(self) -> None:
        if self.current_id is None:
            self.notify("select an obligation first", severity="warning")
            return
        self.post_message(FindPassages(self.current_id))
