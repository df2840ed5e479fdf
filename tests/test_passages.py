"""Sentence splitting: missing spaces after full stops, abbreviations,
quotes, and no passage longer than MAX_PASSAGE_CHARS whatever the input.
Sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.passages import MAX_PASSAGE_CHARS, split_passages

GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold" / "sentences.yaml"


def sentences(text: str) -> list[str]:
    return [p.text for p in split_passages(text)]


def test_a_missing_space_after_a_full_stop_still_ends_a_sentence() -> None:
    assert sentences("All troops will leave the country.Biden will speak on Wednesday, officials said.") == [
        "All troops will leave the country.", "Biden will speak on Wednesday, officials said.",
    ]
    # Abbreviations and names glued to a word do not split.
    assert sentences("Gen. Miller met them in Jan. to discuss the pace of the U.S.-led pullout.") == [
        "Gen. Miller met them in Jan. to discuss the pace of the U.S.-led pullout.",
    ]
    assert sentences("Some 2,500 troops remain.Gen. Miller said more would go.") == [
        "Some 2,500 troops remain.", "Gen. Miller said more would go.",
    ]


def test_the_sentence_gold() -> None:
    data = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    for paragraph in data["paragraphs"]:
        assert sentences(paragraph["text"]) == paragraph["sentences"]


def test_a_run_on_paragraph_is_cut_at_clause_breaks() -> None:
    text = "; ".join(f"officials in district {n} met the elders and the council" for n in range(60)) + "."
    pieces = split_passages(text)
    assert len(pieces) > 1
    assert all(len(p.text) <= MAX_PASSAGE_CHARS for p in pieces)
    assert all(p.text.endswith(("council;", "council.")) for p in pieces)
    assert "".join(p.text + " " for p in pieces).strip() == text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["word ", "the U.S. ", "said.", "Then ", '"', "\u201c", ", ", "; ", "x" * 40]),
                max_size=400))
def test_no_passage_is_longer_than_the_cap(pieces: list[str]) -> None:
    text = "".join(pieces)
    for p in split_passages(text):
        assert len(p.text) <= MAX_PASSAGE_CHARS
        assert text[p.start: p.end] == p.text


def test_a_hard_wrapped_paragraph_is_one_paragraph() -> None:
    text = ("Kabul, July 2, 2020\n\nUS forces in the country now number 8,600, a spokesman said on Wednesday, meeting\n"
            "the first target of the deal. Officials expect further cuts\nby the autumn.\n\nA new paragraph.\n")
    passages = split_passages(text)
    body = [p for p in passages if not p.heading]
    assert body[0].text.startswith("US forces") and body[0].text.endswith("target of the deal.")
    assert body[1].text == "Officials expect further cuts\nby the autumn."
    assert body[0].paragraph == body[1].paragraph != body[2].paragraph
    assert all(text[p.start:p.end] == p.text for p in passages)


def test_each_item_of_a_list_is_a_passage_of_its_own() -> None:
    text = ("What the accord asks:\n\n1. The rebels cut their attacks by half within a month.\n"
            "2. The government frees its prisoners in three rounds\n3) Both sides open talks in the spring\n"
            "- Sanctions reviewed by the summer\n")
    passages = split_passages(text)
    assert [p.text for p in passages] == [
        "What the accord asks:",
        "1. The rebels cut their attacks by half within a month.",
        "2. The government frees its prisoners in three rounds",
        "3) Both sides open talks in the spring",
        "- Sanctions reviewed by the summer",
    ]
    # an item is a statement, not a headline, even with no full stop
    assert not any(p.heading for p in passages)
    # ... while a number ending a sentence still ends it
    assert sentences("They counted 2020. The next year was worse.") == ["They counted 2020.", "The next year was worse."]


def test_the_timed_entries_of_a_live_page_are_not_joined() -> None:
    text = "The convoy left the base at\n10.40 am local time, a spokesman said.\nSummary of the day\n21:03 Envoy to speak on Friday\n"
    assert sentences(text) == [
        "The convoy left the base at\n10.40 am local time, a spokesman said.",
        "Summary of the day",
        "21:03 Envoy to speak on Friday",
    ]


def test_a_post_ending_with_its_link_is_cut_into_sentences_and_its_signature_is_chrome() -> None:
    from tracker.domain.text import chrome_spans

    text = ("Our fighters were bombed while they attacked no one. This is a clear breach. pic.twitter.com/Xy12ab\n"
            "\u2014 Ruhullah Amin (@ruhullah_amin) March 5, 2020\n")
    passages = split_passages(text, chrome_spans(text))
    assert [(p.text, p.heading) for p in passages] == [
        ("Our fighters were bombed while they attacked no one.", False),
        ("This is a clear breach. pic.twitter.com/Xy12ab", False),
    ]
