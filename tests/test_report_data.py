"""The report as data: what build_report lays out for every renderer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_report_support import AS_OF, SINCE, build_rich, rich_tracker

from tracker.domain import assess
from tracker.domain.models import Confidence, Status, StatusChange
from tracker.domain.report import (
    EvidenceItem,
    ReportData,
    ReportItem,
    met_since,
    stance_groups,
    status_timeline,
    timing,
)
from tracker.service import Tracker


def _change(seq: int, status: str, on: str) -> StatusChange:
    day = dt.date.fromisoformat(on)
    return StatusChange(
        id=seq, obligation_id="x", seq=seq, status=Status(status), confidence=Confidence.MEDIUM, effective_on=day,
        recorded_at=dt.datetime.combine(day, dt.time(12)), rationale="r", author="a", prev_hash="0", hash=str(seq),
    )


def _evidence(eid: int, stance: str, echo_of: int | None = None, observed: str = "2020-03-01") -> EvidenceItem:
    return EvidenceItem(eid, stance, f"quote {eid}", 1, "t", "o", None, dt.date.fromisoformat(observed), None, echo_of)


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Tracker, dict[str, int]]]:
    tracker, ids = rich_tracker(tmp_path_factory.mktemp("data"))
    yield tracker, ids
    tracker.close()


@pytest.fixture(scope="module")
def report(rich: tuple[Tracker, dict[str, int]]) -> ReportData:
    return rich[0].report(since=SINCE)


def _item(report: ReportData, obligation_id: str) -> ReportItem:
    return next(i for i in report.items if i.id == obligation_id)


def test_echoes_fold_under_the_first_quote_within_a_stance() -> None:
    items = [_evidence(5, "indicates-breach"), _evidence(7, "indicates-breach", echo_of=5),
             _evidence(6, "supports-compliance"), _evidence(9, "indicates-breach", echo_of=5),
             _evidence(8, "context", echo_of=5)]
    groups = stance_groups(items)
    assert [g.stance for g in groups] == ["supports-compliance", "indicates-breach", "context"]
    breach = groups[1]
    assert [(g.lead.id, [e.id for e in g.echoes]) for g in breach.groups] == [(5, [7, 9])]
    assert breach.count == 3
    # The echo whose first item has another stance leads its own group.
    assert groups[2].groups[0].lead.id == 8


def test_timeline_covers_signing_to_report_date_and_merges_repeats() -> None:
    changes = [_change(1, "pending", "2020-03-10"), _change(2, "pending", "2020-04-01"),
               _change(3, "stalled", "2020-05-01"), _change(4, "met", "2020-05-01")]
    timeline = status_timeline(changes, dt.date(2020, 2, 29), dt.date(2020, 6, 30), dt.date(2020, 7, 13))
    assert [(s.status, s.start.isoformat(), s.end.isoformat()) for s in timeline.segments] == [
        ("not-assessed", "2020-02-29", "2020-03-10"),
        ("pending", "2020-03-10", "2020-05-01"),
        ("met", "2020-05-01", "2020-07-01"),  # the later entry of the same day holds it
    ]
    assert sum(s.days for s in timeline.segments) == (dt.date(2020, 7, 1) - dt.date(2020, 2, 29)).days


def test_met_on_time_or_late_counts_from_the_first_met_entry() -> None:
    changes = [_change(1, "pending", "2020-03-01"), _change(2, "met", "2020-07-10"), _change(3, "met", "2020-08-01")]
    assert met_since(changes) == dt.date(2020, 7, 10)
    due = assess.DeadlineState(dt.date(2020, 7, 13), -20, False, "met")
    assert timing("met", due, dt.date(2020, 7, 13))[:2] == ("on-time", "met on time")
    assert timing("met", due, dt.date(2020, 7, 20)) == ("late", "met 7 days late", 7)
    assert met_since([*changes, _change(4, "breached", "2020-09-01")]) is None


def test_every_obligation_lists_all_its_evidence_grouped_by_stance(report: ReportData) -> None:
    item = _item(report, "aq-no-cooperation")
    quotes = [g.lead.quote for s in item.stances for g in s.groups]
    assert any(q.startswith("I totally refute this report") for q in quotes)
    counts = {s.stance: s.count for s in item.stances}
    assert counts == item.stance_counts and sum(counts.values()) == len(item.evidence) > 2
    # The UN "remain close" sentence quoted by four outlets is one group with three echoes.
    close = next(g for s in item.stances for g in s.groups if "remain close" in g.lead.quote)
    assert len(close.echoes) == 3
    assert {e.source_outlet for e in (close.lead, *close.echoes)} >= {"CNN", "National Review"}
    assert all(e.source_url and e.source_url.startswith("https://") for e in item.evidence)


def test_scorecard_counts_by_party_with_late_and_on_time(report: ReportData) -> None:
    us = next(p for p in report.parties if p.party_id == "us")
    taliban = next(p for p in report.parties if p.party_id == "taliban")
    owed_by_us = [i for i in report.items if "us" in i.obligor_ids]
    assert us.obligations == len(owed_by_us) and sum(us.by_status.values()) == us.obligations
    assert us.met_on_time == 1  # the 8,600 drawdown, met 1 June before the 13 July deadline
    assert us.met_late == 1  # five bases: met 1 August, deadline 13 July
    assert _item(report, "five-bases").days_late == 19
    assert us.overdue == sum(i.overdue for i in owed_by_us)
    assert taliban.by_status.get("disputed") == 3 and taliban.met_on_time == 0


def test_troop_chart_has_every_value_with_target_and_deadline(report: ReportData) -> None:
    chart = report.charts[0]
    assert "troop" in chart.name.lower()
    assert [(p.on.isoformat(), p.value) for p in chart.points] == [
        ("2020-02-29", 13000), ("2020-05-25", 8600), ("2020-11-15", 4500), ("2021-01-15", 2500),
    ]
    assert chart.points[0].evidence_id is None  # the catalogue's baseline
    target = chart.targets[0]
    assert (target.obligation_id, target.target, target.deadline) == ("us-drawdown-8600", 8600, dt.date(2020, 7, 13))


def test_whats_new_and_corrections_log(report: ReportData, rich: tuple[Tracker, dict[str, int]]) -> None:
    ids = rich[1]
    news = report.whats_new
    assert news is not None and news.since == SINCE
    assert {e.id for e in news.new_evidence} == {ids["e4500"], ids["e2500"]}
    assert {(n.obligation_id, n.previous, n.entry.status) for n in news.status_changes} == {
        ("full-withdrawal-14-months", "pending", "in-progress"), ("five-bases", "not-assessed", "met"),
    }
    assert [e.id for e in news.retractions] == [ids["photo"]]
    assert [(c.kind, c.evidence_id) for c in report.corrections] == [("retraction", ids["photo"])]
    prisoners = _item(report, "prisoner-release")
    assert [e.id for e in prisoners.retracted_evidence] == [ids["photo"]]
    assert ids["photo"] not in {e.id for e in prisoners.evidence}
    assert prisoners.history[-1].cites_retracted == (ids["photo"],)


def test_the_past_report_knows_nothing_of_later_retractions(rich: tuple[Tracker, dict[str, int]]) -> None:
    tracker, ids = rich
    day = dt.date(2021, 1, 20)
    audit = tracker.report(as_of=day, known_on=day)  # what had been recorded by then
    assert not audit.corrections
    assert ids["photo"] in {e.id for e in _item(audit, "prisoner-release").evidence}
    assert {s.id for s in audit.sources} == {s.id for s in tracker.report().sources}
    # looking back with today's knowledge, the later retraction applies to that day too
    looking_back = tracker.report(as_of=day)
    assert [c.evidence_id for c in looking_back.corrections] == [ids["photo"]]
    assert ids["photo"] not in {e.id for e in _item(looking_back, "prisoner-release").evidence}


def test_sources_are_those_cited_with_hash_and_url(report: ReportData, rich: tuple[Tracker, dict[str, int]]) -> None:
    assert len(report.sources) == 6
    mine = next(s for s in report.sources if s.id == rich[1]["source"])
    assert mine.outlet == "Example Wire" and mine.url and "example.org" in mine.url and len(mine.sha256) == 64
    assert set(mine.evidence_ids) == {rich[1]["e4500"], rich[1]["e2500"]}


def test_report_on_both_backends(db_url: str, tmp_path: Path) -> None:
    tracker, ids = build_rich(db_url)
    try:
        report = tracker.report(as_of=AS_OF, since=SINCE)
        assert report.whats_new is not None and len(report.whats_new.new_evidence) == 2
        assert [p.value for p in report.charts[0].points][-1] == 2500
        assert report.corrections[0].evidence_id == ids["photo"]
    finally:
        tracker.close()
