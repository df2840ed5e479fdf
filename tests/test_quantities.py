"""Counts in text: a level reached, a target or plan, a change by an amount;
with their unit and approximation. Sentences written for these tests."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.quantities import CHANGE, LEVEL, TARGET, extract_quantities, holds_a_number


def kinds(text: str) -> list[tuple[int, str | None, str]]:
    return [(q.value, q.unit, q.kind) for q in extract_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A plan, however it is phrased, is not a level reached.
        ("The U.S. military has begun reducing its forces in Afghanistan to 8,600 troops over 135 days.",
         [(8600, "troops", TARGET), (135, "days", TARGET)]),
        ("Officials said they plan to bring the number down to about 4,500 troops by November.",
         [(4500, "troops", TARGET)]),
        ("The government moved to release up to 2,000 Taliban prisoners.", [(2000, "prisoners", TARGET)]),
        ("Any further reduction of US troops below 8,600 would be contingent on the talks.",
         [(8600, "troops", TARGET)]),
        # Soldiers who will leave are a departure to come; those who remain, and will leave later, the force.
        ("Some 1,800 soldiers will leave in the first phase, officials said.", [(1800, "troops", TARGET)]),
        ("About 6,200 soldiers remain and will leave later.", [(6200, "troops", LEVEL)]),
        # A change by an amount.
        ("The military withdrew roughly 2,000 personnel from bases in the south.", [(2000, "troops", CHANGE)]),
        ("The Pentagon cut its forces by 4,000 to 8,600 troops.", [(4000, "troops", CHANGE), (8600, "troops", LEVEL)]),
        ("Insurgents freed 20 government soldiers on Sunday.", [(20, "troops", CHANGE)]),
        # Levels observed.
        ("The number of US troops in Afghanistan is now 8,600.", [(8600, "troops", LEVEL)]),
        ("Some 13,000 U.S. troops were in the country when the deal was signed.", [(13000, "troops", LEVEL)]),
        ("More than 4,000 Taliban prisoners have been freed so far.", [(4000, "prisoners", LEVEL)]),
        ("U.S. troop numbers in Afghanistan had been cut to 2,500, the lowest level in years.",
         [(2500, "troops", LEVEL)]),
        # A plan in the clause after ", and that" is that clause's, not the count's.
        ("Officials said the force had come down to 3,200, a new low, and that further cuts would be up to Congress.",
         [(3200, "troops", LEVEL)]),
        ("The force had shrunk to 3,200 soldiers but would fall again by spring.", [(3200, "troops", LEVEL)]),
        # "now" is the level now, whatever is planned next (the force named
        # before, set off by commas, is the unit of both); those who flew out left.
        ("The force, now about 8,600, would shrink to some 4,500 by November.",
         [(8600, "troops", LEVEL), (4500, "troops", TARGET)]),
        ("The last group of about 250 soldiers had flown out of the northern base.", [(250, "troops", CHANGE)]),
        ("It cut its force to 8,600 soldiers and pulled out of five bases.",
         [(8600, "troops", LEVEL), (5, "bases", CHANGE)]),
        # The dead are not a force.
        ("The deployment in which 59 German soldiers lost their lives ended on Tuesday.", [(59, "troops", CHANGE)]),
        # What the count is ("the level the deal called for"), said after it, is no plan for it.
        ("Officials said US forces were down to 7,900, which is the level the pact called for within 90 days.",
         [(7900, "troops", LEVEL), (90, "days", TARGET)]),
        # Fallen from one count to another by a date: both reached.
        ("The force fell from about 11,000 in spring to roughly 7,900 by mid-July.",
         [(11000, "troops", LEVEL), (7900, "troops", LEVEL)]),
        ("The force will fall from 7,900 to 4,000 by winter.", [(7900, "troops", LEVEL), (4000, "troops", TARGET)]),
        # None left is a count of zero.
        ("By Tuesday no American soldiers remained in the country.", [(0, "troops", LEVEL)]),
        # A count reached, named by the plan it meets; not when it is still to come.
        ("By June the force had fallen to the agreed level of 8,600 troops.", [(8600, "troops", LEVEL)]),
        ("The force will have fallen to the agreed level of 8,600 troops by July.", [(8600, "troops", TARGET)]),
        # ... the count left behind by a departure, or on the ground.
        ("The final airlift took off at dawn, leaving no British soldiers in the country.", [(0, "troops", LEVEL)]),
        ("By evening there were no Canadian forces left on the ground.", [(0, "troops", LEVEL)]),
        ("The handover leaves no foreign troops on Afghan soil.", [(0, "troops", LEVEL)]),
    ],
)
def test_kind_of_each_count(text: str, expected: list[tuple[int, str | None, str]]) -> None:
    assert kinds(text) == expected


def test_approximations_are_kept() -> None:
    text = "Nearly 8,600 troops remain, more than 4,000 prisoners were freed, about 30 bases and roughly 12 camps."
    assert [(q.value, q.approximation) for q in extract_quantities(text)] == [
        (8600, "nearly"), (4000, "more than"), (30, "about"), (12, "roughly"),
    ]
    assert all(q.approximate for q in extract_quantities(text))
    assert not extract_quantities("There are 8,600 troops.")[0].approximate


def test_the_level_before_is_marked_and_keeps_the_unit() -> None:
    found = extract_quantities("Nearly 8,600 American troops remain, down from about 12,000 in March.")
    assert [(q.value, q.unit, q.kind, q.previous) for q in found] == [
        (8600, "troops", LEVEL, False), (12000, "troops", LEVEL, True),
    ]
    assert found[0].describe() == "nearly 8,600 troops (level)"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([
    "about ", "8,600 ", "troops ", "will ", "cut ", "to ", "from ", "up to ", "2020 ", "May 26 ", "by ",
    "withdrew ", "prisoners ", "$5 billion ", "400 to 600 ", "between 3 and 4 ", ". ", ", ", "five bases ",
    "16.9 million ", "12.5 percent ", "1,234.5 ", "2020.5 ",
]), max_size=30))
def test_counts_are_slices_of_the_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    for q in extract_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.kind in (LEVEL, TARGET, CHANGE)
        assert re.fullmatch(r"[\d,]+(?:\.\d+)?|[A-Za-z]+", text[q.start: q.end]), text[q.start: q.end]


def test_a_force_named_before_its_count() -> None:
    """ "the force had reached 8,600" and "forces ... have come down to 2,500"
    are head counts; a year after the word is still a year."""
    found = extract_quantities("Officials said last week that the force had reached 8,600.")
    assert [(q.value, q.unit, q.kind) for q in found] == [(8600, "troops", "level")]
    found = extract_quantities("US forces in the country have come down to 2,500, the ministry said.")
    assert [(q.value, q.unit) for q in found] == [(2500, "troops")]
    assert extract_quantities("The force of 2020 was smaller than planned.") == []



@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,- $troopsmilnabu\n", max_size=60))
def test_any_run_of_digits_and_marks_is_read_without_error(text: str) -> None:
    """Numbers with decimals ("16.9 million"), stray commas and dashes: the
    reader never fails (it once raised on any four-character decimal, which
    stopped the import of an article that had one)."""
    for q in extract_quantities(text):
        assert 0 <= q.start < q.end <= len(text)


def test_a_decimal_is_not_a_year() -> None:
    assert [(q.value, q.unit) for q in extract_quantities("About 16.9 million people faced hunger.")] == [(16, None)]


def test_a_military_presence_is_a_force_and_a_count_reached_by_a_date_is_a_level() -> None:
    text = "The American military presence, which stood at about 12,000 when the pact was signed, was cut to 3,000 by March."
    found = [(q.value, q.unit, q.kind) for q in extract_quantities(text)]
    assert found == [(12000, "troops", LEVEL), (3000, "troops", LEVEL)]
    # the level at the signing is the one before
    assert [q.previous for q in extract_quantities(text)] == [True, False]
    planned = [(q.value, q.kind) for q in extract_quantities("The force will be cut to 3,000 troops by March.")]
    assert planned == [(3000, TARGET)]
    assert [q.unit for q in extract_quantities("The military fired 40 rounds.")] == [None]


def test_a_force_set_off_by_commas_keeps_its_unit() -> None:
    """ "the force, now fewer than 6,000, would shrink further, to about
    1,500": both are counts of troops; a count set off after fighters is not."""
    text = "He said the force, now fewer than 6,000, would shrink further, to about 1,500, by the end of the year."
    assert [(q.value, q.unit) for q in extract_quantities(text)] == [(6000, "troops"), (1500, "troops")]
    assert [q.unit for q in extract_quantities("Taliban fighters, 300 of them, crossed the river.")] == [None]


