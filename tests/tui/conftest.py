"""Fixtures for the TUI tests: a seeded SQLite tracker per test (copied from
one seeded template per session), a fixed "today" (the service's clock), and
an app factory whose apps settle: no animation, no blinking cursor."""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tracker.seeding import load_seeds
from tracker.service import Clock, Tracker

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 25)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests (Textual pilots) without an asyncio plugin."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
        return True
    return None


@pytest.fixture(autouse=True)
def _isolated_tui_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # a home of its own: the keymap and the settings the UI saves (~/.config/tracker)
    # land in the test's folder; no colour surprises, no real data dir
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "TRACKER_KEYMAP", "TRACKER_THEME", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TRACKER_HOME", str(tmp_path / "home" / "data"))


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tui-template")
    path = folder / "t.db"
    tracker = Tracker(f"sqlite:///{path}", "tester")
    tracker.upgrade()
    tracker.load_catalogue(ROOT / "obligations.yaml")
    load_seeds(tracker, ROOT / "seeds")
    tracker.close()
    return path


@pytest.fixture
def db_url(seeded_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "t.db"
    shutil.copy(seeded_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def tui_tracker(db_url: str) -> Iterator[Tracker]:
    tracker = Tracker(db_url, "tester", clock=Clock(today=TODAY))
    yield tracker
    tracker.close()


@pytest.fixture
def fresh(db_url: str) -> Iterator[Callable[[], Tracker]]:
    """A new Tracker on the same database, to check what was really stored."""
    made: list[Tracker] = []

    def make() -> Tracker:
        tracker = Tracker(db_url, "checker")
        made.append(tracker)
        return tracker

    yield make
    for tracker in made:
        tracker.close()


@pytest.fixture
def make_app(tui_tracker: Tracker, db_url: str) -> Iterator[Callable[..., object]]:
    """Apps on the test's database; `today=` gives the service another clock."""
    from tracker.tui.app import TrackerApp

    others: list[Tracker] = []

    def make(*, today: dt.date | None = None, **kwargs) -> TrackerApp:
        tracker = tui_tracker
        if today is not None:
            tracker = Tracker(db_url, "tester", clock=Clock(today=today))
            others.append(tracker)
        app = TrackerApp(tracker, cursor_blink=False, **kwargs)
        app.animation_level = "none"
        return app

    yield make
    for tracker in others:
        tracker.close()
