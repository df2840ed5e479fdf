"""A footer that fits: at narrow widths it shows the most important keys
only (help, F1, lists them all)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# Most important first. Actions not listed here are dropped first (last first).
PRIORITY = [
    "help",
    "screen.accept_suggestion",
    "screen.edit_suggestion",
    "screen.reject_suggestion",
    "screen.read_evidence",
    "screen.retract",
    "screen.open_suggestion",
    "close",
    "filter",
    "set_status",
    "attach",
    "suggest",
    "find_passages",
    "next_passage",
    "previous_passage",
    "open",
    "app.add_source",
    "export",
    "refresh_report",
    "sources",
    "as_of",
    "select_sentence",
    "report",
    "add_source",
]


def _width(key: FooterKey) -> int:
    # compact footer: key, one space, description, one space of margin
    description = f" {key.description}" if key.description else ""
    return len(key.key_display) + len(description) + 1


class FitFooter(Footer):
    """A compact footer that drops the least important keys to fit its width."""

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._fitted_width = 0

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        width = self.size.width or self.app.size.width
        self._fitted_width = width
        keys = [w for w in items if isinstance(w, FooterKey) and not w.has_class("-command-palette")]
        others = [w for w in items if w not in keys]
        room = width - sum(len(w.key_display) + len(w.description) + 2 for w in others if isinstance(w, FooterKey))
        used = sum(_width(k) for k in keys)
        if used > room:
            def rank(pair: tuple[int, FooterKey]) -> tuple[int, int]:
                index, key = pair
                action = key.action
                return (PRIORITY.index(action) if action in PRIORITY else len(PRIORITY) + (len(keys) - index), index)

            dropped: set[int] = set()
            for index, key in sorted(enumerate(keys), key=rank, reverse=True):
                if used <= room:
                    break
                dropped.add(index)
                used -= _width(key)
            keys = [k for i, k in enumerate(keys) if i not in dropped]
        kept = set(map(id, keys)) | set(map(id, others))
        yield from (w for w in items if id(w) in kept)

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._fitted_width and self.is_attached:
            self.call_after_refresh(self.recompose)
