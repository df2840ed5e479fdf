"""Least privilege on PostgreSQL: two group roles, and history that nobody may rewrite.

`tracker_reader` may read every table. `tracker_editor` is a reader that may
also append: new sources, evidence, retractions, corrections, status entries
and reviews, and keep the few rows that are meant to change (a source's
editable metadata, a feed's pull state). Neither may change the catalogue
(that is the owner's `tracker init`).

The history tables are append-only twice over: no role is granted UPDATE or
DELETE on them, and a BEFORE UPDATE OR DELETE (and TRUNCATE) trigger refuses
the change for everyone, the tables' owner and superusers included. No
migration rewrites their rows (ALTER TABLE and DROP TABLE fire no row
triggers); one that must would disable the trigger inside its own transaction.

Everything is idempotent: running it again restores exactly these grants.
The SQL has no `%` and no `:` so that it runs through the driver as written.
"""

from __future__ import annotations

import os

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from tracker.errors import DatabaseError
from tracker.store.engine import describe_operational_error, is_transient, sqlite_path
from tracker.store.schema import Base

READER = "tracker_reader"
EDITOR = "tracker_editor"
HISTORY_TABLES = ("evidence", "evidence_retractions", "evidence_corrections", "status_changes", "status_reviews")
EDITOR_INSERTS = (
    *HISTORY_TABLES, "sources", "source_originals", "source_edits", "feeds", "feed_entries", "suggestions",
    "ranking_models",
)
# the rows that are meant to change, and only the columns the tracker changes
EDITOR_UPDATES = {
    "sources": ("title", "outlet", "author", "url", "published_on", "suggested_at"),
    "feeds": ("title", "etag", "last_modified", "pulled_at", "last_error"),
    "feed_entries": ("state", "source_id", "error", "attempts"),
    "suggestions": ("state", "decided_by", "decided_at", "reason", "evidence_id"),  # a triage decision
}
SEQUENCES = (
    "sources_id_seq", "source_edits_id_seq", "status_changes_id_seq", "feeds_id_seq", "feed_entries_id_seq",
    "suggestions_id_seq", "ranking_models_id_seq",
)
GUARD = "tracker_refuse_history_change"
PROBE_TABLE = "status_changes"  # a login that may append here may write


def all_tables() -> list[str]:
    return sorted([*Base.metadata.tables, "alembic_version"])


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_role(role: str) -> str:
    # two trackers running this at once: the loser's CREATE finds the role made
    return (
        "DO $$\nBEGIN\n"
        f"  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN\n"
        f"    CREATE ROLE {role} NOLOGIN;\n"
        "  END IF;\n"
        "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;\n"
        "END $$"
    )


def role_statements(schema: str) -> list[str]:
    """The statements `tracker db roles` runs, in order, for the tables in `schema`."""
    tables = ", ".join(all_tables())
    both = f"{READER}, {EDITOR}"
    statements = [
        _create_role(READER),
        _create_role(EDITOR),
        f"ALTER ROLE {READER} NOLOGIN",
        f"ALTER ROLE {EDITOR} NOLOGIN",
        f"GRANT {READER} TO {EDITOR}",
        f"GRANT USAGE ON SCHEMA {_ident(schema)} TO {both}",
        f"REVOKE ALL ON {tables} FROM {both}",
        f"GRANT SELECT ON {tables} TO {READER}",
        f"GRANT INSERT ON {', '.join(EDITOR_INSERTS)} TO {EDITOR}",
    ]
    statements += [
        f"GRANT UPDATE ({', '.join(columns)}) ON {table} TO {EDITOR}" for table, columns in EDITOR_UPDATES.items()
    ]
    statements += [
        f"REVOKE ALL ON SEQUENCE {', '.join(SEQUENCES)} FROM {both}",
        f"GRANT USAGE ON SEQUENCE {', '.join(SEQUENCES)} TO {EDITOR}",
        f"CREATE OR REPLACE FUNCTION {GUARD}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        "BEGIN\n"
        "  RAISE EXCEPTION USING\n"
        "    MESSAGE = TG_TABLE_NAME || ' is append-only history: its rows cannot be ' || lower(TG_OP) || 'd',\n"
        "    HINT = 'record a retraction, a correction or a new status entry instead';\n"
        "END $$",
    ]
    for table in HISTORY_TABLES:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {GUARD}()",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {GUARD}()",
        ]
    return statements


def roles_script(schema: str) -> str:
    """The statements as one script, for `--print` and the README."""
    return "".join(f"{statement};\n" for statement in role_statements(schema))


def current_schema(engine: Engine) -> str:
    with engine.connect() as connection:
        schema = connection.execute(text("SELECT current_schema()")).scalar()
    if not schema:
        raise DatabaseError("the login has no schema on its search_path; set search_path to the tracker's schema")
    return str(schema)


def create_roles(engine: Engine, schema: str) -> None:
    """Run the role script in one transaction."""
    try:
        with engine.begin() as connection:
            for statement in role_statements(schema):
                connection.exec_driver_sql(statement)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == "42501":
            first = str(exc.orig).strip().splitlines()[0]
            user = engine.url.username or "this login"
            raise DatabaseError(
                f"the login '{user}' cannot set up the roles ({first}); run `tracker db roles` as the owner "
                "of the tracker's tables with the CREATEROLE attribute, or as a superuser"
            ) from None
        raise DatabaseError(describe_operational_error(exc, engine)) from None


def can_write(engine: Engine, url: str) -> bool:
    """Whether this login may record anything: on PostgreSQL, whether it may append
    status entries; on SQLite, whether the file (or, before it exists, its folder) is writable."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection:
            allowed = connection.execute(
                text("SELECT has_table_privilege(current_user, :table, 'INSERT')"), {"table": PROBE_TABLE}
            ).scalar()
        return bool(allowed)
    if is_transient(url):
        return False
    path = sqlite_path(url)
    if path is None:
        return False
    return os.access(path, os.W_OK) if path.exists() else os.access(path.parent, os.W_OK)
