"""Issue 9: reads are capped while reading, and what is not a regular file is
refused before it is opened, so nothing can grow without bound or block."""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tracker.intake import IntakeError, IntakeLimits, read_path, read_stdin, read_target


def finishes(call: Callable[[], object], seconds: float = 10.0) -> BaseException | None:
    """Run `call` in a thread; fail the test if it is still running after `seconds`
    (a guard against a hang, not a timing assertion). Returns what it raised."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "the read blocked"
    return outcome[0]


def test_a_fifo_is_refused_without_blocking(tmp_path: Path, limits: IntakeLimits) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    error = finishes(lambda: read_path(fifo, limits=limits))
    assert isinstance(error, IntakeError)
    assert str(error) == f"{fifo} is a pipe (FIFO), not a regular file; save the article to a file and give that"


def test_dev_zero_is_refused_without_reading(limits: IntakeLimits) -> None:
    error = finishes(lambda: read_target("/dev/zero", limits=limits))
    assert isinstance(error, IntakeError)
    assert "/dev/zero is a device, not a regular file" in str(error)


def test_a_symlink_to_a_device_is_refused(tmp_path: Path, limits: IntakeLimits) -> None:
    link = tmp_path / "article.txt"
    link.symlink_to("/dev/zero")
    error = finishes(lambda: read_path(link, limits=limits))
    assert isinstance(error, IntakeError) and "is a device" in str(error)


def test_a_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"word " * 300)
    small = IntakeLimits(max_source_bytes=1000, max_pdf_bytes=1000)
    with pytest.raises(IntakeError, match=r"long\.txt is over the 1000-byte limit; split it or raise TRACKER_MAX_SOURCE_BYTES"):
        read_path(path, limits=small)
    path.write_bytes(b"word " * 200)  # exactly the cap is allowed
    assert read_path(path, limits=small).text == "word " * 200


class Endless(io.RawIOBase):
    """`yes | tracker sources add -`: a stream that never ends; counts what was read."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        size = len(buffer)
        buffer[:size] = (b"y\n" * (size // 2 + 1))[:size]
        self.given += size
        return size


def test_endless_stdin_is_cut_at_the_cap() -> None:
    stream = Endless()
    small = IntakeLimits(max_source_bytes=50_000, max_pdf_bytes=50_000)
    with pytest.raises(IntakeError, match="standard input is over the 50000-byte limit"):
        read_stdin(limits=small, stream=stream)  # type: ignore[arg-type]
    assert stream.given <= 50_001 + 64 * 1024


def test_stdin_from_a_pipe_is_read(limits: IntakeLimits) -> None:
    reader, writer = os.pipe()
    os.write(writer, b"Title: Piped article\n\nThe convoy crossed at dawn.\n")
    os.close(writer)
    with os.fdopen(reader, "rb") as stream:
        document = read_stdin(limits=limits, stream=stream)
    assert document.title == "Piped article"
    assert document.text == "The convoy crossed at dawn.\n"
    assert document.origin == "-"


def test_stdin_that_is_a_terminal_is_refused_not_waited_on(limits: IntakeLimits) -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        with os.fdopen(follower, "rb", closefd=False) as terminal:
            error = finishes(lambda: read_stdin(limits=limits, stream=terminal))
    finally:
        os.close(leader)
        os.close(follower)
    assert isinstance(error, IntakeError) and "standard input is a terminal" in str(error)


def test_missing_file_and_folder(tmp_path: Path, limits: IntakeLimits) -> None:
    with pytest.raises(IntakeError, match=r"nothere\.txt: no such file; check the path"):
        read_path(tmp_path / "nothere.txt", limits=limits)
    with pytest.raises(IntakeError, match="is a folder"):
        read_path(tmp_path, limits=limits)


@pytest.mark.parametrize("value", ["abc", "-5", "0", "nan", "1e999"])
def test_a_bad_size_setting_is_one_line(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("TRACKER_MAX_SOURCE_BYTES", value)
    with pytest.raises(IntakeError, match=r"TRACKER_MAX_SOURCE_BYTES=.* is not a positive number"):
        IntakeLimits.from_env()


def test_size_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_MAX_SOURCE_BYTES", "1234")
    monkeypatch.setenv("TRACKER_FETCH_TIMEOUT", "2.5")
    limits = IntakeLimits.from_env()
    assert (limits.max_source_bytes, limits.timeout) == (1234, 2.5)
