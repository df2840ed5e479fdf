"""The command line's own entry point, run inside the test process.

`tracker.cli.main` is what the console script calls; here it runs with the
given arguments, environment and standard input, its output captured as
bytes, exactly as a subprocess would see it. It saves the interpreter start
and the imports (about a second a call on the CI machine) that made the
error-matrix suites the slowest part of `make test`. A few tests of each kind
still run the real `python -m tracker` in a subprocess (rel_support.run_cli
with process=True), so the packaging of the entry point stays covered.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import traceback
import warnings
from collections.abc import Mapping, Sequence


class _Stream(io.TextIOWrapper):
    """A text stream over bytes that, like a pipe, is not a terminal."""

    def isatty(self) -> bool:
        return False


def _stream(raw: io.BytesIO) -> _Stream:
    return _Stream(raw, encoding="utf-8", errors="strict", newline=None, write_through=True)


def call_main(argv: Sequence[str], env: Mapping[str, str], stdin: bytes = b"") -> tuple[int, bytes, bytes]:
    """Run `tracker argv...` in this process: (exit code, stdout bytes, stderr bytes).

    An exception that escapes main (which a real process would print as a
    traceback) is written to the captured stderr as one, so the callers'
    'no traceback' checks see it."""
    from tracker import cli

    out, err = io.BytesIO(), io.BytesIO()
    saved_env = dict(os.environ)
    saved_streams = sys.argv, sys.stdin, sys.stdout, sys.stderr
    saved_sigint = signal.getsignal(signal.SIGINT)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = ["tracker", *argv]
    streams = _stream(io.BytesIO(stdin)), _stream(out), _stream(err)
    sys.stdin, sys.stdout, sys.stderr = streams
    cli.state.db = cli.state.author = None
    cli.state.tracker = None
    cli.state.interrupted = False
    code = 0
    try:
        with warnings.catch_warnings():
            # The interpreter's default filters, printed to the captured stderr as a
            # real run would print them (pytest would otherwise record them silently).
            warnings.resetwarnings()
            warnings.simplefilter("default")
            for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
                warnings.filterwarnings("ignore", category=category)
            warnings.showwarning = _show_warning
            try:
                cli.main()
            except SystemExit as exc:
                code = _exit_code(exc.code)
            except BaseException:  # a real process would print this and exit 1
                sys.stderr.write(traceback.format_exc())
                code = 1
    finally:
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved_streams
        for stream in streams:  # a collected wrapper would close the bytes under it
            if not stream.closed:
                stream.flush()
                stream.detach()
        os.environ.clear()
        os.environ.update(saved_env)
        signal.signal(signal.SIGINT, saved_sigint)
        cli.state.tracker = None
    return code, out.getvalue(), err.getvalue()


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: object = None, line: str | None = None) -> None:
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")  # sys.exit("message"): printed, exit 1
    return 1
