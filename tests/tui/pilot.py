"""Helpers for driving the app in tests: wait for a settled screen, read what it shows."""

from __future__ import annotations

import contextlib

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed


async def settle(pilot: Pilot) -> None:
    """Wait until the UI is still: every worker finished, every message handled, no animation.

    A worker's result is a message whose handler may start another worker (the
    reader loads its evidence once it is open), so wait until a round starts none."""
    app = pilot.app
    for _ in range(100):
        await pilot.pause()
        for worker in list(app.workers):
            # cancelled (an exclusive worker started again) or failed: either way, done
            with contextlib.suppress(WorkerCancelled, WorkerFailed):
                await worker.wait()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            return
    raise AssertionError("the UI never settled: workers keep starting")


def notices(app) -> list[str]:
    """The messages of the notifications shown so far."""
    return [str(n.message) for n in app._notifications]
