"""Tamper evidence: editing, deleting or reordering any record by hand in SQL
makes `tracker verify` exit 1 and name it; an untouched record verifies.

Deleting the last entry of a chain cannot be seen from inside the database;
`tracker verify` prints the heads so a user can keep them elsewhere, and
`tracker verify --expect FILE` fails when a kept head has gone.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import sqlalchemy as sa
from rel_support import make_tracker, run_cli

from tracker.service import SourceInput

D = "us-drawdown-8600"  # the template gives it a chain of three status entries
SWAP_SEQ = [
    f"UPDATE status_changes SET seq = -1 WHERE obligation_id = '{D}' AND seq = 1",
    f"UPDATE status_changes SET seq = 1 WHERE obligation_id = '{D}' AND seq = 2",
    f"UPDATE status_changes SET seq = 2 WHERE obligation_id = '{D}' AND seq = -1",
]
SWAP_EVIDENCE = [
    "UPDATE evidence SET id = -10 WHERE id = 10",
    "UPDATE evidence SET id = 10 WHERE id = 11",
    "UPDATE evidence SET id = 11 WHERE id = -10",
]
FORGED = (
    "INSERT INTO status_changes (obligation_id, seq, status, confidence, effective_on, recorded_at, rationale, "
    "evidence_ids, author, prev_hash, hash) SELECT obligation_id, 4, 'met', 'high', effective_on, recorded_at, "
    f"'forged', '[]', 'mallory', hash, '{'f' * 64}' FROM status_changes WHERE obligation_id = '{D}' AND seq = 3"
)

CASES = {
    "status-edit-rationale": ([f"UPDATE status_changes SET rationale = 'edited' WHERE obligation_id = '{D}' AND seq = 2"],
                              [f"status history of {D}: entry 2", "changed after it was recorded"]),
    "status-edit-status": ([f"UPDATE status_changes SET status = 'breached' WHERE obligation_id = '{D}' AND seq = 1"],
                           [f"status history of {D}: entry 1"]),
    "status-edit-effective-date": (
        [f"UPDATE status_changes SET effective_on = '2020-03-01' WHERE obligation_id = '{D}' AND seq = 3"],
        [f"status history of {D}: entry 3"]),
    "status-edit-recorded-at": (
        [f"UPDATE status_changes SET recorded_at = '2020-03-01 00:00:00' WHERE obligation_id = '{D}' AND seq = 2"],
        [f"status history of {D}: entry 2"]),
    "status-edit-cited-evidence": (
        [f"UPDATE status_changes SET evidence_ids = '[]' WHERE obligation_id = '{D}' AND seq = 1"],
        [f"status history of {D}: entry 1"]),
    "status-delete-middle": ([f"DELETE FROM status_changes WHERE obligation_id = '{D}' AND seq = 2"],
                             [f"status history of {D}: entry 2 is missing or out of order"]),
    "status-delete-first": ([f"DELETE FROM status_changes WHERE obligation_id = '{D}' AND seq = 1"],
                            [f"status history of {D}: entry 1 is missing"]),
    "status-reorder": (SWAP_SEQ, [f"status history of {D}: entry 1"]),
    "status-forged-append": ([FORGED], [f"status history of {D}: entry 4", "changed"]),
    "status-moved-to-other-obligation": (
        [f"UPDATE status_changes SET obligation_id = 'five-bases' WHERE obligation_id = '{D}' AND seq = 3"],
        ["status history of five-bases"]),
    "evidence-edit-quote": (["UPDATE evidence SET exact = 'forged words' WHERE id = 10"], ["evidence 10"]),
    "evidence-edit-stance": (["UPDATE evidence SET stance = 'indicates-breach' WHERE id = 1"], ["evidence 1 was changed"]),
    "evidence-edit-value": (["UPDATE evidence SET value = 99999 WHERE id = 2"], ["evidence 2 was changed"]),
    "evidence-edit-author": (["UPDATE evidence SET author = 'mallory' WHERE id = 3"], ["evidence 3 was changed"]),
    "evidence-retarget": (["UPDATE evidence SET obligation_id = 'five-bases' WHERE id = 5"], ["evidence 5 was changed"]),
    "evidence-delete-middle": (["DELETE FROM evidence WHERE id = 10"], ["evidence 11 does not follow"]),
    "evidence-reorder": (SWAP_EVIDENCE, ["evidence 10"]),
    "retraction-edit-reason": (["UPDATE evidence_retractions SET reason = 'edited' WHERE id = 1"],
                               ["retraction 1 (of evidence 50) was changed"]),
    "retraction-delete-first": (["DELETE FROM evidence_retractions WHERE id = 1"],
                                ["retraction 2 (of evidence 49) does not follow"]),
    "retraction-retarget": (["UPDATE evidence_retractions SET evidence_id = 1 WHERE id = 2"], ["retraction 2"]),
    "retraction-of-edited-evidence": (["UPDATE evidence SET note = 'edited' WHERE id = 49"],
                                      ["evidence 49 was changed"]),
    "source-edit-text": (["UPDATE sources SET text = replace(text, 'Taliban', 'Talibam') WHERE id = 3"],
                         ["source 3: its text no longer matches"]),
}


def _apply(url: str, statements: list[str]) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(sa.text(statement))
    engine.dispose()


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampering_is_detected_and_named(case: str, seeded_sqlite: str) -> None:
    """Through the CLI on SQLite: exit 1, every stderr line a BROKEN line naming the row."""
    statements, needles = CASES[case]
    _apply(seeded_sqlite, statements)
    run = run_cli(seeded_sqlite, "verify")
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""
    broken = [line for line in run.lines if line.startswith("BROKEN ")]
    assert broken and len(broken) == len(run.lines), run.stderr
    for needle in needles:
        assert any(needle in line for line in broken), f"{needle!r} not named in: {run.stderr}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampering_is_detected_on_postgresql(case: str, seeded_pg: str) -> None:
    """The same cases on PostgreSQL, through the service (the CLI shell is the same code)."""
    from tracker.service import Tracker

    statements, needles = CASES[case]
    _apply(seeded_pg, statements)
    tracker = Tracker(seeded_pg)
    problems = tracker.verify().problems
    tracker.close()
    for needle in needles:
        assert any(needle in p for p in problems), f"{needle!r} not in {problems}"


@pytest.mark.slow
def test_deleting_the_last_entry_needs_kept_heads(own_seeded_url: str, tmp_path: Path) -> None:
    url = own_seeded_url
    first = run_cli(url, "verify")
    assert first.code == 0
    heads = tmp_path / "heads.txt"
    heads.write_text(first.stdout, encoding="utf-8")
    assert f"status/{D} head " in first.stdout and "evidence head " in first.stdout
    # legitimate growth after the heads were kept is fine
    tracker = make_tracker(url, seeds=False)
    tracker.set_status(D, "met", effective="2020-08-01", because="still met")
    tracker.close()
    assert run_cli(url, "verify", "--expect", str(heads)).code == 0
    for statements, needle in (
        ([f"DELETE FROM status_changes WHERE obligation_id = '{D}' AND seq >= 3"], f"status/{D}: the head you kept"),
        (["DELETE FROM evidence_retractions WHERE id = 2"], "retractions: the head you kept"),
    ):
        _apply(url, statements)
        assert run_cli(url, "verify").code == 0, "a truncated chain looks whole from inside the database"
        run = run_cli(url, "verify", "--expect", str(heads))
        assert run.code == 1 and any(needle in line for line in run.lines), run.stderr


def test_expect_file_must_be_verify_output(seeded_sqlite: str, tmp_path: Path) -> None:
    bad = tmp_path / "heads.txt"
    bad.write_text("evidence 1234\n", encoding="utf-8")
    run = run_cli(seeded_sqlite, "verify", "--expect", str(bad))
    assert run.code == 1 and len(run.lines) == 1 and "NAME head HASH" in run.stderr


def test_untouched_large_record_verifies(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'big.db'}"
    tracker = make_tracker(url, seeds=True)
    obligations = ["us-drawdown-8600", "five-bases", "prisoner-release", "aq-no-cooperation"]
    for part in range(20):
        text = "\n".join(f"Paragraph {part}-{i}: observers noted event {i} in part {part}." for i in range(40))
        sid = tracker.add_source(SourceInput(text=text, name=f"p{part}.txt")).id
        for i in range(0, 40, 2):
            tracker.add_evidence(obligations[i % 4], sid, f"observers noted event {i} in part {part}.",
                                 start=None, end=None)
        tracker.set_status(obligations[part % 4], "in-progress", effective=dt.date(2020, 3, 1) + dt.timedelta(days=part),
                           because=f"part {part}")
    for eid in range(60, 80):
        tracker.retract_evidence(eid, "bulk check")
    tracker.close()
    run = run_cli(url, "verify")
    assert run.code == 0, run.stderr
    assert "450 evidence, 20 retractions, 0 corrections, 0 reviews, 31 status" in run.stderr  # 11 seeded + 20
