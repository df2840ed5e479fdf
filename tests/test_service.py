"""Service use cases, run on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker.errors import InvalidInput, NotFound
from tracker.service import SourceInput, Tracker

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TIME = "002_bf3b210313e2d176.txt"


def _source_id(tracker: Tracker, filename: str) -> int:
    text = (SEEDS / filename).read_text(encoding="utf-8")
    return tracker.add_source(SourceInput(text=text, name=filename)).id


def test_seeded_tracker_has_the_curated_record(seeded: Tracker) -> None:
    assert len(seeded.list_sources()) == 5
    evidence = seeded.all_evidence()
    assert len(evidence) >= 20
    assert len({e.obligation_id for e in evidence}) >= 6
    history = seeded.all_history()
    assert all(c.effective_on == dt.date(2020, 6, 1) for cs in history.values() for c in cs)
    for item in evidence:  # every quote is an exact passage of its article
        source = seeded.source(item.source_id)
        assert source.text[item.position.start:item.position.end] == item.quote.exact


def test_un_report_sentence_in_four_articles_is_one_claimant(seeded: Tracker) -> None:
    detail = seeded.detail("aq-no-cooperation")
    echoes = [v for v in detail.evidence if "ideological sympathy and intermarriage" in v.evidence.quote.exact]
    assert len({v.evidence.source_id for v in echoes}) == 4
    assert len({v.evidence.claimant for v in echoes}) == 1
    leaders = {v.echo_of or v.evidence.id for v in echoes}
    assert len(leaders) == 1, "the four copies are one echo group"
    claimants = {v.evidence.claimant for v in detail.evidence if not v.evidence.retracted}
    assert detail.independent_claimants == len(claimants)
    assert detail.independent_claimants < len(detail.evidence)


def test_same_article_twice_is_one_source(empty_tracker: Tracker) -> None:
    first = _source_id(empty_tracker, TIME)
    again = empty_tracker.add_source(SourceInput(text=(SEEDS / TIME).read_text(encoding="utf-8")))
    assert again.id == first and not again.created
    assert len(empty_tracker.list_sources()) == 1


def test_metadata_and_chrome_are_read_from_the_text(empty_tracker: Tracker) -> None:
    source = empty_tracker.source(_source_id(empty_tracker, TIME))
    assert source.author == "Kimberly Dozier"
    assert source.outlet == "Time"
    assert source.published_on == dt.date(2020, 6, 1)
    chrome = [source.text[a:b] for a, b in source.chrome]
    assert "Share this post" in chrome and "Sign in to follow this" in chrome
    assert "Share this post" in source.text  # kept in the stored text
    with pytest.raises(InvalidInput, match="page furniture"):
        empty_tracker.add_evidence("aq-no-cooperation", source.id, "Share this post")


def test_evidence_quote_must_be_in_the_source(empty_tracker: Tracker) -> None:
    sid = _source_id(empty_tracker, TIME)
    with pytest.raises(InvalidInput, match="closest passage") as info:
        empty_tracker.add_evidence("us-drawdown-8600", sid, "down from 13,000 troops in February to about 8,600 troops")
    assert "roughly 8,600" in str(info.value)
    assert empty_tracker.all_evidence() == []


def test_evidence_is_anchored_with_normalised_quotes(empty_tracker: Tracker) -> None:
    sid = _source_id(empty_tracker, TIME)
    typed = 'that the Taliban would "honour their historical ties" to the terrorist group'
    item = empty_tracker.add_evidence(
        "aq-no-cooperation", sid, typed, stance="indicates-breach", claimant="UN Monitoring Team",
        observed_on="last week", value="2,000",
    )
    source = empty_tracker.source(sid)
    assert source.text[item.position.start:item.position.end] == item.quote.exact
    assert "“honour their historical ties”" in item.quote.exact
    assert item.quote.prefix and item.quote.suffix
    assert item.observed_on == dt.date(2020, 5, 25)  # "last week" from the 1 June article
    assert item.value == 2000


def test_unknown_ids_suggest_the_nearest(empty_tracker: Tracker) -> None:
    with pytest.raises(NotFound, match="did you mean us-drawdown-8600"):
        empty_tracker.obligation("us-drawdown-860")
    with pytest.raises(NotFound, match="unknown source '99'"):
        empty_tracker.source(99)
    with pytest.raises(InvalidInput, match="did you mean breached"):
        empty_tracker.set_status("five-bases", "breeched", effective="2020-08-01", because="x")


def test_status_history_is_append_only_and_chained(empty_tracker: Tracker) -> None:
    sid = _source_id(empty_tracker, TIME)
    ev = empty_tracker.add_evidence("us-drawdown-8600", sid, "roughly 8,600 troops last week", stance="supports-compliance", value=8600)
    first = empty_tracker.set_status("us-drawdown-8600", "in-progress", effective="2020-03-15", because="drawdown under way")
    second = empty_tracker.set_status(
        "us-drawdown-8600", "met", effective="June 1 2020", because="Time: roughly 8,600", evidence_ids=[ev.id],
        confidence="high",
    )
    assert second.prev_hash == first.hash and second.seq == 2
    assert [c.status.value for c in empty_tracker.history("us-drawdown-8600")] == ["in-progress", "met"]
    result = empty_tracker.verify()
    assert result.ok, result.problems


def test_status_refuses_bad_input_and_changes_nothing(empty_tracker: Tracker) -> None:
    with pytest.raises(InvalidInput, match="before the agreement was signed"):
        empty_tracker.set_status("five-bases", "pending", effective="2019-12-31", because="x")
    with pytest.raises(InvalidInput, match="rationale"):
        empty_tracker.set_status("five-bases", "pending", effective="2020-03-01", because="  ")
    with pytest.raises(InvalidInput, match="ambiguous"):
        empty_tracker.set_status("five-bases", "pending", effective="03/04/2020", because="x")
    with pytest.raises(InvalidInput, match="not a real date"):
        empty_tracker.set_status("five-bases", "pending", effective="2020-02-30", because="x")
    with pytest.raises(NotFound):
        empty_tracker.set_status("five-bases", "pending", effective="2020-03-01", because="x", evidence_ids=[42])
    assert empty_tracker.all_history() == {}


def test_retraction_keeps_the_record(empty_tracker: Tracker) -> None:
    sid = _source_id(empty_tracker, TIME)
    ev = empty_tracker.add_evidence("us-drawdown-8600", sid, "roughly 8,600 troops last week")
    retracted = empty_tracker.retract_evidence(ev.id, "Reuters figure superseded")
    assert retracted.retracted and retracted.retraction_reason == "Reuters figure superseded"
    assert len(empty_tracker.all_evidence()) == 1
    with pytest.raises(InvalidInput, match="already retracted"):
        empty_tracker.retract_evidence(ev.id, "again")
    with pytest.raises(InvalidInput, match="retracted"):
        empty_tracker.set_status("us-drawdown-8600", "met", effective="2020-06-01", because="x", evidence_ids=[ev.id])
    assert empty_tracker.verify().ok


def test_as_of_replays_only_what_was_recorded_and_effective(empty_tracker: Tracker) -> None:
    t = empty_tracker
    t.set_status("intra-afghan-talks", "pending", effective="2020-03-01", because="due 10 March",
                 recorded_at=dt.datetime(2020, 3, 1, 9))
    t.set_status("intra-afghan-talks", "stalled", effective="2020-03-11", because="missed",
                 recorded_at=dt.datetime(2020, 3, 20, 9))
    # learned late: recorded in June about a fact effective in April
    t.set_status("intra-afghan-talks", "breached", effective="2020-04-01", because="learned later",
                 recorded_at=dt.datetime(2020, 6, 1, 9))

    def status_on(day: str, *, audit: bool = False) -> str:
        on = dt.date.fromisoformat(day)
        rows = t.obligation_rows(as_of=on, known_on=on) if audit else t.obligation_rows(as_of=on)
        return next(r.status.value for r in rows if r.obligation.id == "intra-afghan-talks")

    # audit view (--known-on): only what had been recorded by then
    assert status_on("2020-02-29", audit=True) == "not-assessed"
    assert status_on("2020-03-05", audit=True) == "pending"
    assert status_on("2020-03-15", audit=True) == "pending"  # the stall was recorded on 20 March
    assert status_on("2020-04-15", audit=True) == "stalled"  # April's breach not yet known
    assert status_on("2020-06-01", audit=True) == "breached"
    # looking back (--as-of): what is known now about that day, whenever it was recorded
    assert status_on("2020-03-15") == "stalled"
    assert status_on("2020-04-15") == "breached"
    latest = t.obligation_rows()
    assert next(r for r in latest if r.obligation.id == "intra-afghan-talks").status.value == "breached"
    rows = {r.obligation.id: r for r in t.obligation_rows(as_of=dt.date(2020, 3, 15))}
    assert rows["intra-afghan-talks"].deadline.overdue
    assert rows["intra-afghan-talks"].deadline.days_left == -5


def test_report_json_matches_catalogue(seeded: Tracker) -> None:
    import json

    from tracker.report import render

    data = json.loads(render(seeded.report(as_of=dt.date(2020, 6, 1)), "json"))
    ids = [o["id"] for o in data["obligations"]]
    assert sorted(ids) == sorted(o.id for o in seeded.catalogue().obligations)
    by_id = {o["id"]: o for o in data["obligations"]}
    drawdown = by_id["us-drawdown-8600"]
    assert drawdown["deadline"] == "2020-07-13" and drawdown["overdue"] is False
    assert drawdown["metric"]["latest"] == 8600
    assert drawdown["history"] and drawdown["evidence"]
    assert by_id["intra-afghan-talks"]["overdue"] is True
    assert all({"id", "status", "deadline", "overdue", "evidence", "history"} <= set(o) for o in data["obligations"])
    day = dt.date(2020, 3, 1)
    audit = json.loads(render(seeded.report(as_of=day, known_on=day), "json"))  # nothing was recorded by then
    assert all(o["status"] == "not-assessed" and o["evidence"] == [] for o in audit["obligations"])
    # looking back with what is known now: only what was observed by then (the seeds were written later)
    before = json.loads(render(seeded.report(as_of=day), "json"))
    assert all(o["status"] == "not-assessed" for o in before["obligations"])
    observed = [e["observed_on"] for o in before["obligations"] for e in o["evidence"]]
    assert observed and all(on <= "2020-03-01" for on in observed)


def test_report_since_lists_changes(seeded: Tracker) -> None:
    report = seeded.report(as_of=dt.date(2020, 6, 2), since=dt.date(2020, 5, 1))
    changed = [i for i in report.items if i.changes_since]
    assert {i.id for i in changed} == {i.id for i in report.items if i.history}


def test_search_finds_sources_and_obligations(seeded: Tracker) -> None:
    hits = seeded.search("intermarriage")
    sources = [h for h in hits if h.kind == "source"]
    assert len(sources) == 4
    assert any("«" in h.snippet for h in sources)
    assert any(h.kind == "obligation" and h.ref == "prisoner-release" for h in seeded.search("prisoners"))
    with pytest.raises(InvalidInput):
        seeded.search("   ")


def test_verify_detects_tampering_with_status_and_evidence(seeded: Tracker) -> None:
    assert seeded.verify().ok
    with seeded.store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE status_changes SET status='met' WHERE obligation_id='intra-afghan-talks'"))
    problems = seeded.verify().problems
    assert any("intra-afghan-talks" in p and "changed" in p for p in problems)


def test_verify_detects_deleted_evidence(seeded: Tracker) -> None:
    with seeded.store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM evidence WHERE id = 3"))
    problems = seeded.verify().problems
    assert any("evidence 4" in p and "does not follow" in p for p in problems)


def test_export_import_round_trip(seeded: Tracker, tmp_path: Path) -> None:
    data = seeded.export_data()
    target = Tracker(f"sqlite:///{tmp_path / 'copy.db'}", "tester")
    target.upgrade()
    target.import_data(data)
    assert target.verify().heads == seeded.verify().heads
    from tracker.report import render

    day = dt.date(2020, 6, 1)
    left = render(seeded.report(as_of=day), "md")
    right = render(target.report(as_of=day), "md")
    assert left == right
    with pytest.raises(InvalidInput, match="not empty"):
        target.import_data(data)


def test_search_refuses_a_query_too_long_to_run_cheaply(seeded: Tracker) -> None:
    with pytest.raises(InvalidInput, match="at most 32 words"):
        seeded.search(" ".join(f"word{i}" for i in range(400)))
    assert seeded.search("prisoners taliban")  # a normal query still works
