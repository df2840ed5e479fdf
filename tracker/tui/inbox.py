"""The triage inbox: every open suggestion, source by source. `y` accepts it
as evidence, `e` opens it in the attach dialog to correct it first, `r`
rejects it (with an optional reason; it is never suggested again), `s`
skips to the next, Enter reads it in its source.

A desk may hold hundreds of thousands of open suggestions: the screen reads a
page at a time (`PAGE` rows, in triage order) and the next page when the
cursor nears the end of what it has, so it opens as fast on a large inbox
as on a small one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from tracker.errors import TrackerError
from tracker.labels import stance_label
from tracker.tui.footer import KeyFooter
from tracker.tui.inputs import EvidenceInput
from tracker.tui.messages import AttachPassage, OpenSource, RecordChanged, Triage
from tracker.tui.render import one_line, quoted, safe

if TYPE_CHECKING:
    from tracker.domain.records import InboxPage, StoredSuggestion
    from tracker.tui.session import Session

PAGE = 100
# rows left below the cursor when the next page is read
READ_AHEAD = 30


class RejectModal(ModalScreen[str | None]):
    """Ask why (optional); Enter rejects, Esc keeps the suggestion open."""

    BINDINGS = [Binding("escape", "cancel", "Keep it", id="reject-cancel")]

    def __init__(self, item: StoredSuggestion) -> None:
        super().__init__(classes="dialog-screen")
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(f"Reject suggestion #{self.item.id} for {self.item.obligation_id}"), classes="title")
            yield Static(quoted(self.item.exact), classes="quote")
            yield Static(Text("It will not be suggested again for this obligation. Enter rejects; Esc keeps it.",
                              style="dim"))
            yield Input(placeholder="why (optional)", id="reason", compact=True)

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class InboxScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="inbox-back"),
        Binding("y", "accept", "Accept", tooltip="Store the suggestion as evidence", id="inbox-accept"),
        Binding("r", "reject", "Reject", tooltip="Reject it (never suggested again)", id="inbox-reject"),
        Binding("e", "edit", "Edit", tooltip="Open the attach dialog filled from it; storing it settles the suggestion",
                id="inbox-edit"),
        Binding("s", "skip", "Skip", tooltip="Leave it open and go to the next", id="inbox-skip"),
        Binding("enter", "read", "Read in source", id="inbox-read"),
        Binding("j", "skip", "Down", show=False, id="inbox-down"),
        Binding("k", "previous", "Up", show=False, id="inbox-up"),
        # (priority: the table's own Home and End scroll sideways)
        Binding("home", "first", "First", show=False, priority=True, id="inbox-first"),
        Binding("end", "last", "Last", show=False, priority=True, id="inbox-last"),
    ]

    @dataclass
    class InboxLoaded(Message):
        page: InboxPage | None
        error: str | None
        # a fresh first page (replaces the rows) or the next one (appends)
        fresh: bool = True

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.items: list[StoredSuggestion] = []
        self.titles: dict[int, str] = {}
        self.pending: set[int] = set()  # decided here, not yet confirmed by the App
        self.total = 0  # open suggestions in the whole inbox
        self.more = False  # pages not read yet
        self.reading_more = False
        self.shown_once = False  # the first page has been shown

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Suggestions kept when sources were added. y accept · e edit · r reject · s skip · "
                          "Enter read in the source · Esc back", style="dim"), classes="hint")
        with Horizontal(id="inbox-body"):
            yield DataTable(id="inbox-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="inbox-preview"):
                yield Static(Text("loading the inbox…", style="dim italic"), id="inbox-passage")
        yield KeyFooter()

    @property
    def table(self) -> DataTable:
        return self.query_one("#inbox-table", DataTable)

    def on_mount(self) -> None:
        self.title = "Inbox"
        table = self.table
        # what decides first (confidence, stance, obligation), the source last: it is in the preview too
        table.add_column("#", key="id")
        table.add_column("conf", key="confidence")
        table.add_column("stance", key="stance")
        table.add_column("obligation", key="obligation")
        table.add_column("source", key="source", width=24)
        table.loading = True
        self._fetch(None, PAGE, True)
        table.focus()

    @on(RecordChanged)
    def _record_changed(self) -> None:
        # read again from the top, as many rows as are shown, so the cursor keeps its place
        self._fetch(None, max(PAGE, len(self.items)), True)

    def _fetch(self, after: tuple[int, float, int] | None, limit: int, fresh: bool) -> None:
        # a fresh read replaces an older one; the next page replaces an older read-ahead
        (self._read_page if fresh else self._read_next)(after, limit, fresh)

    @work(thread=True, exclusive=True, group="inbox")
    def _read_page(self, after: tuple[int, float, int] | None, limit: int, fresh: bool) -> None:
        self._read(after, limit, fresh)

    @work(thread=True, exclusive=True, group="inbox-more")
    def _read_next(self, after: tuple[int, float, int] | None, limit: int, fresh: bool) -> None:
        self._read(after, limit, fresh)

    def _read(self, after: tuple[int, float, int] | None, limit: int, fresh: bool) -> None:
        try:
            page = self.session.reads.inbox_page(after, limit)
        except TrackerError as exc:
            self.post_message(self.InboxLoaded(None, str(exc), fresh))
            return
        self.post_message(self.InboxLoaded(page, None, fresh))

    @on(InboxLoaded)
    def _loaded(self, event: InboxLoaded) -> None:
        table = self.table
        table.loading = False
        if not self.shown_once:
            # The inbox opens on its table: a table still loading when the screen
            # mounted cannot take the focus, which may have gone to the preview.
            self.shown_once = True
            table.focus()
        self.reading_more = False
        if event.error or event.page is None:
            self.notify(event.error or "the inbox could not be read", severity="error")
            return
        page = event.page
        keep = table.cursor_row
        if event.fresh:
            self.pending &= {i.id for i in page.items}
            self.items = []
            self.titles = {}
            table.clear()
        self.titles.update(page.titles)
        self.total = page.total
        self.more = page.more
        shown = {i.id for i in self.items}
        fresh_items = [i for i in page.items if i.id not in self.pending and i.id not in shown]
        self.items.extend(fresh_items)
        for item in fresh_items:
            label = stance_label(item.stance)
            title = one_line(self.titles.get(item.source_id, f"source {item.source_id}"))
            table.add_row(
                Text(str(item.id), justify="right"), Text(f"{item.confidence:.2f}", justify="right"),
                Text(label.short, style=label.colour), item.obligation_id, safe(f"{item.source_id} {title}"),
                key=str(item.id),
            )
        self._show_count()
        if event.fresh and self.items:
            table.move_cursor(row=min(keep, len(self.items) - 1))
        self._show_current()

    def _show_count(self) -> None:
        waiting = max(len(self.items), self.total - len(self.pending))
        self.sub_title = f"{waiting} await triage"

    def _read_ahead(self) -> None:
        """Read the next page when the cursor nears the end of the rows read."""
        if not self.more or self.reading_more or not self.items:
            return
        if self.table.cursor_row >= len(self.items) - READ_AHEAD:
            self.reading_more = True
            last = self.items[-1]
            self._fetch((last.source_id, last.score, last.id), PAGE, False)

    @property
    def current(self) -> StoredSuggestion | None:
        row = self.table.cursor_row
        return self.items[row] if self.items and 0 <= row < len(self.items) else None

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        # Enter on a row: the table takes the key before the screen's binding does
        self.action_read()

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_current()
        self._read_ahead()

    def _show_current(self) -> None:
        item = self.current
        panel = self.query_one("#inbox-passage", Static)
        if item is None:
            panel.update(Text("Nothing awaits a decision. New sources bring their suggestions here.", style="dim"))
            return
        label = stance_label(item.stance)
        head = Text(item.obligation_id, style="bold") + Text("  ") + Text(label.label, style=label.colour)
        meta = " · ".join(x for x in (
            item.claimant and f"claimant: {item.claimant}", item.via and f"via {item.via}",
            item.observed_on and f"observed {item.observed_on}",
            item.level is not None and f"level {item.level:,.0f}",
        ) if x)
        sharing = self.session.catalogue.shares_evidence_with(item.obligation_id)
        panel.update(Group(
            head,
            safe(self.session.obligation_title(item.obligation_id), "dim"),
            Text(""),
            quoted(item.exact),
            Text(""),
            safe(meta or "no claimant, date or number found", "dim"),
            safe(f"source {item.source_id}: {one_line(self.titles.get(item.source_id, ''))}", "dim"),
            safe(item.explanation, "dim"),
            *([safe(f"once accepted, also shown in {', '.join(sharing)}'s record (the same act)", "dim")]
              if sharing else []),
        ))

    def _decide(self, accept: bool, reason: str | None = None) -> None:
        item = self.current
        if item is None:
            return
        self.pending.add(item.id)
        row = self.table.cursor_row
        self.items.pop(row)
        self.table.remove_row(str(item.id))
        self._show_count()
        self._show_current()
        self._read_ahead()
        self.post_message(Triage(item.id, accept, reason))

    def action_accept(self) -> None:
        self._decide(True)

    def action_reject(self) -> None:
        item = self.current
        if item is None:
            return

        def done(reason: str | None) -> None:
            if reason is not None:
                self._decide(False, reason or None)

        self.app.push_screen(RejectModal(item), done)

    def action_edit(self) -> None:
        """Correct the stance, claimant, date or value before storing it: the
        evidence stored for this span settles the suggestion."""
        item = self.current
        if item is None:
            return
        self.post_message(AttachPassage(EvidenceInput(
            source_id=item.source_id, start=item.start, end=item.end, obligation_id=item.obligation_id,
            stance=item.stance, claimant=item.claimant or "",
            observed=item.observed_on.isoformat() if item.observed_on else "",
            value=f"{item.level:g}" if item.level is not None else "",
            note=f"from inbox suggestion #{item.id}",
        )))

    def action_skip(self) -> None:
        self.table.action_cursor_down()

    def action_previous(self) -> None:
        self.table.action_cursor_up()

    def action_first(self) -> None:
        if self.items:
            self.table.move_cursor(row=0)

    def action_last(self) -> None:
        """The last row read: on a paged inbox that reads the next page, so
        End again goes further."""
        if self.items:
            self.table.move_cursor(row=len(self.items) - 1)

    def action_read(self) -> None:
        item = self.current
        if item is not None:
            self.post_message(OpenSource(item.source_id))

    def action_close(self) -> None:
        self.dismiss(None)
