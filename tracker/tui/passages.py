"""Suggested passages for one obligation across every source."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from tracker.errors import TrackerError
from tracker.tui.footer import KeyFooter
from tracker.tui.messages import RecordChanged, SuggestionsHidden
from tracker.tui.render import one_line, safe
from tracker.tui.suggestions import ObligationSuggestions, SourceRef, SuggestedPassage

if TYPE_CHECKING:
    from tracker.service import EvidenceView
    from tracker.tui.session import Session


class PassagesScreen(Screen[None]):
    """Passages of every source that bear on one obligation; read, accept or hide each."""

    BINDINGS = [Binding("escape,q", "close", "Back", id="passages-back")]

    @dataclass
    class EvidenceLoaded(Message):
        evidence: list[EvidenceView]
        error: str | None

    def __init__(self, obligation_id: str, session: Session) -> None:
        super().__init__()
        self.obligation_id = obligation_id
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="passages-head")
        yield ObligationSuggestions(self.session, id="passages")
        yield KeyFooter()

    @property
    def panel(self) -> ObligationSuggestions:
        return self.query_one(ObligationSuggestions)

    def on_mount(self) -> None:
        self.title = "Suggested passages"
        head = Text("Passages for ", style="bold") + safe(self.obligation_id, "bold")
        head += Text("  ") + safe(self.session.obligation_title(self.obligation_id), "dim")
        self.query_one("#passages-head", Static).update(head)
        reads, obligation_id = self.session.reads, self.obligation_id

        def fetch() -> tuple[list[SuggestedPassage], list[EvidenceView]]:
            found = reads.suggest_obligation(obligation_id)
            items = [
                SuggestedPassage(SourceRef(
                    src.id,
                    f"source {src.id} · {src.outlet or 'unknown outlet'} · {src.published_on or 'undated'} · "
                    + one_line(src.title),
                    src.published_on,
                ), s)
                for src, s in found
            ]
            return items, reads.evidence_for(obligation_id)

        self.panel.load(fetch, status="searching every source…")
        self.panel.listing.focus()

    @on(RecordChanged)
    def _record_changed(self) -> None:
        self._fetch_evidence()

    @work(thread=True, exclusive=True, group="passages-evidence")
    def _fetch_evidence(self) -> None:
        try:
            evidence = self.session.reads.evidence_for(self.obligation_id)
        except TrackerError as exc:
            self.post_message(self.EvidenceLoaded([], str(exc)))
            return
        self.post_message(self.EvidenceLoaded(evidence, None))

    @on(EvidenceLoaded)
    def _evidence_loaded(self, event: EvidenceLoaded) -> None:
        if event.error:
            self.notify(event.error, severity="error")
            return
        self.panel.set_evidence(event.evidence)

    @on(SuggestionsHidden)
    def _hidden_changed(self) -> None:
        self.panel.refill()

    def action_close(self) -> None:
        self.dismiss()
