"""Reads that can neither grow without bound nor block (issue 9).

The size cap is checked while reading, never taken from `st_size` (which is 0
for devices and pipes); what is not a regular file is refused after a `stat`,
before anything is opened, and the opened file is checked again with `fstat`.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from tracker.intake.errors import IntakeError

CHUNK = 64 * 1024


def _not_regular(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def too_large(label: str, limit: int, variable: str) -> IntakeError:
    return IntakeError(f"{label} is over the {limit}-byte limit; split it or raise {variable}")


def read_up_to(stream: BinaryIO, limit: int, label: str, variable: str) -> bytes:
    """Read a stream to its end, refusing it once more than `limit` bytes came."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(min(CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_large(label, limit, variable)
    return b"".join(chunks)


def check_regular_file(path: Path, label: str) -> None:
    """Refuse, in one line, a path that is missing, a folder, a device, a FIFO or a socket."""
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise IntakeError(f"{label}: no such file; check the path") from None
    except PermissionError:
        raise IntakeError(f"{label}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise IntakeError(f"{label}: cannot be read ({exc.strerror or exc}); check the path") from None
    if stat.S_ISDIR(mode):
        raise IntakeError(f"{label} is a folder; give the files in it, or the folder to `sources add`")
    if not stat.S_ISREG(mode):
        raise IntakeError(
            f"{label} is {_not_regular(mode)}, not a regular file; save the article to a file and give that"
        )


def read_file(path: Path, *, limit: int, label: str, variable: str = "TRACKER_MAX_SOURCE_BYTES") -> bytes:
    """The bytes of a regular file, at most `limit` of them."""
    check_regular_file(path, label)
    # O_NONBLOCK: if the path was swapped for a FIFO after the stat, open must not wait for a writer.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except PermissionError:
        raise IntakeError(f"{label}: permission denied; check the file's permissions") from None
    except OSError as exc:
        raise IntakeError(f"{label}: cannot be read ({exc.strerror or exc}); check the path") from None
    with os.fdopen(fd, "rb", buffering=0) as stream:
        mode = os.fstat(stream.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise IntakeError(
                f"{label} is {_not_regular(mode)}, not a regular file; save the article to a file and give that"
            )
        try:
            return read_up_to(stream, limit, label, variable)
        except OSError as exc:
            raise IntakeError(f"{label}: cannot be read ({exc.strerror or exc}); check the file") from None


def read_stdin(*, limit: int, stream: BinaryIO | None = None, variable: str = "TRACKER_MAX_SOURCE_BYTES") -> bytes:
    """Standard input ('-'), at most `limit` bytes; a terminal is refused rather than waited on."""
    label = "standard input"
    if stream is None:
        if sys.stdin is None or getattr(sys.stdin, "buffer", None) is None:
            raise IntakeError("standard input is closed; pipe the article in, e.g. `cat article.txt | tracker sources add -`")
        stream = sys.stdin.buffer
    try:
        if stream.isatty():
            raise IntakeError(
                "standard input is a terminal; pipe the article in, e.g. `cat article.txt | tracker sources add -`"
            )
    except ValueError:  # closed stream
        raise IntakeError("standard input is closed; pipe the article in") from None
    try:
        return read_up_to(stream, limit, label, variable)
    except OSError as exc:
        raise IntakeError(f"standard input cannot be read ({exc.strerror or exc}); pipe the article in") from None
