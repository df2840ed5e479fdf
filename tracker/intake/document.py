"""What intake hands to the service: clean text, metadata and the original bytes."""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    HTML = "html"
    PDF = "pdf"


MEDIA_TYPES = {Kind.TEXT: "text/plain", Kind.HTML: "text/html", Kind.PDF: "application/pdf"}


@dataclass(frozen=True)
class Original:
    """The bytes as read or downloaded, kept so the text can be re-extracted later."""

    data: bytes
    media_type: str
    sha256: str

    @classmethod
    def of(cls, data: bytes, media_type: str) -> Original:
        return cls(data=data, media_type=media_type, sha256=hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class IntakeDocument:
    """One article read from a file, standard input or a URL.

    `text` is normalised: newlines unified; for HTML and PDF, one paragraph per
    block, blocks separated by one blank line. Metadata fields are None when the
    document does not say (the service may still guess from the text).
    """

    kind: Kind
    text: str
    original: Original
    name: str  # what the user would call it: a file name or the URL
    origin: str  # where it came from: the path as given, "-" (stdin) or the URL asked for
    extractor: str = "text"  # what made `text` from the original: "text", "trafilatura 2.3.1", "pypdf 7.1.1"
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published_on: dt.date | None = None
    url: str | None = None  # the final URL after redirects, else the canonical URL the page gives
    canonical_url: str | None = None
    redirects: tuple[str, ...] = ()  # URLs that answered with a redirect, in order
    pages: tuple[tuple[int, int], ...] = ()  # PDF: [start, end) of each page in `text`
    warnings: tuple[str, ...] = field(default=())

    def page_at(self, offset: int) -> int | None:
        """The 1-based PDF page holding character `offset` of `text` (None if not a PDF)."""
        if not self.pages:
            return None
        starts = [start for start, _ in self.pages]
        index = max(0, bisect.bisect_right(starts, offset) - 1)
        return index + 1

    def pages_of(self, start: int, end: int) -> tuple[int, int] | None:
        """First and last page of the span [start, end), for "p. N" / "pp. N-M"."""
        first = self.page_at(start)
        last = self.page_at(max(start, end - 1))
        if first is None or last is None:
            return None
        return first, last
