"""URLs fetched from a server on 127.0.0.1: redirects followed and recorded,
each failure one line, bodies capped while streaming."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from intake_fixtures import ARTICLE_PARAGRAPHS, article_page, report_pdf
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tracker.intake import USER_AGENT, FetchError, IntakeError, IntakeLimits, Kind, read_target, read_url

HTML = "text/html; charset=utf-8"


def test_a_page_is_fetched_and_read(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    httpserver.expect_request("/world/stalls").respond_with_data(article_page(), content_type=HTML)
    url = httpserver.url_for("/world/stalls")
    document = read_target(url, limits=limits)
    assert document.kind is Kind.HTML
    assert document.url == url  # the address it was fetched from, not the canonical one
    assert document.canonical_url == "https://courier.example/world/prisoner-exchange-stalls"
    assert document.text.split("\n\n")[1:] == list(ARTICLE_PARAGRAPHS)
    assert document.outlet == "The Lantern Courier"
    assert document.redirects == ()


def test_redirects_are_followed_and_recorded(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    httpserver.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/moved")})
    httpserver.expect_request("/moved").respond_with_data(
        "", status=302, headers={"Location": "/world/final"})
    httpserver.expect_request("/world/final").respond_with_data(article_page(), content_type=HTML)
    document = read_url(httpserver.url_for("/old"), limits=limits)
    assert document.url == httpserver.url_for("/world/final")
    assert document.redirects == (httpserver.url_for("/old"), httpserver.url_for("/moved"))
    assert document.origin == httpserver.url_for("/old")


def test_the_user_agent_names_the_tracker(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    httpserver.expect_request("/ua", headers={"User-Agent": USER_AGENT}).respond_with_data(
        article_page(), content_type=HTML)
    read_url(httpserver.url_for("/ua"), limits=limits)  # the server answers 500 to any other agent
    assert USER_AGENT.startswith("tracker/") and "(+http" in USER_AGENT


def test_a_pdf_and_plain_text_over_http(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    httpserver.expect_request("/review.pdf").respond_with_data(report_pdf(), content_type="application/pdf")
    httpserver.expect_request("/note").respond_with_data(
        "Title: A plain note\n\nThe monitors filed a short note.\n", content_type="text/plain; charset=utf-8")
    pdf = read_url(httpserver.url_for("/review.pdf"), limits=limits)
    assert pdf.kind is Kind.PDF and len(pdf.pages) == 2 and pdf.url == httpserver.url_for("/review.pdf")
    note = read_url(httpserver.url_for("/note"), limits=limits)
    assert (note.kind, note.title, note.text) == (Kind.TEXT, "A plain note", "The monitors filed a short note.\n")
    assert note.url == httpserver.url_for("/note")


def test_plain_text_in_a_declared_charset(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    httpserver.expect_request("/latin").respond_with_data(
        "The caf\u00e9 by the bridge reopened.\n".encode("latin-1"), content_type="text/plain; charset=iso-8859-1")
    document = read_url(httpserver.url_for("/latin"), limits=limits)
    assert document.text == "The caf\u00e9 by the bridge reopened.\n"
    assert document.original.data == "The caf\u00e9 by the bridge reopened.\n".encode("latin-1")


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (404, r"/gone: not found \(HTTP 404\); check the address"),
        (410, r"not found \(HTTP 410\)"),
        (500, r"/gone: the server failed \(HTTP 500\); try again later"),
        (503, r"the server failed \(HTTP 503\)"),
        (403, r"access refused \(HTTP 403\)"),
    ],
)
def test_http_errors_are_one_line(httpserver: HTTPServer, limits: IntakeLimits, status: int, message: str) -> None:
    httpserver.expect_request("/gone").respond_with_data("nothing here", status=status, content_type=HTML)
    with pytest.raises(FetchError, match=message) as caught:
        read_url(httpserver.url_for("/gone"), limits=limits)
    assert "\n" not in str(caught.value)


@pytest.fixture
def release() -> Iterator[threading.Event]:
    event = threading.Event()
    yield event
    event.set()  # lets the held handler finish so the server can serve the next test


def test_a_slow_server_times_out(httpserver: HTTPServer, release: threading.Event) -> None:
    def held(request: Request) -> Response:
        release.wait(30)
        return Response(article_page(), content_type=HTML)

    httpserver.expect_request("/slow").respond_with_handler(held)
    quick = IntakeLimits(timeout=0.3)
    with pytest.raises(FetchError, match=r"/slow: no answer within 0\.3 s; try again later or raise TRACKER_FETCH_TIMEOUT"):
        read_url(httpserver.url_for("/slow"), limits=quick)


def test_a_declared_oversized_body_is_refused(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/big").respond_with_data("x" * 5000, content_type=HTML)
    small = IntakeLimits(max_source_bytes=1000, max_pdf_bytes=1000, timeout=2)
    with pytest.raises(IntakeError, match=r"/big is over the 1000-byte limit"):
        read_url(httpserver.url_for("/big"), limits=small)


def test_an_undeclared_oversized_body_is_cut_while_streaming(httpserver: HTTPServer) -> None:
    sent = {"bytes": 0}

    def endless() -> Iterator[bytes]:
        for _ in range(20_000):  # 20 MB at most, far past the cap; stops when the client hangs up
            sent["bytes"] += 1024
            yield b"<p>" + b"y" * 1017 + b"</p>\n"

    httpserver.expect_request("/stream").respond_with_response(Response(endless(), content_type=HTML))
    small = IntakeLimits(max_source_bytes=50_000, max_pdf_bytes=50_000, timeout=2)
    with pytest.raises(IntakeError, match=r"/stream is over the 50000-byte limit"):
        read_url(httpserver.url_for("/stream"), limits=small)


@pytest.mark.parametrize("content_type", ["image/png", "application/json", "video/mp4"])
def test_a_wrong_content_type_is_one_line(httpserver: HTTPServer, limits: IntakeLimits, content_type: str) -> None:
    httpserver.expect_request("/thing").respond_with_data(b"\x89PNG...", content_type=content_type)
    with pytest.raises(FetchError, match=rf"/thing: the server sent {content_type}, not an HTML page, a PDF or plain text"):
        read_url(httpserver.url_for("/thing"), limits=limits)


def test_an_untyped_body_is_sniffed(httpserver: HTTPServer, limits: IntakeLimits) -> None:
    httpserver.expect_request("/download").respond_with_data(report_pdf(), content_type="application/octet-stream")
    assert read_url(httpserver.url_for("/download"), limits=limits).kind is Kind.PDF


def test_a_refused_connection_is_one_line(limits: IntakeLimits) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago and has no listener now
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError, match=rf"http://127.0.0.1:{port}/a: cannot connect .*; check the address"):
        read_url(f"http://127.0.0.1:{port}/a", limits=limits)


def test_a_password_in_the_url_is_never_shown(limits: IntakeLimits) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchError) as caught:
        read_url(f"http://reader:s3cret@127.0.0.1:{port}/a", limits=limits)
    assert "s3cret" not in str(caught.value) and "reader:***@" in str(caught.value)


@pytest.mark.parametrize("url", ["ftp://example.org/a", "http://", "http://exa mple.org/a b"])
def test_unusable_addresses_are_one_line(limits: IntakeLimits, url: str) -> None:
    with pytest.raises(IntakeError) as caught:
        read_target(url, limits=limits)
    assert "\n" not in str(caught.value)


def test_an_address_without_scheme_gets_a_hint(tmp_path: Path, limits: IntakeLimits) -> None:
    with pytest.raises(IntakeError, match=r"www\.courier\.example/world: no such file; for a web page write the whole address, https://www\.courier\.example/world"):
        read_target("www.courier.example/world", limits=limits)
