"""The suggestions panel: suggested passages, the ones already stored as
evidence marked, with keys to accept, edit, hide or read one.

One widget for both places it appears: the reader (the suggestions of one
source; `SourceSuggestions`) and the passages screen (one obligation across
every source; `ObligationSuggestions`). The two differ only in their keys and
in what each line shows. The panel loads in a worker and posts what the user
asks for (`AcceptSuggestion`, `HideSuggestion`, `AttachPassage`,
`OpenSource`); the App does the writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tracker.errors import TrackerError
from tracker.tui.inputs import EvidenceInput
from tracker.tui.messages import AcceptSuggestion, AttachPassage, HideSuggestion, OpenSource
from tracker.tui.render import stored_match, suggestion_prompt
from tracker.tui.session import Session, suggestion_key

if TYPE_CHECKING:
    from tracker.domain.suggest import Suggestion
    from tracker.service import EvidenceView


@dataclass(frozen=True)
class SourceRef:
    """The source a suggestion was found in, as the panel shows it."""

    id: int
    label: str
    published_on: dt.date | None


@dataclass(frozen=True)
class SuggestedPassage:
    source: SourceRef
    suggestion: Suggestion

    @property
    def key(self) -> tuple[str, int, int, int]:
        return suggestion_key(self.source.id, self.suggestion)


Fetch = Callable[[], tuple[list[SuggestedPassage], list["EvidenceView"]]]


class SuggestionList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="suggestion-down"),
        Binding("k", "cursor_up", "Up", show=False, id="suggestion-up"),
    ]


class SuggestionPanel(Vertical):
    """Suggested passages with their stored marks; see the module docstring."""

    @dataclass
    class Loaded(Message):
        """The worker's result (private to the panel)."""

        items: list[SuggestedPassage]
        evidence: list[EvidenceView]
        error: str | None

    @dataclass
    class Highlighted(Message):
        """The highlighted suggestion changed (None: none)."""

        panel: SuggestionPanel
        item: SuggestedPassage | None

    # what each line shows: the source (across sources) or the obligation (in one source)
    SHOW_SOURCE = False
    QUOTE_CHARS = 0
    EMPTY = "No suggestions."

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.items: list[SuggestedPassage] | None = None
        self.shown: list[SuggestedPassage] = []
        self.evidence: list[EvidenceView] = []
        self.pinned: SuggestedPassage | None = None
        self._advance = False  # after a store, move on to the next suggestion not stored

    def compose(self) -> ComposeResult:
        yield Static(classes="panel-head")
        yield SuggestionList(classes="panel-list")

    @property
    def listing(self) -> SuggestionList:
        return self.query_one(SuggestionList)

    @property
    def loaded(self) -> bool:
        return self.items is not None

    # -- loading ----------------------------------------------------------------

    def load(self, fetch: Fetch, *, status: str = "finding passages…") -> None:
        self.query_one(".panel-head", Static).update(Text(status, style="dim italic"))
        self._fetch(fetch)

    @work(thread=True, exclusive=True, group="suggestions")
    def _fetch(self, fetch: Fetch) -> None:
        try:
            items, evidence = fetch()
        except TrackerError as exc:
            self.post_message(self.Loaded([], [], str(exc)))
            return
        self.post_message(self.Loaded(items, evidence, None))

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        event.stop()
        if event.error:
            self.notify(event.error, title="Suggestions", severity="error")
        items = event.items
        pinned = self.pinned
        if pinned is not None:
            # asked for by name: shown first, even if it was hidden
            self.session.hidden.discard(pinned.key)
            items = [pinned] + [i for i in items if i.key != pinned.key]
            self.pinned = None
        self.items = items
        self.evidence = event.evidence
        self.refill()
        if self.shown:
            self.listing.highlighted = 0
        self._post_highlighted()

    def set_evidence(self, evidence: Sequence[EvidenceView]) -> None:
        """The evidence the stored marks are checked against (after a write)."""
        self.evidence = list(evidence)
        self.refill()
        if self._advance:
            self._advance = False
            self._move_to_unstored()
        self._post_highlighted()

    # -- lines -------------------------------------------------------------------

    def stored(self, item: SuggestedPassage) -> EvidenceView | None:
        """Evidence that already stores this suggestion (standing or retracted)."""
        return stored_match(item.suggestion, [v for v in self.evidence if v.evidence.source_id == item.source.id])

    def standing(self, item: SuggestedPassage) -> EvidenceView | None:
        stored = self.stored(item)
        return stored if stored is not None and not stored.evidence.retracted else None

    def refill(self) -> None:
        if self.items is None:
            return
        listing = self.listing
        keep = listing.highlighted
        hidden = self.session.hidden
        self.shown = [i for i in self.items if i.key not in hidden]
        listing.clear_options()
        options: list[Option] = []
        for number, item in enumerate(self.shown, 1):
            source = item.source.label if self.SHOW_SOURCE else None
            options.append(Option(suggestion_prompt(number, item.suggestion, self.stored(item), source=source,
                                                    quote_chars=self.QUOTE_CHARS), id=f"sg-{number - 1}"))
        if not options:
            empty = self.EMPTY if not self.items else "Every suggestion is hidden for this session."
            options.append(Option(Text(empty, style="dim"), id="sg-none", disabled=True))
        listing.add_options(options)
        if self.shown and keep is not None:
            listing.highlighted = min(keep, len(self.shown) - 1)
        self.query_one(".panel-head", Static).update(self.head())

    def counts(self) -> tuple[int, int, int]:
        """Shown, stored (standing) among them, hidden."""
        stored = sum(1 for i in self.shown if self.standing(i) is not None)
        return len(self.shown), stored, len(self.items or ()) - len(self.shown)

    def head(self) -> Text:  # pragma: no cover - overridden
        raise NotImplementedError

    def highlighted(self) -> SuggestedPassage | None:
        listing = self.listing
        if listing.highlighted is None or not self.shown:
            return None
        option = listing.get_option_at_index(listing.highlighted)
        if not option.id or option.id == "sg-none":
            return None
        return self.shown[int(option.id[3:])]

    def highlight(self, index: int) -> None:
        self.listing.highlighted = index

    def _move_to_unstored(self) -> None:
        if not self.shown:
            return
        start = self.listing.highlighted or 0
        for offset in range(1, len(self.shown) + 1):
            index = (start + offset) % len(self.shown)
            if self.standing(self.shown[index]) is None:
                self.listing.highlighted = index
                return

    @on(OptionList.OptionHighlighted)
    def _option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._post_highlighted()

    def _post_highlighted(self) -> None:
        self.post_message(self.Highlighted(self, self.highlighted()))

    # -- actions -----------------------------------------------------------------

    def _unstored_highlight(self) -> SuggestedPassage | None:
        item = self.highlighted()
        if item is None:
            return None
        stored = self.standing(item)
        if stored is not None:
            self.notify(f"already stored as evidence #{stored.evidence.id}", severity="warning")
            return None
        return item

    def action_accept_suggestion(self) -> None:
        item = self._unstored_highlight()
        if item is not None:
            self._advance = True
            self.post_message(AcceptSuggestion(item.source.id, item.suggestion))

    def action_edit_suggestion(self) -> None:
        item = self._unstored_highlight()
        if item is None:
            return
        s = item.suggestion
        observed = s.observed_on or item.source.published_on
        self._advance = True
        self.post_message(AttachPassage(EvidenceInput(
            source_id=item.source.id, start=s.start, end=s.end, obligation_id=s.obligation, stance=s.stance,
            claimant=s.claimant or "", observed=observed.isoformat() if observed else "",
            value=str(s.values[0]) if s.values else "",
            # TODO(service): take the accept note from the service, which writes the same note on accept
            note=f"accepted suggestion: {' '.join(s.explanation.split())}"[:500] if s.explanation else "",
        )))

    def action_hide_suggestion(self) -> None:
        item = self.highlighted()
        if item is not None:
            self.post_message(HideSuggestion(item.source.id, item.suggestion))

    def action_open_suggestion(self) -> None:
        item = self.highlighted()
        if item is not None:
            self.post_message(OpenSource(item.source.id, suggestion=item.suggestion))


