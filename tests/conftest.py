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
from pgschema import drop_pg_schema, new_pg_schema

from tracker.seeding import load_seeds
from tracker.service import Tracker

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "obligations.yaml"
SEEDS = ROOT / "seeds"


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


def make_tracker(url: str, *, seeds: bool = True, author: str = "tester") -> Tracker:
    tracker = Tracker(url, author)
    tracker.upgrade()
    tracker.load_catalogue(CATALOGUE)
    if seeds:
        load_seeds(tracker, SEEDS)
    return tracker


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
