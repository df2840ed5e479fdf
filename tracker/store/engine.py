"""Engines, connection settings and schema migrations."""

from __future__ import annotations

import contextlib
import functools
import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError

from tracker.errors import DatabaseError

MIGRATIONS = Path(__file__).parent / "migrations"
# A write waits this long for another writer before it gives up (seconds).
BUSY_TIMEOUT = float(os.environ.get("TRACKER_BUSY_TIMEOUT", "10"))


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise DatabaseError(
            f"'{url}' is not a database URL; use e.g. sqlite:///path/to/tracker.db or "
            "postgresql+psycopg://user@host/dbname"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseError(
            f"database backend '{backend}' is not supported; use sqlite:/// or postgresql+psycopg://"
        )
    kwargs: dict[str, Any] = {}
    if backend == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:":
            folder = Path(database).expanduser().parent
            if not folder.exists():
                raise DatabaseError(
                    f"the folder {folder} for the database does not exist; create it or pass another --db"
                )
        kwargs["connect_args"] = {"timeout": BUSY_TIMEOUT}
    else:
        kwargs["connect_args"] = {"connect_timeout": 5}
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(f"cannot use '{url}': {exc}; install the driver or use sqlite") from None
    if backend == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own
        # transaction handling defers BEGIN and cannot take the write lock early).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT * 1000)}")
        # A read-only file cannot switch journal mode; reading still works.
        with contextlib.suppress(Exception):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Writers take the lock at BEGIN, so two writers never deadlock on upgrade.
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
        return str(row[0]) if row else None


@functools.cache
def head_revision() -> str:
    """The newest schema revision, read from the migration scripts (one head)."""
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory(str(MIGRATIONS)).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads ({', '.join(heads)}); link them into one chain")
    return str(heads[0])


def known_revisions() -> set[str]:
    return {p.stem.split("_")[0] for p in (MIGRATIONS / "versions").glob("[0-9]*.py")}


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the latest revision; returns (before, after)."""
    from alembic import command
    from alembic.config import Config

    before = current_revision(engine)
    if before is not None and before not in known_revisions():
        raise DatabaseError(
            f"the database has schema version {before}, newer than this tracker knows; "
            "upgrade the tracker (pip install -U tracker) before using it"
        )
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return before, head_revision()


def check_schema(engine: Engine) -> None:
    """Refuse to work on a database that is not at our schema revision."""
    database = engine.url.database or ""
    if engine.dialect.name == "sqlite" and database not in ("", ":memory:") and not Path(database).expanduser().exists():
        # connecting would create an empty file; a reading command must change nothing
        raise DatabaseError(f"there is no database at {database}; run `tracker init` first or pass another --db")
    try:
        revision = current_revision(engine)
    except OperationalError as exc:
        raise DatabaseError(describe_operational_error(exc, engine)) from None
    if revision is None:
        raise DatabaseError(
            f"the database at {safe_url(engine)} has no tracker schema; run `tracker init` first"
        )
    if revision not in known_revisions():
        raise DatabaseError(
            f"the database has schema version {revision}, newer than this tracker knows; "
            "upgrade the tracker before using it"
        )
    if revision != head_revision():
        raise DatabaseError(
            f"the database schema is at version {revision}; run `tracker db upgrade` to bring it to {head_revision()}"
        )


def safe_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def describe_operational_error(exc: SQLAlchemyError, engine: Engine) -> str:
    """One line for a database failure: what happened and what to do."""
    message = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
    lower = message.lower()
    where = safe_url(engine)
    if "locked" in lower or "busy" in lower:
        return (
            f"the database {where} is locked by another writer; wait for it to finish and try again "
            "(or raise TRACKER_BUSY_TIMEOUT)"
        )
    if "readonly" in lower or "read-only" in lower or "read only" in lower:
        return f"the database {where} is read-only; check the file's permissions or pass another --db"
    if "unable to open" in lower:
        return f"cannot open the database {where}; check that the path exists and is writable"
    if "not a database" in lower or "malformed" in lower:
        return f"{where} is not a tracker database (or it is damaged); pass another --db"
    if "connection" in lower or "could not" in lower or "timeout" in lower or "refused" in lower:
        return f"cannot reach the database {where}: {message}; check that the server is running and the URL is right"
    if "does not exist" in lower:
        return f"{message} ({where}); create it or pass another --db"
    return f"database error on {where}: {message}"
