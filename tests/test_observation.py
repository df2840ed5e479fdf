"""The date a passage places its fact at: never after the article, never
before the agreement, never a deadline; relative dates from the article's
date. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.date_mentions import extract_dates
from tracker.domain.observation import clamp_observation, observation_problem, observed_date
from tracker.domain.quantities import extract_quantities

SIGNED = dt.date(2020, 2, 29)


def observed(text: str, published: dt.date | None, earliest: dt.date | None = SIGNED) -> dt.date | None:
    mention = observed_date(text, extract_quantities(text), published_on=published, earliest=earliest)
    return mention.date if mention else None


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A deadline or a plan in the text is not the observation.
        ("All U.S. forces will leave by Sept. 11, officials said.", dt.date(2021, 6, 2), None),
        ("Talks, which were due to start on March 10, have yet to begin.", dt.date(2020, 3, 17), None),
        ("The government would begin releasing prisoners on Saturday.", dt.date(2020, 3, 12), None),
        ("The next round is scheduled for Sept. 20.", dt.date(2020, 9, 14), None),
        ("Envoys will meet again next week.", dt.date(2020, 9, 14), None),
        # The date something was due, even past, is not when anything was observed.
        ("The negotiations were meant to open on March 10 but have not.", dt.date(2020, 4, 2), None),
        ("The exchange was to be finished by March 10, officials said on Monday.", dt.date(2020, 5, 19),
         dt.date(2020, 5, 18)),
        ("The May 1 deadline passed with 2,500 troops still in the country.", dt.date(2021, 5, 3), None),
        # Relative dates count back from the article's date.
        ("The talks opened in Doha on Saturday.", dt.date(2020, 9, 14), dt.date(2020, 9, 12)),
        ("The report was released on Monday.", dt.date(2020, 6, 1), dt.date(2020, 6, 1)),
        ("The strike took place on Tuesday.", dt.date(2020, 6, 1), dt.date(2020, 5, 26)),
        ("The prisoners were freed yesterday.", dt.date(2020, 6, 1), dt.date(2020, 5, 31)),
        # The date of the count before is not the current count's.
        ("About 2,500 troops remain, down from roughly 13,000 a year ago.", dt.date(2021, 2, 3), None),
        ("The force includes about 2,500 troops, down from around 13,000 when the accord was signed on "
         "February 29 last year.", dt.date(2021, 2, 19), None),
        # The year of the signing ("agreed last year") dates the deal, not the count.
        ("About 2,500 troops remain under the deal struck last year.", dt.date(2021, 4, 14), None),
        ("Roughly 2,500 troops remain under the agreement signed in 2020.", dt.date(2021, 4, 14), None),
        # The parts of the day of a story are that day; last night the one before.
        ("The council adopted the resolution this morning.", dt.date(2020, 3, 10), dt.date(2020, 3, 10)),
        ("Officials said 300 prisoners walked free tonight.", dt.date(2020, 4, 9), dt.date(2020, 4, 9)),
        ("The last flight left the airport late last night.", dt.date(2021, 8, 31), dt.date(2021, 8, 30)),
        ("Roughly 8,600 troops were in the country last week.", dt.date(2020, 6, 1), dt.date(2020, 5, 25)),
        ("About 8,000 troops remained at the end of May.", dt.date(2020, 6, 3), dt.date(2020, 5, 28)),
        # A dateline's date is the article's; the weekday in the story counts back.
        ("KABUL, March 11 (Reuters) - The president signed a decree on Tuesday.", dt.date(2020, 3, 11),
         dt.date(2020, 3, 10)),
        # ... with two places, a country in brackets, or a city in title case and a colon
        ("DOHA/KABUL, Sept. 14 (Wire) - Envoys met for a third day on Sunday.", dt.date(2020, 9, 14),
         dt.date(2020, 9, 13)),
        ("GENEVA (Switzerland), Nov. 24 (Desk) - Donors pledged the money on Monday.", dt.date(2020, 11, 24),
         dt.date(2020, 11, 23)),
        ("Islamabad, June 4 (The Daily Ledger): The envoy arrived on Wednesday.", dt.date(2020, 6, 4),
         dt.date(2020, 6, 3)),
        # History before the agreement is not the observation; the signing itself dates the deal.
        ("The group plotted the attacks of September 11, 2001.", dt.date(2020, 6, 1), None),
        ("The deal was signed on Feb. 29 in Doha.", dt.date(2020, 6, 1), None),
        # With a level, the date nearest to it; the level before keeps its own date.
        ("Nearly 8,600 troops remain, down from about 12,000 in March, officials said on Friday.",
         dt.date(2020, 6, 20), dt.date(2020, 6, 19)),
        ("Some 13,000 troops were there when the deal was signed on Feb. 29.", dt.date(2020, 3, 10), SIGNED),
    ],
)
def test_observed_on(text: str, published: dt.date, expected: dt.date | None) -> None:
    assert observed(text, published) == expected


def test_without_the_article_date_only_dates_with_a_year() -> None:
    assert observed("Prisoners were freed on May 26, 2020 at Bagram.", None) == dt.date(2020, 5, 26)
    assert observed("Prisoners were freed on May 26 at Bagram.", None) is None
    assert observed("All troops are to leave by May 1, 2021.", None) is None


def test_future_mentions_are_marked() -> None:
    found = extract_dates("The talks began on Saturday and will resume on Sept. 20.", dt.date(2020, 9, 14))
    assert [(d.phrase, d.future) for d in found] == [("Saturday", False), ("Sept. 20", True)]


def test_clamp_observation() -> None:
    assert clamp_observation(dt.date(2021, 12, 1), dt.date(2021, 6, 1), SIGNED) is None
    assert clamp_observation(dt.date(2019, 12, 1), dt.date(2021, 6, 1), SIGNED) is None
    assert clamp_observation(dt.date(2021, 5, 1), dt.date(2021, 6, 1), SIGNED) == dt.date(2021, 5, 1)
    assert clamp_observation(None, dt.date(2021, 6, 1), SIGNED) is None


WORDS = ["on Monday", "on Friday", "last week", "yesterday", "by May 2021", "in March", "on June 3",
         "next month", "two weeks ago", "September 11, 2001", "8,600 troops", "will", "were", "said", ". ",
         "due to start on March 10", "at the end of May", "in 2019", "scheduled for Oct. 2"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=12),
       st.dates(min_value=dt.date(2020, 3, 1), max_value=dt.date(2021, 12, 31)))
def test_never_after_the_article_nor_before_the_signing(words: list[str], published: dt.date) -> None:
    text = " ".join(words)
    when = observed(text, published)
    if when is not None:
        assert SIGNED <= when <= published


def test_observation_problem_says_why_in_one_line() -> None:
    late = observation_problem(dt.date(2021, 12, 1), dt.date(2021, 6, 1), SIGNED)
    assert late is not None and "after the source's date 2021-06-01" in late and "\n" not in late
    early = observation_problem(dt.date(2019, 1, 1), dt.date(2021, 6, 1), SIGNED)
    assert early is not None and "before the agreement was signed (2020-02-29)" in early
    assert observation_problem(dt.date(2021, 5, 1), dt.date(2021, 6, 1), SIGNED) is None


def test_the_date_gold() -> None:
    """eval/gold/dates.yaml: every sentence's dates, resolved as written."""
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parent.parent / "eval" / "gold" / "dates.yaml"
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["sentences"]:
        assert [d.date for d in extract_dates(item["text"], item["published_on"])] == item["dates"], item["text"]


def test_the_month_of_the_signing_dates_the_deal_not_a_level() -> None:
    text = "About 4,500 soldiers are in the country, down from the force there when the deal was made in February."
    assert observed(text, dt.date(2020, 11, 18)) is None
    # the signing day named for the level dates it
    assert observed("Some 13,000 soldiers were there when the deal was signed on Feb. 29.",
                    dt.date(2020, 3, 5)) == SIGNED


def test_a_month_after_since_starts_a_period_and_a_day_starts_a_state() -> None:
    """ "has freed 3,900 since April" is seen now, not in April (the article's
    date is stored); "has kept 3,000 troops there since Jan. 15" began that day."""
    published = dt.date(2020, 8, 12)
    assert observed("The government has freed about 3,900 prisoners since April, officials said.", published) is None
    text = "The United States has kept 3,000 troops in the country since Jan. 15."
    assert observed(text, dt.date(2021, 2, 10)) == dt.date(2021, 1, 15)
