"""Suggestions for a batch of new sources, computed beside the import.

Reading, extracting and storing a source is the main process's work; its
suggestions (about two thirds of an import's time) are computed meanwhile by
worker processes, and stored by the main process as they come back, in
order. Small batches, one-core machines and any failure of the pool fall
back to computing them in this process. A source whose suggestions were not
stored (the batch was interrupted) gets them from `tracker inbox`, which
indexes every source that has none yet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from types import TracebackType
from typing import TYPE_CHECKING, Any

from tracker.service.context import Context
from tracker.service.inbox import keep_suggestions, suggestions_of

if TYPE_CHECKING:
    from tracker.domain.suggest import Suggestion

# Below this many items a worker's start (about half a second) costs more than it saves.
POOL_MIN_ITEMS = 24
MAX_WORKERS = 2
# Sources in flight per worker before the import waits for the oldest.
AHEAD_PER_WORKER = 4


def _workers() -> int:
    """Worker processes for a large batch: none on a one-core machine."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return min(MAX_WORKERS, cores) if cores > 1 else 0


@contextlib.contextmanager
def _stderr_with_a_file() -> Iterator[None]:
    """Starting the workers hands standard error's file to a helper process;
    under the terminal UI standard error is a capture with no file, so the
    helper gets the null device instead (the workers print nothing)."""
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        yield
        return
    with open(os.devnull, "w", encoding="utf-8") as null, contextlib.redirect_stderr(null):
        yield


class SuggestionPipeline:
    """`add(source)` as each new source is stored; leaving the `with` block
    stores what is still in flight (or, on an error, drops it)."""

    def __init__(self, ctx: Context, learned: tuple[float, ...] | None, expected_items: int) -> None:
        self.ctx = ctx
        self.learned = learned
        self.pending: deque[tuple[int, str, dt.date | None, Future[tuple[int, list[Suggestion]]]]] = deque()
        self.workers = _workers() if expected_items >= POOL_MIN_ITEMS else 0
        self.executor: Any = None
        # Sources whose suggestions could not be computed (a fault in the rules):
        # kept without them, with the reason, so one article never stops a batch.
        self.unsuggested: dict[int, str] = {}

    def __enter__(self) -> SuggestionPipeline:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is None:
            self._drain(everything=True)
        if self.executor is not None:
            # Always wait (for at most the few calls already handed over; the
            # rest are cancelled): an executor left running at exit races
            # CPython's own exit hook, which can then print a traceback
            # ("Bad file descriptor") after an interrupted import.
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    def add(self, source_id: int, text: str, published_on: dt.date | None) -> None:
        future = self._submit(source_id, text, published_on)
        if future is None:
            self._compute_here(source_id, text, published_on)
            return
        self.pending.append((source_id, text, published_on, future))
        self._drain(everything=False)

    def _submit(self, source_id: int, text: str,
                published_on: dt.date | None) -> Future[tuple[int, list[Suggestion]]] | None:
        """The source handed to a worker, or None when this process must do it.
        Workers start on the first submission; if they cannot (a shell whose
        standard error is not a real file, as under the terminal UI, a
        sandbox that forbids processes), the batch goes on in this process."""
        try:
            from tracker.workers import suggest as suggest_worker

            with _stderr_with_a_file():
                executor = self._executor()
                if executor is None:
                    return None
                future: Future[tuple[int, list[Suggestion]]] = executor.submit(
                    suggest_worker.run, source_id, text, published_on)
            return future
        except Exception:
            self._stop_workers()
            return None

    def _stop_workers(self) -> None:
        self.workers = 0
        if self.executor is not None:
            executor, self.executor = self.executor, None
            # what it had started finishes (see `__exit__` for why it is waited for)
            with contextlib.suppress(Exception):
                executor.shutdown(wait=True, cancel_futures=True)

    def _executor(self) -> Any:
        if self.executor is None and self.workers:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            from tracker.workers import suggest as suggest_worker

            # spawn, not fork: the TUI imports from a thread, and a forked child
            # of a threaded process may inherit a held lock.
            self.executor = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=suggest_worker.start, initargs=(self.ctx.catalogue(), self.learned, os.getpid()),
            )
        return self.executor

    def _drain(self, *, everything: bool) -> None:
        """Store the results that are ready, oldest first; wait for the oldest
        when too many are in flight (or for all, at the end)."""
        while self.pending:
            source_id, text, published_on, future = self.pending[0]
            if not (everything or future.done() or len(self.pending) > self.workers * AHEAD_PER_WORKER):
                return
            self.pending.popleft()
            try:
                _, found = future.result()
            except Exception:  # a worker died or failed: this process does it
                self._compute_here(source_id, text, published_on)
            else:
                self._keep(source_id, found)

    def _compute_here(self, source_id: int, text: str, published_on: dt.date | None) -> None:
        try:
            found = suggestions_of(text, published_on, self.ctx.catalogue(), self.learned)
        except Exception as exc:  # a fault in the rules: the source stays, without suggestions
            self.unsuggested[source_id] = f"{type(exc).__name__}: {exc}"
            return
        self._keep(source_id, found)

    def _keep(self, source_id: int, found: Sequence[Suggestion]) -> None:
        keep_suggestions(self.ctx, source_id, found)
