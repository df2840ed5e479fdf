"""The unit of work's retry policy: only lock and serialization errors, by error code."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError
from trackers import make_tracker

from tracker.errors import DatabaseError
from tracker.store.repository import Repository
from tracker.store.uow import Store, is_lock_error


def _busy_error(db: Path) -> sqlite3.OperationalError:
    """A real SQLITE_BUSY: a second connection asks for the write lock another holds."""
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        other = sqlite3.connect(db, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError) as caught:
            other.execute("BEGIN IMMEDIATE")
        other.close()
        return caught.value
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_sqlite_busy_is_recognised_by_its_code(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    sqlite3.connect(db).close()
    error = _busy_error(db)
    assert is_lock_error(OperationalError("BEGIN", {}, error))
    misleading = sqlite3.OperationalError("no such table: locked_rows")
    assert not is_lock_error(OperationalError("SELECT", {}, misleading))


def test_a_lock_error_is_tried_once_more(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 't.db'}"
    make_tracker(url, seeds=False).close()
    store = Store(url)
    side = tmp_path / "side.db"
    sqlite3.connect(side).close()
    busy = _busy_error(side)
    attempts = []

    def work(repo: Repository) -> str:
        attempts.append(1)
        if len(attempts) == 1:
            raise OperationalError("INSERT", {}, busy)
        return "done"

    assert store.write(work) == "done"
    assert len(attempts) == 2


def test_integrity_and_other_errors_are_not_retried(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 't.db'}"
    make_tracker(url, seeds=False).close()
    store = Store(url)
    attempts = []

    def duplicate(repo: Repository) -> None:
        attempts.append(1)
        raise IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: sources.sha256"))

    with pytest.raises(DatabaseError):
        store.write(duplicate)
    assert len(attempts) == 1

    def bad_sql(repo: Repository) -> None:
        attempts.append(1)
        repo.session.execute(sa.text("SELECT * FROM locked_rows_that_do_not_exist"))

    with pytest.raises(DatabaseError):
        store.write(bad_sql)
    assert len(attempts) == 2


def test_postgresql_lock_not_available_is_recognised_by_sqlstate(pg_url: str) -> None:
    make_tracker(pg_url, seeds=False).close()
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as holder, engine.connect() as other:
            holder.begin()
            holder.execute(sa.text("LOCK TABLE sources IN ACCESS EXCLUSIVE MODE"))
            other.begin()
            with pytest.raises(OperationalError) as caught:
                other.execute(sa.text("LOCK TABLE sources IN ACCESS EXCLUSIVE MODE NOWAIT"))
            assert is_lock_error(caught.value)
    finally:
        engine.dispose()


def test_an_interrupt_hidden_by_a_cleanup_error_still_stops_the_command() -> None:
    """Ctrl-C inside SQLAlchemy can make the session's cleanup fail; that error must
    not turn the interrupt into a 'database error' (exit 1 instead of 130)."""
    from sqlalchemy.exc import InvalidRequestError

    from tracker.store.uow import _reraise_interrupt

    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise InvalidRequestError("Transaction is not on the active transaction list") from None
    except InvalidRequestError as hidden:
        with pytest.raises(KeyboardInterrupt):
            _reraise_interrupt(hidden)
    _reraise_interrupt(InvalidRequestError("a plain database error"))  # nothing to re-raise
