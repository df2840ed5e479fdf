"""Anchor quotes to source text, W3C Web Annotation style.

A quote is stored as a TextQuoteSelector (exact, prefix, suffix) plus a
TextPositionSelector (start, end) into the source's original text. To find it
again: exact position first, then the exact quote disambiguated by
prefix/suffix, then a whitespace/quote/dash-insensitive match, then a fuzzy
match with a reported score. Nothing is silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from tracker.domain.models import TextPositionSelector, TextQuoteSelector
from tracker.domain.text import NormalisedText, normalise, normalise_str

CONTEXT_CHARS = 32
FUZZY_THRESHOLD = 85.0


class AnchorError(ValueError):
    """A quote that cannot be placed in the text."""


class QuoteNotFound(AnchorError):
    def __init__(self, quote: str, closest: str | None, score: float) -> None:
        self.quote = quote
        self.closest = closest
        self.score = score
        short = _shorten(quote)
        if closest:
            message = (
                f"the quote \"{short}\" is not in the source; closest passage "
                f"({score:.0f}% similar): \"{_shorten(closest, 120)}\" — copy the exact words"
            )
        else:
            message = f"the quote \"{short}\" is not in the source; copy the exact words from the article"
        super().__init__(message)


class AmbiguousQuote(AnchorError):
    def __init__(self, quote: str, count: int) -> None:
        self.count = count
        super().__init__(
            f"the quote \"{_shorten(quote)}\" occurs {count} times in the source; "
            "quote more words around it (or give --prefix) so that it is unique"
        )


class EmptyQuote(AnchorError):
    def __init__(self) -> None:
        super().__init__("the quote is empty; give the exact words from the article")


def _shorten(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    method: str  # position | quote | normalised | fuzzy
    score: float = 100.0


def selectors_for(text: str, start: int, end: int) -> tuple[TextQuoteSelector, TextPositionSelector]:
    return (
        TextQuoteSelector(
            exact=text[start:end],
            prefix=text[max(0, start - CONTEXT_CHARS):start],
            suffix=text[end:end + CONTEXT_CHARS],
        ),
        TextPositionSelector(start=start, end=end),
    )


def _occurrences(haystack: str, needle: str) -> list[int]:
    found: list[int] = []
    index = haystack.find(needle)
    while index != -1:
        found.append(index)
        index = haystack.find(needle, index + 1)
    return found


def _context_score(norm: NormalisedText, start: int, end: int, prefix: str, suffix: str) -> int:
    score = 0
    if prefix and norm.text[:start].endswith(normalise_str(prefix)[-CONTEXT_CHARS:].strip()):
        score += 1
    if suffix and norm.text[end:].lstrip().startswith(normalise_str(suffix)[:CONTEXT_CHARS].strip()):
        score += 1
    return score


def locate(text: str, exact: str, prefix: str = "", suffix: str = "") -> Anchor:
    """Find a quote typed or pasted by a user in `text`.

    Matching ignores differences of whitespace, quote style, dashes and case;
    the returned span is in the original text. Raises QuoteNotFound (with the
    closest passage) or AmbiguousQuote.
    """
    if not exact.strip():
        raise EmptyQuote()
    if exact in text:
        hits = _occurrences(text, exact)
        if len(hits) == 1:
            return Anchor(hits[0], hits[0] + len(exact), "quote")
    norm = normalise(text)
    needle = normalise_str(exact)
    if not needle:
        raise EmptyQuote()
    hits = _occurrences(norm.text, needle)
    if len(hits) > 1 and (prefix or suffix):
        scored = [(h, _context_score(norm, h, h + len(needle), prefix, suffix)) for h in hits]
        best = max(s for _h, s in scored)
        winners = [h for h, s in scored if s == best]
        if best > 0 and len(winners) == 1:
            hits = winners
    if len(hits) > 1:
        raise AmbiguousQuote(exact, len(hits))
    if hits:
        start, end = norm.to_original(hits[0], hits[0] + len(needle))
        return Anchor(start, end, "normalised")
    closest, score = closest_passage(text, exact)
    raise QuoteNotFound(exact, closest, score)


def find_all(text: str, exact: str) -> list[tuple[int, int]]:
    """Every span of `text` that matches `exact` after normalisation."""
    norm = normalise(text)
    needle = normalise_str(exact)
    if not needle:
        return []
    return [norm.to_original(h, h + len(needle)) for h in _occurrences(norm.text, needle)]


def closest_passage(text: str, quote: str) -> tuple[str | None, float]:
    """The passage of `text` most similar to `quote`, if any is reasonably close."""
    norm = normalise(text)
    needle = normalise_str(quote)
    if not needle or not norm.text:
        return None, 0.0
    alignment = fuzz.partial_ratio_alignment(needle, norm.text)
    if alignment is None or alignment.score < 60:
        return None, 0.0
    start, end = norm.to_original(alignment.dest_start, alignment.dest_end)
    return text[start:end], float(alignment.score)


def reanchor(text: str, quote: TextQuoteSelector, position: TextPositionSelector) -> Anchor | None:
    """Re-find a stored selector in (possibly re-normalised) text, or None."""
    if 0 <= position.start <= position.end <= len(text) and text[position.start:position.end] == quote.exact:
        return Anchor(position.start, position.end, "position")
    try:
        return locate(text, quote.exact, quote.prefix, quote.suffix)
    except AmbiguousQuote:
        return _nearest_occurrence(text, quote, position)
    except QuoteNotFound as missing:
        if missing.closest and missing.score >= FUZZY_THRESHOLD:
            start = text.find(missing.closest)
            if start != -1:
                return Anchor(start, start + len(missing.closest), "fuzzy", missing.score)
        return None


def _nearest_occurrence(text: str, quote: TextQuoteSelector, position: TextPositionSelector) -> Anchor:
    norm = normalise(text)
    needle = normalise_str(quote.exact)
    spans = [norm.to_original(h, h + len(needle)) for h in _occurrences(norm.text, needle)]
    start, end = min(spans, key=lambda span: abs(span[0] - position.start))
    return Anchor(start, end, "normalised")
