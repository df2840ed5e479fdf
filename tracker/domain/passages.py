"""Split an article into sentence-level passages, the unit of evidence.

Pure: no I/O. Every passage keeps its offsets into the original text, so that
`text[p.start:p.end] == p.text` always holds and a suggestion built from a
passage is a verbatim slice of the source.

Rules:

- The text is first cut into lines (paragraphs). Lines that overlap page
  chrome (`text.chrome_spans`) are skipped, and so are very short lines
  (fewer than `MIN_WORDS` words) that are not sentences: bylines, credits,
  "Full Article".
- A line is cut into sentences at `.`, `!`, `?` (and `…`) followed by
  whitespace and a capital letter, a digit or an opening quote, except after
  abbreviations (U.S., U.N., Gen., Feb., Mr., single initials) and except
  inside a quotation that has not closed yet: a quote of several sentences
  stays in one passage with its attribution, up to `MAX_QUOTE_CHARS`.
- A line that does not end like a sentence and is short (a headline, a
  caption, a sub-heading) is kept as a passage with `heading=True`, so that a
  ranker can score it low.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from tracker.domain.text import LIST_ITEM

MIN_WORDS = 4
HEADING_MAX_WORDS = 25
MAX_QUOTE_CHARS = 700
# No passage is longer: a run-on paragraph without full stops is cut at its
# clause breaks ("; ", ": ", ", and ", dashes, commas), else at a space.
MAX_PASSAGE_CHARS = 600

# Abbreviations after which a full stop does not end a sentence. Compared in
# lower case, without the final dot.
_ABBREVIATIONS = frozenset(
    {
        "u.s", "u.n", "u.k", "u.s.a", "e.u", "d.c", "a.m", "p.m", "e.g", "i.e", "etc", "vs",
        "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt",
        "adm", "cmdr", "sen", "rep", "gov", "pres", "amb", "rev", "st", "jr", "sr", "no",
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "inc", "corp", "co", "ltd", "dept", "fig", "approx", "est",
    }
)

# Opening and closing quotation marks, straight quotes handled by parity.
_OPEN_QUOTES = "\u201c\u00ab\u201e"
_CLOSE_QUOTES = "\u201d\u00bb"
_SENTENCE_END = re.compile(
    r"([.!?\u2026]+)([\"'\u201d\u2019\u00bb)\]]*)(\s+)(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f])"
)
# A full stop with no space after it ("the country.Biden said"): a sentence
# end when a word of two or more letters comes before it and a capitalised
# word after it.
_GLUED_END = re.compile(r"(?<=[a-z\d)\]%][a-z\d)\]%])([.!?])([\"'\u201d\u2019]?)(?=[\"\u201c]?[A-Z][a-z])")
_CLAUSE_BREAK = re.compile(r"[;:]\s|\s[\u2013\u2014-]\s|,\s+(?:and|but|while|as|which|who)\s|,\s")
_WORD = re.compile(r"[^\W_]+(?:[-'\u2019.][^\W_]+)*", re.UNICODE)
_CAPTION = re.compile(
    r"(\((?:[^()]*/)?(?:AP|AFP|Reuters|Getty|EPA|File)[^()]*\)\s*$)|(\bphoto\b)|(^\(.*\)$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Passage:
    """A sentence (or a multi-sentence quote) of a source.

    `text == source[start:end]`; `heading` marks headlines, captions and
    sub-headings; `paragraph` numbers the line the passage comes from, so
    that callers can gather the context of a passage.
    """

    start: int
    end: int
    text: str
    heading: bool = False
    paragraph: int = 0


def _word_count(text: str, cap: int = HEADING_MAX_WORDS + 1) -> int:
    """Words in `text`, counting no further than `cap` (enough to decide)."""
    count = 0
    for _ in _WORD.finditer(text):
        count += 1
        if count >= cap:
            break
    return count


def _is_abbreviation(line: str, dot_at: int) -> bool:
    """Whether the full stop at `dot_at` closes an abbreviation."""
    start = dot_at
    while start > 0 and (line[start - 1].isalpha() or line[start - 1] == "."):
        start -= 1
    token = line[start:dot_at].lower()
    if not token:
        return False
    if token in _ABBREVIATIONS or token.rsplit(".", 1)[-1] in _ABBREVIATIONS:
        return True
    # Single initials: "J. Smith", and dotted acronyms: "U.S", "a.k.a".
    if len(token) == 1 and token.isalpha():
        return line[start].isupper()
    return "." in token and all(len(part) <= 2 for part in token.split("."))


def _quote_depth_changes(segment: str, depth: int, straight_open: bool) -> tuple[int, bool]:
    """Quote depth after `segment` (counted with str.count: C speed)."""
    opened = sum(segment.count(q) for q in _OPEN_QUOTES)
    closed = sum(segment.count(q) for q in _CLOSE_QUOTES)
    depth = max(0, depth + opened - closed)
    if segment.count('"') % 2:
        straight_open = not straight_open
    return depth, straight_open


def _glued_cuts(line: str) -> list[int]:
    """Offsets where a sentence starts right after a full stop with no space."""
    cuts = []
    for match in _GLUED_END.finditer(line):
        if match.group(1) == "." and _is_abbreviation(line, match.start(1)):
            continue
        cuts.append(match.end(2))
    return cuts


def _cap_length(line: str, bounds: list[int], limit: int = MAX_PASSAGE_CHARS) -> list[int]:
    """Extra cuts so that no piece is longer than `limit`: at the last clause
    break before the limit, else the last space. Linear in the line."""
    out = [bounds[0]]
    for end in bounds[1:]:
        start = out[-1]
        while end - start > limit:
            window = line[start + limit // 4: start + limit]
            breaks = [m.end() for m in _CLAUSE_BREAK.finditer(window)]
            if breaks:
                cut = start + limit // 4 + breaks[-1]
            else:
                space = window.rfind(" ")
                cut = start + limit // 4 + space + 1 if space >= 0 else start + limit
            out.append(cut)
            start = cut
        out.append(end)
    return out


def _sentence_cuts(line: str) -> list[int]:
    """Offsets in `line` where a new sentence starts."""
    return sorted(set(_spaced_cuts(line)) | set(_glued_cuts(line)))


def _spaced_cuts(line: str) -> list[int]:
    """Offsets where a new sentence starts after punctuation and a space."""
    cuts: list[int] = []
    depth = 0
    straight_open = False
    scanned = 0
    last_cut = 0
    for match in _SENTENCE_END.finditer(line):
        punct_end = match.end(2)
        depth, straight_open = _quote_depth_changes(line[scanned:punct_end], depth, straight_open)
        scanned = punct_end
        if match.group(1) == "." and _is_abbreviation(line, match.start(1)):
            continue
        if last_cut == 0 and _LIST_NUMBER.fullmatch(line, 0, match.start(1)):
            continue  # "1. The force ...": the number of a list item, not a sentence
        inside_quote = depth > 0 or straight_open
        if inside_quote and punct_end - last_cut < MAX_QUOTE_CHARS:
            continue
        cut = match.end(3)
        cuts.append(cut)
        last_cut = cut
    return cuts


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# A link that ends a post ("... a clear breach. pic.twitter.com/x1"): not the end of the words
_TRAILING_LINK = re.compile(r"\s+(?:pic\.twitter\.com/\S+|https?://\S+)\s*$")


def _looks_like_sentence(line: str) -> bool:
    tail = _TRAILING_LINK.sub("", line).rstrip("\"'\u201d\u2019)] ")
    return tail.endswith((".", "!", "?", "\u2026", ":", ";"))


_WRAPPED_END = re.compile(r"[A-Za-z0-9,;\-–—(]$")
_CONTINUES = re.compile(r"^[a-z0-9(“\"'‘]")
_LIST_NUMBER = re.compile(r"\s*\(?\d{1,3}")
# "22:15 Rebels fire ...": a time opens an entry of a live page, not the rest of the line before
# (unless it reads on: "left at\n3.29 pm Washington time")
_TIME_ENTRY = re.compile(r"\d{1,2}[:.]\d{2}\b(?!\s*[ap]\.?m\b)")


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end): one per line, except that a hard-wrapped line
    (it ends mid-sentence and the next begins in lower case) joins the next."""
    blocks: list[tuple[int, int]] = []
    offset = 0
    joining = False
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if joining and stripped and _CONTINUES.match(stripped) and not LIST_ITEM.match(stripped) \
                and not _TIME_ENTRY.match(stripped):
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
        joining = bool(stripped) and bool(_WRAPPED_END.search(stripped))
    return blocks


