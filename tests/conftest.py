"""Shared fixtures: a tracker on SQLite and on the PostgreSQL server.

Storage and service tests take `tracker` (or `db_url`), which runs them once
per backend. PostgreSQL runs when TRACKER_TEST_PG_URL is set (.ci/run sets
it, and TRACKER_REQUIRE_PG=1 so that an unreachable server fails the run
instead of skipping it). Each PostgreSQL test gets a schema of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from pgschema import drop_pg_schema, new_pg_schema
from trackers import CATALOGUE, ROOT, SEEDS, make_tracker

from tracker.service import Tracker

__all__ = ["CATALOGUE", "ROOT", "SEEDS", "make_tracker"]

# Property tests draw the same examples on every run, so a run cannot fail by chance.
settings.register_profile("deterministic", derandomize=True, deadline=None)
settings.load_profile("deterministic")


def _pg_schema_url() -> Iterator[str]:
    schema, url = new_pg_schema()
    try:
        yield url
    finally:
        drop_pg_schema(schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tracker.db'}"
    else:
        yield from _pg_schema_url()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tracker.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    yield from _pg_schema_url()


@pytest.fixture
def empty_tracker(db_url: str) -> Iterator[Tracker]:
    tracker = make_tracker(db_url, seeds=False)
    yield tracker
    tracker.close()


@pytest.fixture
def seeded(db_url: str) -> Iterator[Tracker]:
    tracker = make_tracker(db_url)
    yield tracker
    tracker.close()
