"""The bad-input matrix of docs/errors.md: one test per row.

Each row runs the real CLI in a subprocess and checks: exit 1 (0 for the
idempotent duplicate), exactly one line on stderr saying what is wrong and
what to do, no traceback, and the database unchanged (a logical dump of every
table, and for SQLite the checkpointed file bytes). Rows that touch the
database run on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rel_support import (
    ROOT,
    assert_user_error,
    cli_env,
    dump,
    run_cli,
    sqlite_bytes,
    sqlite_path,
)

BOTH = ("sqlite", "postgresql")
SQLITE = ("sqlite",)

ARTICLE = "Test outlet report\n\nThe Taliban said on Monday that they keep the agreement.\n"

SMALL_CATALOGUE = """\
agreements:
  - id: doha-2020
    title: Agreement for Bringing Peace to Afghanistan
    signed_on: 2020-02-29
    parties: [us, taliban]
    parts: [Part One]
parties:
  - id: us
    name: United States
  - id: taliban
    name: Taliban
obligations:
  - id: only-one
    agreement: doha-2020
    part: Part One
    clause: Part One 1
    obligor: [us]
    title: One obligation
    summary: A catalogue that drops every obligation the seeds use.
{extra}"""


def _obligation(ident: str, *, obligor: str = "us", conditions: str = "[]", deadline: str = "{none: true}") -> str:
    return (
        f"  - id: {ident}\n    agreement: doha-2020\n    part: Part One\n    clause: Part One 2\n"
        f"    obligor: [{obligor}]\n    title: T\n    summary: S\n    conditions: {conditions}\n"
        f"    deadline: {deadline}\n"
    )


# nine levels of nine aliases: a few hundred bytes that expand to 9**9 items
ALIAS_BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)).encode()


def catalogue(extra: str) -> bytes:
    return SMALL_CATALOGUE.format(extra=extra).encode()


@dataclass(frozen=True)
class Row:
    id: str
    args: tuple[str, ...]
    needles: tuple[str, ...]
    backends: tuple[str, ...] = BOTH
    files: dict[str, bytes] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    exit_code: int = 1


ROWS = [
    # -- sources add ---------------------------------------------------------------
    Row("source-missing", ("sources", "add", "{tmp}/nope.txt"), ("no such file", "check the path"), SQLITE),
    Row("source-folder", ("sources", "add", "{tmp}"), ("is a folder with no", ".pdf"), SQLITE),
    Row("source-empty", ("sources", "add", "{tmp}/empty.txt"), ("is empty",), SQLITE, {"empty.txt": b""}),
    Row("source-blank", ("sources", "add", "{tmp}/blank.txt"), ("is empty",), SQLITE, {"blank.txt": b"  \n\n\t \n"}),
    Row("source-stdin-empty", ("sources", "add", "-"), ("is empty",), SQLITE),
    Row("source-binary", ("sources", "add", "{tmp}/a.pdf"), ("not a readable PDF", "re-save"), SQLITE,
        {"a.pdf": b"%PDF-1.4\x00\x01\x02\xff\xfe" * 20}),
    Row("source-control-chars", ("sources", "add", "{tmp}/ctl.txt"), ("binary",), SQLITE,
        {"ctl.txt": b"text \x01\x02\x03\x04\x05\x06\x07\x08 more \x0e\x0f\x10\x11\x12"}),
    Row("source-not-utf8", ("sources", "add", "{tmp}/latin1.txt"), ("not UTF-8", "iconv"), SQLITE,
        {"latin1.txt": "Kabul caf\u00e9 r\u00e9sum\u00e9 of the talks".encode("latin-1")}),
    Row("source-huge", ("sources", "add", "{tmp}/big.txt"), ("over the 1000-byte limit", "TRACKER_MAX_SOURCE_BYTES"),
        BOTH, {"big.txt": ("The Taliban said so. " * 100).encode()}, {"TRACKER_MAX_SOURCE_BYTES": "1000"}),
    # one bad item among good ones no longer stops the batch: tests/intake/test_sources_add.py
    Row("source-duplicate", ("sources", "add", "{seed}/002_bf3b210313e2d176.txt"), ("already present as source",),
        BOTH, exit_code=0),
    Row("source-title-two-files", ("sources", "add", "{tmp}/good.txt", "{tmp}/good2.txt", "--title", "T"),
        ("one at a time",), SQLITE, {"good.txt": ARTICLE.encode(), "good2.txt": (ARTICLE + "x\n").encode()}),
    Row("source-published-impossible", ("sources", "add", "{tmp}/good.txt", "--published", "2020-02-30"),
        ("not a real date", "YYYY-MM-DD"), SQLITE, {"good.txt": ARTICLE.encode()}),
    Row("source-show-unknown", ("sources", "show", "999"), ("unknown source '999'", "tracker sources list")),
    Row("source-show-not-an-id", ("sources", "show", "abc"), ("not a source id",), SQLITE),
    Row("sources-list-format", ("sources", "list", "--format", "xml"), ("unknown format 'xml'",), SQLITE),
    # -- intake, feeds, inbox (issues 10 and 12) -----------------------------------------
    Row("source-pdf-scan-named-txt", ("sources", "add", "{tmp}/scan.pdf"), ("not a PDF", "check the file"), SQLITE,
        {"scan.pdf": b"just some words, not a PDF at all\n"}),
    Row("source-url-unreachable", ("sources", "add", "http://127.0.0.1:9/article"), ("cannot connect", "check the address"),
        SQLITE),
    Row("source-url-no-scheme", ("sources", "add", "www.example.org/news/talks"), ("no such file", "https://"), SQLITE),
    Row("source-feed-as-article", ("sources", "add", "{tmp}/desk.rss"), ("feed", "tracker feeds add"), SQLITE,
        {"desk.rss": b'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
                     b"<item><title>One</title><link>https://example.org/1</link></item></channel></rss>"}),
    Row("source-original-without-o", ("sources", "show", "1", "--original"), ("needs -o FILE",), SQLITE),
    Row("source-edit-nothing", ("sources", "edit", "1"), ("nothing to change", "--title"), SQLITE),
    Row("source-edit-empty-title", ("sources", "edit", "1", "--title", " "), ("title cannot be empty",), SQLITE),
    Row("source-edit-unknown", ("sources", "edit", "999", "--title", "T"), ("unknown source '999'",), SQLITE),
    Row("feeds-add-not-a-url", ("feeds", "add", "example.org/rss"), ("not an http(s) URL", "https://"), SQLITE),
    Row("feeds-add-unreachable", ("feeds", "add", "http://127.0.0.1:9/rss"), ("cannot connect",), SQLITE),
    Row("feeds-pull-none", ("feeds", "pull"), ("no feeds yet", "tracker feeds add URL"), SQLITE),
    Row("feeds-pull-unknown", ("feeds", "pull", "desk"), ("unknown feed 'desk'", "tracker feeds add"), SQLITE),
    Row("inbox-reject-unknown", ("inbox", "reject", "99999"), ("unknown suggestion 99999", "tracker inbox"), BOTH),
    Row("inbox-accept-not-an-id", ("inbox", "accept", "first"), ("not a suggestion id",), SQLITE),
    Row("inbox-unknown-source", ("inbox", "--source", "999"), ("unknown source '999'",), SQLITE),
    Row("db-roles-on-sqlite", ("db", "roles"), ("PostgreSQL feature",), SQLITE),
    Row("suggest-retrain-too-few", ("suggest", "--retrain"), ("too few to learn from", "tracker inbox"), SQLITE),
    Row("suggest-retrain-with-source", ("suggest", "--retrain", "--source", "1"), ("give it alone",), SQLITE),
    # -- catalogue (init) --------------------------------------------------------------
    Row("catalogue-missing", ("init", "--catalogue", "{tmp}/none.yaml"), ("no such file",), SQLITE),
    Row("catalogue-malformed-yaml", ("init", "--catalogue", "{tmp}/bad.yaml"), ("bad.yaml:4", "not valid YAML", "fix the syntax"),
        SQLITE, {"bad.yaml": b"agreements:\n  - id: a\n    title: [unclosed\nparties: []\n"}),
    Row("catalogue-not-mapping", ("init", "--catalogue", "{tmp}/list.yaml"), ("expected a mapping",), SQLITE,
        {"list.yaml": b"- just\n- a list\n"}),
    Row("catalogue-duplicate-id", ("init", "--catalogue", "{tmp}/dup.yaml"), ("duplicate id 'only-one'",), SQLITE,
        {"dup.yaml": catalogue(_obligation("only-one"))}),
    Row("catalogue-unknown-party", ("init", "--catalogue", "{tmp}/party.yaml"), ("unknown party 'talibam'", "taliban"),
        SQLITE, {"party.yaml": catalogue(_obligation("second", obligor="talibam"))}),
    Row("catalogue-cycle", ("init", "--catalogue", "{tmp}/cycle.yaml"), ("cycle", "cannot depend on itself"), SQLITE,
        {"cycle.yaml": catalogue(_obligation("second", conditions="[third]") + _obligation("third", conditions="[second]"))}),
    Row("catalogue-bad-deadline", ("init", "--catalogue", "{tmp}/deadline.yaml"), ("after_signing needs a positive",),
        SQLITE, {"deadline.yaml": catalogue(_obligation("second", deadline="{after_signing: {days: -5}}"))}),
    Row("catalogue-deadline-before-signing", ("init", "--catalogue", "{tmp}/early.yaml"),
        ("before the agreement was signed",), SQLITE,
        {"early.yaml": catalogue(_obligation("second", deadline="{'on': 2019-01-01}"))}),
    Row("catalogue-unknown-field", ("init", "--catalogue", "{tmp}/field.yaml"), ("unknown field 'tittle'", "fix its spelling"), SQLITE,
        {"field.yaml": catalogue(_obligation("second") + "    tittle: typo\n")}),
    Row("catalogue-missing-field", ("init", "--catalogue", "{tmp}/nosum.yaml"), ("'summary' is required",), SQLITE,
        {"nosum.yaml": catalogue(_obligation("second").replace("    summary: S\n", ""))}),
    Row("catalogue-drops-used-obligation", ("init", "--no-seeds", "--catalogue", "{tmp}/small.yaml"),
        ("cannot be removed from the catalogue",), BOTH, {"small.yaml": catalogue("")}),
    # -- evidence ----------------------------------------------------------------------
    Row("evidence-unknown-obligation", ("evidence", "add", "us-drawdown-860", "1", "--quote", "Taliban"),
        ("unknown obligation 'us-drawdown-860'", "us-drawdown-8600")),
    Row("evidence-unknown-source", ("evidence", "add", "us-drawdown-8600", "77", "--quote", "Taliban"),
        ("unknown source '77'",)),
    Row("evidence-quote-not-in-source", ("evidence", "add", "us-drawdown-8600", "3", "--quote",
                                         "the moon is made of green cheese and troops"), ("is not in the source",)),
    Row("evidence-quote-twice", ("evidence", "add", "us-drawdown-8600", "3", "--quote", "the Taliban"),
        ("occurs", "times", "--prefix")),
    Row("evidence-quote-empty", ("evidence", "add", "us-drawdown-8600", "3", "--quote", "   "), ("quote is empty",)),
    Row("evidence-quote-chrome", ("evidence", "add", "us-drawdown-8600", "3", "--quote", "Share this post"),
        ("page furniture",)),
    Row("evidence-unknown-stance", ("evidence", "add", "us-drawdown-8600", "3", "--quote", "eight", "--stance", "pro"),
        ("unknown stance 'pro'",)),
    Row("evidence-bad-value", ("evidence", "add", "us-drawdown-8600", "3", "--quote", "8,600", "--value", "lots"),
        ("not a number",)),
    Row("evidence-impossible-observed", ("evidence", "add", "us-drawdown-8600", "3", "--quote", "8,600",
                                         "--observed-on", "2020-13-01"), ("not a real date",)),
    Row("retract-unknown-evidence", ("evidence", "retract", "4040", "--reason", "wrong"), ("unknown evidence '4040'",)),
    Row("retract-not-an-id", ("evidence", "retract", "xyz", "--reason", "wrong"), ("not an evidence id",), SQLITE),
    Row("retract-empty-reason", ("evidence", "retract", "1", "--reason", " "), ("needs a reason",)),
    Row("retract-twice", ("evidence", "retract", "50", "--reason", "again"), ("already retracted",)),
    # -- status ------------------------------------------------------------------------
    Row("status-unknown-status", ("status", "set", "us-drawdown-8600", "done", "--effective", "2020-06-01",
                                  "--because", "x"), ("unknown status 'done'", "use one of")),
    Row("status-unknown-obligation", ("status", "set", "nope", "met", "--effective", "2020-06-01", "--because", "x"),
        ("unknown obligation 'nope'",)),
    Row("status-impossible-date", ("status", "set", "us-drawdown-8600", "met", "--effective", "2020-02-30",
                                   "--because", "x"), ("not a real date",)),
    Row("status-before-agreement", ("status", "set", "us-drawdown-8600", "met", "--effective", "2019-12-31",
                                    "--because", "x"), ("before the agreement was signed",)),
    Row("status-ambiguous-date", ("status", "set", "us-drawdown-8600", "met", "--effective", "03/04/2020",
                                  "--because", "x"), ("ambiguous",)),
    Row("status-no-year", ("status", "set", "us-drawdown-8600", "met", "--effective", "June 1",
                           "--because", "x"), ("with a year",)),
    Row("status-future-date", ("status", "set", "us-drawdown-8600", "met", "--effective", "2999-01-01",
                               "--because", "x"), ("in the future",)),
    Row("status-empty-rationale", ("status", "set", "us-drawdown-8600", "met", "--effective", "2020-06-01",
                                   "--because", ""), ("needs a rationale",)),
    Row("status-unknown-evidence", ("status", "set", "us-drawdown-8600", "met", "--effective", "2020-06-01",
                                    "--because", "x", "--evidence", "9999"), ("unknown evidence '9999'",)),
    Row("status-foreign-evidence", ("status", "set", "five-bases", "met", "--effective", "2020-06-01",
                                    "--because", "x", "--evidence", "1"), ("cite evidence of this obligation",)),
    Row("status-retracted-evidence", ("status", "set", "{ev50_obligation}", "met", "--effective", "2020-06-01",
                                      "--because", "x", "--evidence", "50"), ("is retracted",)),
    Row("status-unknown-confidence", ("status", "set", "us-drawdown-8600", "met", "--effective", "2020-06-01",
                                      "--because", "x", "--confidence", "sure"), ("unknown confidence 'sure'",)),
    Row("history-unknown-obligation", ("status", "history", "nope"), ("unknown obligation 'nope'",)),
    # -- reading -------------------------------------------------------------------------
    Row("show-unknown-obligation", ("show", "us-drawdown"), ("unknown obligation 'us-drawdown'",)),
    Row("show-bad-as-of", ("show", "us-drawdown-8600", "--as-of", "yesterday-ish"), ("--as-of date",), SQLITE),
    Row("obligations-unknown-party", ("obligations", "--party", "talibn"), ("unknown party 'talibn'", "taliban")),
    Row("obligations-unknown-status", ("obligations", "--status", "finished"), ("unknown status 'finished'",)),
    Row("obligations-unknown-theme", ("obligations", "--theme", "weather"), ("unknown theme 'weather'",)),
    Row("report-since-after-as-of", ("report", "--as-of", "2020-06-01", "--since", "2020-07-01"), ("earlier date",)),
    Row("report-unknown-format", ("report", "--format", "docx"), ("unknown format 'docx'",), SQLITE),
    Row("report-output-folder-missing", ("report", "--format", "md", "-o", "{tmp}/no/such/dir/r.md"),
        ("cannot write", "writable")),
    Row("search-empty", ("search", "?!"), ("search is empty",)),
    # -- hostile YAML, environment, search (issue 9) -------------------------------------
    Row("catalogue-alias-bomb", ("init", "--catalogue", "{tmp}/bomb.yaml"), ("bomb.yaml:2", "aliases", "in full"),
        SQLITE, {"bomb.yaml": ALIAS_BOMB}),
    Row("catalogue-recursive-alias", ("init", "--catalogue", "{tmp}/loop.yaml"), ("loop.yaml:1", "aliases"), SQLITE,
        {"loop.yaml": b"agreements: &a [*a]\n"}),
    Row("catalogue-duplicate-key", ("init", "--catalogue", "{tmp}/twice.yaml"), ("twice.yaml:", "appears twice", "keep one"),
        SQLITE, {"twice.yaml": catalogue(_obligation("second")).replace(b"    title: T\n", b"    title: T\n    title: U\n")}),
    Row("catalogue-impossible-date", ("init", "--catalogue", "{tmp}/feb30.yaml"), ("feb30.yaml:4", "2020-02-30", "correct it"),
        SQLITE, {"feb30.yaml": catalogue("").replace(b"signed_on: 2020-02-29", b"signed_on: 2020-02-30")}),
    Row("env-max-bytes-not-a-number", ("sources", "add", "{tmp}/good.txt"), ("TRACKER_MAX_SOURCE_BYTES", "positive number"),
        SQLITE, {"good.txt": ARTICLE.encode()}, {"TRACKER_MAX_SOURCE_BYTES": "lots"}),
    Row("env-busy-timeout-not-a-number", ("report",), ("TRACKER_BUSY_TIMEOUT", "positive number"), SQLITE,
        env={"TRACKER_BUSY_TIMEOUT": "soon"}),
    Row("search-too-long", ("search", " ".join(f"w{i}" for i in range(400))), ("at most 32 words",)),
    # -- import ------------------------------------------------------------------------
    Row("import-not-json", ("import", "{tmp}/x.json"), ("not valid JSON",), SQLITE, {"x.json": b"{not json"}),
    Row("import-not-an-export", ("import", "{tmp}/x.json"), ("not a tracker export",), SQLITE, {"x.json": b"[1, 2]"}),
    Row("import-into-non-empty", ("import", "{tmp}/x.json"), ("not empty",), BOTH,
        {"x.json": json.dumps({"format": "tracker-export", "version": 1, "agreements": [], "parties": [],
                               "obligations": []}).encode()}),
]


def _params() -> list[object]:
    return [pytest.param(row, backend, id=f"{row.id}-{backend}") for row in ROWS for backend in row.backends]


def test_matrix_has_forty_rows_and_is_documented() -> None:
    assert len(ROWS) + len(DB_ROWS) >= 40
    doc = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for ident in [r.id for r in ROWS] + DB_ROWS:
        assert f"`{ident}`" in doc, f"row {ident} is missing from docs/errors.md"


def _snapshot(url: str) -> tuple[object, bytes | None]:
    return dump(url), sqlite_bytes(url) if url.startswith("sqlite") else None


# Every row runs through the console entry point inside the test process; these also
# run as a real `python -m tracker`, so the one line and the exit code are proved of
# the process a user starts (imports, encodings, nothing printed at exit).
IN_A_REAL_PROCESS = {("source-not-utf8", "sqlite"), ("evidence-quote-not-in-source", "postgresql"),
                     ("status-ambiguous-date", "sqlite"), ("catalogue-alias-bomb", "sqlite")}


def _real_process_params() -> list[object]:
    return [pytest.param(row, backend, id=f"{row.id}-{backend}")
            for row in ROWS for backend in row.backends if (row.id, backend) in IN_A_REAL_PROCESS]


def test_real_process_rows_exist() -> None:
    assert len(_real_process_params()) == len(IN_A_REAL_PROCESS)


@pytest.mark.parametrize(("row", "backend"), _params())
def test_bad_input(row: Row, backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    _check_row(row, backend, request, tmp_path, process=False)


@pytest.mark.parametrize(("row", "backend"), _real_process_params())
def test_bad_input_in_a_real_process(row: Row, backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    _check_row(row, backend, request, tmp_path, process=True)


def _check_row(row: Row, backend: str, request: pytest.FixtureRequest, tmp_path: Path, *, process: bool) -> None:
    url = str(request.getfixturevalue("seeded_sqlite" if backend == "sqlite" else "shared_pg"))
    work = tmp_path / "files"
    work.mkdir()
    for name, content in row.files.items():
        (work / name).write_bytes(content)
    ev50 = "" if "{ev50_obligation}" not in " ".join(row.args) else _evidence_obligation(url, 50)
    args = tuple(a.format(tmp=work, seed=ROOT / "seeds", ev50_obligation=ev50) for a in row.args)
    before = _snapshot(url)
    run = run_cli(url, *args, env=cli_env(**row.env), process=process)
    if row.exit_code == 0:
        assert run.code == 0 and "Traceback" not in run.stderr, run.stderr
        assert len(run.lines) == 1, run.stderr
        assert all(n.lower() in run.stderr.lower() for n in row.needles), run.stderr
    else:
        assert_user_error(run, *row.needles)
    assert _snapshot(url) == before, "the database changed"


def _evidence_obligation(url: str, evidence_id: int) -> str:
    from tracker.service import Tracker

    tracker = Tracker(url)
    try:
        return tracker.evidence(evidence_id).obligation_id
    finally:
        tracker.close()


# -- the database itself ---------------------------------------------------------------

DB_ROWS = [
    "db-not-a-url", "db-unsupported-backend", "db-folder-missing", "db-unreachable", "db-no-such-database",
    "db-no-schema", "db-read-only", "db-newer-schema", "db-newer-schema-upgrade", "db-locked",
    "db-not-a-database-file", "db-password-never-shown", "db-malformed-postgresql-url", "db-in-memory-write",
    "home-is-a-file", "read-creates-nothing",
]


def test_db_not_a_database_file() -> None:
    assert_user_error(run_cli("sqlite:////etc/passwd", "report"), "not a tracker database", "--db")


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://analyst:s3cret-pw@127.0.0.1:1/x",
    "postgresql+psycopg://analyst@127.0.0.1:1/x?password=s3cret-pw",
])
def test_db_password_never_shown(url: str) -> None:
    for args in (("report",), ("init",)):
        run = run_cli(url, *args, process=True)  # nothing the process prints at exit shows it either
        assert_user_error(run, "cannot reach the database")
        assert "s3cret-pw" not in run.stderr + run.stdout


def test_db_malformed_postgresql_url() -> None:
    run = run_cli("postgresql+psycopg://analyst:s3cret-pw@host:port/x", "report")
    assert_user_error(run, "not a database URL", "postgresql+psycopg://user@host/dbname")
    assert "s3cret-pw" not in run.stderr


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_db_in_memory_write(url: str) -> None:
    assert_user_error(run_cli(url, "init"), "keeps nothing", "--db sqlite:///")


def test_home_is_a_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder\n")
    run = run_cli(None, "init", env=cli_env(TRACKER_HOME=str(home)))
    assert_user_error(run, "is a file, not a folder", "TRACKER_HOME")
    assert home.read_text() == "not a folder\n"


def test_read_creates_nothing(tmp_path: Path) -> None:
    home = tmp_path / "never"
    for args in (("report",), ("obligations",), ("show", "us-drawdown-8600"), ("sources", "list")):
        run = run_cli(None, *args, env=cli_env(TRACKER_HOME=str(home)))
        assert_user_error(run, "tracker init")
    assert not home.exists(), "a reading command created the data folder"


def test_db_not_a_url() -> None:
    assert_user_error(run_cli("not a url", "report"), "not a database URL", "sqlite:///")


def test_db_unsupported_backend() -> None:
    assert_user_error(run_cli("mysql://u@localhost/x", "report"), "not supported", "postgresql+psycopg://")


def test_db_folder_missing(tmp_path: Path) -> None:
    run = run_cli(f"sqlite:///{tmp_path}/missing/dir/t.db", "report")
    assert_user_error(run, "does not exist", "--db")
    assert not (tmp_path / "missing").exists()


def test_db_unreachable() -> None:
    start = time.monotonic()
    run = run_cli("postgresql+psycopg://postgres@127.0.0.1:1/x", "report", process=True)
    assert_user_error(run, "cannot reach the database", "server is running")
    assert time.monotonic() - start < 30


def test_db_no_such_database() -> None:
    from rel_support import PG_URL

    if not PG_URL:
        pytest.skip("set TRACKER_TEST_PG_URL")
    base = PG_URL.rsplit("/", 1)[0]
    assert_user_error(run_cli(f"{base}/no_such_db_for_tracker", "report"), "no_such_db_for_tracker")


@pytest.mark.parametrize("backend", BOTH)
def test_db_no_schema(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
        assert_user_error(run_cli(url, "report"), "no database at", "tracker init")
        assert not (tmp_path / "empty.db").exists(), "a reading command created a database file"
        sqlite3.connect(tmp_path / "empty.db").close()  # an empty file: no schema
    else:
        url = str(request.getfixturevalue("fresh_pg"))
    before = dump(url)
    assert_user_error(run_cli(url, "report"), "no tracker schema", "tracker init")
    assert dump(url) == before


def _without_root_powers() -> dict[str, object]:
    """Root ignores file permissions: drop CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
    and CAP_FOWNER from the child's bounding set so that chmod 444 binds."""
    if os.geteuid() != 0:
        return {}

    def drop() -> None:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (1, 2, 3):
            if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    return {"preexec_fn": drop}


