"""Command palette providers: jump to any obligation or source, run any action."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tracker.errors import TrackerError

if TYPE_CHECKING:
    from tracker.tui.app import TrackerApp


class _ListProvider(Provider):
    """A provider over a list of (text, action, help) items, fuzzy-matched on the text."""

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    def _items(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        raise NotImplementedError

    async def discover(self) -> Hits:
        for text, action, help_text in self._items():
            yield DiscoveryHit(text, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action, help_text in self._items():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), action, help=help_text)


class ObligationCommands(_ListProvider):
    """Go to obligation: id and title."""

    def _items(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        for o in self.tracker_app.catalogue.obligations:
            text = f"Go to obligation {o.id} — {' '.join(o.title.split())}"
            yield text, partial(self.tracker_app.select_obligation, o.id), o.summary[:120]


class SourceCommands(_ListProvider):
    """Open source: title and outlet."""

    async def startup(self) -> None:
        try:
            self.sources = self.tracker_app.tracker.list_sources()
        except TrackerError:
            self.sources = []

    def _items(self) -> Iterator[tuple[str, Callable[[], object], str]]:
        for s in self.sources:
            text = f"Open source {s.id}: {' '.join(s.title.split())}"
            help_text = f"{s.outlet or 'unknown outlet'} · {s.published_on or 'undated'} · {s.evidence_count} evidence"
            yield text, partial(self.tracker_app.open_source, s.id), help_text
