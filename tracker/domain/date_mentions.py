"""Dates mentioned in article text, resolved against the article's date. Pure.

`extract_dates(text, reference)` finds absolute dates ("June 1, 2020",
"Feb. 29", "spring 2019") and relative ones ("last week", "on Tuesday",
"two weeks ago", "yesterday"), resolved against `reference` (the article's
date): a weekday counts back from it, never forward. Each mention says
whether the text puts it ahead (`future`: "by May 2021", "next week",
"scheduled for Sept. 11", "will begin on Tuesday"): a deadline or a plan,
never the date a fact was observed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from tracker.domain.dates import resolve_relative


@dataclass(frozen=True)
class DateMention:
    """A date mentioned in text, resolved to a calendar date.

    `precision` is "day", "week", "month", "season" or "year".
    """

    phrase: str
    date: dt.date
    start: int
    end: int
    precision: str = "day"
    future: bool = False


_MONTHS_FULL = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]
_MONTH_INDEX = {name: i + 1 for i, name in enumerate(_MONTHS_FULL)}
_MONTH_INDEX.update({name[:3]: i + 1 for i, name in enumerate(_MONTHS_FULL)})
_MONTH_INDEX["sept"] = 9
_MONTH_ALT = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MONTH_DAY = re.compile(
    r"\b(" + _MONTH_ALT + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?"
)
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_ALT + r")(?:,?\s+(\d{4})\b)?"
)
_MONTH_YEAR = re.compile(r"\b(?:(early|mid|late)[-\s]+)?(" + _MONTH_ALT + r"),?\s+(\d{4})\b")
_SEASON_YEAR = re.compile(r"\b(?:(early|late)\s+)?(spring|summer|autumn|fall|winter)\s+(?:of\s+)?(\d{4})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_RELATIVE = re.compile(
    r"\b(?:(?:on|since|by)\s+)?("
    r"(?:last|this|next)\s+(?:week|month|year)|yesterday|today|"
    r"this\s+(?:morning|afternoon|evening)|tonight|earlier\s+today|last\s+night|"
    r"earlier\s+this\s+month|late\s+last\s+month|end\s+of\s+last\s+month|"
    r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
    r"(?:day|week|month|year)s?\s+(?:ago|earlier)|"
    r"(?:(?:last|this|next)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r")\b",
    re.IGNORECASE,
)
_IN_MONTH = re.compile(
    r"\b(?:in|since|by|during|until)\s+((?:(?:early|mid|late)[-\s]+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December))\b"
    r"(?!\s+\d)"
)
_PART_OF_MONTH = re.compile(
    r"\b(?:the\s+)?(end|middle|start|beginning)\s+of\s+"
    r"(January|February|March|April|May|June|July|August|September|October|November|December)(?:,?\s+(\d{4}))?\b"
)
_IN_YEAR = re.compile(r"\b(?:in|since|by|during|until|of)\s+((?:19|20)\d{2})\b(?![-,]?\d)")
_FUTURE = re.compile(
    r"\b(?:will|would|next|upcoming|ahead\s+of|expected|planned|plans?|scheduled|due|re-election|"
    r"election|poll|deadline|by)\b[^.]*$",
    re.IGNORECASE,
)
_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_WEEKDAY_RE = re.compile(r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", re.IGNORECASE)


def _month_number(raw: str) -> int:
    return _MONTH_INDEX[raw.lower().rstrip(".")[:3]]


def _year_for(month: int, day: int, reference: dt.date) -> int:
    """The year of a month and day given without one: the reference year,
    unless that puts it more than about six months after the reference."""
    try:
        candidate = dt.date(reference.year, month, day)
    except ValueError:
        return reference.year
    if candidate > reference + relativedelta(months=6):
        return reference.year - 1
    return reference.year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def extract_dates(text: str, reference: dt.date) -> list[DateMention]:
    """Dates mentioned in `text`, in order; spans never overlap."""
    return list(_extract_dates(text, reference))


@lru_cache(maxsize=4096)
def _extract_dates(text: str, reference: dt.date) -> tuple[DateMention, ...]:
    # a passage is dated once, whatever the number of obligations it is suggested for
    return tuple(_find_dates(text, reference))


def _find_dates(text: str, reference: dt.date) -> list[DateMention]:
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    def add(phrase: str, date: dt.date | None, start: int, end: int, precision: str) -> None:
        if date is None or not free(start, end):
            return
        taken.append((start, end))
        mentions.append(DateMention(phrase, date, start, end, precision))

    for m in _ISO_DATE.finditer(text):
        add(m.group(0), _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.start(), m.end(), "day")
    for m in _MONTH_DAY.finditer(text):
        month = _month_number(m.group(1))
        day = int(m.group(2))
        if m.group(1) == "May" and not m.group(3) and day > 31:
            continue
        year = int(m.group(3)) if m.group(3) else _year_for(month, day, reference)
        add(m.group(0), _safe_date(year, month, day), m.start(), m.end(), "day")
    for m in _DAY_MONTH.finditer(text):
        month = _month_number(m.group(2))
        day = int(m.group(1))
        year = int(m.group(3)) if m.group(3) else _year_for(month, day, reference)
        add(m.group(0), _safe_date(year, month, day), m.start(), m.end(), "day")
    for m in _MONTH_YEAR.finditer(text):
        day = {"early": 1, "mid": 15, "late": 25}.get((m.group(1) or "").lower(), 1)
        add(m.group(0), _safe_date(int(m.group(3)), _month_number(m.group(2)), day), m.start(), m.end(), "month")
    for m in _SEASON_YEAR.finditer(text):
        add(m.group(0), _safe_date(int(m.group(3)), _SEASON_MONTH[m.group(2).lower()], 1),
            m.start(), m.end(), "season")
    for m in _RELATIVE.finditer(text):
        phrase = m.group(1)
        if _WEEKDAY_RE.fullmatch(phrase.split()[-1]) and not phrase.split()[-1][0].isupper():
            continue  # weekday names are capitalised
        resolved = resolve_relative(phrase, reference)
        low = phrase.lower()
        precision = "day"
        if "month" in low:
            precision = "month"
        elif "week" in low:
            precision = "week"
        elif "year" in low:
            precision = "year"
        add(phrase, resolved, m.start(1), m.end(1), precision)
    for m in _PART_OF_MONTH.finditer(text):
        month = _month_number(m.group(2))
        day = {"end": 28, "middle": 15}.get(m.group(1), 1)
        year = int(m.group(3)) if m.group(3) else _year_for(month, day, reference)
        add(m.group(0), _safe_date(year, month, day), m.start(), m.end(), "month")
    for m in _IN_MONTH.finditer(text):
        resolved = resolve_relative(m.group(1), reference)
        if resolved is not None and resolved.month != reference.month and _FUTURE.search(
            text[max(0, m.start() - 80): m.start()]
        ):
            resolved = resolved.replace(year=resolved.year + 1)
        add(m.group(1), resolved, m.start(1), m.end(1), "month")
    for m in _IN_YEAR.finditer(text):
        add(m.group(1), dt.date(int(m.group(1)), 1, 1), m.start(1), m.end(1), "year")
    mentions.sort(key=lambda d: d.start)
    return [with_tense(text, m, reference) for m in mentions]


# A date the text puts ahead: a deadline, a schedule or a plan.
_AHEAD_BEFORE = re.compile(
    r"(?:\b(?:by|until|till|before|no\s+later\s+than|deadline\s+(?:of|is|was)?|due(?:\s+(?:on|in|by))?|"
    r"(?:scheduled|due|set|expected|planned|slated)\s+to\s+\w+(?:\s+\w+)?\s+(?:on|in|by)|"
    r"scheduled\s+(?:for|on)|set\s+for|slated\s+for|expected\s+(?:on|in|by)|"
    r"ahead\s+of\s+(?:the\s+)?(?:\w+\s+){0,3}(?:on|in)|starting|from\s+next)\s*$)"
    r"|\b(?:will|would|shall|plans?\s+to|planned|intends?\s+to|expected\s+to|is\s+to|are\s+to|"
    r"going\s+to|aims?\s+to|set\s+to|is\s+due|are\s+due)\b(?:[^.;,]|,(?=\d))*$",
    re.IGNORECASE,
)
_AHEAD_AFTER = re.compile(r"^\s*(?:deadline|target\s+date|timeline)\b", re.IGNORECASE)
_AHEAD_PHRASE = re.compile(r"^(?:next|tomorrow|this\s+coming|coming)\b", re.IGNORECASE)


# "had fallen to 8,200 by Monday", "By Monday 500 had been freed": "by" a date
# with the past perfect, and nothing still due, says what was done by then.
_BY_BEFORE = re.compile(r"\bby\s+(?:the\s+(?:end|middle)\s+of\s+)?$", re.IGNORECASE)
_DONE_BY = re.compile(r"\bhad\s+(?:already\s+)?(?:been\s+)?[a-z]+(?:ed|en|wn|ne|t)\b", re.IGNORECASE)
_STILL_DUE = re.compile(
    r"\b(?:will|would|shall|must|should|meant|supposed|due|was\s+to|were\s+to|deadline|expected|planned|"
    r"scheduled)\b", re.IGNORECASE)


def done_by(text: str, mention: DateMention) -> bool:
    start = max(text.rfind(". ", 0, mention.start) + 1, mention.start - 150, 0)
    stop = text.find(". ", mention.end)
    sentence = text[start: stop if 0 <= stop < mention.end + 100 else mention.end + 100]
    return bool(_DONE_BY.search(sentence)) and not _STILL_DUE.search(sentence)


def with_tense(text: str, mention: DateMention, reference: dt.date) -> DateMention:
    """`mention` with `future` set when the text puts it ahead of `reference`."""
    before = text[max(0, mention.start - 120): mention.start]
    cut = max(before.rfind(". "), before.rfind("; "), before.rfind("\n"))
    clause = before[cut + 1:] if cut >= 0 else before
    ahead = _AHEAD_BEFORE.search(clause)
    if ahead and _BY_BEFORE.search(clause) and done_by(text, mention):
        ahead = None
    future = (
        mention.date > reference
        or bool(_AHEAD_PHRASE.match(mention.phrase))
        or bool(ahead)
        or bool(_AHEAD_AFTER.match(text[mention.end: mention.end + 20]))
    )
    if future == mention.future:
        return mention
    return DateMention(mention.phrase, mention.date, mention.start, mention.end, mention.precision, future)


