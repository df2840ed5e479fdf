"""Use case: suggest passages that bear on obligations."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain.article import read_meta
from tracker.domain.models import Source
from tracker.domain.records import SourceSummary
from tracker.domain.text import chrome_spans, unify_newlines
from tracker.errors import InvalidInput
from tracker.service.context import Context
from tracker.service.inbox import rejected_spans
from tracker.service.learning import learned_coefficients
from tracker.service.sources import get_source, list_sources

if TYPE_CHECKING:
    import datetime as dt

    from tracker.domain.passage_index import PassageIndex
    from tracker.domain.suggest import Suggestion


class SuggestionService:
    """Suggestions over one database; keeps the passage index of its sources."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._index: tuple[tuple[int, ...], PassageIndex[int]] | None = None

    def _check_top(self, top_k: int) -> None:
        if top_k < 1:
            raise InvalidInput(f"--top must be at least 1 (got {top_k})")

    def suggest_text(
        self, text_value: str, *, published_on: dt.date | None = None, top_k: int = 5,
        obligation_ids: set[str] | None = None,
    ) -> list[Suggestion]:
        """Rank passages of an article that need not be imported; stores nothing."""
        from tracker.domain.suggest import suggest

        catalogue = self.ctx.catalogue()
        self._check_top(top_k)
        for obligation_id in obligation_ids or ():
            self.ctx.obligation(obligation_id)
        if not catalogue.agreements:
            raise InvalidInput("the catalogue is empty; run `tracker init` to load obligations.yaml")
        text_value = unify_newlines(text_value)
        return suggest(
            text_value, catalogue, published_on=published_on or read_meta(text_value).published_on,
            chrome=chrome_spans(text_value), top_k=top_k, obligation_ids=obligation_ids,
            learned=learned_coefficients(self.ctx),
        )

    def suggest_source(
        self, source_id: int | str, *, top_k: int = 5, obligation_ids: set[str] | None = None
    ) -> tuple[Source, list[Suggestion]]:
        source = get_source(self.ctx, source_id)
        rejected = rejected_spans(self.ctx, source.id)
        found = self.suggest_text(
            source.text, published_on=source.published_on, top_k=top_k, obligation_ids=obligation_ids
        )
        # a span rejected in triage is never suggested again for that obligation
        return source, [s for s in found if (s.obligation, s.start, s.end) not in rejected]

    def suggest_obligation(self, obligation_id: str, *, top_k: int = 10) -> list[tuple[SourceSummary, Suggestion]]:
        """Rank passages across every source for one obligation."""
        from tracker.domain.passage_index import PassageIndex

        obligation = self.ctx.obligation(obligation_id)
        self._check_top(top_k)
        catalogue = self.ctx.catalogue()
        summaries = {s.id: s for s in list_sources(self.ctx)}
        key = (id(catalogue), *sorted(summaries))  # a reloaded catalogue rebuilds the index too
        if self._index is None or self._index[0] != key:
            with self.ctx.store.read() as repo:
                texts = repo.source_texts()
            index = PassageIndex.build(
                {t.id: t.text for t in texts}, catalogue=catalogue,
                published_on={t.id: t.published_on for t in texts}, chrome={t.id: t.chrome for t in texts},
            )
            self._index = (key, index)
        with self.ctx.store.read() as repo:
            rejected = repo.rejected_spans()
        found = self._index[1].search(obligation, top_k=top_k + len(rejected))
        kept = [f for f in found if (f.source, f.suggestion.obligation, f.suggestion.start, f.suggestion.end)
                not in rejected]
        return [(summaries[f.source], f.suggestion) for f in kept[:top_k]]
