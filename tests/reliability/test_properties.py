"""Property tests: anchoring, deadline resolution, the as-of replay."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tracker.domain import assess
from tracker.domain.anchoring import AmbiguousQuote, locate, reanchor, selectors_for
from tracker.domain.dates import resolve_deadline
from tracker.domain.models import Confidence, Deadline, Status, StatusChange
from tracker.domain.text import normalise_str

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# -- anchoring ---------------------------------------------------------------------

QUOTES = {"'": "\u2019", '"': "\u201c", "\u2019": "'", "\u201c": '"', "\u201d": '"', "-": "\u2014", "\u2014": "-"}
WORD = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABC0123456789.,;:!?'\"\u2019\u201c\u201d-\u2014()"),
               min_size=1, max_size=9)
SPACE = st.sampled_from([" ", "  ", "\n", "\t", " \n ", "\u00a0"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORD, min_size=1, max_size=40))
    out = []
    for word in words:
        out.append(word)
        out.append(draw(SPACE))
    return "".join(out).strip() or "x"


def restyle(text: str, data: st.DataObject) -> str:
    """The same text, typed again: other quote styles and dashes, other whitespace runs."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            out.append(data.draw(SPACE))
            i = j
            continue
        out.append(QUOTES[char] if char in QUOTES and data.draw(st.booleans()) else char)
        i += 1
    return "".join(out)


@st.composite
def spans(draw: st.DrawFn, text: str) -> tuple[int, int]:
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return start, end


@SETTINGS
@given(st.data())
def test_quote_from_any_text_is_located_after_retyping(data: st.DataObject) -> None:
    text = data.draw(texts())
    start, end = data.draw(spans(text))
    quote = text[start:end]
    assume(normalise_str(quote))
    typed = restyle(quote, data)
    needle = normalise_str(quote)
    flat = normalise_str(text)
    # overlapping matches count too ("0 00" occurs twice in "0 00 00"): either is a right answer
    occurrences = sum(1 for i in range(len(flat)) if flat.startswith(needle, i))
    try:
        anchor = locate(text, typed)
    except AmbiguousQuote:
        assert occurrences > 1 or normalise_str(text).find(needle, normalise_str(text).find(needle) + 1) != -1
        return
    assert normalise_str(text[anchor.start:anchor.end]) == needle
    if occurrences == 1 and quote.strip() == quote:
        assert (anchor.start, anchor.end) == (start, end)


@SETTINGS
@given(st.data())
def test_stored_selector_reanchors_in_retyped_source(data: st.DataObject) -> None:
    text = data.draw(texts())
    start, end = data.draw(spans(text))
    assume(normalise_str(text[start:end]))
    quote, position = selectors_for(text, start, end)
    retyped = restyle(text, data)
    anchor = reanchor(retyped, quote, position)
    assert anchor is not None, "an anchor that exists after normalisation was dropped"
    assert normalise_str(retyped[anchor.start:anchor.end]) == normalise_str(quote.exact)
    assert anchor.method in ("position", "quote", "normalised")
    # unchanged text: the stored position is used as is
    same = reanchor(text, quote, position)
    assert same is not None and (same.start, same.end, same.method) == (start, end, "position")


# -- deadlines ---------------------------------------------------------------------

DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@SETTINGS
@given(DATES, st.integers(0, 600), st.integers(0, 3000))
def test_relative_deadline_is_months_then_days(signed: dt.date, months: int, days: int) -> None:
    assume(months or days)
    due = resolve_deadline(Deadline(kind="relative", months=months, days=days), signed)
    assert due == _add_months(signed, months) + dt.timedelta(days=days)
    assert due is not None and due > signed


@SETTINGS
@given(DATES, st.integers(1, 3000), st.integers(1, 3000))
def test_more_days_never_make_an_earlier_deadline(signed: dt.date, a: int, b: int) -> None:
    first = resolve_deadline(Deadline(kind="relative", days=min(a, b)), signed)
    second = resolve_deadline(Deadline(kind="relative", days=max(a, b)), signed)
    assert first is not None and second is not None
    assert (second - first).days == abs(a - b)


@SETTINGS
@given(DATES, DATES)
def test_absolute_and_open_deadlines(signed: dt.date, on: dt.date) -> None:
    assert resolve_deadline(Deadline(kind="absolute", on=on), signed) == on
    assert resolve_deadline(Deadline(kind="ongoing"), signed) is None
    assert resolve_deadline(Deadline(kind="none"), signed) is None


def test_doha_deadlines() -> None:
    signed = dt.date(2020, 2, 29)
    assert resolve_deadline(Deadline(kind="relative", days=135), signed) == dt.date(2020, 7, 13)
    assert resolve_deadline(Deadline(kind="relative", months=14), signed) == dt.date(2021, 4, 29)
    assert resolve_deadline(Deadline(kind="relative", months=12), signed) == dt.date(2021, 2, 28)  # no 29 Feb 2021


# -- as-of replay ------------------------------------------------------------------

START = dt.datetime(2020, 3, 1)


@st.composite
def histories(draw: st.DrawFn) -> list[StatusChange]:
    count = draw(st.integers(0, 25))
    recorded = START
    changes = []
    for seq in range(1, count + 1):
        recorded += dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 40)))  # recorded in order
        effective = recorded.date() - dt.timedelta(days=draw(st.integers(0, 120)))  # never in the future
        changes.append(StatusChange(
            id=seq, obligation_id="o", seq=seq, status=draw(st.sampled_from(list(Status))),
            confidence=Confidence.MEDIUM, effective_on=effective, recorded_at=recorded, rationale=f"r{seq}",
            author="a", prev_hash="0" * 64, hash=f"{seq:064d}",
        ))
    return changes


@SETTINGS
@given(histories(), st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2024, 1, 1)))
def test_as_of_never_shows_an_entry_recorded_or_effective_later(changes: list[StatusChange], day: dt.date) -> None:
    shown = assess.changes_as_of(changes, day)
    for change in shown:
        assert change.recorded_at <= assess.end_of_day(day) and change.effective_on <= day
    hidden = [c for c in changes if c not in shown]
    for change in hidden:
        assert change.recorded_at > assess.end_of_day(day) or change.effective_on > day
    current = assess.current_status(changes, day)
    assert current == (shown[-1] if shown else None)
    if current is not None:  # in force: the latest effective date, ties to the latest entry
        assert all((c.effective_on, c.seq) <= (current.effective_on, current.seq) for c in shown)


@SETTINGS
@given(histories())
def test_replay_at_the_latest_date_is_the_current_state(changes: list[StatusChange]) -> None:
    latest = max((c.recorded_at.date() for c in changes), default=START.date())
    assert assess.current_status(changes, latest) == assess.current_status(changes, None)
    assert assess.changes_as_of(changes, latest) == assess.changes_as_of(changes, None)


@SETTINGS
@given(histories(), DATES, DATES)
def test_the_record_only_grows_with_the_as_of_date(changes: list[StatusChange], a: dt.date, b: dt.date) -> None:
    early, late = sorted((a, b))
    assert set(assess.changes_as_of(changes, early)) <= set(assess.changes_as_of(changes, late))


@pytest.mark.parametrize("day", [dt.date(2020, 2, 28), dt.date(2020, 3, 1)])
def test_empty_history(day: dt.date) -> None:
    assert assess.current_status([], day) is None
