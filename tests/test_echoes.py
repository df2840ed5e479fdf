"""Echoes of one quote across the seed articles."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.domain.catalogue import parse_catalogue
from tracker.domain.claimants import Speakers
from tracker.domain.claimants import extract_claimant as claimant_in
from tracker.domain.echoes import claim_groups, echo_groups, independent_claimants
from tracker.domain.passages import split_passages
from tracker.domain.text import chrome_spans

ROOT = Path(__file__).resolve().parent.parent
UN_MONITORING_TEAM = "UN Analytical Support and Sanctions Monitoring Team"
SPEAKERS = Speakers.for_catalogue(parse_catalogue((ROOT / "obligations.yaml").read_text(encoding="utf-8")))


def extract_claimant(passage: str, context: str = "") -> str | None:
    return claimant_in(passage, context, SPEAKERS)
SEEDS = ROOT / "seeds"
UN_SENTENCE = "remain close, based on friendship, a history of shared struggle, ideological sympathy and intermarriage"


def seed_passages() -> list[tuple[tuple[str, int], str]]:
    items = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for p in split_passages(text, chrome_spans(text)):
            items.append(((path.name[:3], p.start), p.text))
    return items


def group_of(groups: list[list[tuple[str, int]]], key: tuple[str, int]) -> list[tuple[str, int]]:
    return next(g for g in groups if key in g)


def test_the_un_sentence_in_four_articles_is_one_group() -> None:
    items = seed_passages()
    un = [key for key, text in items if "ideological sympathy and intermarriage" in text]
    assert sorted(k[0] for k in un) == ["000", "001", "003", "004"]
    groups = echo_groups(items)
    group = group_of(groups, un[0])
    assert sorted(group) == sorted(un)


def test_distinct_quotes_stay_apart() -> None:
    items = seed_passages()
    groups = echo_groups(items)
    text_of = dict(items)
    un = next(k for k, t in items if "ideological sympathy" in t)
    consulted = next(k for k, t in items if "regularly consulted with al Qaeda" in t)
    assert group_of(groups, un) != group_of(groups, consulted)
    # The "regularly consulted" sentence is echoed too (000, 001, 004, and
    # paraphrased with a partial quote in 003).
    assert {k[0] for k in group_of(groups, consulted)} >= {"000", "001", "004"}
    # Every key in exactly one group, in order of first appearance.
    flat = [k for g in groups for k in g]
    assert sorted(flat) == sorted(text_of)
    firsts = [g[0] for g in groups]
    order = [k for k, _ in items]
    assert firsts == sorted(firsts, key=order.index)


def test_headline_and_lede_paraphrase_is_not_an_echo() -> None:
    items = seed_passages()
    groups = echo_groups(items)
    headline = next(k for k, t in items if t.startswith("UN Monitors: Taliban Maintains"))
    lede = next(k for k, t in items if t.startswith("The Taliban still maintains close ties"))
    assert group_of(groups, headline) != group_of(groups, lede)


def test_curated_evidence_quotes_without_quote_marks() -> None:
    data = yaml.safe_load((SEEDS / "evidence.yaml").read_text(encoding="utf-8"))
    items = [(e["key"], e["quote"]) for e in data["evidence"]]
    groups = echo_groups(items)
    group = next(g for g in groups if "nr-un-remain-close" in g)
    assert sorted(group) == sorted(["nr-un-remain-close", "pj-un-remain-close", "rferl-un-remain-close", "cnn-un-remain-close"])


def test_independent_claimants_merges_echoes() -> None:
    items = seed_passages()
    un_passages = [(k, t) for k, t in items if UN_SENTENCE[:40] in t]
    # As four outlets relay it: one claimant, whoever each outlet credits.
    claims = [("UN Monitoring Team", un_passages[0][1]), (None, un_passages[1][1]),
              ("the U.N. report", un_passages[2][1]), (UN_MONITORING_TEAM, un_passages[3][1])]
    assert independent_claimants(claims) == 1
    shaheen = ("Taliban spokesman Suhail Shaheen", "I totally refute this report; it is a baseless accusation.")
    khalilzad = ("US envoy Zalmay Khalilzad", "There is progress, but we will continue to monitor those activities.")
    assert independent_claimants([*claims, shaheen, khalilzad]) == 3
    assert independent_claimants([*claims, shaheen, shaheen]) == 2
    assert independent_claimants([]) == 0


def test_claimants_from_extraction_on_the_four_echoes() -> None:
    claimants = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for p in split_passages(text, chrome_spans(text)):
            if "ideological sympathy and intermarriage" in p.text:
                claimants.append(extract_claimant(p.text, text[: p.start]))
    assert claimants == [UN_MONITORING_TEAM] * 4


def test_objects_with_claimant_and_quote() -> None:
    class Quote:
        def __init__(self, exact: str) -> None:
            self.exact = exact

    class Ev:
        def __init__(self, claimant: str | None, exact: str) -> None:
            self.claimant = claimant
            self.quote = Quote(exact)

    evidence = [Ev("UN", UN_SENTENCE), Ev("Reuters", "Relations between the Taliban and Al-Qaida " + UN_SENTENCE)]
    assert claim_groups(evidence) == [[0, 1]]
    assert independent_claimants(evidence) == 1


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=12))
def test_groups_partition_the_keys(texts: list[str]) -> None:
    items = list(enumerate(texts))
    groups = echo_groups(items)
    assert sorted(k for g in groups for k in g) == list(range(len(texts)))
    # Identical long texts always echo.
    if texts and len(texts[0]) >= 60:
        doubled = [*items, (len(texts), texts[0])]
        g = echo_groups(doubled)
        assert any(0 in grp and len(texts) in grp for grp in g)
