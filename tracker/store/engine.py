"""Engines, connection settings and schema migrations."""

from __future__ import annotations

import contextlib
import functools
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from tracker.errors import DatabaseError

MIGRATIONS = Path(__file__).parent / "migrations"
SECRET_KEYS = {"password", "passwd", "pwd", "pass", "secret", "token", "sslpassword"}
NOT_A_URL = (
    "the database URL given (--db or TRACKER_DB) is not a database URL; use e.g. "
    "sqlite:///path/to/tracker.db or postgresql+psycopg://user@host/dbname"
)


def mask_url(url: str | URL) -> str:
    """A database URL fit to show: the password and secret query values masked.
    An unparsable URL is never echoed (it may hold a secret)."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
        query = {
            key: ("***" if key.lower() in SECRET_KEYS else value) for key, value in parsed.query.items()
        }
        return parsed.set(query=query).render_as_string(hide_password=True).replace("%2A%2A%2A", "***")
    except (ArgumentError, ValueError, TypeError):
        return "(the database URL, which cannot be read)"


def is_transient(url: str) -> bool:
    """True for a database that lives only as long as the process (nothing would be kept)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return False
    return parsed.get_backend_name() == "sqlite" and (parsed.database or "") in ("", ":memory:")


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other backends and in-memory databases)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or (parsed.database or "") in ("", ":memory:"):
        return None
    return Path(parsed.database or "").expanduser()


def make_engine(url: str) -> Engine:
    from tracker.config import busy_timeout

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseError(NOT_A_URL) from None
    timeout = busy_timeout()
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
                    f"there is no database at {database} (the folder {folder} does not exist); "
                    "run `tracker init` first, create the folder, or pass another --db"
                )
        kwargs["connect_args"] = {"timeout": timeout}
    else:
        kwargs["connect_args"] = {"connect_timeout": 5}
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        kwargs["pool_pre_ping"] = True
    try:
        engine = create_engine(parsed, **kwargs)
    except (NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(f"cannot use {mask_url(parsed)}: {exc}; install the driver or use sqlite") from None
    if backend == "sqlite":
        _configure_sqlite(engine, timeout)
    return engine


def _configure_sqlite(engine: Engine, timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own
        # transaction handling defers BEGIN and cannot take the write lock early).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
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


_REVISION = re.compile(r'^revision\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision\s*=\s*(?:["\']([^"\']+)["\']|None)', re.M)


@functools.cache
def head_revision() -> str:
    """The newest schema revision, read from the migration scripts (one head).

    Read from the scripts' text, not through Alembic: every command checks the
    schema, and importing Alembic to do it would cost each one a tenth of a second."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        found = _REVISION.search(text)
        if found is None:
            continue
        revisions.add(found.group(1))
        down = _DOWN.search(text)
        if down is not None and down.group(1):
            parents.add(down.group(1))
    heads = sorted(revisions - parents)
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
    except SQLAlchemyError as exc:  # not a database, no permission, unreachable…
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
    return mask_url(engine.url)


SQLITE_CODES = {5: "locked", 6: "locked", 8: "readonly", 14: "cantopen", 11: "corrupt", 26: "notadb"}
PG_CODES = {"42501": "privilege", "3D000": "nodb", "28P01": "auth", "28000": "auth", "42P01": "notables"}


def _error_kind(exc: SQLAlchemyError) -> str | None:
    """What went wrong, by the driver's error code (SQLite extended codes, PostgreSQL SQLSTATE)."""
    orig = getattr(exc, "orig", exc)
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return SQLITE_CODES.get(code & 0xFF)
    return PG_CODES.get(str(getattr(orig, "sqlstate", "") or ""))


def describe_operational_error(exc: SQLAlchemyError, engine: Engine) -> str:
    """One line for a database failure: what happened and what to do."""
    message = str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc) else type(exc).__name__
    lower = message.lower()
    where = safe_url(engine)
    kind = _error_kind(exc)
    if kind == "locked" or (kind is None and ("locked" in lower or "busy" in lower)):
        return (
            f"the database {where} is locked by another writer; wait for it to finish and try again "
            "(or raise TRACKER_BUSY_TIMEOUT)"
        )
    if kind == "privilege":
        user = engine.url.username or "this login"
        return (
            f"the login '{user}' may not do this on {where} (permission denied: it is read-only here); "
            "use a login with the tracker_editor role to write"
        )
    if kind == "readonly" or "readonly" in lower or "read-only" in lower or "read only" in lower:
        return f"the database {where} is read-only; check the file's permissions or pass another --db"
    if kind == "cantopen" or "unable to open" in lower:
        return f"cannot open the database {where}; check that the path exists and is writable"
    if kind in ("notadb", "corrupt") or "not a database" in lower or "malformed" in lower:
        return f"{where} is not a tracker database (or it is damaged); pass another --db"
    if kind == "auth":
        return f"the server refused the login for {where}; check the user name and password"
    if kind == "nodb":
        return f"the database in {where} does not exist; create it (createdb) or pass another --db"
    if "connection" in lower or "could not" in lower or "timeout" in lower or "refused" in lower:
        return f"cannot reach the database {where}: {message}; check that the server is running and the URL is right"
    if "does not exist" in lower:
        return f"{message} ({where}); create it or pass another --db"
    return f"database error on {where}: {message}"
