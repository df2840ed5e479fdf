"""Precision@k and recall@k of suggestions against gold passages. Pure.

Definitions (per article, per obligation):

- The top k suggestions for an obligation are the first k, in the order
  given, whose `obligation` is that obligation.
- A gold passage is *found* when one of those suggestions covers at least
  `MIN_COVER` of the gold span (characters of overlap / gold length): the
  gold quotes are often clauses inside a sentence, the suggestions whole
  sentences.
- A suggestion is *relevant* when it finds at least one gold passage of its
  obligation.
- recall@k = found / min(k, number of gold passages): capped, so that an
  obligation with 8 gold passages can still reach 1.0 at k=5 (the "R-capped"
  recall used by BEIR).
- precision@k = relevant suggestions / suggestions returned in the top k
  (at most k); an obligation with no suggestion has no precision (None).

Per article, both are micro-averaged over obligations: sums of the
numerators over sums of the denominators. Recall covers the obligations
that have gold in the article; precision covers every obligation that got a
suggestion, so suggestions for obligations without gold count against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_COVER = 0.5


@dataclass(frozen=True)
class Span:
    obligation: str
    start: int
    end: int
    stance: str | None = None


@dataclass(frozen=True)
class Score:
    """Counts and ratios for one obligation (or summed over an article)."""

    found: int
    gold: int
    relevant: int
    returned: int
    k: int
    stance_agree: int = 0
    stance_total: int = 0

    @property
    def recall(self) -> float | None:
        denominator = min(self.k, self.gold) if self.k else self.gold
        return self.found / denominator if denominator else None

    @property
    def precision(self) -> float | None:
        return self.relevant / self.returned if self.returned else None

    @property
    def stance_accuracy(self) -> float | None:
        return self.stance_agree / self.stance_total if self.stance_total else None


def cover(gold: Span, start: int, end: int) -> float:
    """Fraction of the gold span covered by [start, end)."""
    overlap = min(gold.end, end) - max(gold.start, start)
    return max(0, overlap) / max(1, gold.end - gold.start)


def _top(suggestions: Sequence[Span], obligation: str, k: int) -> list[Span]:
    return [s for s in suggestions if s.obligation == obligation][:k]


def score_obligation(suggestions: Sequence[Span], gold: Sequence[Span], obligation: str, k: int) -> Score:
    top = _top(suggestions, obligation, k)
    golds = [g for g in gold if g.obligation == obligation]
    # Found = min(gold found, suggestions that found gold): one sentence
    # covering two gold clauses counts for both, as it shows both to the user.
    found = 0
    agree = 0
    total = 0
    for g in golds:
        hits = [s for s in top if cover(g, s.start, s.end) >= MIN_COVER]
        if hits:
            found += 1
            if g.stance is not None and hits[0].stance is not None:
                total += 1
                agree += hits[0].stance == g.stance
    relevant = sum(1 for s in top if any(cover(g, s.start, s.end) >= MIN_COVER for g in golds))
    return Score(found, len(golds), relevant, len(top), k, agree, total)


def score_article(
    suggestions: Sequence[Span], gold: Sequence[Span], k: int
) -> tuple[Score, dict[str, Score]]:
    """(micro-averaged score for the article, score per obligation)."""
    obligations = sorted({g.obligation for g in gold} | {s.obligation for s in suggestions})
    per = {o: score_obligation(suggestions, gold, o, k) for o in obligations}
    return _sum(per.values(), k), per


def _sum(scores: Iterable[Score], k: int) -> Score:
    found = gold_capped = relevant = returned = agree = total = 0
    for s in scores:
        found += s.found
        gold_capped += min(k, s.gold) if k else s.gold
        relevant += s.relevant
        returned += s.returned
        agree += s.stance_agree
        total += s.stance_total
    # `gold` holds the capped sum, so `recall` of the sum is micro-averaged.
    return Score(found, gold_capped, relevant, returned, 0, agree, total)


def combine(scores: Iterable[Score]) -> Score:
    """Micro-average article scores (as returned by `score_article`)."""
    found = gold = relevant = returned = agree = total = 0
    for s in scores:
        found += s.found
        gold += s.gold
        relevant += s.relevant
        returned += s.returned
        agree += s.stance_agree
        total += s.stance_total
    return Score(found, gold, relevant, returned, 0, agree, total)


def locate_quote(text: str, quote: str, prefix: str | None = None) -> tuple[int, int] | None:
    """Offsets of a gold quote in its article (first occurrence, or the one
    after `prefix`); None if absent."""
    if prefix:
        at = text.find(prefix + quote)
        if at >= 0:
            return at + len(prefix), at + len(prefix) + len(quote)
    at = text.find(quote)
    return (at, at + len(quote)) if at >= 0 else None
