"""Shared fixtures: a tracker on SQLite and on the PostgreSQL server.

Storage and service tests take `tracker` (or `db_url`), which runs them once
per backend. PostgreSQL runs when TRACKER_TEST_PG_URL is set (.ci/run sets
it, and TRACKER_REQUIRE_PG=1 so that an unreachable server fails the run
instead of skipping it). Each PostgreSQL test gets a schema of its own.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from pgschema import drop_pg_database, drop_pg_schema, new_pg_database, new_pg_schema, new_pg_template
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


def _build(url: str, seeds: bool) -> None:
    make_tracker(url, seeds=seeds).close()


@pytest.fixture(scope="session")
def sqlite_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[bool], Path]:
    """A tracker built once per worker (with or without the seeds), to copy."""
    built: dict[bool, Path] = {}

    def template(seeds: bool) -> Path:
        if seeds not in built:
            path = tmp_path_factory.mktemp("template") / "tracker.db"
            _build(f"sqlite:///{path}", seeds)
            built[seeds] = path
        return built[seeds]

    return template


@pytest.fixture(scope="session")
def pg_templates() -> Iterator[Callable[[bool], str]]:
    built: dict[bool, str] = {}

    def template(seeds: bool) -> str:
        if seeds not in built:
            built[seeds] = new_pg_template(lambda url: _build(url, seeds))
        return built[seeds]

    yield template
    for name in built.values():
        drop_pg_database(name)


def _copy_of_built(request: pytest.FixtureRequest, tmp_path: Path, seeds: bool) -> Iterator[Tracker]:
    """A tracker as `make_tracker` leaves it, copied from one built per worker."""
    if request.param == "sqlite":
        path = tmp_path / "tracker.db"
        shutil.copyfile(request.getfixturevalue("sqlite_templates")(seeds), path)
        tracker = Tracker(f"sqlite:///{path}", "tester")
        yield tracker
        tracker.close()
        return
    name, url = new_pg_database(request.getfixturevalue("pg_templates")(seeds))
    tracker = Tracker(url, "tester")
    try:
        yield tracker
    finally:
        tracker.close()
        drop_pg_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_tracker(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Tracker]:
    yield from _copy_of_built(request, tmp_path, seeds=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Tracker]:
    yield from _copy_of_built(request, tmp_path, seeds=True)
