"""Where the data lives and who is writing: flags, environment, defaults."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

APP_NAME = "tracker"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(os.environ.get("TRACKER_HOME") or user_data_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'tracker.db'}"


def resolve_db_url(flag: str | None) -> str:
    return flag or os.environ.get("TRACKER_DB") or default_db_url()


def resolve_author(flag: str | None) -> str:
    if flag:
        return flag
    if os.environ.get("TRACKER_AUTHOR"):
        return os.environ["TRACKER_AUTHOR"]
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers)
        return "unknown"


def _shipped(name: str) -> Path:
    """A file shipped inside the package (tracker/data), wherever it is installed."""
    from importlib.resources import files

    return Path(str(files("tracker.data").joinpath(name)))


def default_catalogue() -> Path:
    """The catalogue shipped with the tracker, or the one TRACKER_CATALOGUE names."""
    return Path(os.environ.get("TRACKER_CATALOGUE") or _shipped("obligations.yaml"))


def default_seeds() -> Path:
    """The seed corpus shipped with the tracker, or the folder TRACKER_SEEDS names."""
    return Path(os.environ.get("TRACKER_SEEDS") or _shipped("seeds"))


def max_source_bytes() -> int:
    """Sources larger than this are refused (configurable: TRACKER_MAX_SOURCE_BYTES)."""
    return int(os.environ.get("TRACKER_MAX_SOURCE_BYTES", str(5 * 1024 * 1024)))
