"""Rank passages of MANY sources for ONE obligation. Pure.

`PassageIndex.build(sources, catalogue=...)` tokenises every passage once,
keeps term statistics and postings with BM25 weights; `search(obligation)`
then walks only the postings of the obligation's strong terms (MaxScore
pruning), keeps the best candidates and re-scores them with the same
features and the same `ranking.score()` as `suggest()`: full query,
keyword-phrase gate, neighbours in the paragraph, numbers, clause. The
article-level features (a claim inheriting the article's topic,
exclusivity) do not apply across sources.
"""

from __future__ import annotations

import datetime as dt
import heapq
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from tracker.domain.calibration import MIN_CONFIDENCE
from tracker.domain.claimants import CONTEXT_CHARS, Claim, Speakers, extract_claim
from tracker.domain.lexicon import COMMON_FACTOR, Lexicon
from tracker.domain.models import Catalogue, Obligation
from tracker.domain.passages import Passage, split_passages
from tracker.domain.quantities import extract_quantities
from tracker.domain.ranking import (
    DEFAULT_WEIGHTS,
    K1,
    B,
    Features,
    Layout,
    Query,
    Weights,
    bm25,
    bonus_facts,
    build_query,
    features_for,
    idf,
    layout_of,
    neighbours,
    scored,
)
from tracker.domain.suggest import Suggestion, finish, with_confidence
from tracker.domain.text import fold

K = TypeVar("K", bound=Hashable)
# Across sources, candidates are drawn with the query's strong terms only.
CANDIDATE_MIN_WEIGHT = 1.0


@dataclass(frozen=True)
class SourceSuggestion(Generic[K]):
    """A suggestion and the key of the source it comes from."""

    source: K
    suggestion: Suggestion


