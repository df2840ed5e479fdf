"""Passages, quantities, dates and claimants on the seed articles (the
catalogue's people and parties name the claimants)."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.catalogue import parse_catalogue
from tracker.domain.claimants import Speakers
from tracker.domain.claimants import extract_claimant as claimant_in
from tracker.domain.date_mentions import extract_dates
from tracker.domain.passages import Passage, split_passages
from tracker.domain.quantities import Quantity, extract_quantities
from tracker.domain.text import chrome_spans, fold, normalise_str

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
UN_MONITORING_TEAM = "UN Analytical Support and Sanctions Monitoring Team"
SPEAKERS = Speakers.for_catalogue(parse_catalogue((ROOT / "obligations.yaml").read_text(encoding="utf-8")))


def extract_claimant(passage: str, context: str = "") -> str | None:
    return claimant_in(passage, context, SPEAKERS)
NR = "000_66c5ae46b4422667.txt"
PJ = "001_3d0d2f252b0b2965.txt"
TIME = "002_bf3b210313e2d176.txt"
RFERL = "003_db31f368d43dc4d2.txt"
CNN = "004_846fa88e2b47f457.txt"
JUNE_1 = dt.date(2020, 6, 1)


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def passages_of(name: str) -> tuple[str, list[Passage]]:
    text = seed(name)
    return text, split_passages(text, chrome_spans(text))


def passage_with(name: str, needle: str) -> tuple[str, Passage]:
    text, passages = passages_of(name)
    found = [p for p in passages if needle in p.text]
    assert len(found) == 1, f"{needle!r} in {len(found)} passages"
    return text, found[0]


def claimant_of(name: str, needle: str) -> str | None:
    text, passage = passage_with(name, needle)
    return extract_claimant(passage.text, text[: passage.start])


# ------------------------------------------------------------------ passages


@pytest.mark.parametrize("name", [NR, PJ, TIME, RFERL, CNN])
def test_passages_are_verbatim_slices_in_order(name: str) -> None:
    text, passages = passages_of(name)
    assert passages
    for p in passages:
        assert text[p.start: p.end] == p.text
        assert p.text == p.text.strip()
    for a, b in pairwise(passages):
        assert a.end <= b.start


def test_abbreviations_do_not_split_sentences() -> None:
    _, p = passage_with(PJ, "The U.N. report suggests")
    assert p.text.endswith("signed on Feb. 29 in Doha.")
    _, p = passage_with(NR, "Days after the agreement was signed")
    assert p.text.endswith("Spokesman Col. Sonny Leggett.")
    _, p = passage_with(TIME, "Nevertheless, the U.S. military")
    assert p.text.startswith("Nevertheless") and p.text.endswith("according to\xa0Reuters.")


def test_a_quote_of_several_sentences_stays_whole() -> None:
    _, p = passage_with(TIME, "The job is not done yet")
    assert p.text.startswith("\u201cThe job is not done yet")
    assert p.text.endswith("depends on the Talibs delivering.\u201d")
    _, p = passage_with(CNN, "If the Talibs do not deliver")
    assert "I\u2019d rather not speculate" in p.text


def test_chrome_and_bylines_are_skipped_headlines_kept_as_headings() -> None:
    _, passages = passages_of(TIME)
    joined = " | ".join(p.text for p in passages)
    for chrome in ("Share this post", "Sign in to follow this", "Rate this topic", "Full Article", "Kimberly Dozier"):
        assert chrome not in joined
    headline = [p for p in passages if p.text.startswith("Defying Trump")]
    assert headline and all(p.heading for p in headline)
    _, caption = passage_with(NR, "Newly freed Taliban prisoners")
    assert caption.heading  # a photo caption: kept, marked, scored low


def test_sentences_split_at_full_stops() -> None:
    _, passages = passages_of(NR)
    starts = [p.text for p in passages]
    assert any(s.startswith("The Taliban also agreed to start") for s in starts)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60),
            st.sampled_from(["U.S. ", "Gen. ", "Feb. 29. ", "\u201cA. B.\u201d ", "\n", ". ", "Mr. X said. ", '"', "\u201d"]),
        ),
        max_size=25,
    ),
    st.lists(st.tuples(st.integers(0, 300), st.integers(0, 60)), max_size=3),
)
def test_split_passages_spans_in_bounds_and_disjoint(pieces: list[str], raw_chrome: list[tuple[int, int]]) -> None:
    text = "".join(pieces)
    chrome = tuple((s, s + n) for s, n in raw_chrome)
    passages = split_passages(text, chrome)
    previous_end = 0
    for p in passages:
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start: p.end] == p.text
        assert p.start >= previous_end
        previous_end = p.end
        assert not any(p.start < e and s < p.end for s, e in chrome)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=200))
def test_fold_equals_normalise_str(text: str) -> None:
    assert fold(text) == normalise_str(text)


# ---------------------------------------------------------------- quantities


def only(quantities: list[Quantity], unit: str) -> list[tuple[int, bool]]:
    return [(q.value, q.approximate) for q in quantities if q.unit == unit]


def test_troop_counts_in_time() -> None:
    _, p = passage_with(TIME, "roughly 8,600 troops last week")
    found = extract_quantities(p.text)
    assert only(found, "troops") == [(13000, False), (8600, True)]
    q = next(q for q in found if q.value == 8600)
    assert p.text[q.start: q.end] == "8,600"


def test_ranges_give_both_ends() -> None:
    found = extract_quantities("Al-Qaeda has 400 to 600 operatives active in 12 Afghan provinces")
    assert [(q.value, q.unit, q.is_range) for q in found] == [
        (400, "operatives", True), (600, "operatives", True), (12, "provinces", False),
    ]
    found = extract_quantities("still has between 400 and 600 active members in 12 Afghanistan provinces")
    assert [(q.value, q.unit) for q in found[:2]] == [(400, "members"), (600, "members")]
    assert all(q.approximate for q in found[:2])


def test_prisoners_and_fighters() -> None:
    assert only(extract_quantities("has also moved to release up to 2,000 Taliban prisoners"), "prisoners") == [(2000, True)]
    assert only(extract_quantities("a new joint unit of 2,000 armed fighters"), "fighters") == [(2000, False)]
    assert only(extract_quantities("withdrawing some 4,000 troops from Afghanistan"), "troops") == [(4000, True)]
    assert only(extract_quantities("There are 13,000 troops"), "troops") == [(13000, False)]


def test_unit_named_before_the_number() -> None:
    found = extract_quantities("any further reduction of US troops in Afghanistan below 8,600 would be contingent")
    assert only(found, "troops") == [(8600, True)]


def test_years_and_dates_are_not_quantities() -> None:
    text = (
        "signed on February 29, 2020 in Doha; talks in 2019 and 2020; the attacks of "
        "September 11, 2001 and the 2001 attacks; Time\u2022June 1, 2020; Feb. 29; 00:43 - Source"
    )
    assert extract_quantities(text) == []


def test_number_words_need_a_unit() -> None:
    assert [(q.value, q.unit) for q in extract_quantities("from five military bases")] == [(5, "bases")]
    assert extract_quantities("two of them said") == []


# --------------------------------------------------------------------- dates


def test_last_week_in_time_is_may_25() -> None:
    _, p = passage_with(TIME, "roughly 8,600 troops last week")
    found = {d.phrase: d.date for d in extract_dates(p.text, JUNE_1)}
    assert found["last week"] == dt.date(2020, 5, 25)
    assert found["February"] == dt.date(2020, 2, 1)


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("signed on February 29 in Doha", "February 29", dt.date(2020, 2, 29)),
        ("he said on March 13, roughly", "March 13", dt.date(2020, 3, 13)),
        ("signed on Feb. 29 in Doha", "Feb. 29", dt.date(2020, 2, 29)),
        ("Time\u2022June 1, 2020", "June 1, 2020", dt.date(2020, 6, 1)),
        ("during spring 2019, where", "spring 2019", dt.date(2019, 3, 1)),
        ("up to March 15, and", "March 15", dt.date(2020, 3, 15)),
        ("according to the report released Friday.", "Friday", dt.date(2020, 5, 29)),
        ("a report released Monday.", "Monday", dt.date(2020, 6, 1)),
        ("went even further in March, insisting", "March", dt.date(2020, 3, 1)),
        ("said last month that", "last month", dt.date(2020, 5, 1)),
        ("roughly two weeks ago", "two weeks ago", dt.date(2020, 5, 18)),
        ("the terrorist attacks of September 11, 2001", "September 11, 2001", dt.date(2001, 9, 11)),
    ],
)
def test_dates(text: str, phrase: str, expected: dt.date) -> None:
    found = extract_dates(text, JUNE_1)
    assert (phrase, expected) in [(d.phrase, d.date) for d in found]
    d = next(d for d in found if d.phrase == phrase)
    assert text[d.start: d.end] == phrase


def test_future_month_resolves_forward() -> None:
    found = extract_dates("ahead of the American presidential poll in November", JUNE_1)
    assert [(d.phrase, d.date) for d in found] == [("November", dt.date(2020, 11, 1))]


def test_may_the_verb_is_not_a_date() -> None:
    assert extract_dates("That still may happen, according to Khalilzad.", JUNE_1) == []


# ----------------------------------------------------------------- claimants


@pytest.mark.parametrize(
    ("name", "needle", "expected"),
    [
        (NR, "remain close, based on friendship", UN_MONITORING_TEAM),
        (NR, "Additional information suggested", UN_MONITORING_TEAM),
        (PJ, "the U.N. report said", UN_MONITORING_TEAM),
        (PJ, "according to the report.", UN_MONITORING_TEAM),
        (PJ, "That still may happen, according to Khalilzad.", "US envoy Zalmay Khalilzad"),
        (PJ, "Asked about the U.N. findings", "US envoy Zalmay Khalilzad"),
        (TIME, "Al-Qaeda has 400 to 600 operatives", UN_MONITORING_TEAM),
        (TIME, "roughly 8,600 troops last week", "Reuters"),
        (TIME, "I totally refute this report", "Taliban spokesman Suhail Shaheen"),
        (TIME, "Suhail Shaheen also rejected", "Taliban spokesman Suhail Shaheen"),
        (TIME, "Khalilzad told a small group of reporters", "US envoy Zalmay Khalilzad"),
        (TIME, "The job is not done yet", "US envoy Zalmay Khalilzad"),
        (TIME, "That is something (the Taliban)", "General Frank McKenzie"),
        (TIME, "Secretary of State Mike Pompeo went even further", "Secretary of State Mike Pompeo"),
        (TIME, "State Department spokesperson on Friday", "State Department spokesperson"),
        (TIME, "total drawdown of U.S. forces", "New York Times"),
        (RFERL, "The Taliban slammed the report", "Taliban"),
        (RFERL, "The report added that the Taliban", UN_MONITORING_TEAM),
        (RFERL, "There is progress, but we will continue", "US envoy Zalmay Khalilzad"),
        (RFERL, "U.S. officials have said", "US officials"),
        (CNN, "A new United Nations report says", UN_MONITORING_TEAM),
        (CNN, "The report said that one such meeting", UN_MONITORING_TEAM),
        (CNN, "Khalilizad told reporters", "US envoy Zalmay Khalilzad"),
        (CNN, "any further reduction of US troops", "Pentagon"),
        (CNN, "Pompeo also asserted", "Secretary of State Mike Pompeo"),
    ],
)
def test_claimants_on_seeds(name: str, needle: str, expected: str) -> None:
    assert claimant_of(name, needle) == expected


def test_report_needs_un_context() -> None:
    # "the report" alone is the UN team only when the text is about the UN report.
    assert extract_claimant("\u201cThe deal is dead,\u201d the report said.", "") is None
    assert (
        extract_claimant("\u201cThe deal is dead,\u201d the report said.", "A new UN report on Afghanistan.")
        == UN_MONITORING_TEAM
    )


def test_generic_said_pattern_and_nobody() -> None:
    assert extract_claimant("The talks will resume, Jane Roe said.") == "Jane Roe"
    assert extract_claimant("According to Abdul Rahman, the talks will resume.") == "Abdul Rahman"
    assert extract_claimant("The talks will resume next week.") is None


def test_it_said_after_the_accord_is_not_the_report() -> None:
    _, passage = passage_with(CNN, "It also says that")
    text = seed(CNN)
    assert extract_claimant(passage.text, text[: passage.start]) != UN_MONITORING_TEAM


def test_unnamed_speaker_is_described_by_party_and_role() -> None:
    passage = 'A Taliban spokesman said on Sunday that the group "does not allow any foreign fighters to use Afghan soil".'
    assert extract_claimant(passage) == "Taliban spokesman"
    assert extract_claimant("One Afghan official said 900 prisoners were freed on Thursday.") == "Afghan official"


# A page copied from a browser, in our own words: the headlines of other stories
# under "Related" and "Most read", and "Read more:" lines, are not the article.
LINKED_PAGE = """Kabul frees first prisoners

