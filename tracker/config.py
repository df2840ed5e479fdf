"""Where the data lives and who is writing: flags, environment, defaults."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

APP_NAME = "tracker"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


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


def default_catalogue() -> Path:
    """The catalogue shipped with the project (repo checkout) or given by env."""
    return Path(os.environ.get("TRACKER_CATALOGUE") or PROJECT_ROOT / "obligations.yaml")


def default_seeds() -> Path:
    return Path(os.environ.get("TRACKER_SEEDS") or PROJECT_ROOT / "seeds")


def max_source_bytes() -> int:
    """Sources larger than this are refused (configurable: TRACKER_MAX_SOURCE_BYTES)."""
    return int(os.environ.get("TRACKER_MAX_SOURCE_BYTES", str(5 * 1024 * 1024)))
