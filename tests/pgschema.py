"""A private PostgreSQL schema, or database, per test, shared by every test suite.

Skips when TRACKER_TEST_PG_URL is unset; with TRACKER_REQUIRE_PG=1 (set by
.ci/run) a missing or unreachable server fails the test instead.

A seeded tracker takes over a second to build on the server; a copy of a
database built once per worker (`CREATE DATABASE ... TEMPLATE`) takes a few
hundredths. Tests that check how a tracker is built still build their own.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable

import pytest
import sqlalchemy as sa

PG_URL = os.environ.get("TRACKER_TEST_PG_URL")
_admin_engine: sa.Engine | None = None


def _unavailable(reason: str) -> None:
    if os.environ.get("TRACKER_REQUIRE_PG") == "1":
        pytest.fail(f"TRACKER_REQUIRE_PG=1 but {reason}")
    pytest.skip(reason)


def new_pg_schema(prefix: str = "t") -> tuple[str, str]:
    """(schema, url) of a fresh schema whose search_path the url selects."""
    if not PG_URL:
        _unavailable("TRACKER_TEST_PG_URL is not set")
    assert PG_URL
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    except sa.exc.OperationalError as exc:
        _unavailable(f"PostgreSQL at {PG_URL} is unreachable: {exc}")
    finally:
        admin.dispose()
    sep = "&" if "?" in PG_URL else "?"
    return schema, f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


def drop_pg_schema(schema: str) -> None:
    assert PG_URL
    admin = sa.create_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        admin.dispose()


def _admin() -> sa.Engine:
    """One autocommit connection per process for CREATE and DROP DATABASE."""
    global _admin_engine
    if not PG_URL:
        _unavailable("TRACKER_TEST_PG_URL is not set")
    assert PG_URL
    if _admin_engine is None:
        _admin_engine = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT", pool_size=1)
    return _admin_engine


def _database_url(name: str) -> str:
    assert PG_URL
    return sa.engine.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _create_database(name: str, template: str | None = None) -> str:
    clause = f' TEMPLATE "{template}"' if template else ""
    try:
        with _admin().connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"{clause}'))
    except sa.exc.OperationalError as exc:
        _unavailable(f"PostgreSQL at {PG_URL} is unreachable: {exc}")
    return _database_url(name)


def new_pg_template(build: Callable[[str], None]) -> str:
    """A database built once by `build(url)`, to copy with `new_pg_database`;
    `build` must close every connection it opens (a template in use cannot
    be copied)."""
    name = f"trk_tpl_{uuid.uuid4().hex[:12]}"
    url = _create_database(name)
    try:
        build(url)
    except BaseException:
        drop_pg_database(name)
        raise
    return name


def new_pg_database(template: str) -> tuple[str, str]:
    """(name, url) of a fresh copy of `template`."""
    name = f"trk_{uuid.uuid4().hex[:12]}"
    return name, _create_database(name, template)


def drop_pg_database(name: str) -> None:
    with _admin().connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
