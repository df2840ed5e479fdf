"""Command palette providers: jump to any obligation or source.

A chosen command posts the same message a key would (`ShowObligation`,
`OpenSource`); the App handles it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.message import Message
from textual.worker import WorkerFailed

from tracker.tui.messages import OpenSource, ShowObligation

if TYPE_CHECKING:
    from tracker.service import SourceSummary
    from tracker.tui.session import Session, SessionHolder

Item = tuple[str, Message, str]  # text, message to post, help


class _ListProvider(Provider):
    """A provider over a list of (text, message, help) items, fuzzy-matched on the text."""

    @property
    def session(self) -> Session | None:
        return cast("SessionHolder", self.app).session

    def _items(self) -> Iterator[Item]:
        raise NotImplementedError

    def _run(self, message: Message) -> None:
        self.app.post_message(message)

    async def discover(self) -> Hits:
        for text, message, help_text in self._items():
            yield DiscoveryHit(text, lambda m=message: self._run(m), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, message, help_text in self._items():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), lambda m=message: self._run(m), help=help_text)


class ObligationCommands(_ListProvider):
    """Go to obligation: id and title."""

    def _items(self) -> Iterator[Item]:
        if self.session is None:
            return
        for o in self.session.catalogue.obligations:
            text = f"Go to obligation {o.id} — {' '.join(o.title.split())}"
            yield text, ShowObligation(o.id), o.summary[:120]


class SourceCommands(_ListProvider):
    """Open source: title and outlet (the list is read in a worker when the palette opens)."""

    sources: list[SourceSummary]

    async def startup(self) -> None:
        self.sources = []
        session = self.session
        if session is None:
            return
        worker = self.app.run_worker(session.reads.list_sources, thread=True, exit_on_error=False,
                                     group="palette-sources")
        try:
            self.sources = await worker.wait()
        except WorkerFailed:
            self.sources = []  # a database error: the palette still lists everything else

    def _items(self) -> Iterator[Item]:
        for s in self.sources:
            text = f"Open source {s.id}: {' '.join(s.title.split())}"
            help_text = f"{s.outlet or 'unknown outlet'} · {s.published_on or 'undated'} · {s.evidence_count} evidence"
            yield text, OpenSource(s.id), help_text
