"""Which reader a document needs: from its name, its declared type and its first bytes."""

from __future__ import annotations

import re

from tracker.intake.document import Kind

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:head|body|article|p|div|title|meta)[\s>/]", re.I)
_FEED = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)

# Formats people save by mistake; named so the one-line error can say what the file is.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (e.g. .docx or .epub)"), (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"), (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "a program"),
)


def kind_from_suffix(suffix: str) -> Kind | None:
    suffix = suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return Kind.TEXT
    if suffix in HTML_SUFFIXES:
        return Kind.HTML
    if suffix in PDF_SUFFIXES:
        return Kind.PDF
    return None


def kind_from_media_type(media_type: str) -> Kind | None:
    base = media_type.split(";")[0].strip().lower()
    if base in ("text/html", "application/xhtml+xml"):
        return Kind.HTML
    if base in ("application/pdf", "application/x-pdf"):
        return Kind.PDF
    if base in ("text/plain", "text/markdown", "text/x-markdown"):
        return Kind.TEXT
    return None


def looks_like_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def looks_like_html(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head)) or (head.lstrip().startswith(b"<") and len(_HTML_TAGS.findall(head)) >= 2)


_FEED_ROOT = re.compile(rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)[\s>]", re.I | re.S)


def looks_like_feed(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if _FEED_ROOT.match(head):  # the document's root element is a feed's (items carry <title>, <link>)
        return True
    return head.startswith(b"<") and bool(_FEED.search(head)) and not looks_like_html(data)


def binary_format(data: bytes) -> str | None:
    """A name for bytes that are a known non-article format, else None."""
    for signature, name in _SIGNATURES:
        if data.startswith(signature):
            return name
    return None


def sniff(data: bytes, *, suffix: str = "", media_type: str = "") -> Kind:
    """The document kind. Strong signs in the bytes (a PDF header, an HTML doctype)
    win over a name or a type that says otherwise; then the declared type, the
    name, and plain text last."""
    if looks_like_pdf(data):
        return Kind.PDF
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(head):
        return Kind.HTML
    declared = kind_from_media_type(media_type) if media_type else None
    declared = declared or kind_from_suffix(suffix)
    if declared is not None and declared is not Kind.PDF:
        return declared
    if looks_like_html(data):
        return Kind.HTML
    return Kind.TEXT
