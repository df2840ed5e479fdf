"""The obligations table: columns that fit the width, sorting by any column."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from tracker.domain.models import Status
from tracker.tui.render import row_cells

if TYPE_CHECKING:
    from tracker.service import ObligationState

STATUS_ORDER = {s.value: i for i, s in enumerate(Status)}
COLUMNS = ("id", "obligor", "title", "status", "deadline", "evidence")
Column = tuple[str, str, int | None]  # key, header, width


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


class ObligationTable(DataTable):
    """One row per obligation; the cursor row is the selected obligation."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="table-down"),
        Binding("k", "cursor_up", "Up", show=False, id="table-up"),
        Binding("g", "scroll_top", "Top", show=False, id="table-top"),
        Binding("G", "scroll_bottom", "Bottom", show=False, id="table-bottom"),
        Binding("S", "cycle_sort", "Sort", show=False, tooltip="Sort by the next column", id="sort"),
        Binding("enter", "screen.focus_evidence", "Evidence", show=False, tooltip="Go to the evidence of this obligation", id="table-open"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.rows_given: list[ObligationState] = []
        self.shown: list[ObligationState] = []
        self.sort_column: str | None = None
        self.sort_reverse = False
        self._layout: str | None = None

    @property
    def shown_ids(self) -> list[str]:
        return [r.obligation.id for r in self.shown]

    @property
    def cursor_id(self) -> str | None:
        if not self.shown or not 0 <= self.cursor_row < len(self.shown):
            return None
        return self.shown[self.cursor_row].obligation.id

    def columns_for(self, width: int) -> list[Column]:
        base: list[Column] = [("id", "id", 29)]
        if width >= 110:
            base.append(("obligor", "obligor", 13))
            fixed = 29 + 13 + 14 + 17 + 8 + 2 * 6 + 2
            base.append(("title", "title", max(12, width - fixed)))
        base += [("status", "status", 14), ("deadline", "deadline", 17), ("evidence", "+ − ·", 8)]
        return base

    def _width(self) -> int:
        # the screen's width, not the table's (which loses the scrollbar's)
        return self.screen.size.width or self.app.size.width

    def show(self, rows: Sequence[ObligationState], keep: str | None) -> str | None:
        """Show `rows` (sorted by the sort column) with the cursor on `keep`, else the first.
        Returns the id under the cursor."""
        self.rows_given = list(rows)
        shown = list(rows)
        if self.sort_column:
            shown.sort(key=lambda r: sort_key(self.sort_column or "", r), reverse=self.sort_reverse)
        self.shown = shown
        columns = self.columns_for(self._width())
        self._layout = ",".join(f"{c[0]}:{c[2]}" for c in columns)
        self.clear(columns=True)
        for key, label, width in columns:
            header = Text(label)
            if self.sort_column == key:
                header += Text(" ▼" if self.sort_reverse else " ▲")
            self.add_column(header, key=key, width=width)
        title_width = next((c[2] for c in columns if c[0] == "title"), None)
        for row in shown:
            cells = dict(zip(COLUMNS, row_cells(row), strict=True))
            if title_width and len(cells["title"]) > title_width:
                cells["title"].truncate(title_width - 1)
                cells["title"].append("…")
            self.add_row(*(cells[c[0]] for c in columns), key=row.obligation.id)
        if not shown:
            return None
        ids = self.shown_ids
        index = ids.index(keep) if keep in ids else 0
        self.move_cursor(row=index, animate=False)
        return ids[index]

    def select_id(self, obligation_id: str) -> bool:
        ids = self.shown_ids
        if obligation_id not in ids:
            return False
        self.move_cursor(row=ids.index(obligation_id), animate=False)
        return True

    def sort_by(self, column: str | None, reverse: bool = False) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self.show(self.rows_given, self.cursor_id)

    def toggle_sort(self, column: str) -> None:
        """A header click: sort by it, again reverse, a third time back to catalogue order."""
        if self.sort_column == column:
            if self.sort_reverse:
                self.sort_by(None)
            else:
                self.sort_by(column, True)
        else:
            self.sort_by(column)

    def action_cycle_sort(self) -> None:
        order = [c[0] for c in self.columns_for(self._width())]
        if self.sort_column in order:
            index = order.index(self.sort_column) + 1
            column = order[index] if index < len(order) else None
        else:
            column = order[0]
        self.sort_by(column)
        self.notify(f"sorted by {column}" if column else "catalogue order", timeout=1.5)

    def on_resize(self) -> None:
        layout = ",".join(f"{c[0]}:{c[2]}" for c in self.columns_for(self._width()))
        if layout != self._layout and self.is_mounted:
            self.show(self.rows_given, self.cursor_id)
