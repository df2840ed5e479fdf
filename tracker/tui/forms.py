"""Small widgets and helpers for the dialogs: a live date hint, path
completion for file imports, and the obligation picker."""

from __future__ import annotations

import datetime as dt
import glob
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tracker.domain.dates import DateError, parse_date
from tracker.errors import InvalidInput
from tracker.tui.render import one_line, safe

if TYPE_CHECKING:
    from tracker.domain.models import Obligation


class DateHint(Static):
    """Live feedback under a date input: what the typed text means."""


def describe_date(value: str, reference: dt.date, *, empty: str = "") -> tuple[dt.date | None, Text]:
    if not value.strip():
        return None, Text(empty, style="dim")
    try:
        day = parse_date(value, reference)
    except DateError as exc:
        return None, Text(str(exc), style="red")
    return day, Text(f"→ {day:%A %-d %B %Y} ({day})", style="green")


# -- file paths --------------------------------------------------------------


class PathInput(Input):
    """An input whose Tab accepts the path completion (like a shell)."""

    BINDINGS = [Binding("tab", "complete", "Complete path", show=False, id="path-complete")]

    def action_complete(self) -> None:
        # the same completion the inline suggestion shows (PathSuggester)
        completion = complete_path(self.value)
        if completion and completion != self.value:
            self.value = completion
            self.cursor_position = len(self.value)
        else:
            self.screen.focus_next()


class PathSuggester(Suggester):
    """Complete file paths inline (accept with the right arrow)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


def complete_path(value: str) -> str | None:
    if not value or "*" in value:
        return None
    expanded = os.path.expanduser(value)
    folder, _, stem = expanded.rpartition("/")
    base = Path(folder or ".") if folder or not value.startswith("/") else Path("/")
    try:
        names = sorted(p.name + ("/" if p.is_dir() else "") for p in base.iterdir() if p.name.startswith(stem))
    except OSError:
        return None
    names = [n for n in names if not n.startswith(".") or stem.startswith(".")]
    if not names:
        return None
    prefix = os.path.commonprefix(names) if len(names) > 1 else names[0]  # noqa: RUF071 (character-wise on purpose)
    if prefix == stem:
        return None
    return value[: len(value) - len(stem)] + prefix


def expand_paths(value: str) -> list[str]:
    """What to import from space-separated paths, folders, globs and http(s) URLs.

    Globs are expanded here; folders and URLs are passed on as they are (the
    service reads folders recursively and fetches URLs).
    """
    targets: list[str] = []
    for part in value.split():
        if part.lower().startswith(("http://", "https://")):
            targets.append(part)
            continue
        expanded = os.path.expanduser(part)
        matches = sorted(glob.glob(expanded)) if any(c in expanded for c in "*?[") else [expanded]
        if not matches:
            raise InvalidInput(f"{part}: no file matches; check the pattern")
        targets.extend(matches)
    return targets


# -- obligations -------------------------------------------------------------


class ObligationPicker(Vertical):
    """Type to narrow the list; up/down move; the highlighted one is chosen."""

    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False, id="picker-down"),
        Binding("up", "move(-1)", "Previous", show=False, id="picker-up"),
    ]

    def __init__(self, obligations: Sequence[Obligation], selected: str | None, id: str | None = None) -> None:
        super().__init__(id=id)
        self.obligations = obligations
        self.initial = selected

    def compose(self) -> ComposeResult:
        yield Input(placeholder="type to search obligations (id, title, party); ↑/↓ choose", id="obligation-search",
                    compact=True)
        listing = OptionList(id="obligation-list")
        listing.can_focus = False  # up/down in the search box move the highlight
        yield listing

    def on_mount(self) -> None:
        self._fill("")

    def _fill(self, query: str) -> None:
        words = query.lower().split()
        current = self.value
        options = []
        for o in self.obligations:
            hay = " ".join([o.id, o.title, *o.obligor, *o.themes, *o.keywords]).lower()
            if all(w in hay for w in words):
                options.append(Option(Text(o.id, style="bold") + Text("  ") + safe(one_line(o.title), "dim"), id=o.id))
        listing = self.query_one(OptionList)
        listing.clear_options()
        listing.add_options(options)
        target = current or self.initial
        ids = [opt.id for opt in options]
        if options:
            listing.highlighted = ids.index(target) if target in ids else 0
            self.call_after_refresh(listing.scroll_to_highlight)

    @on(Input.Changed, "#obligation-search")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._fill(event.value)

    def action_move(self, delta: int) -> None:
        listing = self.query_one(OptionList)
        if listing.option_count:
            listing.highlighted = max(0, min(listing.option_count - 1, (listing.highlighted or 0) + delta))

    @property
    def value(self) -> str | None:
        try:
            listing = self.query_one(OptionList)
        except NoMatches:
            return None
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id
