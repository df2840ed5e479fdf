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


# The signature under an embedded post: "— Jane Roe (@janeroe) March 5, 2020" (group 1: the author)
POST_SIGNATURE = r"[\u2014\u2013-]+\s*([^\n]{1,120}?)\s*\(@\w{1,30}\)\s+[A-Z][a-z]+\.?\s+\d{1,2},\s+\d{4}"
# "1. ", "2) ", "(3) ", "a) ", "• ": the mark of an item of a list
LIST_ITEM = re.compile(r"(?:\(?\d{1,3}[.)]|\(?[a-z]\)|[-*\u2022\u25aa\u25b8\u203a\u00bb])\s+")

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
    # a live page's furniture: "Updated at 23:58 BST", "Show key events only"
    r"(?:last\s+)?(?:updated|published|posted)(?:\s+(?:at|on))?:?\s+(?:\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|"
    r"may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)[\w\s,.:|/-]{0,60}",
    r"(?:\u00a9|\(c\)|copyright\b).*", r".*all rights reserved.*",
    r"show key events only", r"please (?:turn on|enable) javascript.*", r"live(?: updates| coverage| blog)?",
    # the signature under an embedded post (its author is the claimant of the post, see `claimants.post_author`)
    POST_SIGNATURE,
]
_CHROME_RE = re.compile(r"^\W*(?:" + "|".join(_CHROME_PATTERNS) + r")\W*$", re.IGNORECASE)


# A line that points to another story: "Read more: ...", "RELATED: ...".
_LINK_LINE_RE = re.compile(
    r"^\W*(?:related(?:\s+(?:coverage|content|story|stories|articles?|reading))?|read\s+more|read\s+also|also\s+read|"
    r"see\s+also|more|watch|listen|recommended|don[\u2019']?t\s+miss|must\s+read|copy\s+link)\s*[:|\u00bb\u203a>]\s*\S",
    re.IGNORECASE,
)
# A heading over a list of links to other stories ("Most read", "More on
# this story"): the headlines under it are not the article's text.
_LINK_LIST_HEADING_RE = re.compile(
    r"^\W*(?:related(?:\s+(?:stories|articles|coverage|content|links|reading|news|topics))?|"
    r"more\s+on\s+(?:this(?:\s+story)?|[\w'\u2019 -]{1,40})|more\s+from\s+[\w'\u2019 -]{1,40}|more\s+(?:stories|news)|"
    r"most\s+(?:read|popular|viewed|shared|watched)(?:\s+(?:stories|articles|today|now))?|popular(?:\s+(?:now|stories))?|"
    r"trending(?:\s+(?:now|stories))?|top\s+stories|latest(?:\s+(?:news|stories|headlines))?|"
    r"recommended(?:\s+(?:for\s+you|stories|reading))?|you\s+(?:may|might)\s+(?:also\s+)?like|further\s+reading|"
    r"see\s+also|also\s+read|read\s+(?:next|also)|what\s+to\s+read\s+next|editor[\u2019']?s?\s+picks|"
    r"in\s+other\s+news|keep\s+reading|around\s+the\s+web|key\s+events|more\s+in\s+[\w'\u2019 -]{1,30}|"
    r"popular\s+on\s+[\w. -]{1,30}|up\s+next|next\s+(?:story|article)|read\s+this\s+next|more\s+coverage|"
    r"(?:top|latest)\s+headlines|in\s+case\s+you\s+missed\s+it|explore\s+more|elsewhere(?:\s+on\s+[\w. -]{1,30})?)\W*$",
    re.IGNORECASE,
)
# A sentence ends with a full stop (before a closing quote); a headline does not.
_SENTENCE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
_HEADLINE_MAX = 160


def chrome_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Spans of lines that are page chrome ("Share this post", "Sign in ...",
    "Read more: ..."), and the headlines of other stories listed under a
    heading such as "Related" or "Most read" (up to the first line that is
    a sentence).

    They stay in the stored text but are never suggested or shown as evidence.
    """
    spans: list[tuple[int, int]] = []
    offset = 0
    in_link_list = False
    for line in text.split("\n"):
        stripped = line.strip()
        start = offset + (len(line) - len(line.lstrip()))
        offset += len(line) + 1
        if not stripped:
            continue
        # (in such a list, a marked line is an item however it ends, and so is a
        # question: "Who is on the prisoner list?")
        if in_link_list and len(stripped) <= _HEADLINE_MAX and (
                LIST_ITEM.match(stripped) or stripped.endswith("?") or not _SENTENCE_END_RE.search(stripped)):
            spans.append((start, start + len(stripped)))
            continue
        in_link_list = len(stripped) < 60 and bool(_LINK_LIST_HEADING_RE.match(stripped))
        if in_link_list or (len(stripped) < 120 and _CHROME_RE.match(stripped)) or (
                len(stripped) <= _HEADLINE_MAX + 20 and _LINK_LINE_RE.match(stripped)):
            spans.append((start, start + len(stripped)))
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