def test_a_level_that_stands_at_a_count_and_a_count_before_how_early_it_came() -> None:
    """ "The troop level stands at 3,100" is a level of troops; in "cut to
    7,200 weeks ahead of schedule" the weeks say how early, not what was counted."""
    assert kinds("The troop level stands at 3,100, the lowest in years.") == [(3100, "troops", LEVEL)]
    assert kinds("Allied forces were brought down to 7,200 weeks ahead of schedule.") == [(7200, "troops", LEVEL)]
    assert kinds("The cut was finished within 120 days.") == [(120, "days", TARGET)]


@given(st.lists(st.sampled_from(["no", "none", "zero", "American", "soldiers", "troops", "remained", "remain", "left",
                                 "no American soldiers remained", "no troops were left", "five", "thousand", "dozen",
                                 "12,000", "8600", "2021", "about", "the", "prisoners", "were", "freed", "in",
                                 "country", ",", "."]), max_size=14))
def test_a_passage_without_a_number_has_no_count(words: list[str]) -> None:
    """`holds_a_number` is the cheap test that lets `suggest` skip a passage's
    count bonuses: wherever a count is found, it must say there may be one."""
    text = " ".join(words)
    if extract_quantities(text):
        assert holds_a_number(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a force planned to stay is a plan, however the plan is said
        ("Roughly 400 U.S. soldiers are expected to stay on to guard the mission.", TARGET),
        ("Officials said some 400 troops will remain for the mission's security.", TARGET),
        ("We expect about 400 troops to remain after the pullout.", TARGET),
        # ... and a count that stands now stays a level, abbreviations and all
        ("About 2,500 U.S. troops remain in the country. Officials said a decision would come.", LEVEL),
    ],
)
def test_a_force_planned_to_stay_is_not_a_level(text: str, expected: str) -> None:
    assert [q.kind for q in extract_quantities(text)] == [expected], extract_quantities(text)
