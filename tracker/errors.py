"""User-facing errors. Each str() is one line: what is wrong and how to fix it."""

from __future__ import annotations


class TrackerError(Exception):
    """An error the user can fix; the CLI prints it on one line and exits 1."""

    def __str__(self) -> str:
        text = super().__str__()
        return " ".join(text.split())  # always one line


class NotFound(TrackerError):
    pass


class InvalidInput(TrackerError):
    pass


class DatabaseError(TrackerError):
    pass
