"""Text normalisation for matching, and page-chrome detection.

The stored text of a source is the article as given (only line endings are
unified). Matching runs on a normalised copy in which typographic quotes,
dashes and runs of whitespace are folded; `NormalisedText.to_original` maps
offsets back so that selectors always point into the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Characters folded to a plain equivalent before matching.
_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
    "\ufeff": "",
}


def unify_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class NormalisedText:
    """A normalised string plus, for each of its characters, the index of the
    original character it came from."""

    text: str
    origin: tuple[int, ...]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original."""
        if start >= len(self.origin):
            return self.original_length, self.original_length
        o_start = self.origin[start]
        o_end = self.origin[end - 1] + 1 if end > start else o_start
        return o_start, o_end


@lru_cache(maxsize=4)
def normalise(text: str) -> NormalisedText:
    """Fold quotes, dashes and whitespace runs, and case, for matching.
    (Kept for the last few texts: each quote anchored in an article folds
    the whole article, and a source's quotes come together. Few, because a
    folded text holds an offset per character: a long article weighs megabytes.)"""
    out: list[str] = []
    origin: list[int] = []
    pending_space = False
    for index, char in enumerate(text):
        folded = _FOLD.get(char, char)
        if folded == "":
            continue
        if folded.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            origin.append(index - 1)
            pending_space = False
        for piece in folded:
            out.append(piece.lower())
            origin.append(index)
    return NormalisedText("".join(out), tuple(origin), len(text))


def normalise_str(text: str) -> str:
    return normalise(text).text


_FOLD_TABLE = str.maketrans(_FOLD)


def fold(text: str) -> str:
    """The same string as `normalise_str(text)`, computed much faster (no
    offset map): for matching and scoring many passages."""
    folded = " ".join(text.translate(_FOLD_TABLE).split())
    if folded.isascii():
        return folded.lower()
    return "".join([char.lower() for char in folded])


def is_text_printable(text: str) -> bool:
    """False for text that looks binary (NUL bytes or many control chars)."""
    if "\x00" in text:
        return False
    controls = sum(
        1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t\r\x1b"
    )
    return controls <= max(2, len(text) // 200)


# Lines that are website furniture rather than article text.
_CHROME_PATTERNS = [
    r"share (this|on) .*", r"share this post", r"link to post", r"share on other sites",
    r"sign in( to follow this)?", r"sign in now", r"sign in here\.?", r"sign up.*",
    r"jump to content", r"to change color scheme.*", r"rate this topic",
    r"recommended posts", r"full article", r"create an account.*", r"create new\.\.\.",
    r"register a new account", r"already have an account\?.*",
    r"you need to be a member.*", r"recently browsing.*", r"no registered users.*",
    r"send a tip to .*", r"the latest", r"trending on .*", r"join the conversation.*",
    r"accessibility links", r"breaking news", r"\d+x\d+ image", r"advertisement",
    r"read more.*", r"subscribe.*", r"follow us.*", r"related( articles| stories)?",
    r".*- source: .*", r"\d\d:\d\d - source: .*",
]
_CHROME_RE = re.compile(r"^\W*(?:" + "|".join(_CHROME_PATTERNS) + r")\W*$", re.IGNORECASE)


def chrome_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of lines that are page chrome ("Share this post", "Sign in ...").

    They stay in the stored text but are never suggested or shown as evidence.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped and len(stripped) < 120 and _CHROME_RE.match(stripped):
            start = offset + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
        offset += len(line) + 1
    return tuple(spans)


def overlaps_chrome(start: int, end: int, chrome: tuple[tuple[int, int], ...]) -> bool:
    return any(start < c_end and c_start < end for c_start, c_end in chrome)


_SAFE_CONTROL = {"\n", "\t"}


def printable(text: str) -> str:
    """Make text safe to show literally in a terminal: control characters
    (ESC, bidi overrides, ...) become visible escapes instead of acting."""
    out: list[str] = []
    for char in text:
        cat = unicodedata.category(char)
        if char in _SAFE_CONTROL:
            out.append(char)
        elif cat == "Cc" or (cat == "Cf" and char not in "\u200d\u00ad"):
            out.append(f"\\u{ord(char):04x}" if ord(char) > 0xFF else f"\\x{ord(char):02x}")
        else:
            out.append(char)
    return "".join(out)
