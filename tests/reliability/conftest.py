"""Fixtures for the reliability tests (helpers live in rel_support.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pgschema import drop_pg_database, drop_pg_schema, new_pg_database, new_pg_schema, new_pg_template
from rel_support import seed_template, sqlite_bytes


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    path = folder / "seeded.db"
    seed_template(f"sqlite:///{path}")
    sqlite_bytes(f"sqlite:///{path}")  # checkpoint: the copy is one self-contained file
    return path


@pytest.fixture
def seeded_sqlite(sqlite_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "db" / "tracker.db"
    target.parent.mkdir()
    shutil.copyfile(sqlite_template, target)
    return f"sqlite:///{target}"


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    schema, url = new_pg_schema()
    try:
        yield url
    finally:
        drop_pg_schema(schema)


@pytest.fixture(scope="session")
def shared_pg() -> Iterator[str]:
    """One seeded schema per worker, shared by rows that must not change it."""
    schema, url = new_pg_schema()
    try:
        seed_template(url)
        yield url
    finally:
        drop_pg_schema(schema)


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_url(request: pytest.FixtureRequest) -> str:
    if request.param == "sqlite":
        return str(request.getfixturevalue("seeded_sqlite"))
    return str(request.getfixturevalue("shared_pg"))


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    name = new_pg_template(seed_template)
    yield name
    drop_pg_database(name)


@pytest.fixture
def seeded_pg(pg_template: str) -> Iterator[str]:
    """A seeded PostgreSQL database of this test's own (for tests that change
    it), copied from the one seeded per worker."""
    name, url = new_pg_database(pg_template)
    yield url
    drop_pg_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def own_seeded_url(request: pytest.FixtureRequest) -> str:
    """A seeded database this test may change, on each backend."""
    return str(request.getfixturevalue("seeded_sqlite" if request.param == "sqlite" else "seeded_pg"))
