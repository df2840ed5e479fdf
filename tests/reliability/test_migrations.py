"""Migrations and backups.

`fixtures/schema_0001.sqlite` was made by `tracker init` of the first released
schema (revision 0001), plus one retraction and a second status entry in a
chain. Every later release must upgrade it with all data intact. And
`tracker export` then `tracker import` into an empty database reproduces the
same report and the same history hashes, across backends too.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from rel_support import dump, run_cli

FIXTURE = Path(__file__).parent / "fixtures" / "schema_0001.sqlite"
DATA_TABLES = ("agreements", "parties", "obligations", "sources", "evidence", "evidence_retractions", "status_changes")


def _report(url: str, *extra: str) -> dict[str, Any]:
    run = run_cli(url, "report", "--format", "json", "--as-of", "2024-01-01", *extra)
    assert run.code == 0, run.stderr
    data = json.loads(run.stdout)
    data.pop("generated_at", None)
    return data


def _heads(url: str) -> str:
    run = run_cli(url, "verify")
    assert run.code == 0, run.stderr
    return run.stdout


def test_first_released_schema_upgrades_with_data_intact(tmp_path: Path) -> None:
    target = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, target)
    url = f"sqlite:///{target}"
    con = sqlite3.connect(target)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    con.close()
    before = {k: v for k, v in dump(url).items() if k in DATA_TABLES}
    assert len(before["sources"]) == 5 and len(before["evidence"]) == 50
    assert len(before["evidence_retractions"]) == 1 and len(before["status_changes"]) == 10

    upgraded = run_cli(url, "db", "upgrade")
    assert upgraded.code == 0, upgraded.stderr
    assert upgraded.stderr.startswith("schema: 0001 -> ")
    after = {k: v for k, v in dump(url).items() if k in DATA_TABLES}
    # later revisions add columns at the end of a row (who assessed a status, how a
    # source was read); every value that was there is still there, unchanged
    assert {k: [row[: len(before[k][0])] for row in rows] for k, rows in after.items()} == before, (
        "an upgrade changed or lost data")
    con = sqlite3.connect(target)
    assert set(con.execute("SELECT assessor FROM status_changes")) == {("analyst",)}
    assert set(con.execute("SELECT kind, original_sha256 FROM sources")) == {("text", None)}
    con.close()
    verify = run_cli(url, "verify")
    assert verify.code == 0, verify.stderr
    assert "50 evidence, 1 retractions, 0 corrections, 0 reviews, 10 status, 5 sources" in verify.stderr
    assert run_cli(url, "db", "upgrade").code == 0  # idempotent
    report = _report(url)
    assert any(o["id"] == "us-drawdown-8600" for o in report["obligations"])
    search = run_cli(url, "search", "prisoners")
    assert search.code == 0 and "source" in search.stdout  # the full-text index came along


def test_fixture_is_untouched_by_the_suite() -> None:
    con = sqlite3.connect(f"file:{FIXTURE}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert con.execute("SELECT count(*) FROM status_changes").fetchone() == (10,)
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize(("source_backend", "target_backend"), [
    ("sqlite", "sqlite"), ("sqlite", "postgresql"), ("postgresql", "sqlite"),
])
def test_export_import_reproduces_report_and_hashes(source_backend: str, target_backend: str,
                                                    request: pytest.FixtureRequest, tmp_path: Path) -> None:
    source = str(request.getfixturevalue("seeded_sqlite" if source_backend == "sqlite" else "seeded_pg"))
    if target_backend == "sqlite":
        target = f"sqlite:///{tmp_path / 'restored.db'}"
    else:
        target = str(request.getfixturevalue("fresh_pg"))
    backup = tmp_path / "backup.json"
    exported = run_cli(source, "export", "-o", str(backup))
    assert exported.code == 0, exported.stderr
    imported = run_cli(target, "import", str(backup))
    assert imported.code == 0, imported.stderr
    assert _heads(target) == _heads(source)
    assert _report(target, "--since", "2020-05-01") == _report(source, "--since", "2020-05-01")
    if (source_backend, target_backend) != ("sqlite", "sqlite"):
        return
    assert _report(target) == _report(source)
    # the restored database takes new writes and extends the same chains
    more = run_cli(target, "status", "set", "five-bases", "stalled", "--effective", "2020-09-01", "--because", "after restore")
    assert more.code == 0, more.stderr
    assert run_cli(target, "verify").code == 0
    again = run_cli(target, "import", str(backup))
    assert again.code == 1 and "not empty" in again.stderr
