"""The source reader: the article with every evidence passage highlighted by
stance; move through passages, select text and attach it to an obligation."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea
from textual.widgets.text_area import Selection

from tracker.errors import TrackerError
from tracker.tui.render import STANCE_LABELS, reader_safe, safe, sentence_bounds

if TYPE_CHECKING:
    from tracker.domain.models import Source
    from tracker.service import EvidenceView
    from tracker.tui.app import TrackerApp

PASSAGE_STYLES = {
    "supports-compliance": Style(bgcolor="#1d4d2a", color="#e8ffe8"),
    "indicates-breach": Style(bgcolor="#5c1f24", color="#ffe8e8"),
    "context": Style(bgcolor="#23395b", color="#e8f0ff"),
}
RETRACTED_STYLE = Style(strike=True, dim=True)
CURRENT_STYLE = Style(bold=True, underline=True)
# NO_COLOR: passages are underlined, the current one reversed
MONO_STYLES = {
    "supports-compliance": Style(underline=True),
    "indicates-breach": Style(underline=True, bold=True),
    "context": Style(underline=True, italic=True),
}
MONO_CURRENT = Style(reverse=True)


class PassageArea(TextArea):
    """A read-only TextArea that paints evidence passages."""

    def __init__(self, text: str, **kwargs) -> None:
        super().__init__(reader_safe(text), read_only=True, soft_wrap=True, show_line_numbers=False,
                         highlight_cursor_line=False, **kwargs)
        self.line_starts = [0]
        for line in self.text.split("\n"):
            self.line_starts.append(self.line_starts[-1] + len(line) + 1)
        self.spans: list[tuple[int, int, Style]] = []
        self.current: tuple[int, int] | None = None

    def set_spans(self, spans: list[tuple[int, int, Style]], current: tuple[int, int] | None) -> None:
        self.spans = spans
        self.current = current
        self._line_cache.clear()
        self.refresh()

    def offset(self, location: tuple[int, int]) -> int:
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
        for s, e, style in self.spans:
            if s < end and e > start:
                line.stylize(style, max(s, start) - start, min(e, end) - start)
        if self.current:
            s, e = self.current
            if s < end and e > start:
                style = MONO_CURRENT if self.app.no_color else CURRENT_STYLE
                line.stylize(style, max(s, start) - start, min(e, end) - start)
        return line


class ReaderScreen(Screen[None]):
    """One source, its passages highlighted by stance."""

    BINDINGS = [
        Binding("escape,q", "close", "Back", id="reader-back"),
        Binding("n", "next_passage", "Next", tooltip="Next evidence passage", id="reader-next"),
        Binding("p", "previous_passage", "Prev", tooltip="Previous evidence passage", id="reader-previous"),
        Binding("v", "select_sentence", "Sentence", tooltip="Select the sentence at the cursor (again: extend)",
                id="reader-select-sentence"),
        Binding("a", "attach", "Attach", tooltip="Attach the selected text to an obligation", id="reader-attach"),
        Binding("s", "set_status", "Status", tooltip="Set the status of this passage's obligation, citing it",
                id="reader-set-status"),
        Binding("x", "retract", "Retract passage", show=False, id="reader-retract"),
        Binding("g", "goto_obligation", "Go to the passage's obligation", show=False, id="reader-goto"),
    ]

    def __init__(self, source: Source, focus_evidence: int | None = None) -> None:
        super().__init__()
        self.source = source
        self.source_id = source.id
        self.focus_evidence = focus_evidence
        self.views: list[EvidenceView] = []
        self.index: int | None = None

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="source-meta")
        yield PassageArea(self.source.text, id="article")
        yield Static(id="passage-info")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        s = self.source
        meta = Text(no_wrap=True, overflow="ellipsis")
        meta += safe(" ".join(s.title.split()), "bold")
        meta += Text(f"  source {s.id}", style="dim")
        line2 = Text(no_wrap=True, overflow="ellipsis")
        line2 += safe(s.outlet or "unknown outlet", "italic")
        if s.author:
            line2 += Text(" · ") + safe(s.author)
        line2 += Text(f" · published {s.published_on or 'unknown'}")
        if s.url:
            line2 += Text(" · ") + safe(s.url, "dim")
        legend = Text(no_wrap=True, overflow="ellipsis")
        for stance, style in PASSAGE_STYLES.items():
            legend += Text(f" {STANCE_LABELS[stance]} ", style=style) + Text(" ")
        legend += Text(f" {len(s.text):,} characters", style="dim")
        self.query_one("#source-meta", Static).update(Group(meta, line2, legend))
        self.title = "Source reader"
        self.reload()
        area = self.query_one(PassageArea)
        area.focus()
        if self.focus_evidence is not None:
            for index, view in enumerate(self.views):
                if view.evidence.id == self.focus_evidence:
                    self._go(index)
                    break
        self._info()

    def reload(self) -> None:
        self.views = sorted(
            self.tracker_app.tracker.evidence_for(source_id=self.source_id),
            key=lambda v: (v.evidence.position.start, v.evidence.id),
        )
        self._paint()

    def _paint(self) -> None:
        spans = []
        for view in self.views:
            e = view.evidence
            styles = MONO_STYLES if self.app.no_color else PASSAGE_STYLES
            style = RETRACTED_STYLE if e.retracted else styles[e.stance.value]
            spans.append((e.position.start, e.position.end, style))
        current = None
        if self.index is not None and self.index < len(self.views):
            e = self.views[self.index].evidence
            current = (e.position.start, e.position.end)
        self.query_one(PassageArea).set_spans(spans, current)

    def _go(self, index: int) -> None:
        self.index = index
        area = self.query_one(PassageArea)
        e = self.views[index].evidence
        area.selection = Selection(area.location(e.position.start), area.location(e.position.end))
        area.scroll_cursor_visible(center=True)
        self._paint()
        self._info()

    def _info(self) -> None:
        info = Text()
        count = len(self.views)
        if self.index is not None and self.index < count:
            v = self.views[self.index]
            e = v.evidence
            info += Text(f"passage {self.index + 1}/{count}  ", style="bold")
            info += Text(f"#{e.id} ", style="bold")
            info += Text(STANCE_LABELS[e.stance.value], style=PASSAGE_STYLES[e.stance.value])
            info += Text(" on ") + safe(e.obligation_id, "bold")
            info += Text(" · ") + safe(e.claimant or "unattributed")
            if e.observed_on:
                info += Text(f" · observed {e.observed_on}")
            if e.value is not None:
                info += Text(f" · value {e.value:,.0f}")
            if e.retracted:
                info += Text(" · RETRACTED: ", style="yellow") + safe(e.retraction_reason or "", "yellow")
        else:
            info += Text(f"{count} evidence passage(s). ", style="bold")
            info += Text("n/p move between passages · select text with shift+arrows or the mouse "
                         "(v selects a sentence) · a attaches it", style="dim")
        self.query_one("#passage-info", Static).update(info)

    # -- actions -------------------------------------------------------------

    def _cursor_offset(self) -> int:
        area = self.query_one(PassageArea)
        return area.offset(area.selection.end)

    def action_next_passage(self) -> None:
        if not self.views:
            self.notify("no evidence in this source yet: select a passage and press a to attach one")
            return
        here = self._cursor_offset()
        if self.index is not None:
            target = (self.index + 1) % len(self.views)
        else:
            target = next((i for i, v in enumerate(self.views) if v.evidence.position.start >= here), 0)
        self._go(target)

    def action_previous_passage(self) -> None:
        if not self.views:
            self.notify("no evidence in this source yet: select a passage and press a to attach one")
            return
        here = self._cursor_offset()
        if self.index is not None:
            target = (self.index - 1) % len(self.views)
        else:
            before = [i for i, v in enumerate(self.views) if v.evidence.position.start < here]
            target = before[-1] if before else len(self.views) - 1
        self._go(target)

    def action_select_sentence(self) -> None:
        area = self.query_one(PassageArea)
        start, end = sorted((area.offset(area.selection.start), area.offset(area.selection.end)))
        text = self.source.text
        if start != end and self.index is None:
            # extend the selection by the next sentence
            nxt = end
            while nxt < len(text) and text[nxt].isspace():
                nxt += 1
            _, new_end = sentence_bounds(text, nxt)
            end = max(end, new_end)
        else:
            start, end = sentence_bounds(text, start)
        self.index = None
        area.selection = Selection(area.location(start), area.location(end))
        self._paint()
        self._info()

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        if self.index is None or self.index >= len(self.views):
            return
        area = self.query_one(PassageArea)
        e = self.views[self.index].evidence
        if sorted((area.offset(event.selection.start), area.offset(event.selection.end))) != [e.position.start, e.position.end]:
            self.index = None
            self._paint()
            self._info()

    def _selection(self) -> tuple[int, int] | None:
        area = self.query_one(PassageArea)
        start, end = sorted((area.offset(area.selection.start), area.offset(area.selection.end)))
        text = self.source.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if end > start else None

    def _current(self) -> EvidenceView | None:
        if self.index is not None and self.index < len(self.views):
            return self.views[self.index]
        return None

    def action_attach(self) -> None:
        from tracker.tui.modals import AttachModal

        span = self._selection()
        if span is None:
            self.notify("select a passage first: shift+arrows or drag with the mouse, v selects a sentence",
                        title="Nothing selected", severity="warning")
            return
        current = self._current()
        default = current.evidence.obligation_id if current else self.tracker_app.selected_obligation

        def done(evidence) -> None:
            if evidence is None:
                return
            self.tracker_app.data_changed()
            self.reload()
            for index, view in enumerate(self.views):
                if view.evidence.id == evidence.id:
                    self._go(index)
            self.notify(f"evidence #{evidence.id} attached to {evidence.obligation_id}; press s to set a status citing it",
                        title="Attached")

        self.app.push_screen(AttachModal(self.source, span[0], span[1], default), done)

    def action_set_status(self) -> None:
        current = self._current()
        if current is None:
            self.notify("move to a passage (n/p) to set the status of its obligation citing it", severity="warning")
            return
        self.tracker_app.open_status(current.evidence.obligation_id, cite=(current.evidence.id,))

    def action_retract(self) -> None:
        current = self._current()
        if current is None:
            self.notify("move to a passage (n/p) first", severity="warning")
            return
        if current.evidence.retracted:
            self.notify(f"evidence #{current.evidence.id} is already retracted")
            return

        def done(result) -> None:
            if result is not None:
                self.tracker_app.data_changed()
                self.reload()
                self._info()

        self.tracker_app.open_retract(current, done)

    def action_goto_obligation(self) -> None:
        current = self._current()
        if current is None:
            self.notify("move to a passage (n/p) first", severity="warning")
            return
        self.dismiss()
        self.tracker_app.select_obligation(current.evidence.obligation_id)

    def action_close(self) -> None:
        self.dismiss()

    def refresh_data(self) -> None:
        try:
            self.reload()
            self._info()
        except TrackerError as exc:
            self.notify(str(exc), severity="error")
