"""The unit of work: one read or one write transaction, and the retry policy.

Every write runs in one transaction that takes the database's write lock at
the start (SQLite BEGIN IMMEDIATE, a PostgreSQL advisory lock), so hash chains
are extended by one writer at a time and a failure leaves nothing
half-written. Only lock and serialization failures are retried, recognised by
their error codes (never by message text); anything else is reported at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session

from tracker import config
from tracker.errors import DatabaseError, TrackerError
from tracker.store import engine as store_engine
from tracker.store import roles as store_roles
from tracker.store.repository import Repository

T = TypeVar("T")

WRITE_LOCK_KEY = 7301  # the PostgreSQL advisory lock every writer takes
SQLITE_BUSY, SQLITE_LOCKED = 5, 6
PG_RETRYABLE = {"40001", "40P01", "55P03"}  # serialization failure, deadlock, lock not available


def is_lock_error(exc: BaseException) -> bool:
    """True for a busy/locked database or a serialization failure, by error code."""
    orig = getattr(exc, "orig", exc)
    sqlite_code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int):
        return (sqlite_code & 0xFF) in (SQLITE_BUSY, SQLITE_LOCKED)
    return getattr(orig, "sqlstate", None) in PG_RETRYABLE


def is_serialization_error(exc: BaseException) -> bool:
    """A PostgreSQL conflict that a fresh attempt can win at once (no lock wait behind it)."""
    return getattr(getattr(exc, "orig", exc), "sqlstate", None) in {"40001", "40P01"}


class Store:
    """One database: its engine, its schema, and transactions over a Repository."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._schema_checked = False

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = store_engine.make_engine(self.url)
        return self._engine

    def prepare_for_writing(self) -> None:
        """What a write needs before it connects: a database that outlives the
        process, and (for the default database) its folder, created only now:
        reading commands never create folders or files."""
        if store_engine.is_transient(self.url):
            raise DatabaseError(
                "an in-memory database (sqlite:// or :memory:) keeps nothing after this command; "
                "give a file, e.g. --db sqlite:///tracker.db"
            )
        if self.url == config.default_db_url():
            config.ensure_data_dir()

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def safe_url(self) -> str:
        return store_engine.safe_url(self.engine)

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
            self._schema_checked = False

    def _error(self, exc: SQLAlchemyError) -> DatabaseError:
        return DatabaseError(store_engine.describe_operational_error(exc, self.engine))

    # -- schema ------------------------------------------------------------

    def upgrade(self) -> tuple[str | None, str]:
        self._schema_checked = False
        self.prepare_for_writing()
        try:
            return store_engine.upgrade(self.engine)
        except TrackerError:
            raise
        except SQLAlchemyError as exc:
            raise self._error(exc) from None

    def revision(self) -> str | None:
        try:
            return store_engine.current_revision(self.engine)
        except SQLAlchemyError as exc:
            raise self._error(exc) from None

    def check_schema(self) -> None:
        """Refuse a database without our schema (checked once per Store)."""
        if not self._schema_checked:
            store_engine.check_schema(self.engine)
            self._schema_checked = True

    # -- roles (PostgreSQL) ----------------------------------------------------

    def roles_script(self) -> str:
        """The SQL `create_roles` runs on this database (nothing is changed)."""
        self.check_schema()
        try:
            return store_roles.roles_script(store_roles.current_schema(self.engine))
        except SQLAlchemyError as exc:
            raise self._error(exc) from None

    def create_roles(self) -> str:
        """Create or refresh the tracker_reader and tracker_editor roles; returns the SQL run."""
        self.check_schema()
        try:
            schema = store_roles.current_schema(self.engine)
        except SQLAlchemyError as exc:
            raise self._error(exc) from None
        store_roles.create_roles(self.engine, schema)
        return store_roles.roles_script(schema)

    def can_write(self) -> bool:
        """Whether this login may record anything (see store.roles.can_write)."""
        try:
            return store_roles.can_write(self.engine, self.url)
        except SQLAlchemyError as exc:
            raise self._error(exc) from None

    # -- transactions --------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Repository]:
        """A read-only view of the database (one session)."""
        self.check_schema()
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                yield Repository(session)
        except TrackerError:
            raise
        except SQLAlchemyError as exc:
            _reraise_interrupt(exc)
            raise self._error(exc) from None

    def write(self, work: Callable[[Repository], T], *, check_schema: bool = True, retries: int = 5) -> T:
        """Run `work` in one write transaction holding the write lock.

        A lock error arrives only after the full busy timeout, so it is tried
        once more and then reported; a PostgreSQL serialization failure is
        retried a few times at once. Nothing else is retried."""
        self.prepare_for_writing()
        if check_schema:
            self.check_schema()
        delay = 0.05
        lock_waits = 0
        for attempt in range(retries + 1):
            try:
                with self.engine.connect() as connection:
                    connection = connection.execution_options(sqlite_begin="IMMEDIATE")
                    with connection.begin(), Session(bind=connection, expire_on_commit=False) as session:
                        if self.backend == "postgresql":
                            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
                        result = work(Repository(session))
                        session.flush()
                    return result
            except TrackerError:
                raise
            except DBAPIError as exc:
                if is_lock_error(exc) and attempt < retries:
                    if not is_serialization_error(exc):
                        lock_waits += 1
                    if lock_waits <= 1:
                        time.sleep(delay)
                        delay = min(delay * 2, 1.0)
                        continue
                _reraise_interrupt(exc)
                raise self._error(exc) from None
            except SQLAlchemyError as exc:
                _reraise_interrupt(exc)
                raise self._error(exc) from None
        raise AssertionError("unreachable")


def _reraise_interrupt(exc: BaseException) -> None:
    """Ctrl-C inside SQLAlchemy can leave the session unable to clean up; the
    error that cleanup raises then hides the interrupt. The interrupt wins."""
    seen: BaseException | None = exc.__context__
    for _ in range(8):
        if seen is None:
            return
        if isinstance(seen, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        seen = seen.__context__
