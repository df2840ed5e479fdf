"""A private PostgreSQL schema per test, shared by every test suite.

Skips when TRACKER_TEST_PG_URL is unset; with TRACKER_REQUIRE_PG=1 (set by
.ci/run) a missing or unreachable server fails the test instead.
"""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa

PG_URL = os.environ.get("TRACKER_TEST_PG_URL")


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
