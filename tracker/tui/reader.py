"""The source reader: the article with every evidence passage highlighted by
stance; move through passages, select text and attach it to an obligation,
and open the suggestions panel beside it.

The reader owns the evidence of its source (read in a worker); every write it
asks for goes to the App as a message."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static, TextArea
from textual.widgets.text_area import Selection

from tracker.domain.models import Stance
from tracker.errors import TrackerError
from tracker.labels import STANCES, stance_label
from tracker.tui.article import PASSAGE_STYLES, PassageArea
from tracker.tui.footer import KeyFooter
from tracker.tui.inputs import EvidenceInput
from tracker.tui.messages import (
    AttachPassage,
    EvidenceStored,
    RecordChanged,
    RecordStatus,
    RetractEvidence,
    ShowObligation,
    SuggestionsHidden,
)
from tracker.tui.render import one_line, safe, sentence_bounds, suggestion_meta
from tracker.tui.suggestions import (
    SourceRef,
    SourceSuggestions,
    SuggestedPassage,
    SuggestionList,
    SuggestionPanel,
)

if TYPE_CHECKING:
    from tracker.domain.models import Source
    from tracker.domain.suggest import Suggestion
    from tracker.service import EvidenceView
    from tracker.tui.session import Session


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

    @dataclass
    class EvidenceLoaded(Message):
        views: list[EvidenceView]
        error: str | None

    def __init__(self, source: Source, session: Session, focus_evidence: int | None = None,
                 suggestion: Suggestion | None = None) -> None:
        super().__init__()
        self.source = source
        self.source_id = source.id
        self.session = session
        self.focus_evidence = focus_evidence
        self.views: list[EvidenceView] = []
        self.index: int | None = None
        self.pinned = suggestion
        self._attached_span: tuple[int, int] | None = None  # go to the evidence stored for this span

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="source-meta")
        with Horizontal(id="reader-body"):
            yield PassageArea(self.source.text, id="article")
            yield SourceSuggestions(self.session, id="suggestions")
        yield Static(id="passage-info")
        yield KeyFooter()

    @property
    def area(self) -> PassageArea:
        return self.query_one(PassageArea)

    @property
    def panel(self) -> SourceSuggestions:
        return self.query_one(SourceSuggestions)

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
        for stance, shown in STANCES.items():
            legend += Text(f" {shown.label} ", style=PASSAGE_STYLES[stance]) + Text(" ")
        legend += Text(f" {len(s.text):,} characters", style="dim")
        self.query_one("#source-meta", Static).update(Group(meta, line2, legend))
        self.title = "Source reader"
        self.panel.display = False
        self.area.focus()
        self._info()
        self.reload()
        if self.pinned is not None:
            self.panel.pinned = SuggestedPassage(self._source_ref(), self.pinned)
            self.pinned = None
            self.action_suggest()

    def _source_ref(self) -> SourceRef:
        return SourceRef(self.source_id, one_line(self.source.title), self.source.published_on)

    # -- data ------------------------------------------------------------------

    def reload(self) -> None:
        """Read this source's evidence again (in a worker)."""
        self._fetch_evidence()

    @work(thread=True, exclusive=True, group="reader-evidence")
    def _fetch_evidence(self) -> None:
        try:
            views = self.session.reads.evidence_for(source_id=self.source_id)
        except TrackerError as exc:
            self.post_message(self.EvidenceLoaded([], str(exc)))
            return
        self.post_message(self.EvidenceLoaded(views, None))

    @on(EvidenceLoaded)
    def _evidence_loaded(self, event: EvidenceLoaded) -> None:
        if event.error:
            self.notify(event.error, severity="error")
            return
        current = self._current()
        self.views = sorted(event.views, key=lambda v: (v.evidence.position.start, v.evidence.id))
        target = self.focus_evidence if self.focus_evidence is not None else (current.evidence.id if current else None)
        self.focus_evidence = None
        self.index = None
        if self._attached_span is not None:
            span = self._attached_span
            match = next((v for v in reversed(self.views) if (v.evidence.position.start, v.evidence.position.end) == span), None)
            if match is not None:
                self._attached_span = None
                target = match.evidence.id
        for index, view in enumerate(self.views):
            if view.evidence.id == target:
                self._go(index)
                break
        else:
            self._paint()
        if self.panel.loaded:
            self.panel.set_evidence(self.views)
        self._info()

    @on(RecordChanged)
    def _record_changed(self) -> None:
        self.reload()

    @on(EvidenceStored)
    def _evidence_stored(self, event: EvidenceStored) -> None:
        e = event.evidence
        if e.source_id == self.source_id and self._attached_span != (e.position.start, e.position.end):
            self._attached_span = None  # something else was stored: the attach was given up

    @on(SuggestionsHidden)
    def _hidden_changed(self) -> None:
        if self.panel.loaded:
            self.panel.refill()
            self._show_highlighted(self.panel.highlighted())

    # -- painting --------------------------------------------------------------

    def _paint(self) -> None:
        area = self.area
        spans = [(v.evidence.position.start, v.evidence.position.end,
                  area.passage_style(v.evidence.stance, v.evidence.retracted)) for v in self.views]
        current = None
        if self.index is not None and self.index < len(self.views):
            e = self.views[self.index].evidence
            current = (e.position.start, e.position.end)
        area.set_spans(spans, current)

    def _go(self, index: int) -> None:
        self.index = index
        area = self.area
        e = self.views[index].evidence
        area.selection = Selection(area.location(e.position.start), area.location(e.position.end))
        self._paint()
        self._info()
        # Centre once the info line below has its new height (it may wrap to
        # two lines): centred before, the passage lands a line off.
        self.call_after_refresh(area.scroll_cursor_visible, True)

    def _info(self) -> None:
        info = Text()
        count = len(self.views)
        item = self.panel.highlighted() if self._panel_focused() else None
        if item is not None:
            number = self.panel.shown.index(item) + 1
            suggestion = item.suggestion
            info += Text(f"suggestion {number}/{len(self.panel.shown)}  ", style="bold")
            info += safe(suggestion.obligation, "bold") + Text(" · ") + suggestion_meta(suggestion) + Text("\n")
            info += safe(" ".join(suggestion.explanation.split()), "dim")
        elif self.index is not None and self.index < count:
            e = self.views[self.index].evidence
            info += Text(f"passage {self.index + 1}/{count}  ", style="bold")
            info += Text(f"#{e.id} ", style="bold")
            info += Text(stance_label(e.stance).label, style=PASSAGE_STYLES[e.stance])
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
        area = self.area
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
        area = self.area
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
        area = self.area
        e = self.views[self.index].evidence
        if sorted((area.char_offset(event.selection.start), area.char_offset(event.selection.end))) != [e.position.start, e.position.end]:
            self.index = None
            self._paint()
            self._info()

    def _selection(self) -> tuple[int, int] | None:
        area = self.area
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
        span = self._selection()
        if span is None:
            self.notify("select a passage first: shift+arrows or drag with the mouse, v selects a sentence",
                        title="Nothing selected", severity="warning")
            return
        current = self._current()
        self._attached_span = span
        # no obligation given: the App offers the one selected on the obligations screen
        self.post_message(AttachPassage(EvidenceInput(
            source_id=self.source_id, start=span[0], end=span[1],
            obligation_id=current.evidence.obligation_id if current else None, stance=Stance.CONTEXT.value,
        )))

    def action_set_status(self) -> None:
        current = self._current()
        if current is None:
            self.notify("move to a passage (n/p) to set the status of its obligation citing it", severity="warning")
            return
        self.post_message(RecordStatus(current.evidence.obligation_id, (current.evidence.id,)))

    def action_retract(self) -> None:
        current = self._current()
        if current is None:
            self.notify("move to a passage (n/p) first", severity="warning")
            return
        if current.evidence.retracted:
            self.notify(f"evidence #{current.evidence.id} is already retracted")
            return
        self.post_message(RetractEvidence(current))

    def action_goto_obligation(self) -> None:
        current = self._current()
        if current is None:
            self.notify("move to a passage (n/p) first", severity="warning")
            return
        self.post_message(ShowObligation(current.evidence.obligation_id))

    def action_close(self) -> None:
        self.dismiss()

    # -- suggestions panel ---------------------------------------------------------

    def _panel_focused(self) -> bool:
        return isinstance(self.focused, SuggestionList)

    def action_suggest(self) -> None:
        panel = self.panel
        if panel.display and self._panel_focused():
            self.action_close_suggestions()
            return
        panel.display = True
        panel.listing.focus()
        if not panel.loaded:
            reads, source_id, ref = self.session.reads, self.source_id, self._source_ref()

            def fetch() -> tuple[list[SuggestedPassage], list[EvidenceView]]:
                _, found = reads.suggest_source(source_id)
                # (a restatement's twin is asked about with its original: accepted, it is in both records)
                return ([SuggestedPassage(ref, s) for s in found if not s.twin],
                        reads.evidence_for(source_id=source_id))

            panel.load(fetch)
        else:
            panel.refill()
            self._show_highlighted(panel.highlighted())

    @on(SuggestionPanel.Highlighted)
    def _suggestion_highlighted(self, event: SuggestionPanel.Highlighted) -> None:
        self._show_highlighted(event.item)

    def on_descendant_focus(self) -> None:
        self._info()

    def _show_highlighted(self, item: SuggestedPassage | None) -> None:
        area = self.area
        if item is None or not self.panel.display:
            area.set_suggested(None)
            self._info()
            return
        suggestion = item.suggestion
        if self.index is not None:
            self.index = None
            self._paint()
        area.set_suggested((suggestion.start, suggestion.end))
        # put the cursor on the passage (no selection) and centre it
        area.move_cursor(area.location(suggestion.start))
        area.scroll_cursor_visible(center=True, animate=False)
        self._info()

    def action_close_suggestions(self) -> None:
        self.panel.display = False
        area = self.area
        area.set_suggested(None)
        area.focus()
        self._info()

    # conveniences for what the panel shows (used by tests and the info line)
    @property
    def shown_suggestions(self) -> list[Suggestion]:
        return [i.suggestion for i in self.panel.shown]

    def highlighted_suggestion(self) -> Suggestion | None:
        item = self.panel.highlighted()
        return item.suggestion if item else None
