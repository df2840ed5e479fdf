"""The article in the reader: a read-only text area that paints evidence
passages by stance, the current passage, and the highlighted suggestion."""

from __future__ import annotations

import bisect

from rich.style import Style
from rich.text import Text
from textual.widgets import TextArea

from tracker.domain.models import Stance
from tracker.labels import STANCES
from tracker.tui.render import reader_safe

PASSAGE_STYLES: dict[Stance, Style] = {stance: Style.parse(shown.passage) for stance, shown in STANCES.items()}
# NO_COLOR: passages are underlined, the current one reversed
MONO_STYLES: dict[Stance, Style] = {stance: Style.parse(shown.mono) for stance, shown in STANCES.items()}
RETRACTED_STYLE = Style(strike=True, dim=True)
CURRENT_STYLE = Style(bold=True, underline=True)
MONO_CURRENT = Style(reverse=True)
# the suggestion highlighted in the suggestions panel
SUGGESTED_STYLE = Style(bgcolor="#6b5a00", color="#fff8dc", underline=True)
MONO_SUGGESTED = Style(reverse=True, underline=True)

Span = tuple[int, int]


class PassageArea(TextArea):
    """A read-only TextArea over an article that paints evidence passages."""

    def __init__(self, text: str, **kwargs) -> None:
        super().__init__(reader_safe(text), read_only=True, soft_wrap=True, show_line_numbers=False,
                         highlight_cursor_line=False, **kwargs)
        self.line_starts = [0]
        for line in self.text.split("\n"):
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        self.spans: list[tuple[int, int, Style]] = []
        self.current: Span | None = None
        self.suggested: Span | None = None

    def passage_style(self, stance: Stance, retracted: bool) -> Style:
        if retracted:
            return RETRACTED_STYLE
        return (MONO_STYLES if self.app.no_color else PASSAGE_STYLES)[stance]

    def set_spans(self, spans: list[tuple[int, int, Style]], current: Span | None) -> None:
        self.spans = spans
        self.current = current
        self._repaint()

    def set_suggested(self, span: Span | None) -> None:
        self.suggested = span
        self._repaint()

    def _repaint(self) -> None:
        # the text area caches rendered lines; a style update drops that cache
        self.notify_style_update()
        self.refresh()

    def char_offset(self, location: tuple[int, int]) -> int:
        row, col = location
        return self.line_starts[min(row, len(self.line_starts) - 1)] + col

    def location(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self.line_starts, offset) - 1
        row = max(0, min(row, len(self.line_starts) - 2))
        return row, offset - self.line_starts[row]

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        start = self.line_starts[line_index]
        end = start + len(line.plain)

        def paint(span: Span, style: Style) -> None:
            s, e = span
            if s < end and e > start:
                line.stylize(style, max(s, start) - start, min(e, end) - start)

        for s, e, style in self.spans:
            paint((s, e), style)
        if self.current:
            paint(self.current, MONO_CURRENT if self.app.no_color else CURRENT_STYLE)
        if self.suggested:
            paint(self.suggested, MONO_SUGGESTED if self.app.no_color else SUGGESTED_STYLE)
        return line
