"""The source reader: the article with every evidence passage highlighted by
stance; move through passages, select text and attach it to an obligation."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection

from tracker.errors import TrackerError
from tracker.tui.footer import FitFooter
from tracker.tui.render import (
    STANCE_LABELS,
    reader_safe,
    safe,
    sentence_bounds,
    stored_match,
    suggestion_key,
    suggestion_meta,
    suggestion_prompt,
)

if TYPE_CHECKING:
    from tracker.domain.models import Source
    from tracker.domain.suggest import Suggestion
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
# the suggestion highlighted in the suggestions panel
SUGGESTED_STYLE = Style(bgcolor="#6b5a00", color="#fff8dc", underline=True)
MONO_SUGGESTED = Style(reverse=True, underline=True)


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
        self.suggested: tuple[int, int] | None = None

    def set_spans(self, spans: list[tuple[int, int, Style]], current: tuple[int, int] | None) -> None:
        self.spans = spans
        self.current = current
        self._line_cache.clear()
        self.refresh()

    def set_suggested(self, span: tuple[int, int] | None) -> None:
        self.suggested = span
        self._line_cache.clear()
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
        for s, e, style in self.spans:
            if s < end and e > start:
                line.stylize(style, max(s, start) - start, min(e, end) - start)
        if self.current:
            s, e = self.current
            if s < end and e > start:
                style = MONO_CURRENT if self.app.no_color else CURRENT_STYLE
                line.stylize(style, max(s, start) - start, min(e, end) - start)
        if self.suggested:
            s, e = self.suggested
            if s < end and e > start:
                style = MONO_SUGGESTED if self.app.no_color else SUGGESTED_STYLE
                line.stylize(style, max(s, start) - start, min(e, end) - start)
        return line


class SuggestionList(OptionList):
    """Suggested passages of the open source; moving highlights the passage."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="suggestion-down"),
        Binding("k", "cursor_up", "Up", show=False, id="suggestion-up"),
        Binding("enter,y", "screen.accept_suggestion", "Accept", tooltip="Store this suggestion as evidence",
                id="suggestion-accept"),
        Binding("e", "screen.edit_suggestion", "Edit", tooltip="Open the attach dialog filled from this suggestion",
                id="suggestion-edit"),
        Binding("d,delete", "screen.reject_suggestion", "Hide", tooltip="Reject: hide this suggestion for this session",
                id="suggestion-hide"),
        Binding("escape", "screen.close_suggestions", "Close panel", show=False, tooltip="Close the suggestions panel",
                id="suggestion-close"),
    ]


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
        Binding("f", "suggest", "Suggest", tooltip="Find evidence: suggested passages of this source (again: close)",
                id="reader-suggest"),
        Binding("x", "retract", "Retract passage", show=False, id="reader-retract"),
        Binding("g", "goto_obligation", "Go to the passage's obligation", show=False, id="reader-goto"),
    ]

    def __init__(self, source: Source, focus_evidence: int | None = None,
                 suggestion: Suggestion | None = None) -> None:
        super().__init__()
        self.source = source
        self.source_id = source.id
        self.focus_evidence = focus_evidence
        self.views: list[EvidenceView] = []
        self.index: int | None = None
        self.pinned = suggestion
        self.suggestions: list[Suggestion] | None = None
        self.shown_suggestions: list[Suggestion] = []

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="source-meta")
        with Horizontal(id="reader-body"):
            yield PassageArea(self.source.text, id="article")
            with Vertical(id="suggestions"):
                yield Static(id="suggestions-head")
                yield SuggestionList(id="suggestion-list")
        yield Static(id="passage-info")
        yield FitFooter()

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
        self.query_one("#suggestions").display = False
        if self.focus_evidence is not None:
            for index, view in enumerate(self.views):
                if view.evidence.id == self.focus_evidence:
                    self._go(index)
                    break
        self._info()
        if self.pinned is not None:
            self.action_suggest()

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
        suggestion = self.highlighted_suggestion() if self._panel_focused() else None
        if suggestion is not None:
            number = self.shown_suggestions.index(suggestion) + 1
            info += Text(f"suggestion {number}/{len(self.shown_suggestions)}  ", style="bold")
            info += safe(suggestion.obligation, "bold") + Text(" · ") + suggestion_meta(suggestion) + Text("\n")
            info += safe(" ".join(suggestion.explanation.split()), "dim")
        elif self.index is not None and self.index < count:
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
                         "(v selects a sentence) · a attaches it · f suggests passages", style="dim")
        self.query_one("#passage-info", Static).update(info)

    # -- actions -------------------------------------------------------------

    def _cursor_offset(self) -> int:
        area = self.query_one(PassageArea)
        return area.char_offset(area.selection.end)

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
        start, end = sorted((area.char_offset(area.selection.start), area.char_offset(area.selection.end)))
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
        if sorted((area.char_offset(event.selection.start), area.char_offset(event.selection.end))) != [e.position.start, e.position.end]:
            self.index = None
            self._paint()
            self._info()

    def _selection(self) -> tuple[int, int] | None:
        area = self.query_one(PassageArea)
        start, end = sorted((area.char_offset(area.selection.start), area.char_offset(area.selection.end)))
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
            self._fill_suggestions()
            self._info()
        except TrackerError as exc:
            self.notify(str(exc), severity="error")

    # -- suggestions panel ---------------------------------------------------------

    def _panel_focused(self) -> bool:
        return isinstance(self.focused, SuggestionList)

    def action_suggest(self) -> None:
        panel = self.query_one("#suggestions")
        listing = self.query_one(SuggestionList)
        if panel.display and self._panel_focused():
            self.action_close_suggestions()
            return
        panel.display = True
        listing.focus()
        if self.suggestions is None:
            self.query_one("#suggestions-head", Static).update(Text("finding passages…", style="dim italic"))
            self.load_suggestions()
        else:
            self._fill_suggestions()
            self._show_highlighted()

    @work(thread=True, exclusive=True, group="suggest")
    def load_suggestions(self) -> None:
        try:
            _, found = self.tracker_app.tracker.suggest_source(self.source_id)
        except TrackerError as exc:
            message = str(exc)
            self.app.call_from_thread(self.notify, message, title="Suggestions", severity="error")
            found = []
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, found: list[Suggestion]) -> None:
        pinned = self.pinned
        if pinned is not None:
            key = suggestion_key(self.source_id, pinned)
            self.tracker_app.hidden_suggestions.discard(key)
            found = [pinned] + [s for s in found if suggestion_key(self.source_id, s) != key]
        self.suggestions = found
        self._fill_suggestions()
        listing = self.query_one(SuggestionList)
        if self.shown_suggestions:
            listing.highlighted = 0
        self._show_highlighted()
        self.pinned = None

    def _fill_suggestions(self) -> None:
        if self.suggestions is None:
            return
        listing = self.query_one(SuggestionList)
        keep = listing.highlighted
        hidden = self.tracker_app.hidden_suggestions
        shown = [s for s in self.suggestions if suggestion_key(self.source_id, s) not in hidden]
        self.shown_suggestions = shown
        listing.clear_options()
        stored_count = 0
        options: list[Option] = []
        for number, s in enumerate(shown, 1):
            stored = stored_match(s, self.views)
            if stored is not None and not stored.evidence.retracted:
                stored_count += 1
            options.append(Option(suggestion_prompt(number, s, stored), id=f"sg-{number - 1}"))
        if not options:
            options.append(Option(Text("No suggestions for this source." if not self.suggestions else
                                       "Every suggestion is hidden for this session.", style="dim"),
                                  id="sg-none", disabled=True))
        listing.add_options(options)
        if shown and keep is not None:
            listing.highlighted = min(keep, len(shown) - 1)
        head = Text("Suggested passages", style="bold")
        head += Text(f"  {len(shown)} shown · {stored_count} stored", style="dim")
        if len(shown) < len(self.suggestions):
            head += Text(f" · {len(self.suggestions) - len(shown)} hidden", style="dim")
        head += Text("\n")
        head += Text.assemble(("enter", "bold"), " accept  ", ("e", "bold"), " edit  ", ("d", "bold"), " hide  ",
                              ("esc", "bold"), " close", style="dim")
        self.query_one("#suggestions-head", Static).update(head)

    def highlighted_suggestion(self) -> Suggestion | None:
        listing = self.query_one(SuggestionList)
        if listing.highlighted is None or not self.shown_suggestions:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        if not option.id or not option.id.startswith("sg-") or option.id == "sg-none":
            return None
        return self.shown_suggestions[int(option.id[3:])]

    @on(OptionList.OptionHighlighted, "#suggestion-list")
    def _suggestion_highlighted(self) -> None:
        self._show_highlighted()

    def on_descendant_focus(self) -> None:
        self._info()

    def _show_highlighted(self) -> None:
        suggestion = self.highlighted_suggestion()
        area = self.query_one(PassageArea)
        if suggestion is None:
            area.set_suggested(None)
            self._info()
            return
        if self.index is not None:
            self.index = None
            self._paint()
        area.set_suggested((suggestion.start, suggestion.end))
        # put the cursor on the passage (no selection) and centre it
        area.move_cursor(area.location(suggestion.start))
        area.scroll_cursor_visible(center=True, animate=False)
        self._info()

    def action_close_suggestions(self) -> None:
        self.query_one("#suggestions").display = False
        area = self.query_one(PassageArea)
        area.set_suggested(None)
        area.focus()
        self._info()

    def _stored(self, suggestion: Suggestion) -> EvidenceView | None:
        stored = stored_match(suggestion, self.views)
        return stored if stored is not None and not stored.evidence.retracted else None

    def _after_store(self, evidence) -> None:
        self.tracker_app.data_changed()  # refreshes this screen too
        listing = self.query_one(SuggestionList)
        # move on to the next suggestion not yet stored
        start = listing.highlighted or 0
        for offset in range(1, len(self.shown_suggestions) + 1):
            index = (start + offset) % len(self.shown_suggestions)
            if self._stored(self.shown_suggestions[index]) is None:
                listing.highlighted = index
                break
        self._show_highlighted()

    def action_accept_suggestion(self) -> None:
        suggestion = self.highlighted_suggestion()
        if suggestion is None:
            return
        stored = self._stored(suggestion)
        if stored is not None:
            self.notify(f"already stored as evidence #{stored.evidence.id}", severity="warning")
            return
        try:
            evidence = self.tracker_app.tracker.accept_suggestion(self.source_id, suggestion)
        except TrackerError as exc:
            self.notify(str(exc), title="Could not store the suggestion", severity="error")
            return
        self.notify(f"evidence {evidence.id} stored: {evidence.obligation_id}, {STANCE_LABELS[evidence.stance.value].lower()}",
                    title="Accepted")
        self._after_store(evidence)

    def action_reject_suggestion(self) -> None:
        suggestion = self.highlighted_suggestion()
        if suggestion is None:
            return
        self.tracker_app.hidden_suggestions.add(suggestion_key(self.source_id, suggestion))
        self._fill_suggestions()
        self._show_highlighted()
        self.notify("suggestion hidden for this session", timeout=2)

    def action_edit_suggestion(self) -> None:
        from tracker.tui.modals import AttachModal

        suggestion = self.highlighted_suggestion()
        if suggestion is None:
            return
        stored = self._stored(suggestion)
        if stored is not None:
            self.notify(f"already stored as evidence #{stored.evidence.id}", severity="warning")
            return

        def done(evidence) -> None:
            if evidence is None:
                return
            self.notify(f"evidence {evidence.id} stored: {evidence.obligation_id}", title="Attached")
            self._after_store(evidence)

        observed = suggestion.observed_on or self.source.published_on
        self.app.push_screen(AttachModal(
            self.source, suggestion.start, suggestion.end, suggestion.obligation,
            stance=suggestion.stance, claimant=suggestion.claimant or "",
            observed=observed.isoformat() if observed else "",
            value=str(suggestion.values[0]) if suggestion.values else "",
            note=f"accepted suggestion: {' '.join(suggestion.explanation.split())}"[:500] if suggestion.explanation else "",
        ), done)
