"""Command palette providers: jump to any obligation or source, run any action."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tracker.errors import TrackerError

if TYPE_CHECKING:
    from tracker.tui.app import TrackerApp


class ObligationCommands(Provider):
    """Go to obligation: id and title."""

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    def _items(self):
        for o in self.tracker_app.catalogue.obligations:
            text = f"Go to obligation {o.id} — {' '.join(o.title.split())}"
            yield text, partial(self.tracker_app.select_obligation, o.id), o.summary[:120]

    async def discover(self) -> Hits:
        for text, action, help_text in self._items():
            yield DiscoveryHit(text, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action, help_text in self._items():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), action, help=help_text)


class SourceCommands(Provider):
    """Open source: title and outlet."""

    @property
    def tracker_app(self) -> TrackerApp:
        return self.app  # type: ignore[return-value]

    async def startup(self) -> None:
        try:
            self.sources = self.tracker_app.tracker.list_sources()
        except TrackerError:
            self.sources = []

    def _items(self):
        for s in self.sources:
            text = f"Open source {s.id}: {' '.join(s.title.split())}"
            help_text = f"{s.outlet or 'unknown outlet'} · {s.published_on or 'undated'} · {s.evidence_count} evidence"
            yield text, partial(self.tracker_app.open_source, s.id), help_text

    async def discover(self) -> Hits:
        for text, action, help_text in self._items():
            yield DiscoveryHit(text, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action, help_text in self._items():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), action, help=help_text)
