"""Rules that live in one function, checked through the service every shell calls."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tracker.domain.evidence_groups import claimants_by_obligation
from tracker.domain.models import Evidence, Stance, TextPositionSelector, TextQuoteSelector
from tracker.errors import InvalidInput
from tracker.service import Clock, SourceInput, Tracker

ARTICLE = """Envoy says talks will resume

Kabul, May 2, 2020

The envoy said the two sides would meet again within a fortnight to settle the agenda.
A second paragraph adds nothing of substance to the first one.
"""


def _evidence(eid: int, claimant: str | None, quote: str) -> Evidence:
    return Evidence(
        id=eid, obligation_id="intra-afghan-talks", source_id=eid, quote=TextQuoteSelector(exact=quote),
        position=TextPositionSelector(start=0, end=len(quote)), stance=Stance.CONTEXT, claimant=claimant,
        author="a", created_at=dt.datetime(2020, 5, 1),
    )


def test_three_copies_of_one_quote_are_one_independent_claimant() -> None:
    quote = "the monitoring team found the group kept close ties with its old allies in the south"
    items = [_evidence(1, "Reuters", quote), _evidence(2, "CNN", quote), _evidence(3, None, quote)]
    assert claimants_by_obligation(items) == {"intra-afghan-talks": 1}


def test_the_same_passage_is_stored_once_per_obligation(empty_tracker: Tracker) -> None:
    source = empty_tracker.add_source(SourceInput(text=ARTICLE, name="envoy.txt")).id
    quote = "the two sides would meet again within a fortnight"
    first = empty_tracker.add_evidence("intra-afghan-talks", source, quote, stance="context")
    with pytest.raises(InvalidInput, match=f"already evidence {first.id}"):
        empty_tracker.add_evidence("intra-afghan-talks", source, quote, stance="supports-compliance")
    other = empty_tracker.add_evidence("ceasefire-agenda", source, quote)  # another obligation: fine
    assert other.id == first.id + 1
    empty_tracker.retract_evidence(first.id, "wrong stance")
    again = empty_tracker.add_evidence("intra-afghan-talks", source, quote, stance="supports-compliance")
    assert again.id == other.id + 1
    assert len(empty_tracker.all_evidence()) == 3


def test_an_accepted_suggestion_is_stored_once(seeded: Tracker) -> None:
    source, suggestions = seeded.suggest_source(3, top_k=3)
    fresh = [s for s in suggestions if not any(
        v.evidence.position.start == s.start and v.evidence.obligation_id == s.obligation
        for v in seeded.evidence_for(source_id=source.id))]
    assert fresh, "the seeded source has suggestions not yet stored"
    stored = seeded.accept_suggestion(source.id, fresh[0])
    with pytest.raises(InvalidInput, match=f"already evidence {stored.id}"):
        seeded.accept_suggestion(source.id, fresh[0])


def test_cli_and_service_apply_the_same_party_rule(seeded: Tracker) -> None:
    owed_by = {r.obligation.id for r in seeded.obligation_rows(party="taliban")}
    owed_to = {r.obligation.id for r in seeded.obligation_rows(party="taliban", side="beneficiary")}
    assert "aq-no-cooperation" in owed_by and "aq-no-cooperation" not in owed_to
    assert "us-drawdown-8600" in owed_to and "us-drawdown-8600" not in owed_by
    with pytest.raises(InvalidInput, match="unknown side"):
        seeded.obligation_rows(party="taliban", side="owner")


def test_deadlines_count_from_the_injected_clock(tmp_path: Path) -> None:
    from trackers import make_tracker

    url = f"sqlite:///{tmp_path / 't.db'}"
    make_tracker(url, seeds=False).close()
    early = Tracker(url, "a", clock=Clock(today=dt.date(2020, 7, 1)))
    late = Tracker(url, "a", clock=Clock(today=dt.date(2020, 7, 20)))
    by_id = {r.obligation.id: r for r in early.obligation_rows()}
    assert by_id["us-drawdown-8600"].deadline.days_left == 12
    assert {r.obligation.id: r for r in late.obligation_rows()}["us-drawdown-8600"].deadline.overdue
    assert early.today() == dt.date(2020, 7, 1)


def test_an_observation_after_its_article_is_refused_unless_forced(empty_tracker: Tracker) -> None:
    source = empty_tracker.add_source(SourceInput(text=ARTICLE, name="envoy.txt")).id
    quote = "the two sides would meet again within a fortnight"
    with pytest.raises(InvalidInput, match=r"after the source's date 2020-05-02.*--force"):
        empty_tracker.add_evidence("intra-afghan-talks", source, quote, observed_on="2021-12-01")
    with pytest.raises(InvalidInput, match="before the agreement was signed"):
        empty_tracker.add_evidence("intra-afghan-talks", source, quote, observed_on="2019-12-01")
    assert empty_tracker.all_evidence() == []
    kept = empty_tracker.add_evidence(
        "intra-afghan-talks", source, quote, observed_on="2020-05-16", force="the article was updated later"
    )
    assert kept.observed_on == dt.date(2020, 5, 16)
    assert kept.note is not None and "the article was updated later" in kept.note
