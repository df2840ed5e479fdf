"""Reading a user's text file: one line for every way it can be wrong."""

from __future__ import annotations

import sys
from pathlib import Path

from tracker.domain.text import is_text_printable
from tracker.errors import InvalidInput


def read_text_file(path: Path, *, what: str, limit: int | None = None) -> str:
    """Read a UTF-8 text file or raise InvalidInput saying what is wrong."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
    else:
        if not path.exists():
            raise InvalidInput(f"{path}: no such file; check the path")
        if path.is_dir():
            raise InvalidInput(f"{path} is a folder; give the {what} file itself (or a glob like {path}/*.txt)")
        try:
            size = path.stat().st_size
            if limit is not None and size > limit:
                raise InvalidInput(
                    f"{path} is {size} bytes, over the {limit}-byte limit for a {what}; "
                    "split it or raise TRACKER_MAX_SOURCE_BYTES"
                )
            data = path.read_bytes()
        except PermissionError:
            raise InvalidInput(f"{path}: permission denied; check the file's permissions") from None
    if not data.strip():
        raise InvalidInput(f"{path} is empty; give a file with the {what}'s text")
    if b"\x00" in data[:8192]:
        raise InvalidInput(f"{path} is a binary file, not text; save the {what} as UTF-8 plain text")
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path} is not UTF-8 (byte {exc.start} is 0x{data[exc.start]:02x}); "
            f"convert it, e.g. iconv -f latin1 -t utf-8 {path}"
        ) from None
    if not is_text_printable(decoded):
        raise InvalidInput(f"{path} looks binary, not plain text; save the {what} as UTF-8 text")
    return decoded
