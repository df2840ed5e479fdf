"""The work a suggestion worker process does: `suggest` over one text, with
the catalogue and model of its batch (see tracker.service.suggest_pool)."""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
import time

from tracker.domain.models import Catalogue
from tracker.domain.suggest import Suggestion, suggest
from tracker.domain.text import chrome_spans

# The inbox keeps the best few per source and obligation, as `suggest` shows them.
INBOX_TOP_K = 3

_catalogue: Catalogue | None = None
_learned: tuple[float, ...] | None = None


def inbox_suggestions(text: str, published_on: dt.date | None, catalogue: Catalogue,
                      learned: tuple[float, ...] | None) -> list[Suggestion]:
    """What the inbox keeps of one text: a passage suggested for an obligation
    and, as its twin, for the restatement is asked about once (accepted, it
    is in both records)."""
    if not catalogue.agreements:
        return []
    found = suggest(text, catalogue, published_on=published_on, chrome=chrome_spans(text),
                    top_k=INBOX_TOP_K, learned=learned)
    return [s for s in found if not s.twin]


def start(catalogue: Catalogue, learned: tuple[float, ...] | None, parent: int) -> None:
    """Worker initializer: hold the batch's catalogue and model; leave Ctrl-C to
    the parent (it stops the batch); end when the parent is gone (killed)."""
    global _catalogue, _learned
    _catalogue, _learned = catalogue, learned
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def run(source_id: int, text: str, published_on: dt.date | None) -> tuple[int, list[Suggestion]]:
    assert _catalogue is not None, "start() runs first"
    return source_id, inbox_suggestions(text, published_on, _catalogue, _learned)