def split_passages(text: str, chrome: tuple[tuple[int, int], ...] = ()) -> list[Passage]:
    """Sentence-level passages of `text`, in order, never overlapping."""
    passages: list[Passage] = []
    paragraph = -1
    spans = sorted(chrome)
    next_span = 0
    for line_start, line_end in _blocks(text):
        start, end = _strip_span(text, line_start, line_end)
        if start >= end:
            continue
        paragraph += 1
        # Chrome spans are visited in order: linear in lines + spans.
        while next_span < len(spans) and spans[next_span][1] <= start:
            next_span += 1
        if any(start < c_end and c_start < end for c_start, c_end in spans[next_span: next_span + 8]):
            continue
        stripped = text[start:end]
        words = _word_count(stripped)
        sentence_like = _looks_like_sentence(stripped)
        if words < MIN_WORDS and not (sentence_like and words >= 2):
            continue
        caption = bool(_CAPTION.search(stripped))
        # (an item of a list is a statement, full stop or not: "2. The rebels will not let ...")
        listed = bool(LIST_ITEM.match(stripped)) and words > MIN_WORDS
        if caption or (not sentence_like and not listed and words <= HEADING_MAX_WORDS):
            passages.append(Passage(start, end, stripped, heading=True, paragraph=paragraph))
            continue
        bounds = _cap_length(stripped, [0, *_sentence_cuts(stripped), len(stripped)])
        for a, b in pairwise(bounds):
            s, e = _strip_span(text, start + a, start + b)
            if s >= e:
                continue
            piece = text[s:e]
            if not any(c.isalnum() for c in piece):
                continue
            passages.append(Passage(s, e, piece, heading=False, paragraph=paragraph))
    return passages

