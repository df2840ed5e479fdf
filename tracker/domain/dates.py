"""Dates as people type them, and deadlines relative to a signing date."""

from __future__ import annotations

import datetime as dt
import re

from dateutil import parser as date_parser
from dateutil.relativedelta import relativedelta

from tracker.domain.models import Deadline


class DateError(ValueError):
    """A date that cannot be understood; the message says how to write it."""


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}
_AMBIGUOUS_NUMERIC = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")

HINT = "write it as YYYY-MM-DD, e.g. 2020-06-01, or like 'June 1 2020' or 'last week'"


def resolve_relative(phrase: str, reference: dt.date) -> dt.date | None:
    """Resolve a relative phrase ("last week", "Friday", "in March",
    "two weeks ago", "yesterday") against a reference date, or None."""
    p = phrase.strip().lower().rstrip(".")
    p = re.sub(r"^(on|in|since|by|as of)\s+", "", p)
    if p in ("today", "now", "this week", "this morning", "this afternoon", "this evening", "tonight", "earlier today"):
        return reference
    if p in ("yesterday", "last night"):
        return reference - dt.timedelta(days=1)
    if p == "tomorrow":
        return reference + dt.timedelta(days=1)
    if p == "last week":
        return reference - dt.timedelta(weeks=1)
    if p == "last month":
        return (reference - relativedelta(months=1)).replace(day=1)
    if p == "last year":
        return dt.date(reference.year - 1, 1, 1)
    if p in ("earlier this month", "this month"):
        return reference.replace(day=1)
    if p in ("late last month", "end of last month"):
        return reference.replace(day=1) - dt.timedelta(days=1)
    m = re.fullmatch(r"(\w+)\s+(day|week|month|year)s?\s+(ago|earlier|before)", p)
    if m and (m.group(1) in _NUMBER_WORDS or m.group(1).isdigit()):
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_WORDS[m.group(1)]
        return reference - relativedelta(**{_UNITS[m.group(2)]: n})  # type: ignore[arg-type]
    m = re.fullmatch(r"(last\s+|this\s+|next\s+)?(" + "|".join(_WEEKDAYS) + r")", p)
    if m:
        target = _WEEKDAYS.index(m.group(2))
        if (m.group(1) or "").strip() == "next":
            delta = (target - reference.weekday()) % 7 or 7
            return reference + dt.timedelta(days=delta)
        delta = (reference.weekday() - target) % 7
        if (m.group(1) or "").strip() == "last" and delta == 0:
            delta = 7
        return reference - dt.timedelta(days=delta)
    m = re.fullmatch(r"(early|mid|late)?[-\s]*(" + "|".join(_MONTHS) + r")", p)
    if m:
        month = _MONTHS.index(m.group(2)) + 1
        year = reference.year if month <= reference.month else reference.year - 1
        day = {"early": 1, "mid": 15, "late": 25}.get(m.group(1) or "", 1)
        return dt.date(year, month, day)
    return None


def parse_date(text: str, reference: dt.date | None = None) -> dt.date:
    """Parse a date typed by a person.

    ISO dates, "June 1 2020", "1 June 2020" and relative phrases (resolved
    against `reference`, default today). Numeric dates such as 03/04/2020 are
    refused because the day and month order is ambiguous.
    """
    raw = text.strip()
    if not raw:
        raise DateError(f"empty date: {HINT}")
    iso = _ISO.match(raw)
    if iso:
        try:
            return dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError as exc:
            raise DateError(f"'{raw}' is not a real date ({exc}); {HINT}") from None
    relative = resolve_relative(raw, reference or dt.date.today())
    if relative is not None:
        return relative
    numeric = _AMBIGUOUS_NUMERIC.match(raw)
    if numeric:
        a, b = int(numeric.group(1)), int(numeric.group(2))
        if a <= 12 and b <= 12 and a != b:
            raise DateError(
                f"'{raw}' is ambiguous (day/month or month/day?); {HINT}"
            )
    if not re.search(r"\d", raw) or not re.search(r"\d{4}", raw):
        # "June 1" with no year would silently take the current year.
        raise DateError(f"'{raw}' is not a date with a year; {HINT}")
    try:
        default = dt.datetime(2000, 1, 1)
        parsed = date_parser.parse(raw, default=default, dayfirst=False, fuzzy=False)
    except (ValueError, OverflowError) as exc:
        reason = str(exc).split(":")[0]
        raise DateError(f"'{raw}' is not a date I can read ({reason}); {HINT}") from None
    return parsed.date()


def resolve_deadline(deadline: Deadline, signed_on: dt.date) -> dt.date | None:
    """The calendar date a deadline falls on, or None for open-ended ones."""
    if deadline.kind == "absolute":
        return deadline.on
    if deadline.kind == "relative":
        return signed_on + relativedelta(months=deadline.months, days=deadline.days)
    return None


def days_between(start: dt.date, end: dt.date) -> int:
    return (end - start).days
