"""Many targets at once: folders expanded, each item read on its own.

One bad item never stops the others: `read_items` yields a result per item,
holding either the document or the one-line error, so a shell can show
progress and a summary.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import httpx

from tracker.errors import TrackerError
from tracker.intake import web
from tracker.intake.document import IntakeDocument
from tracker.intake.errors import IntakeError
from tracker.intake.readers import read_target
from tracker.intake.settings import IntakeLimits
from tracker.intake.sniff import SUPPORTED_SUFFIXES

_SUPPORTED_NAMES = ".txt, .md, .html, .htm or .pdf"


@dataclass(frozen=True)
class IntakeItem:
    """One thing to read: a file path, '-' for standard input, or a URL."""

    target: str
    label: str  # how lines name it: the path as reached, or the URL with any password masked
    problem: str | None = None  # known before reading (e.g. a folder with nothing to read)

    @property
    def is_url(self) -> bool:
        return web.is_url(self.target)


@dataclass(frozen=True)
class IntakeResult:
    item: IntakeItem
    document: IntakeDocument | None = None
    error: TrackerError | None = None

    @property
    def ok(self) -> bool:
        return self.document is not None


def expand(targets: Iterable[str]) -> list[IntakeItem]:
    """The items behind the targets, in order: a folder becomes its supported
    files (recursively, sorted, hidden ones skipped); the same target twice is one item."""
    items: list[IntakeItem] = []
    seen: set[str] = set()
    for target in targets:
        for item in _expand_one(target):
            if item.target not in seen or item.problem:
                seen.add(item.target)
                items.append(item)
    return items


def _expand_one(target: str) -> Iterator[IntakeItem]:
    if target == "-":
        yield IntakeItem("-", "standard input")
        return
    if web.is_url(target):
        yield IntakeItem(target, web.display_url(target))
        return
    try:
        is_folder = stat.S_ISDIR(os.stat(target).st_mode)
    except OSError:
        is_folder = False  # the reader says what is wrong with it
    if not is_folder:
        yield IntakeItem(target, target)
        return
    found = False
    problems: list[str] = []
    for path in _walk(Path(target), problems):
        found = True
        yield IntakeItem(str(path), str(path))
    for problem in problems:
        yield IntakeItem(target, target, problem=problem)
    if not found and not problems:
        yield IntakeItem(
            target, target,
            problem=f"{target} is a folder with no {_SUPPORTED_NAMES} files in it; check the folder",
        )


def _walk(folder: Path, problems: list[str]) -> list[Path]:
    """Supported files under `folder`, sorted by path (a folder's files and
    subfolders interleave by name, as `ls -R` would not but a reader expects)."""
    def failed(error: OSError) -> None:
        problems.append(f"{error.filename}: cannot be listed ({error.strerror}); check its permissions")

    found: list[Path] = []
    for root, folders, files in os.walk(folder, onerror=failed):  # symlinked folders are not entered
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(
            Path(root) / name for name in files
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
        )
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def read_item(
    item: IntakeItem, *, limits: IntakeLimits | None = None, client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
) -> IntakeDocument:
    if item.problem:
        raise IntakeError(item.problem)
    return read_target(item.target, limits=limits, client=client, stdin=stdin)


def read_items(
    items: Iterable[IntakeItem], *, limits: IntakeLimits | None = None, client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[IntakeResult]:
    """Read each item, yielding its document or its error; never stops early."""
    limits = limits or IntakeLimits.from_env()
    own: httpx.Client | None = None
    try:
        for item in items:
            if item.is_url and client is None and own is None:
                own = web.make_client(limits)
            try:
                document = read_item(item, limits=limits, client=client or own, stdin=stdin)
            except TrackerError as exc:
                yield IntakeResult(item, error=exc)
            except Exception as exc:  # a reader bug must cost one item, not the batch
                reason = " ".join(str(exc).split())[:80]
                yield IntakeResult(item, error=IntakeError(
                    f"{item.label}: could not be read ({type(exc).__name__}: {reason}); "
                    "save it as .txt and add that, and please report this"
                ))
            else:
                yield IntakeResult(item, document=document)
    finally:
        if own is not None:
            own.close()