def test_db_read_only(seeded_sqlite: str) -> None:
    path = sqlite_path(seeded_sqlite)
    before = (dump(seeded_sqlite), sqlite_bytes(seeded_sqlite))
    path.chmod(0o444)
    path.parent.chmod(0o555)
    try:
        run = run_cli(seeded_sqlite, "status", "set", "us-drawdown-8600", "met", "--effective", "2020-06-01",
                      "--because", "x", **_without_root_powers())
        assert_user_error(run, "read-only", "permissions")
        report = run_cli(seeded_sqlite, "report", "--format", "json", **_without_root_powers())
        # SQLite cannot open a WAL database for reading when it may not create the -shm file
        # beside it: then reading fails too, but with the same clear line.
        if report.code != 0:
            assert_user_error(report, "read-only", "permissions")
    finally:
        path.parent.chmod(0o755)
        path.chmod(0o644)
    assert (dump(seeded_sqlite), sqlite_bytes(seeded_sqlite)) == before


def _set_version(url: str, version: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": version})
    engine.dispose()


@pytest.mark.parametrize("backend", BOTH)
@pytest.mark.parametrize("command", [("report",), ("db", "upgrade")], ids=["report", "upgrade"])
def test_db_newer_schema(backend: str, command: tuple[str, ...], request: pytest.FixtureRequest) -> None:
    if backend == "sqlite":
        url = str(request.getfixturevalue("seeded_sqlite"))
    else:
        url = str(request.getfixturevalue("fresh_pg"))
        assert run_cli(url, "init").code == 0
    _set_version(url, "9999")
    before = dump(url)
    assert_user_error(run_cli(url, *command), "schema version 9999", "upgrade the tracker")
    assert dump(url) == before


def test_db_locked(seeded_sqlite: str) -> None:
    path = sqlite_path(seeded_sqlite)
    before = dump(seeded_sqlite)
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sqlite3, sys, time\n"
            f"con = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "con.execute('BEGIN EXCLUSIVE')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.readline()\n"
            "con.execute('ROLLBACK')\n"
        )],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        run = run_cli(seeded_sqlite, "status", "set", "us-drawdown-8600", "met", "--effective", "2020-06-01",
                      "--because", "x", env=cli_env(TRACKER_BUSY_TIMEOUT="0.5"), process=True)
        assert_user_error(run, "locked by another writer", "TRACKER_BUSY_TIMEOUT")
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(10)
    assert dump(seeded_sqlite) == before
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
