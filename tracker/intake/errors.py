"""Intake errors: one line naming the item (file, URL, feed) and how to fix it."""

from __future__ import annotations

from tracker.errors import InvalidInput


class IntakeError(InvalidInput):
    """A file, URL or feed that cannot become a source; the message names it."""


class FetchError(IntakeError):
    """A URL that could not be fetched (HTTP status, timeout, refused, size, type)."""


class FeedError(IntakeError):
    """A feed that could not be read (not a feed, or not fetched)."""
