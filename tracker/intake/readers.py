"""One target (a file, standard input or a URL) becomes one IntakeDocument."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx

from tracker.intake import bounded, web
from tracker.intake.document import MEDIA_TYPES, IntakeDocument, Kind, Original
from tracker.intake.errors import IntakeError
from tracker.intake.html import extract_html
from tracker.intake.pdf import extract_pdf
from tracker.intake.settings import IntakeLimits
from tracker.intake.sniff import binary_format, kind_from_suffix, looks_like_feed, looks_like_pdf, sniff
from tracker.intake.textfile import decode_text, split_header

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WEB_ADDRESS = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}(?:/|$)", re.I)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)


def read_target(
    target: str, *, limits: IntakeLimits | None = None, client: httpx.Client | None = None,
    stdin: BinaryIO | None = None,
) -> IntakeDocument:
    """A path, '-' (standard input) or an http(s) URL, read into a document."""
    limits = limits or IntakeLimits.from_env()
    if target == "-":
        return read_stdin(limits=limits, stream=stdin)
    if web.is_url(target):
        return read_url(target, limits=limits, client=client)
    return read_path(Path(target), limits=limits)


def read_path(path: Path, *, limits: IntakeLimits | None = None, label: str | None = None) -> IntakeDocument:
    """A local file: text, Markdown, HTML or PDF (an unknown extension is sniffed)."""
    limits = limits or IntakeLimits.from_env()
    label = label or str(path)
    if _WEB_ADDRESS.match(str(path)) and not path.exists():
        raise IntakeError(f"{label}: no such file; for a web page write the whole address, https://{path}")
    kind = kind_from_suffix(path.suffix)
    if kind is Kind.PDF:
        cap, variable = limits.max_pdf_bytes, "TRACKER_MAX_PDF_BYTES"
    elif kind is not None:
        cap, variable = limits.max_source_bytes, "TRACKER_MAX_SOURCE_BYTES"
    else:
        cap, variable = limits.max_read_bytes, "TRACKER_MAX_SOURCE_BYTES"
    data = bounded.read_file(path, limit=cap, label=label, variable=variable)
    return document_from_bytes(
        data, label=label, name=path.name, origin=str(path), suffix=path.suffix, limits=limits
    )


def read_stdin(*, limits: IntakeLimits | None = None, stream: BinaryIO | None = None) -> IntakeDocument:
    limits = limits or IntakeLimits.from_env()
    data = bounded.read_stdin(limit=limits.max_read_bytes, stream=stream)
    return document_from_bytes(data, label="standard input", name="stdin", origin="-", limits=limits)


def read_url(url: str, *, limits: IntakeLimits | None = None, client: httpx.Client | None = None) -> IntakeDocument:
    """An article at an http(s) URL; the final URL (after redirects) is the document's url."""
    limits = limits or IntakeLimits.from_env()
    response = web.get(url, limits=limits, client=client)
    label = web.display_url(url)
    return document_from_bytes(
        response.data, label=label, name=web.display_url(response.url), origin=web.storable_url(url), media_type=response.media_type,
        url=response.url, redirects=response.redirects, limits=limits,
    )