KABUL - The government on Wednesday freed the first 90 of 1,200 rebel prisoners.

RELATED
Last foreign soldiers leave two bases in the south
Who is on the rebels' prisoner list?
Rebels say talks cannot start before all detainees go free

The rest will follow in stages, an official said.

Read more: Envoy says insurgents are keeping their word on attacks

Most read
1. Drawdown complete: troops leave five bases
2. Council endorses the peace deal
3. Rebels deny links to foreign fighters after UN report

Share this post
© 2020 Example News Group. All rights reserved.
"""


def test_headlines_of_other_stories_are_chrome() -> None:
    chrome = [LINKED_PAGE[a:b] for a, b in chrome_spans(LINKED_PAGE)]
    for line in ("RELATED", "Last foreign soldiers leave two bases in the south",
                 "Rebels say talks cannot start before all detainees go free",
                 "Read more: Envoy says insurgents are keeping their word on attacks", "Most read",
                 "1. Drawdown complete: troops leave five bases", "3. Rebels deny links to foreign fighters after UN report",
                 "Share this post", "© 2020 Example News Group. All rights reserved."):
        assert line in chrome
    # the article's own headline and sentences, before and after a list, are kept
    kept = " | ".join(p.text for p in split_passages(LINKED_PAGE, chrome_spans(LINKED_PAGE)))
    assert "Kabul frees first prisoners" in kept
    assert "The government on Wednesday freed the first 90" in kept
    assert "The rest will follow in stages, an official said." in kept
    assert "five bases" not in kept and "Envoy says" not in kept


def test_a_heading_alone_does_not_hide_the_sentences_after_it() -> None:
    text = "Related\nThe Taliban freed 20 soldiers on Monday. More were to follow, officials said.\n"
    assert [text[a:b] for a, b in chrome_spans(text)] == ["Related"]


def test_the_furniture_of_a_live_page_is_chrome() -> None:
    text = ("Live updates\nUpdated at 23:58 BST\nShow key events only\n\nKey events\n22:15 Rebels fire shots in the air\n"
            "21:03 Envoy to speak on Friday\n\n23:40 BST\nThe last flight has left the airport, the ministry said.\n"
            "Updated figures show 2,500 troops remain\n")
    chrome = [text[a:b] for a, b in chrome_spans(text)]
    assert chrome == ["Live updates", "Updated at 23:58 BST", "Show key events only", "Key events",
                      "22:15 Rebels fire shots in the air", "21:03 Envoy to speak on Friday", "23:40 BST"]
