"""A key bar that fits: the screen's active bindings, most important first;
at narrow widths the least important are left out (help, F1, lists them all).

Built on public Textual API only: `Screen.active_bindings`, the screen's
`bindings_updated_signal` and `App.simulate_key`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget

# Most important first. Actions not listed here are dropped first (last first).
PRIORITY = [
    "help",
    "accept_suggestion",
    "edit_suggestion",
    "hide_suggestion",
    "read_evidence",
    "retract",
    "open_suggestion",
    "close",
    "filter",
    "set_status",
    "attach",
    "suggest",
    "find_passages",
    "next_passage",
    "previous_passage",
    "open",
    "export",
    "refresh_report",
    "app.sources",
    "app.as_of",
    "select_sentence",
    "app.report",
    "app.add_source",
]
PALETTE_ACTION = "command_palette"  # shown on the right even though its binding is hidden


@dataclass(frozen=True)
class KeyEntry:
    key: str  # the key the binding answers to (after the user's keymap)
    key_display: str
    description: str
    action: str
    enabled: bool
    tooltip: str

    @property
    def width(self) -> int:
        """Cells taken: key, a space and the description, then one space of margin."""
        return len(self.key_display) + (len(self.description) + 1 if self.description else 0) + 1


class KeyLabel(Widget):
    """One key and what it does; a click presses the key."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-label--key", "key-label--description"}
    DEFAULT_CSS = """
    KeyLabel {
        width: auto;
        height: 1;
        margin-right: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .key-label--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-label--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover { background: $block-hover-background; }
        &.-disabled { text-style: dim; }
        &.-palette { dock: right; margin-right: 0; border-left: vkey $foreground 20%; }
    }
    """

    def __init__(self, entry: KeyEntry, *, palette: bool = False) -> None:
        super().__init__(classes=("-palette" if palette else "") + ("" if entry.enabled else " -disabled"))
        self.entry = entry
        if entry.tooltip:
            self.tooltip = entry.tooltip

    @property
    def action(self) -> str:
        return self.entry.action

    def render(self) -> Text:
        # spans (not the base style), so that the widget's own style goes beneath them
        text = Text.assemble((self.entry.key_display, self.get_component_rich_style("key-label--key")))
        if self.entry.description:
            text.append(f" {self.entry.description}", style=self.get_component_rich_style("key-label--description"))
        text.stylize_before(self.rich_style)
        return text

    def on_mouse_down(self) -> None:
        if self.entry.enabled:
            self.app.simulate_key(self.entry.key)
        else:
            self.app.bell()


class KeyFooter(Widget, can_focus=False, can_focus_children=False):
    """The bottom bar of every screen."""

    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        layout: horizontal;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._fitted_width = 0

    def _entries(self, screen: Screen) -> Iterator[KeyEntry]:
        seen: set[str] = set()
        for _node, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.action in seen or not (binding.show or binding.action == PALETTE_ACTION):
                continue
            seen.add(binding.action)
            yield KeyEntry(binding.key, self.app.get_key_display(binding), binding.description, binding.action,
                           enabled, tooltip or binding.tooltip)

    def compose(self) -> ComposeResult:
        if not self.is_attached:
            return
        width = self.size.width or self.app.size.width
        self._fitted_width = width
        entries = list(self._entries(self.screen))
        palette = next((e for e in entries if e.action == PALETTE_ACTION), None)
        keys = [e for e in entries if e is not palette]
        room = width - (palette.width + 1 if palette else 0)
        used = sum(k.width for k in keys)
        if used > room:
            def rank(pair: tuple[int, KeyEntry]) -> tuple[int, int]:
                index, key = pair
                action = key.action
                return (PRIORITY.index(action) if action in PRIORITY else len(PRIORITY) + (len(keys) - index), index)

            dropped: set[int] = set()
            for index, key in sorted(enumerate(keys), key=rank, reverse=True):
                if used <= room:
                    break
                dropped.add(index)
                used -= key.width
            keys = [k for i, k in enumerate(keys) if i not in dropped]
        for key in keys:
            yield KeyLabel(key)
        if palette is not None:
            yield KeyLabel(palette, palette=True)

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.recompose)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._fitted_width and self.is_attached:
            self.call_after_refresh(self.recompose)
