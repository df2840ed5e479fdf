"""The date a passage places its fact at (`observed_on`). Pure.

Rules:

- Only dates the text gives as past or present count: a date the text puts
  ahead ("by May 2021", "scheduled for Sept. 11", "next week") is a
  deadline or a plan (`DateMention.future`), never the observation; nor is
  a date something was due on, past or not ("were meant to open on March
  10", "the May 1 deadline").
- The observation lies between the earliest date the passage could describe
  (`earliest`: the agreement's signing date, from the catalogue) and the
  article's date: a history date ("the attacks of September 11, 2001") or
  a date after the article is never taken.
- With a level in the passage, the date nearest to it ("8,600 troops last
  week"); otherwise the first precise date (day or week) other than the
  signing date itself ("signed on Feb. 29" dates the deal, not the fact);
  otherwise the first coarser date in range. None when nothing qualifies
  (the caller then uses the article's date).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from tracker.domain.date_mentions import DateMention, done_by, extract_dates, with_tense
from tracker.domain.quantities import LEVEL, Quantity

_FAR_FUTURE = dt.date(9000, 1, 1)  # far ahead, with room for date arithmetic
_HAS_YEAR = re.compile(r"\d{4}")
# "CAPITAL, March 11 (Reuters) - ": the dateline's date is the article's.
# ("KABUL/UNITED NATIONS, ...", "UNITED NATIONS (United States), March 10 (APM) -",
# and a city in title case with its date: "New Delhi, June 4 (The Times):")
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z .'/-]{2,40}(?:\s*\([^)]{1,30}\))?(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"|[A-Z][a-z]+(?:[ /-][A-Z][a-z]+){0,3},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:[-\u2013\u2014]+|:)\s"
)


def candidate_dates(
    text: str, published_on: dt.date | None, earliest: dt.date | None
) -> list[DateMention]:
    """Dates of `text` that may be the observation, in order of appearance."""
    if published_on is not None:
        mentions = extract_dates(text, published_on)
    else:
        # Without the article's date, only dates that carry their year.
        mentions = [d for d in extract_dates(text, _FAR_FUTURE) if _HAS_YEAR.search(d.phrase)]
        mentions = [
            DateMention(d.phrase, d.date, d.start, d.end, d.precision, _is_ahead(text, d)) for d in mentions
        ]
    out: list[DateMention] = []
    for mention in mentions:
        if mention.future or _scheduled(text, mention) or _starts_a_period(text, mention):
            continue
        if published_on is not None and mention.date > published_on:
            continue
        # A month or a year that starts before the signing can still hold
        # a fact after it ("in February" of the signing month).
        last_day = _last_day(mention)
        if earliest is not None and last_day < earliest:
            continue
        out.append(mention)
    return out


# "were meant to open on March 10", "the deadline of May 1", "was to be
# finished by March 10": the date something was due, past or not, is not
# when the fact observed happened.
_DUE_BEFORE = re.compile(
    r"\b(?:meant|supposed|due|scheduled|set|planned|expected|was\s+to|were\s+to|deadline|target\s+date|"
    r"called\s+for|by)\b[^.;,]{0,40}$",
    re.IGNORECASE,
)
_DUE_AFTER = re.compile(r"^[\s,]*(?:deadline|target\s+date|date\s+set)\b", re.IGNORECASE)


# "has freed 4,600 since March": the start of a period that lasts until
# now, not when the state was seen
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:(?:early|late|mid|the\s+(?:start|end|middle)\s+of)[\s-]+)?$", re.IGNORECASE)


def _starts_a_period(text: str, mention: DateMention) -> bool:
    # (a day after "since" is when the state began: "2,500 troops since Jan. 15")
    return mention.precision != "day" and _SINCE_BEFORE.search(text[max(0, mention.start - 40): mention.start]) is not None


def _scheduled(text: str, mention: DateMention) -> bool:
    before = text[max(0, mention.start - 60): mention.start]
    due = _DUE_BEFORE.search(before)
    if due and due.group(0).lower().startswith("by") and not mention.future and done_by(text, mention):
        due = None  # "had fallen to 8,200 by Monday": what was done by then
    return bool(due or _DUE_AFTER.match(text[mention.end: mention.end + 20]))


def _is_ahead(text: str, mention: DateMention) -> bool:
    return with_tense(text, mention, _FAR_FUTURE).future


def _last_day(mention: DateMention) -> dt.date:
    d = mention.date
    if mention.precision == "year":
        return dt.date(d.year, 12, 31)
    if mention.precision in ("month", "season"):
        month_after = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return month_after - dt.timedelta(days=1)
    if mention.precision == "week":
        return d + dt.timedelta(days=6)
    return d


def observed_date(
    text: str,
    quantities: Sequence[Quantity],
    *,
    published_on: dt.date | None,
    earliest: dt.date | None,
) -> DateMention | None:
    """The mention that dates the fact of `text` (see the module doc); a
    month or season that began before `earliest` is read as from `earliest`
    ("in February" of the month the agreement was signed)."""
    mention = _observed(text, quantities, published_on=published_on, earliest=earliest)
    if mention is not None and earliest is not None and mention.date < earliest:
        return DateMention(mention.phrase, earliest, mention.start, mention.end, mention.precision, mention.future)
    return mention


def _observed(
    text: str,
    quantities: Sequence[Quantity],
    *,
    published_on: dt.date | None,
    earliest: dt.date | None,
) -> DateMention | None:
    dateline = _DATELINE.match(text)
    dates = [d for d in candidate_dates(text, published_on, earliest) if not (dateline and d.end <= dateline.end())]
    if not dates:
        return None
    levels = [q for q in quantities if q.kind == LEVEL]
    if levels:
        current = [q for q in levels if not q.previous] or levels
        anchor = current[-1]
        # A date that belongs to the level before ("down from 12,000 in
        # March") does not date the current one.
        own = [d for d in dates if not _belongs_to_previous(levels, d, text)]
        if not own and any(not q.previous for q in levels):
            return None  # "about 2,500 remain, down from 13,000 a year ago": the date is the old count's
        dates = own or dates
        # "the deal signed in February" dates the deal, not the level ("when it
        # was signed on Feb. 29" may date the level: the day is kept)
        dates = [d for d in dates if not (_is_signing(d, earliest) and d.precision in ("month", "year"))]
        if not dates:
            return None

        def distance(d: DateMention) -> tuple[int, bool]:
            gap = d.start - anchor.end if d.start >= anchor.end else (anchor.start - d.end) + 10
            return (gap, d.precision != "day")

        return min(dates, key=distance)
    precise = [d for d in dates if d.precision in ("day", "week") and d.date != earliest]
    if precise:
        return precise[0]
    coarse = [d for d in dates if not _is_signing(d, earliest)]
    return coarse[0] if coarse else None


def _is_signing(mention: DateMention, earliest: dt.date | None) -> bool:
    """The signing itself: its day, or its month or year named without a day."""
    if earliest is None:
        return False
    if mention.date == earliest:
        return True
    return mention.precision in ("month", "year") and mention.date <= earliest <= _last_day(mention)


def _belongs_to_previous(levels: Sequence[Quantity], mention: DateMention, text: str) -> bool:
    """ "13,000 troops in February": the date right after a previous level."""
    before = [q for q in levels if q.end <= mention.start]
    if not before:
        return False
    last = before[-1]
    between = text[last.end: mention.start]
    if not last.previous or re.search(r"[;.]", between):
        return False
    # ("down from 13,000 when the accord was signed on Feb. 29": the clause dates the old count)
    return (mention.start - last.end <= 25 and "," not in between) or (
        mention.start - last.end <= 80 and _WHEN_CLAUSE.match(between) is not None)


_WHEN_CLAUSE = re.compile(r"\s+(?:troops\s+|soldiers\s+|forces\s+)?(?:when|at\s+the\s+time|at\s+the\s+signing|before|as\s+of)\b",
                          re.IGNORECASE)


def clamp_observation(
    observed: dt.date | None, published_on: dt.date | None, earliest: dt.date | None
) -> dt.date | None:
    """`observed` if it lies in [earliest, published_on], else None: the
    check any caller storing an observation date can make."""
    if observed is None:
        return None
    if published_on is not None and observed > published_on:
        return None
    if earliest is not None and observed < earliest:
        return None
    return observed


def observation_problem(
    observed: dt.date, published_on: dt.date | None, earliest: dt.date | None
) -> str | None:
    """Why `observed` cannot be the date of a fact reported by an article of
    `published_on` about an agreement signed on `earliest` (one line, for a
    user error), or None when it can."""
    if published_on is not None and observed > published_on:
        return (f"observed on {observed} is after the source's date {published_on}; "
                "a later date in the text is a deadline or a plan, not an observation")
    if earliest is not None and observed < earliest:
        return f"observed on {observed} is before the agreement was signed ({earliest})"
    return None
