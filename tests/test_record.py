"""What the record means (issue 13): two views of the past, the agreement's end,
conditions, the scorecard, readings by assessor, reason codes, corrections,
second reviews and the Joint Declaration. Run on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tracker.domain.assess import deadline_state
from tracker.domain.models import Deadline, Obligation, Status
from tracker.errors import InvalidInput, NotFound
from tracker.service import Clock, Tracker

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def record(seeded: Tracker) -> Tracker:
    seeded.clock = Clock(today=TODAY)
    return seeded


def _row(tracker: Tracker, obligation_id: str, **view: dt.date) -> object:
    return next(r for r in tracker.obligation_rows(**view) if r.obligation.id == obligation_id)


def test_as_of_shows_entries_recorded_later_and_known_on_does_not(record: Tracker) -> None:
    record.set_status("unsc-endorsement", "met", effective="2020-03-10",
                      because="Resolution 2513 endorsed the agreement on 10 March.")
    as_of = _row(record, "unsc-endorsement", as_of=dt.date(2020, 3, 31))
    audit = _row(record, "unsc-endorsement", known_on=dt.date(2020, 3, 31))
    both = _row(record, "unsc-endorsement", as_of=dt.date(2020, 3, 31), known_on=dt.date(2020, 6, 1))
    assert as_of.status is Status.MET  # type: ignore[attr-defined]
    assert audit.status is Status.NOT_ASSESSED  # type: ignore[attr-defined]
    assert both.status is Status.NOT_ASSESSED  # type: ignore[attr-defined]
    report = record.report(as_of=dt.date(2020, 3, 31))
    assert next(i for i in report.items if i.id == "unsc-endorsement").status == "met"
    # a seed entry effective on 1 June is not in force on 31 March, whenever it was recorded
    assert _row(record, "us-drawdown-8600", as_of=dt.date(2020, 3, 31)).status is Status.NOT_ASSESSED  # type: ignore[attr-defined]


def test_evidence_in_a_past_view_is_what_was_observed_by_then(record: Tracker) -> None:
    before = record.detail("us-drawdown-8600", as_of=dt.date(2020, 5, 1))
    after = record.detail("us-drawdown-8600", as_of=dt.date(2020, 6, 1))
    assert all((v.evidence.observed_on or v.evidence.created_at.date()) <= dt.date(2020, 5, 1) for v in before.evidence)
    assert len(after.evidence) > len(before.evidence)
    assert before.metric is not None and before.metric.latest is None


def test_clocks_stop_when_the_agreement_ends() -> None:
    obligation = Obligation(
        id="x", agreement="a", part="P", clause="1", obligor=("us",), title="T", summary="S",
        deadline=Deadline(kind="relative", days=135),
    )
    signed, ended = dt.date(2020, 2, 29), dt.date(2021, 8, 30)
    open_later = deadline_state(obligation, signed, Status.STALLED, dt.date(2026, 11, 25), ended_on=ended)
    assert open_later.lapsed and not open_later.overdue
    assert open_later.days_left == (dt.date(2020, 7, 13) - ended).days  # frozen at the end
    assert open_later.label == "lapsed (413 days overdue at the end)" and open_later.short == "lapsed +413d"
    during = deadline_state(obligation, signed, Status.STALLED, dt.date(2020, 8, 1), ended_on=ended)
    assert during.overdue and not during.lapsed and during.label == "19 days overdue"
    late = deadline_state(obligation, signed, Status.MET, dt.date(2026, 11, 25), met_on=dt.date(2020, 8, 1), ended_on=ended)
    assert late.days_late == 19 and late.label == "met 19 days late" and late.short == "met 19d late" and not late.lapsed
    on_time = deadline_state(obligation, signed, Status.MET, TODAY, met_on=dt.date(2020, 6, 1), ended_on=ended)
    assert on_time.days_late == 0 and on_time.label == "met on time"


def test_report_json_carries_days_late_and_lapsed(record: Tracker, tmp_path: Path) -> None:
    from tracker.report import render

    data = json.loads(render(record.report(), "json"))
    by_id = {o["id"]: o for o in data["obligations"]}
    assert by_id["five-bases"]["lapsed"] is True
    assert by_id["us-drawdown-8600"]["days_late"] in (0, None)
    assert data["agreement"]["ended_on"] is None or data["agreement"]["ended_on"] == "2021-08-30"


def test_a_condition_changing_flags_its_dependents_until_they_are_reviewed(record: Tracker) -> None:
    assert not _row(record, "full-withdrawal-14-months").to_review  # type: ignore[attr-defined]
    record.set_status("aq-no-cooperation", "breached", effective="2020-06-01", because="Ties unchanged (UN).")
    flagged = _row(record, "full-withdrawal-14-months")
    assert flagged.to_review  # type: ignore[attr-defined]
    detail = record.detail("full-withdrawal-14-months")
    assert {c.obligation.id: c.status.value for c in detail.conditions}["aq-no-cooperation"] == "breached"
    report = record.report()
    assert next(i for i in report.items if i.id == "full-withdrawal-14-months").to_review
    record.set_status("full-withdrawal-14-months", "stalled", effective="2020-06-01",
                      because="Withdrawal conditions in doubt after the UN finding.", reason_code="conditions-unmet")
    assert not _row(record, "full-withdrawal-14-months").to_review  # type: ignore[attr-defined]


def test_readings_by_assessor_sit_beside_the_headline(record: Tracker) -> None:
    detail = record.detail("aq-no-cooperation")
    assert detail.status is not None and detail.status.status is Status.DISPUTED  # ours, the headline
    readings = {r.assessor: r.status for r in detail.readings}
    assert readings == {"un-monitoring-team": Status.BREACHED, "taliban": Status.MET}
    report = record.report()
    item = next(i for i in report.items if i.id == "aq-no-cooperation")
    assert {r.assessor for r in item.readings} == {"un-monitoring-team", "taliban"}
    assert item.status == "disputed"
    with pytest.raises(InvalidInput, match=r"unknown assessor 'talibn'.*taliban"):
        record.set_status("aq-no-cooperation", "met", effective="2020-06-01", because="x", assessor="talibn")
    reading = record.set_status("aq-no-cooperation", "breached", effective="2020-07-01",
                                because="A later finding.", assessor="un-monitoring-team")
    assert reading.seq == 2 and reading.assessor == "un-monitoring-team"
    assert record.detail("aq-no-cooperation").status.status is Status.DISPUTED  # type: ignore[union-attr]
    assert record.verify().ok


def test_reason_codes_come_from_the_catalogue_and_are_counted(record: Tracker) -> None:
    with pytest.raises(InvalidInput, match="unknown reason code"):
        record.set_status("intra-afghan-talks", "stalled", effective="2020-06-01", because="x", reason_code="weather")
    with pytest.raises(InvalidInput, match="not 'met'"):
        record.set_status("intra-afghan-talks", "met", effective="2020-06-01", because="x", reason_code="disputed-facts")
    record.set_status("intra-afghan-talks", "stalled", effective="2020-06-01", because="Prisoner dispute.",
                      reason_code="third-party-obstruction")
    taliban = next(s for s in record.scorecard() if s.party_id == "taliban")
    assert taliban.reason_codes == {"third-party-obstruction": 1}


def test_scorecard_counts_each_obligor(record: Tracker) -> None:
    scores = {s.party_id: s for s in record.scorecard(agreement="doha-2020")}
    assert scores["taliban"].obligations == 8
    assert scores["us"].met_on_time == 1  # the drawdown, met before its deadline
    assert scores["taliban"].lapsed == 8  # every Taliban obligation was still open when the agreement ended
    early = {s.party_id: s for s in record.scorecard(as_of=dt.date(2020, 6, 1), agreement="doha-2020")}
    assert early["taliban"].lapsed == 0 and early["taliban"].overdue == 1


def test_a_correction_keeps_every_version_and_flags_what_cites_it(record: Tracker) -> None:
    cited = record.history("aq-no-cooperation")[-1].evidence_ids[0]
    before = record.evidence(cited)
    corrected = record.correct_evidence(cited, stance="context", reason="It describes ties, not a breach by itself")
    assert corrected.version == 2 and corrected.corrected and corrected.stance.value == "context"
    assert record.evidence(cited).stance.value == "context"
    original, corrections = record.evidence_history(cited)
    assert original.stance == before.stance and len(corrections) == 1
    detail = record.detail("aq-no-cooperation")
    assert cited in detail.flags[("analyst", detail.status.seq)].cites_corrected  # type: ignore[union-attr]
    audit = record.detail("aq-no-cooperation", known_on=dt.date(2020, 6, 1))
    assert next(v for v in audit.evidence if v.evidence.id == cited).evidence.stance == before.stance
    log = record.report().corrections
    assert any(c.kind == "correction" and c.evidence_id == cited and ("stance", before.stance.value, "context") in c.changed
               for c in log)
    with pytest.raises(InvalidInput, match="changes nothing"):
        record.correct_evidence(cited, stance="context", reason="again")
    with pytest.raises(InvalidInput, match="needs a reason"):
        record.correct_evidence(cited, stance="indicates-breach", reason=" ")
    assert record.verify().ok


def test_a_second_review_comes_from_someone_else(record: Tracker) -> None:
    db_url = record.db_url
    entry = record.history("aq-no-cooperation")[-1]
    with pytest.raises(InvalidInput, match="someone else"):
        Tracker(db_url, entry.author).review_status("aq-no-cooperation", entry.seq, approve=True)
    with pytest.raises(InvalidInput, match="objection needs a reason"):
        Tracker(db_url, "reviewer").review_status("aq-no-cooperation", entry.seq, approve=False, because="")
    with pytest.raises(NotFound, match="no status entry 99"):
        Tracker(db_url, "reviewer").review_status("aq-no-cooperation", 99, approve=True)
    item = next(i for i in record.report().items if i.id == "aq-no-cooperation")
    assert item.unreviewed
    Tracker(db_url, "reviewer").review_status("aq-no-cooperation", entry.seq, approve=True, because="Checked the quotes")
    item = next(i for i in record.report().items if i.id == "aq-no-cooperation")
    assert not item.unreviewed and item.history[-1].reviewed is True
    assert record.verify().ok


def test_the_joint_declaration_is_a_second_agreement_linked_to_doha(record: Tracker) -> None:
    catalogue = record.catalogue()
    assert {a.id for a in catalogue.agreements} == {"doha-2020", "us-afghanistan-2020"}
    joint = record.obligation_rows(agreement="us-afghanistan-2020")
    assert joint and all(r.obligation.agreement == "us-afghanistan-2020" for r in joint)
    assert any("afghan-government" in r.obligation.obligor for r in joint)
    links = {o.id: set(o.depends_on) for o in catalogue.obligations}
    assert {"aq-no-use-of-soil", "aq-no-cooperation"} <= links["jd-full-withdrawal"]
    assert "jd-prisoner-discussions" in links["prisoner-release"]
    doha_only = record.report(agreement="doha-2020")
    both = record.report()
    assert len(both.items) == len(catalogue.obligations) > len(doha_only.items)
    with pytest.raises(NotFound, match="unknown agreement"):
        record.report(agreement="yalta-1945")


def test_new_records_travel_in_a_backup(record: Tracker, tmp_path: Path) -> None:
    record.correct_evidence(1, note="Checked against the Pentagon's figure.", reason="A note added")
    entry = record.history("us-drawdown-8600")[-1]
    record.author = "reviewer"
    record.review_status("us-drawdown-8600", entry.seq, approve=True)
    data = json.loads(json.dumps(record.export_data()))
    assert data["corrections"] and data["reviews"] and data["monitors"] and data["reason_codes"]
    fresh = Tracker(f"sqlite:///{tmp_path / 'copy.db'}", "tester")
    fresh.import_data(data)
    assert fresh.verify().ok
    assert fresh.evidence(1).corrected
    assert {r.assessor for r in fresh.detail("aq-no-cooperation").readings} == {"un-monitoring-team", "taliban"}
    old = {k: v for k, v in data.items() if k not in ("corrections", "reviews", "monitors", "reason_codes")}
    old["status_changes"] = [s for s in old["status_changes"] if s["assessor"] == "analyst"]
    for entry_row in old["status_changes"]:
        del entry_row["assessor"], entry_row["reason_code"]
    older = Tracker(f"sqlite:///{tmp_path / 'old.db'}", "tester")
    older.import_data(old)
    assert older.verify().ok


def test_a_restatement_shows_the_evidence_of_the_act_it_restates(record: Tracker) -> None:
    from tracker.report import render

    catalogue = record.catalogue()
    assert catalogue.shares_evidence_with("jd-us-drawdown-8600") == ("us-drawdown-8600",)
    assert catalogue.shares_evidence_with("us-drawdown-8600") == ("jd-us-drawdown-8600",)
    assert catalogue.shares_evidence_with("jd-security-assistance") == ()  # the declaration's own
    original = record.detail("us-drawdown-8600")
    own = [v.evidence.id for v in original.evidence]
    assert own
    restated = record.detail("jd-us-drawdown-8600")
    assert restated.evidence == ()  # nothing recorded under the restatement itself
    assert [v.evidence.id for v in restated.shared] == own
    # a span recorded under both shows once, as the restatement's own
    first = original.evidence[0].evidence
    mine = record.add_evidence("jd-us-drawdown-8600", first.source_id, first.quote.exact, prefix=first.quote.prefix,
                               suffix=first.quote.suffix, stance=first.stance)
    restated = record.detail("jd-us-drawdown-8600")
    assert [v.evidence.id for v in restated.evidence] == [mine.id]
    assert first.id not in [v.evidence.id for v in restated.shared]
    assert mine.id not in [v.evidence.id for v in record.detail("us-drawdown-8600").shared]
    # the report says what the restatement shares, without counting it as its own
    item = next(i for i in record.report().items if i.id == "jd-us-drawdown-8600")
    assert [e.id for e in item.evidence] == [mine.id]
    assert len(item.shared_evidence) == len(own) - 1
    assert item.shared_summary.endswith("under us-drawdown-8600, the same act in another agreement")
    assert "**Shared:**" in render(record.report(), "md")
