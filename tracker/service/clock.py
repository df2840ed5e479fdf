"""Where "today" and "now" come from: injected, so deadlines are counted in one place."""

from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Clock:
    """The system clock, or a fixed day and time (tests, replays)."""

    def __init__(self, today: dt.date | None = None, now: dt.datetime | None = None) -> None:
        self._today = today
        self._now = now

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def now(self) -> dt.datetime:
        return self._now or utcnow()
