"""HTTP for intake: one client setup, mapped errors, capped streaming reads.

Every failure is one FetchError line naming the URL (its password masked).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from tracker.intake.bounded import too_large
from tracker.intake.document import Kind
from tracker.intake.errors import FetchError
from tracker.intake.settings import IntakeLimits
from tracker.intake.sniff import kind_from_media_type


def is_url(target: str) -> bool:
    return target[:8].lower().startswith(("http://", "https://"))


_SECRET_PARAMETER = re.compile(
    r"([?&](?:[^=&]*(?:password|passwd|pwd|token|secret|api_?key|access_?key|signature)[^=&]*)=)[^&#]*", re.I
)


def display_url(url: str | httpx.URL) -> str:
    """A URL fit to show: a password or a secret-looking query value replaced by ***,
    control characters replaced by ?."""
    shown = str(url)
    try:
        parts = urlsplit(shown)
        if "@" in parts.netloc:
            userinfo, host = parts.netloc.rsplit("@", 1)
            if ":" in userinfo:
                shown = urlunsplit(parts._replace(netloc=f"{userinfo.split(':', 1)[0]}:***@{host}"))
    except ValueError:
        pass
    shown = _SECRET_PARAMETER.sub(r"\1***", shown)
    return "".join(char if char.isprintable() else "?" for char in shown)[:300]


def storable_url(url: str | httpx.URL) -> str:
    """A URL fit to keep: without any user name or password (a query is kept as it is)."""
    text = str(url)
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    if "@" not in parts.netloc:
        return text
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def make_client(limits: IntakeLimits | None = None) -> httpx.Client:
    """A client to reuse across a batch (connections are kept open between items)."""
    limits = limits or IntakeLimits.from_env()
    return httpx.Client(
        timeout=httpx.Timeout(limits.timeout),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        headers={"User-Agent": limits.user_agent},
    )


@dataclass(frozen=True)
class Response:
    """What a finished request gave: the final URL, the redirects on the way, the body.
    URLs here are storable (no credentials); show them through `display_url`."""

    url: str
    redirects: tuple[str, ...]
    status: int
    media_type: str
    headers: Mapping[str, str]
    data: bytes


@contextmanager
def _client(client: httpx.Client | None, limits: IntakeLimits) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    with make_client(limits) as own:
        yield own


def _transport_error(label: str, exc: Exception, limits: IntakeLimits) -> FetchError:
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(f"{label}: no answer within {limits.timeout:g} s; try again later or raise TRACKER_FETCH_TIMEOUT")
    if isinstance(exc, httpx.TooManyRedirects):
        return FetchError(f"{label}: more than {limits.max_redirects} redirects; open it in a browser and give the final address")
    if isinstance(exc, httpx.UnsupportedProtocol):
        return FetchError(f"{label}: only http:// and https:// addresses can be fetched; save the page and add the file")
    if isinstance(exc, httpx.InvalidURL):
        return FetchError(f"{label}: not a valid URL; check the address")
    if isinstance(exc, httpx.ConnectError):
        reason = " ".join(str(exc).split())[:80] or "connection refused"
        return FetchError(f"{label}: cannot connect ({reason}); check the address and your network")
    reason = " ".join(str(exc).split())[:80] or type(exc).__name__
    return FetchError(f"{label}: the download failed ({reason}); try again later")


def _status_error(label: str, status: int) -> FetchError:
    if status in (404, 410):
        return FetchError(f"{label}: not found (HTTP {status}); check the address")
    if status in (401, 403):
        return FetchError(
            f"{label}: access refused (HTTP {status}); save the page from your browser and add the file"
        )
    if status == 429:
        return FetchError(f"{label}: too many requests (HTTP 429); try again later")
    if status >= 500:
        return FetchError(f"{label}: the server failed (HTTP {status}); try again later")
    if 300 <= status < 400:
        return FetchError(f"{label}: a redirect (HTTP {status}) with nowhere to go; open it in a browser")
    return FetchError(f"{label}: the server refused the request (HTTP {status}); check the address")


def get(
    url: str, *, limits: IntakeLimits, client: httpx.Client | None = None,
    headers: Mapping[str, str] | None = None, check_type: bool = True,
) -> Response:
    """GET a URL, following redirects, with the body read to at most the cap.

    A 304 comes back as it is (empty body); any other non-2xx status, a
    transport failure, a body over the cap or (with `check_type`) a type other
    than HTML, PDF or plain text raises FetchError.
    """
    label = display_url(url)
    if not is_url(url):
        raise FetchError(f"{label}: only http:// and https:// addresses can be fetched; check the address")
    started = time.monotonic()
    with _client(client, limits) as http:
        try:
            with http.stream("GET", url, headers=dict(headers or {})) as response:
                redirects = tuple(storable_url(r.url) for r in response.history)
                final = storable_url(response.url)
                if response.status_code == 304:
                    return Response(final, redirects, 304, "", dict(response.headers), b"")
                if not 200 <= response.status_code < 300:
                    raise _status_error(label, response.status_code)
                media_type = response.headers.get("content-type", "")
                kind = kind_from_media_type(media_type)
                if check_type and kind is None and not _maybe_untyped(media_type):
                    shown = media_type.split(";")[0].strip()[:60]
                    raise FetchError(
                        f"{label}: the server sent {shown}, not an HTML page, a PDF or plain text; "
                        "give the address of the article itself"
                    )
                if kind is Kind.PDF or (kind is None and check_type):
                    # PDFs (and untyped bodies, which may be PDFs) get the PDF cap; the reader
                    # applies the text cap once the bytes say what they are.
                    limit, variable = limits.max_pdf_bytes, "TRACKER_MAX_PDF_BYTES"
                else:
                    limit, variable = limits.max_source_bytes, "TRACKER_MAX_SOURCE_BYTES"
                data = _read_body(response, label, limit, variable, started, limits)
                return Response(final, redirects, response.status_code, media_type, dict(response.headers), data)
        except FetchError:
            raise
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise _transport_error(label, exc, limits) from None


def _maybe_untyped(media_type: str) -> bool:
    """No type, or a generic one: the bytes will tell (sniffed by the reader)."""
    base = media_type.split(";")[0].strip().lower()
    return base in ("", "application/octet-stream", "binary/octet-stream")


def _read_body(
    response: httpx.Response, label: str, limit: int, variable: str, started: float, limits: IntakeLimits
) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(label, limit, variable)
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_large(label, limit, variable)
        if time.monotonic() - started > limits.total_timeout:
            raise FetchError(
                f"{label}: the download took over {limits.total_timeout:g} s; try again later or save the file"
            )
    return b"".join(chunks)