def document_from_bytes(
    data: bytes, *, label: str, name: str, origin: str, limits: IntakeLimits, suffix: str = "",
    media_type: str = "", url: str | None = None, redirects: tuple[str, ...] = (),
) -> IntakeDocument:
    """Bytes of any supported kind, turned into clean text plus metadata."""
    if not data.strip():
        raise IntakeError(f"{label} is empty; give a file with the article's text")
    other = binary_format(data)
    if other:
        raise IntakeError(f"{label} is {other}, not an article; give text, HTML or PDF")
    kind = sniff(data, suffix=suffix, media_type=media_type)
    if suffix.lower() == ".pdf" and not looks_like_pdf(data):
        raise IntakeError(f"{label} is named .pdf but is not a PDF (no %PDF header); check the file")
    if kind is not Kind.PDF and looks_like_feed(data):  # an .rss or .xml saved to disk is still a feed
        raise IntakeError(f"{label} is an RSS or Atom feed, not an article; add it with `tracker feeds add`")
    cap = limits.max_pdf_bytes if kind is Kind.PDF else limits.max_source_bytes
    if len(data) > cap:
        variable = "TRACKER_MAX_PDF_BYTES" if kind is Kind.PDF else "TRACKER_MAX_SOURCE_BYTES"
        raise bounded.too_large(label, cap, variable)
    original = Original.of(data, _media_type(kind, media_type))
    if kind is Kind.TEXT:
        document = _text_document(_as_utf8(data, media_type), label, name, origin, original, url)
    elif kind is Kind.HTML:
        document = _html_document(data, label, name, origin, original, url, media_type)
    else:
        document = _pdf_document(data, label, name, origin, original, url)
    if len(document.text.encode("utf-8")) > limits.max_source_bytes:
        raise bounded.too_large(f"{label} (its text)", limits.max_source_bytes, "TRACKER_MAX_SOURCE_BYTES")
    if redirects:
        document = replace(document, redirects=redirects)
    return document


def _as_utf8(data: bytes, media_type: str) -> bytes:
    """Plain text a server declared in another charset, re-encoded as UTF-8."""
    charset = _CHARSET.search(media_type)
    if not charset or charset.group(1).lower().replace("_", "-") in ("utf-8", "utf8", "us-ascii"):
        return data
    try:
        return data.decode(charset.group(1)).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data  # the UTF-8 check then names the first bad byte


def _media_type(kind: Kind, declared: str) -> str:
    base = declared.split(";")[0].strip().lower()
    if base and kind is Kind.TEXT and base.startswith("text/"):
        return base
    return MEDIA_TYPES[kind]


def _text_document(
    data: bytes, label: str, name: str, origin: str, original: Original, url: str | None
) -> IntakeDocument:
    text = decode_text(data, label)
    header, body = split_header(text, label)
    if not body.strip():
        raise IntakeError(f"{label} has a metadata header but no article text after it; add the text")
    return IntakeDocument(
        kind=Kind.TEXT, text=body, original=original, name=name, origin=origin, extractor="text",
        title=header.title, outlet=header.outlet, author=header.author, published_on=header.published_on,
        url=url or header.url, canonical_url=header.url,
    )


def _html_document(
    data: bytes, label: str, name: str, origin: str, original: Original, url: str | None, media_type: str
) -> IntakeDocument:
    markup: bytes | str = data
    charset = _CHARSET.search(media_type)
    if charset:  # the server's word on the encoding wins over guessing
        try:
            markup = data.decode(charset.group(1), errors="replace")
        except LookupError:
            markup = data
    article = extract_html(markup, label, url=url)
    address = url or article.canonical_url
    return IntakeDocument(
        kind=Kind.HTML, text=_clean(article.text), original=original, name=name, origin=origin,
        extractor=_version("trafilatura"),
        title=article.title, outlet=article.outlet or _host(address), author=article.author,
        published_on=article.published_on, url=address, canonical_url=article.canonical_url,
    )


def _pdf_document(
    data: bytes, label: str, name: str, origin: str, original: Original, url: str | None
) -> IntakeDocument:
    article = extract_pdf(data, label)
    # Control characters become spaces, not nothing, so the page spans stay true.
    return IntakeDocument(
        kind=Kind.PDF, text=_CONTROLS.sub(" ", article.text), extractor=_version("pypdf"), original=original, name=name, origin=origin,
        title=article.title, author=article.author, url=url, pages=article.pages, warnings=article.warnings,
    )


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{package} {version(package)}"
    except PackageNotFoundError:
        return package


def _clean(text: str) -> str:
    """Extracted text without control characters (they are never part of an article)."""
    return _CONTROLS.sub("", text)


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.")
    return host or None
