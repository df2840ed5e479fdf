"""Reading an article's metadata (title, outlet, author, date) from its text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from tracker.domain.text import chrome_spans

KNOWN_OUTLETS = {
    "CNN": r"\bCNN\b",
    "Time": r"^Time\s*[•|·-]",
    "Reuters": r"^\(?Reuters\)?\s*[-—]",
    "RFE/RL": r"\bRFE/RL\b",
    "National Review": r"\bNR\.$|National Review",
    "PJ Media": r"PJ Media",
    "Associated Press": r"^\(AP\)|Associated Press",
    "The New York Times": r"^The New York Times$",
    "Al Jazeera": r"Al Jazeera",
    "BBC News": r"\bBBC\b",
}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_RE = re.compile(
    rf"\b({_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b"
)
_BYLINE_RE = re.compile(r"^By\s+([A-Z][\w.'-]+(?:\s+(?:and\s+)?[A-Z][\w.'-]+){0,5})\s*$")
_NAME_RE = re.compile(r"^[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){1,2}$")


@dataclass(frozen=True)
class ArticleMeta:
    title: str | None
    outlet: str | None
    author: str | None
    published_on: dt.date | None


def _parse_date(raw: str) -> dt.date | None:
    from dateutil import parser

    try:
        return parser.parse(raw, default=dt.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def read_meta(text: str) -> ArticleMeta:
    """Best-effort metadata from the head of an article; None where absent."""
    chrome = chrome_spans(text)
    lines: list[str] = []
    offset = 0
    for line in text.split("\n"):
        start = offset + len(line) - len(line.lstrip())
        offset += len(line) + 1
        stripped = line.strip()
        if not stripped or any(c_start <= start < c_end for c_start, c_end in chrome):
            continue
        lines.append(stripped)
    head = lines[:15]
    title = next((ln for ln in head if 15 <= len(ln) <= 200 and not ln.startswith("(")), None)
    outlet = None
    for name, pattern in KNOWN_OUTLETS.items():
        if any(re.search(pattern, ln) for ln in head) or (
            name in ("National Review", "PJ Media") and any(re.search(pattern, ln) for ln in lines[-5:])
        ):
            outlet = name
            break
    author = None
    for index, line in enumerate(head):
        byline = _BYLINE_RE.match(line)
        if byline:
            author = byline.group(1)
            break
        # "Kimberly Dozier" followed by "Time•June 1, 2020"
        if _NAME_RE.match(line) and index + 1 < len(head) and _DATE_RE.search(head[index + 1]):
            author = line
            break
    published = None
    for line in head:
        if len(line) < 80:
            match = _DATE_RE.search(line)
            if match:
                published = _parse_date(match.group(1))
                if published:
                    break
    return ArticleMeta(title=title, outlet=outlet, author=author, published_on=published)