class SourceSuggestions(SuggestionPanel):
    """In the reader: the suggestions of the open source."""

    BINDINGS = [
        # priority: enter is the list's own key otherwise
        Binding("enter,y", "accept_suggestion", "Accept", tooltip="Store this suggestion as evidence",
                id="suggestion-accept", priority=True),
        Binding("e", "edit_suggestion", "Edit", tooltip="Open the attach dialog filled from this suggestion",
                id="suggestion-edit"),
        Binding("d,delete", "hide_suggestion", "Hide", tooltip="Reject: hide this suggestion for this session",
                id="suggestion-hide"),
        Binding("escape", "screen.close_suggestions", "Close panel", show=False, tooltip="Close the suggestions panel",
                id="suggestion-close"),
    ]
    EMPTY = "No suggestions for this source."

    def head(self) -> Text:
        shown, stored, hidden = self.counts()
        head = Text("Suggested passages", style="bold")
        head += Text(f"  {shown} shown · {stored} stored", style="dim")
        if hidden:
            head += Text(f" · {hidden} hidden", style="dim")
        head += Text("\n")
        head += Text.assemble(("enter", "bold"), " accept  ", ("e", "bold"), " edit  ", ("d", "bold"), " hide  ",
                              ("esc", "bold"), " close", style="dim")
        return head


class ObligationSuggestions(SuggestionPanel):
    """On the passages screen: one obligation's suggestions across every source."""

    BINDINGS = [
        Binding("enter,r", "open_suggestion", "Read", tooltip="Open the source at this passage (accept there)",
                id="passages-read", priority=True),
        Binding("y", "accept_suggestion", "Accept", tooltip="Store this suggestion as evidence", id="passages-accept"),
        Binding("d,delete", "hide_suggestion", "Hide", tooltip="Reject: hide this suggestion for this session",
                id="passages-hide"),
    ]
    SHOW_SOURCE = True
    QUOTE_CHARS = 240
    EMPTY = "No passage in any source bears on this obligation."

    def head(self) -> Text:
        shown, stored, hidden = self.counts()
        status = Text(f"{shown} suggested · {stored} already stored as evidence", style="dim")
        if hidden:
            status += Text(f" · {hidden} hidden", style="dim")
        status += Text("   enter reads it in the source · y accepts · d hides", style="dim")
        return status

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_suggestion()
