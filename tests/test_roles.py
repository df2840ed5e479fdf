"""Least privilege on PostgreSQL (`tracker db roles`): a reader that can only read,
an editor that can only append, and history that nobody may rewrite.

Real server, real logins, the CLI in a subprocess. The PostgreSQL tests skip
when TRACKER_TEST_PG_URL is unset (the `pg_url` fixture gives each test a
schema of its own); the group roles are cluster-wide and stay, the logins made
here are dropped at the end.
"""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from pgschema import PG_URL
from trackers import make_tracker, run_tracker

from tracker.store.roles import EDITOR, HISTORY_TABLES, READER, roles_script

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = """Taliban free 100 more prisoners, officials say

Kabul, June 4, 2020

The Taliban released 100 more Afghan government prisoners on Thursday, a spokesman said.
"""


def run(db: str, *args: str, ok: bool = True, author: str = "analyst") -> subprocess.CompletedProcess[str]:
    return run_tracker(db, *args, ok=ok, author=author)


def as_login(url: str, login: str) -> str:
    return sa.make_url(url).set(username=login).render_as_string(hide_password=False)


@pytest.fixture
def logins(pg_url: str) -> Iterator[tuple[str, str, str]]:
    """(owner url, reader url, editor url) on a seeded schema with the roles made."""
    make_tracker(pg_url).close()
    first = run(pg_url, "db", "roles")
    again = run(pg_url, "db", "roles")  # idempotent
    assert "tracker_reader and tracker_editor" in first.stderr and again.stderr == first.stderr
    tag = uuid.uuid4().hex[:10]
    reader, editor = f"t_reader_{tag}", f"t_editor_{tag}"
    admin = sa.create_engine(PG_URL or "")
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE ROLE {reader} LOGIN IN ROLE {READER}"))
            conn.execute(sa.text(f"CREATE ROLE {editor} LOGIN IN ROLE {EDITOR}"))
        yield pg_url, as_login(pg_url, reader), as_login(pg_url, editor)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP ROLE IF EXISTS {reader}"))
            conn.execute(sa.text(f"DROP ROLE IF EXISTS {editor}"))
        admin.dispose()


def refused(url: str, *statements: str) -> str:
    """The server's message when the last of `statements` fails (in one transaction, rolled back)."""
    engine = sa.create_engine(url)
    try:
        with pytest.raises(sa.exc.DBAPIError) as caught, engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
        return str(caught.value.orig)
    finally:
        engine.dispose()


def test_reader_reads_but_cannot_write(logins: tuple[str, str, str]) -> None:
    _, reader, _ = logins
    assert "Doha" in run(reader, "report").stdout
    done = run(reader, "status", "set", "prisoner-release", "met", "--effective", "2020-09-01",
               "--because", "all released", ok=False)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "read-only" in lines[0], done.stderr
    run(reader, "verify")


@pytest.mark.slow
def test_editor_appends_and_history_cannot_be_rewritten(logins: tuple[str, str, str], tmp_path: Path) -> None:
    owner, _, editor = logins
    entry = run(editor, "status", "set", "prisoner-release", "partial", "--effective", "2020-06-04",
                "--because", "100 more released").stderr
    seq = re.search(r"\(entry (\d+),", entry)
    assert seq, entry
    run(editor, "status", "review", "prisoner-release", seq.group(1), "--approve", author="second")
    article = tmp_path / "prisoners.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    source_id = run(editor, "sources", "add", str(article)).stdout.strip()
    evidence = run(editor, "evidence", "add", "prisoner-release", source_id, "--quote",
                   "released 100 more Afghan government prisoners", "--stance", "supports-compliance").stdout
    evidence_id = evidence.strip()
    assert evidence_id.isdigit()
    # triage is the editor's too: the suggestions kept at import can be decided
    waiting = json.loads(run(editor, "inbox", "--format", "json").stdout)
    assert waiting
    first = json.loads(run(editor, "inbox", "--source", str(waiting[0]["source"]), "--format", "json").stdout)[0]
    run(editor, "inbox", "reject", str(first["id"]), "--reason", "not about the deal")
    run(editor, "sources", "edit", source_id, "--title", "Prisoners freed")
    run(editor, "evidence", "correct", evidence_id, "--reason", "it is context", "--stance", "context")
    run(editor, "evidence", "retract", evidence_id, "--reason", "wrong article")

    # the editor holds no UPDATE or DELETE on history …
    for statement in ("UPDATE status_changes SET rationale = 'rewritten'", "DELETE FROM status_changes"):
        assert "permission denied" in refused(editor, statement)
    assert "permission denied" in refused(editor, "DELETE FROM sources")
    assert "permission denied" in refused(editor, "INSERT INTO catalogue_items VALUES ('x', 'y', 0, '{}')")
    # … and the trigger refuses the owner (a superuser here), and the editor even if granted more;
    # every history table has rows now, so each row trigger has a row to refuse
    for table in HISTORY_TABLES:
        message = refused(owner, f"DELETE FROM {table}")
        assert re.search(f"{table} is append-only history", message), message
    assert "append-only history: its rows cannot be updated" in refused(
        owner, "UPDATE status_changes SET rationale = 'rewritten'")
    assert "cannot be truncated" in refused(owner, "TRUNCATE status_changes")
    login = sa.make_url(editor).username
    assert "append-only history" in refused(  # rolled back: the grant goes too
        owner, f"GRANT UPDATE, DELETE ON status_changes TO {login}", f"SET ROLE {login}",
        "DELETE FROM status_changes")

    assert "ok:" in run(owner, "verify").stderr


def test_roles_print_shows_the_sql_and_changes_nothing(pg_url: str) -> None:
    make_tracker(pg_url, seeds=False).close()
    schema = sa.make_url(pg_url).query["options"].split("=", 1)[1]
    shown = run(pg_url, "db", "roles", "--print").stdout
    assert shown == roles_script(schema)
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            triggers = conn.execute(sa.text(
                "SELECT count(*) FROM information_schema.triggers WHERE trigger_schema = current_schema()")).scalar()
    finally:
        engine.dispose()
    assert triggers == 0


def test_readme_shows_the_sql_that_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert roles_script("public") in readme


def test_roles_on_sqlite_is_one_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'tracker.db'}"
    done = run(db, "db", "roles", ok=False)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "PostgreSQL feature" in lines[0]
