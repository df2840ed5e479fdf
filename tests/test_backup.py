"""`tracker import` checks the whole backup and refuses a bad one, writing nothing."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from trackers import make_tracker

from tracker.domain import ledger
from tracker.errors import InvalidInput
from tracker.service import Tracker

Damage = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    url = f"sqlite:///{tmp_path_factory.mktemp('backup') / 'seeded.db'}"
    tracker = make_tracker(url)
    tracker.retract_evidence(1, "checking retractions travel too")
    data = tracker.export_data()
    tracker.close()
    return json.loads(json.dumps(data))  # exactly what the file holds


def _rehash_evidence(data: dict[str, Any], index: int) -> None:
    """Recompute one evidence hash as a forger would (the chain then breaks at the next link)."""
    item = data["evidence"][index]
    sha = next(s["sha256"] for s in data["sources"] if s["id"] == item["source_id"])
    import datetime as dt

    fields = ledger.EVIDENCE_CHAIN.hashed({
        **item, "created_at": dt.datetime.fromisoformat(item["created_at"]),
        "observed_on": dt.date.fromisoformat(item["observed_on"]) if item["observed_on"] else None,
    }, source_sha256=sha)
    item["hash"] = ledger.record_hash(item["prev_hash"], fields)


def _edit_quote(d: dict[str, Any]) -> None:
    d["evidence"][2]["exact"] = d["evidence"][2]["exact"].replace("the", "no", 1)


def _edit_status(d: dict[str, Any]) -> None:
    d["status_changes"][0]["status"] = "met" if d["status_changes"][0]["status"] != "met" else "breached"


def _edit_hash(d: dict[str, Any]) -> None:
    d["evidence"][4]["hash"] = "f" * 64


def _forged_link(d: dict[str, Any]) -> None:
    d["evidence"][3]["stance"] = "indicates-breach" if d["evidence"][3]["stance"] != "indicates-breach" else "context"
    _rehash_evidence(d, 3)


def _source_text(d: dict[str, Any]) -> None:
    d["sources"][1]["text"] = d["sources"][1]["text"] + " An added sentence."


def _bad_start(d: dict[str, Any]) -> None:
    d["evidence"][0]["start"] = "abc"


def _unknown_status(d: dict[str, Any]) -> None:
    d["status_changes"][0]["status"] = "finished"


def _string_for_list(d: dict[str, Any]) -> None:
    d["status_changes"][0]["evidence_ids"] = "1,2"


def _version(d: dict[str, Any]) -> None:
    d["version"] = 99


def _dropped_evidence(d: dict[str, Any]) -> None:
    del d["evidence"][5]


def _unknown_obligation(d: dict[str, Any]) -> None:
    d["evidence"][0]["obligation_id"] = "no-such-thing"


CASES: list[tuple[str, Damage, str]] = [
    ("edited quote", _edit_quote, "evidence 3: its quote is not at"),
    ("edited status", _edit_status, "was changed after it was recorded"),
    ("edited hash", _edit_hash, "evidence 5 was changed after it was recorded"),
    ("forged chain entry", _forged_link, "evidence 5 does not follow"),
    ("source text", _source_text, "source 2: its text does not match its sha256"),
    ("type damage: start", _bad_start, "evidence[0].start"),
    ("unknown status", _unknown_status, "status_changes[0].status"),
    ("string for a list", _string_for_list, "status_changes[0].evidence_ids"),
    ("version 99", _version, "version 99"),
    ("deleted evidence", _dropped_evidence, "evidence ids must run"),
    ("unknown obligation", _unknown_obligation, "unknown obligation 'no-such-thing'"),
]


@pytest.mark.parametrize(("name", "damage", "message"), CASES, ids=[c[0] for c in CASES])
def test_a_damaged_backup_is_refused_whole(
    backup: dict[str, Any], empty_tracker_url: str, name: str, damage: Damage, message: str
) -> None:
    data = copy.deepcopy(backup)
    damage(data)
    tracker = Tracker(empty_tracker_url, "tester")
    tracker.upgrade()
    with pytest.raises(InvalidInput, match=message.replace("[", r"\[").replace("]", r"\]")) as caught:
        tracker.import_data(data)
    assert "\n" not in str(caught.value)
    assert tracker.all_evidence() == [] and tracker.list_sources() == [] and tracker.all_history() == {}
    tracker.close()


def test_an_untouched_backup_loads_and_verifies(backup: dict[str, Any], empty_tracker_url: str) -> None:
    tracker = Tracker(empty_tracker_url, "tester")
    tracker.upgrade()
    counts = tracker.import_data(copy.deepcopy(backup))
    assert counts["evidence"] == len(backup["evidence"]) and counts["retractions"] == 1
    assert tracker.verify().ok
    assert tracker.evidence(1).retracted


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_tracker_url(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        from pgschema import drop_pg_schema, new_pg_schema

        schema, url = new_pg_schema()
        yield url
        drop_pg_schema(schema)


def test_cli_import_of_a_forged_backup_is_one_line(backup: dict[str, Any], tmp_path: Path) -> None:
    data = copy.deepcopy(backup)
    _forged_link(data)
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    db = tmp_path / "target.db"
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", f"sqlite:///{db}", "import", str(path)],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: ")
    assert "evidence 5 does not follow" in done.stderr
    assert not db.exists(), "a refused backup creates nothing"
