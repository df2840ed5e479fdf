"""Limits for reading and fetching, from the environment or given by the caller."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from tracker import __version__
from tracker.intake.errors import IntakeError

PROJECT_URL = "https://pypi.org/project/tracker/"
USER_AGENT = f"tracker/{__version__} (+{PROJECT_URL})"

DEFAULT_MAX_SOURCE_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_PDF_BYTES = 64 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
DEFAULT_TOTAL_TIMEOUT = 120.0


@dataclass(frozen=True)
class IntakeLimits:
    """How much may be read and how long a fetch may take.

    `max_source_bytes` caps text and HTML originals and every extracted text;
    PDFs carry fonts and images, so their originals have their own cap.
    """

    max_source_bytes: int = DEFAULT_MAX_SOURCE_BYTES
    max_pdf_bytes: int = DEFAULT_MAX_PDF_BYTES
    timeout: float = DEFAULT_TIMEOUT  # connect, and each wait for more bytes
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT  # a whole download, however it trickles
    max_redirects: int = 10
    user_agent: str = USER_AGENT

    @property
    def max_read_bytes(self) -> int:
        """The most read before the kind is known."""
        return max(self.max_source_bytes, self.max_pdf_bytes)

    @classmethod
    def from_env(cls) -> IntakeLimits:
        """TRACKER_MAX_SOURCE_BYTES, TRACKER_MAX_PDF_BYTES, TRACKER_FETCH_TIMEOUT."""
        return cls(
            max_source_bytes=int(_env_number("TRACKER_MAX_SOURCE_BYTES", DEFAULT_MAX_SOURCE_BYTES, int)),
            max_pdf_bytes=int(_env_number("TRACKER_MAX_PDF_BYTES", DEFAULT_MAX_PDF_BYTES, int)),
            timeout=_env_number("TRACKER_FETCH_TIMEOUT", DEFAULT_TIMEOUT, float),
        )


def _env_number(name: str, default: int | float, kind: type[int] | type[float]) -> int | float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw.strip())
    except ValueError:
        value = -1
    if not math.isfinite(value) or value <= 0:
        shown = raw.strip()[:40]
        raise IntakeError(f"{name}={shown!r} is not a positive number; set it to e.g. {default} or unset it")
    return value
