"""Where the data lives and who is writing: flags, environment, defaults."""

from __future__ import annotations

import getpass
import math
import os
from pathlib import Path

from tracker.errors import InvalidInput

APP_NAME = "tracker"


def env_number(name: str, default: float, what: str) -> float:
    """A positive number from the environment; a bad value is one line naming the variable."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw.strip())
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise InvalidInput(f"{name}={raw.strip()[:40]!r} is not {what}; set it to a positive number or unset it")
    return value


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(os.environ.get("TRACKER_HOME") or user_data_dir(APP_NAME, appauthor=False))


def ensure_data_dir() -> Path:
    """Create the data folder (only a write does this); one line when it cannot be."""
    folder = data_dir()
    where = "TRACKER_HOME" if os.environ.get("TRACKER_HOME") else "the data folder"
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{where} {folder} is a file, not a folder; point TRACKER_HOME at a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(
            f"cannot create {where} {folder}: {exc.strerror or exc}; point TRACKER_HOME at a writable folder"
        ) from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InvalidInput(f"{where} {folder} is not writable; point TRACKER_HOME at a writable folder")
    return folder


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
    return int(env_number("TRACKER_MAX_SOURCE_BYTES", 5 * 1024 * 1024, "a number of bytes"))


def busy_timeout() -> float:
    """How long a write waits for another writer, in seconds (TRACKER_BUSY_TIMEOUT)."""
    return env_number("TRACKER_BUSY_TIMEOUT", 10.0, "a number of seconds")