class PassageIndex(Generic[K]):
    """An inverted index of the passages of many sources, for one catalogue.

    `search(obligation)` costs time in proportion to the postings of the
    query's terms, not to the size of the corpus. Postings store the BM25
    term weight (without IDF) as 32-bit floats in `array`s, so 10,000
    articles take some tens of megabytes.
    """

    def __init__(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self.lexicon = Lexicon.for_catalogue(catalogue)
        self.keys: list[K] = []
        self.texts: list[str] = []
        self.published: list[dt.date | None] = []
        self.passage_source = array("i")
        self.passage_start = array("i")
        self.passage_end = array("i")
        self.passage_heading = array("b")
        self.passage_paragraph = array("i")
        self.passage_continues = array("b")
        self.passage_length = array("i")
        self.postings: dict[str, tuple[array[int], array[float]]] = {}
        self.idf: dict[str, float] = {}
        self.avgdl = 1.0

    def __len__(self) -> int:
        return len(self.passage_source)

    @classmethod
    def build(
        cls,
        sources: Mapping[K, str | Sequence[Passage]] | Iterable[tuple[K, str | Sequence[Passage]]],
        *,
        catalogue: Catalogue,
        published_on: Mapping[K, dt.date | None] | None = None,
        chrome: Mapping[K, tuple[tuple[int, int], ...]] | None = None,
    ) -> PassageIndex[K]:
        """Index `sources`: key -> article text (split into passages here)
        or key -> passages already split (each with its original offsets)."""
        index: PassageIndex[K] = cls(catalogue)
        items = sources.items() if isinstance(sources, Mapping) else sources
        raw_postings: dict[str, tuple[array[int], array[int]]] = {}
        for key, content in items:
            source_no = len(index.keys)
            index.keys.append(key)
            index.published.append((published_on or {}).get(key))
            if isinstance(content, str):
                text = content
                passages = split_passages(text, (chrome or {}).get(key, ()))
            else:
                passages = list(content)
                text = _text_from_passages(passages)
            index.texts.append(text)
            for passage in passages:
                toks = index.lexicon.tokens(passage.text)
                if not toks:
                    continue
                pid = len(index.passage_source)
                index.passage_source.append(source_no)
                index.passage_start.append(passage.start)
                index.passage_end.append(passage.end)
                index.passage_heading.append(1 if passage.heading else 0)
                index.passage_paragraph.append(passage.paragraph)
                index.passage_continues.append(1 if layout_of(0, False, passage.text).continues else 0)
                index.passage_length.append(len(toks))
                for term, tf in Counter(toks).items():
                    entry = raw_postings.get(term)
                    if entry is None:
                        entry = raw_postings[term] = (array("i"), array("i"))
                    entry[0].append(pid)
                    entry[1].append(tf)
        lengths = index.passage_length
        n = len(lengths)
        index.avgdl = (sum(lengths) / n) if n else 1.0
        norm = [K1 * (1 - B + B * length / index.avgdl) for length in lengths]
        k1p = K1 + 1
        common = index.lexicon.common
        for term, (pids, tfs) in raw_postings.items():
            weights = array("f", [tf * k1p / (tf + norm[p]) for p, tf in zip(pids, tfs, strict=True)])
            index.postings[term] = (pids, weights)
            index.idf[term] = idf(len(pids), n) * (COMMON_FACTOR if term in common else 1.0)
        return index

    def passage_text(self, pid: int) -> str:
        text = self.texts[self.passage_source[pid]]
        return text[self.passage_start[pid]: self.passage_end[pid]]

    def _bm25_top(self, query: Query, limit: int) -> list[tuple[float, int]]:
        """Candidates: the best `limit` passages by BM25 over the query's
        strong terms (weight >= CANDIDATE_MIN_WEIGHT: keywords and title),
        MaxScore-style.

        Terms are taken from the highest possible contribution down, and
        accumulated into a flat list of scores. Once the terms still to come
        could not, all together, lift a passage not yet seen above the
        current `limit`-th score, they are only added to passages already
        scored (found by binary search in their sorted postings) instead of
        walking their whole postings. The result is exact.
        """
        k1p = K1 + 1
        usable = [t for t in query.weights if t in self.postings and self.idf.get(t, 0.0) > 0]
        strong = [t for t in usable if query.weights[t] >= CANDIDATE_MIN_WEIGHT]
        terms = sorted(((query.weights[t] * self.idf[t], t) for t in (strong or usable)), reverse=True)
        if not terms:
            return []
        bounds_after = [0.0] * (len(terms) + 1)
        for i in range(len(terms) - 1, -1, -1):
            bounds_after[i] = bounds_after[i + 1] + terms[i][0] * k1p
        acc = [0.0] * len(self.passage_source)
        touched: set[int] = set()
        threshold = 0.0
        checkpoints = [bounds_after[0] * f for f in (0.5, 0.3, 0.15)]
        essential = True
        for i, (c, term) in enumerate(terms):
            pids, weights = self.postings[term]
            if essential and checkpoints and bounds_after[i] < checkpoints[0] and len(touched) >= limit:
                while checkpoints and bounds_after[i] < checkpoints[0]:
                    checkpoints.pop(0)
                threshold = heapq.nlargest(limit, map(acc.__getitem__, touched))[-1]
            if essential and bounds_after[i] < threshold:
                essential = False
            if not essential and len(touched) * 8 < len(pids):
                size = len(pids)
                for pid in touched:
                    at = bisect_left(pids, pid)
                    if at < size and pids[at] == pid:
                        acc[pid] += c * weights[at]
                continue
            if essential:
                touched.update(pids)
                for pid, w in zip(pids, weights, strict=True):
                    acc[pid] += c * w
            else:
                for pid, w in zip(pids, weights, strict=True):
                    if acc[pid]:
                        acc[pid] += c * w
        if len(touched) <= limit:
            return sorted(((acc[pid], pid) for pid in touched), reverse=True)
        cut = heapq.nlargest(limit, map(acc.__getitem__, touched))[-1]
        return sorted(((acc[pid], pid) for pid in touched if acc[pid] >= cut), reverse=True)[:limit]

    def _layouts(self, pid: int) -> tuple[list[int], list[Layout]]:
        """The passages pid-2..pid+2 of the same source, with their layout."""
        source = self.passage_source[pid]
        pids = [p for p in range(pid - 2, pid + 3) if 0 <= p < len(self) and self.passage_source[p] == source]
        return pids, [
            Layout(self.passage_paragraph[p], bool(self.passage_heading[p]), bool(self.passage_continues[p]))
            for p in pids
        ]

    def search(
        self,
        obligation: Obligation,
        *,
        top_k: int = 10,
        candidates: int = 100,
        distinct: bool = True,
        weights: Weights = DEFAULT_WEIGHTS,
        min_confidence: float = MIN_CONFIDENCE,
    ) -> list[SourceSuggestion[K]]:
        """The best `top_k` passages across all sources for `obligation`
        (fewer when no more clear the threshold).

        With `distinct`, a passage whose normalised text equals a better one
        (the same sentence syndicated by several outlets) is left out.
        """
        query = build_query(obligation, self.catalogue)
        cache: dict[int, tuple[float, bool, list[str], Counter[str]]] = {}

        def exact(pid: int) -> tuple[float, bool, list[str], Counter[str]]:
            """Full-query BM25 of a passage, its keyword-phrase hit, matched terms."""
            if pid not in cache:
                counts = Counter(self.lexicon.tokens(self.passage_text(pid)))
                value, matched = bm25(counts, sum(counts.values()) or 1, query, self.idf, self.avgdl)
                hit = query.phrase_hits(self.lexicon.phrase_stems(counts))
                cache[pid] = (value, hit, matched, counts)
            return cache[pid]

        rescored: list[tuple[float, int, Features]] = []
        for _, pid in self._bm25_top(query, max(candidates, top_k)):
            own, hit, _, counts = exact(pid)
            if query.distinctive.isdisjoint(counts):
                continue
            text = self.passage_text(pid)
            published_on = self.published[self.passage_source[pid]]
            facts = bonus_facts(query, text, extract_quantities(text), fold(text), published_on)
            pids, layouts = self._layouts(pid)
            at = pids.index(pid)
            near = []
            for j, share in neighbours(layouts, at):
                value, other_hit, _, _ = exact(pids[j])
                near.append((value, other_hit, share))
            features = features_for(
                own_bm25=own, phrase=hit, near=near, facts=facts, claim=0.0,
                heading=bool(self.passage_heading[pid]), length=self.passage_length[pid],
            )
            total = scored(query, features, facts, text, published_on, weights)
            if total < weights.min_score:
                continue
            rescored.append((total, pid, features))
        rescored.sort(key=lambda r: (-r[0], r[1]))
        speakers = Speakers.for_catalogue(self.catalogue)
        keys: list[K] = []
        finished: list[Suggestion] = []
        seen: set[str] = set()
        for total, pid, features in rescored:
            text = self.passage_text(pid)
            if distinct:
                fingerprint = fold(text)
                if fingerprint in seen:
                    continue
                seen.add(fingerprint)
            source_no = self.passage_source[pid]
            full = self.texts[source_no]
            start, end = self.passage_start[pid], self.passage_end[pid]
            passage = Passage(start, end, text, heading=bool(self.passage_heading[pid]),
                              paragraph=self.passage_paragraph[pid])
            quantities = tuple(q for q in extract_quantities(text) if q.unit in query.units)
            in_context = speakers.names_a_body(full)

            def claim_at(at: int, full: str = full, in_context: bool = in_context) -> Claim:
                a, b = self.passage_start[at], self.passage_end[at]
                return extract_claim(full[a:b], full[max(0, a - CONTEXT_CHARS): a], speakers,
                                     in_context=in_context, after=full[b: b + 400])

            claim = claim_at(pid)
            # (the sentence before in the same paragraph: its claim is carried, see `finish`)
            same_paragraph = pid > 0 and self.passage_source[pid - 1] == source_no \
                and self.passage_paragraph[pid - 1] == passage.paragraph and not self.passage_heading[pid - 1]
            carried = claim_at(pid - 1) if same_paragraph and claim.claimant is None else None
            keys.append(self.keys[source_no])
            finished.append(finish(self.catalogue, query, passage, total, exact(pid)[2], features,
                                   quantities=quantities, claim=claim, published_on=self.published[source_no],
                                   carried=carried))
            if len(finished) >= top_k:
                break
        return [
            SourceSuggestion(key, s) for key, s in zip(keys, with_confidence(finished), strict=True)
            if s.confidence >= min_confidence
        ]


def _text_from_passages(passages: Sequence[Passage]) -> str:
    """Rebuild a text in which every passage sits at its own offsets."""
    if not passages:
        return ""
    size = max(p.end for p in passages)
    chars = [" "] * size
    for p in passages:
        chars[p.start: p.end] = list(p.text)
    return "".join(chars)


def suggest_across(
    passages_by_source: Mapping[K, str | Sequence[Passage]] | PassageIndex[K],
    obligation: Obligation,
    catalogue: Catalogue,
    *,
    published_on: Mapping[K, dt.date | None] | None = None,
    top_k: int = 10,
    distinct: bool = True,
) -> list[SourceSuggestion[K]]:
    """Rank passages of many sources for one obligation, best first.

    Pass a prebuilt `PassageIndex` to rank many obligations over the same
    sources: building the index is the expensive part, a query is cheap.
    """
    index = (
        passages_by_source
        if isinstance(passages_by_source, PassageIndex)
        else PassageIndex.build(passages_by_source, catalogue=catalogue, published_on=published_on)
    )
    return index.search(obligation, top_k=top_k, distinct=distinct)
