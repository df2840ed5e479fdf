"""The one party/status/theme filter rule, as the CLI and the TUI both use it."""

from __future__ import annotations

from pathlib import Path

from tracker.domain.catalogue import parse_catalogue
from tracker.domain.filters import ObligationQuery, Side, matches, owes, parse_query

CATALOGUE = parse_catalogue((Path(__file__).resolve().parent.parent / "obligations.yaml").read_text(), "obligations.yaml")


def _kept(query: ObligationQuery, prefix: bool = False) -> set[str]:
    return {o.id for o in CATALOGUE.obligations if matches(query, o, status="not-assessed", overdue=False, prefix=prefix)}


def test_party_means_the_obligor_unless_the_side_says_owed_to() -> None:
    owed_by = _kept(parse_query("party:taliban"))
    owed_to = _kept(parse_query("owed-to:taliban"))
    assert "aq-no-use-of-soil" in owed_by and "aq-no-use-of-soil" not in owed_to
    assert "us-drawdown-8600" in owed_to and "us-drawdown-8600" not in owed_by
    assert owed_by == {o.id for o in CATALOGUE.obligations if owes(o, "taliban")}
    assert owed_to == {o.id for o in CATALOGUE.obligations if owes(o, "taliban", Side.BENEFICIARY)}


def test_typed_filter_matches_prefixes_and_words() -> None:
    query = parse_query("by:tal theme:counter soil")
    assert query.party == "tal" and query.theme == "counter" and query.words == ("soil",)
    assert _kept(query, prefix=True) == {"aq-no-use-of-soil"}
    assert _kept(query) == set()  # exact values only, as the CLI asks


def test_status_and_overdue_are_checked() -> None:
    obligation = CATALOGUE.obligations[0]
    assert matches(parse_query("status:met"), obligation, status="met", overdue=False)
    assert not matches(parse_query("status:met"), obligation, status="stalled", overdue=False)
    assert not matches(parse_query("overdue"), obligation, status="stalled", overdue=False)
    assert matches(parse_query("overdue"), obligation, status="stalled", overdue=True)
