"""Many items at once: folders walked, one bad item never stops the others."""

from __future__ import annotations

import os
from pathlib import Path

from intake_fixtures import article_page, report_pdf
from pytest_httpserver import HTTPServer

from tracker.intake import IntakeLimits, Kind, expand, read_items


def make_folder(root: Path) -> Path:
    folder = root / "articles"
    (folder / "b-sub").mkdir(parents=True)
    (folder / ".hidden").mkdir()
    (folder / "z.txt").write_text("Last article text about the convoy.\n")
    (folder / "a.md").write_text("---\ntitle: First\n---\nFirst article text about the talks.\n")
    (folder / "b-sub" / "page.HTML").write_text(article_page())
    (folder / "b-sub" / "report.pdf").write_bytes(report_pdf())
    (folder / "b-sub" / "photo.jpg").write_bytes(b"\xff\xd8\xff not read")
    (folder / ".hidden" / "secret.txt").write_text("never read")
    (folder / ".draft.txt").write_text("never read")
    return folder


def test_a_folder_gives_its_supported_files_sorted_and_recursively(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    labels = [item.label for item in expand([str(folder)])]
    assert labels == [
        str(folder / "a.md"),
        str(folder / "b-sub" / "page.HTML"),
        str(folder / "b-sub" / "report.pdf"),
        str(folder / "z.txt"),
    ]


def test_one_bad_item_never_stops_the_others(tmp_path: Path, limits: IntakeLimits, httpserver: HTTPServer) -> None:
    folder = make_folder(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    httpserver.expect_request("/ok").respond_with_data(article_page(), content_type="text/html")
    httpserver.expect_request("/missing").respond_with_data("", status=404)
    targets = [
        str(tmp_path / "nothere.txt"), str(folder), httpserver.url_for("/missing"), str(fifo),
        httpserver.url_for("/ok"), str(empty), str(folder / "z.txt"),
    ]
    results = list(read_items(expand(targets), limits=limits))
    outcome = [(r.item.label, r.document.kind if r.document else str(r.error)) for r in results]
    assert outcome == [
        (str(tmp_path / "nothere.txt"), f"{tmp_path / 'nothere.txt'}: no such file; check the path"),
        (str(folder / "a.md"), Kind.TEXT),
        (str(folder / "b-sub" / "page.HTML"), Kind.HTML),
        (str(folder / "b-sub" / "report.pdf"), Kind.PDF),
        (str(folder / "z.txt"), Kind.TEXT),  # given again later: read once
        (httpserver.url_for("/missing"), f"{httpserver.url_for('/missing')}: not found (HTTP 404); check the address"),
        (str(fifo), f"{fifo} is a pipe (FIFO), not a regular file; save the article to a file and give that"),
        (httpserver.url_for("/ok"), Kind.HTML),
        (str(empty), f"{empty} is a folder with no .txt, .md, .html, .htm or .pdf files in it; check the folder"),
    ]
    assert sum(r.ok for r in results) == 5


def test_the_same_original_in_two_places_has_one_hash(tmp_path: Path, limits: IntakeLimits) -> None:
    (tmp_path / "one.html").write_text(article_page())
    (tmp_path / "two.htm").write_text(article_page())
    first, second = (r.document for r in read_items(expand([str(tmp_path)]), limits=limits))
    assert first is not None and second is not None
    assert first.original.sha256 == second.original.sha256
    assert first.text == second.text
