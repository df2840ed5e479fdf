"""`sources add` as a user runs it: files of every kind, folders and URLs become
sources with their originals kept; one bad item never stops the others; a
source's details can be corrected with the old values kept."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from intake_fixtures import ARTICLE_PARAGRAPHS, article_page, report_pdf
from pytest_httpserver import HTTPServer
from trackers import run_tracker

from tracker.errors import InvalidInput
from tracker.service import Tracker
from tracker.service.sources import add_targets

ROOT = Path(__file__).resolve().parents[2]
NOTE = """Title: Convoy reaches the valley
Outlet: Hill Post
Published: 2020-06-02
Author: A. Writer

The first aid convoy reached the valley on Monday, the council said.
"""


run = run_tracker


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    articles = tmp_path / "articles"
    (articles / "deeper").mkdir(parents=True)
    (articles / "note.txt").write_text(NOTE, encoding="utf-8")
    (articles / "deeper" / "page.html").write_text(article_page(), encoding="utf-8")
    (articles / "deeper" / "review.pdf").write_bytes(report_pdf())
    (articles / "ignored.docx").write_bytes(b"PK\x03\x04 not ours")
    return articles


def test_a_folder_of_every_kind_becomes_sources_with_ids_on_stdout(empty_tracker: Tracker, folder: Path) -> None:
    outcomes = add_targets(empty_tracker.ctx, [str(folder)])
    assert [Path(o.label).name for o in outcomes] == ["page.html", "review.pdf", "note.txt"]
    assert all(o.added and o.added.created for o in outcomes)
    page, pdf, note = (empty_tracker.source(o.added.id) for o in outcomes if o.added)
    assert page.kind == "html" and page.outlet == "The Lantern Courier"
    assert page.text.split("\n\n")[1:] == list(ARTICLE_PARAGRAPHS)  # the main text, no menus
    assert pdf.kind == "pdf" and len(pdf.page_starts) == 2 and pdf.page_at(pdf.page_starts[1] + 5) == 2
    assert pdf.title == "Quarterly Review of the Valley Ceasefire"
    # the header lines of a text file are metadata, not body
    assert (note.title, note.outlet, note.author, str(note.published_on)) == (
        "Convoy reaches the valley", "Hill Post", "A. Writer", "2020-06-02")
    assert note.text.startswith("The first aid convoy")
    # the originals are kept byte for byte
    assert empty_tracker.source_original(pdf.id)[1:] == ("application/pdf", (folder / "deeper" / "review.pdf").read_bytes())
    again = add_targets(empty_tracker.ctx, [str(folder / "deeper" / "review.pdf")])
    assert again[0].added is not None and (again[0].added.id, again[0].added.created) == (pdf.id, False)


def test_one_bad_item_never_stops_the_others(empty_tracker: Tracker, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(NOTE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    outcomes = add_targets(empty_tracker.ctx, [str(tmp_path / "missing.txt"), str(tmp_path / "empty.txt"), str(good)])
    assert [o.added is not None for o in outcomes] == [False, False, True]
    assert "no such file" in (outcomes[0].error or "") and "empty" in (outcomes[1].error or "")
    assert [s.title for s in empty_tracker.list_sources()] == ["Convoy reaches the valley"]


def test_a_url_is_fetched_and_stored_under_its_final_address(empty_tracker: Tracker, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/world/final"})
    httpserver.expect_request("/world/final").respond_with_data(article_page(), content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    outcomes = add_targets(empty_tracker.ctx, [httpserver.url_for("/old"), httpserver.url_for("/gone")])
    assert outcomes[0].added is not None and "404" in (outcomes[1].error or "")
    source = empty_tracker.source(outcomes[0].added.id)
    assert source.url == httpserver.url_for("/world/final")
    assert source.redirects == (httpserver.url_for("/old"),)
    assert len(empty_tracker.list_sources()) == 1


def test_pdf_evidence_carries_its_page_into_the_report(empty_tracker: Tracker, tmp_path: Path) -> None:
    review = tmp_path / "review.pdf"
    review.write_bytes(report_pdf())
    source = empty_tracker.source(add_targets(empty_tracker.ctx, [str(review)])[0].added.id)  # type: ignore[union-attr]
    quote = "Supply convoys reached the eastern villages on schedule"
    assert quote in source.text
    evidence = empty_tracker.add_evidence("intra-afghan-talks", source.id, quote, stance="context")
    report = empty_tracker.report()
    item = next(e for part in report.items for e in part.evidence if e.id == evidence.id)
    assert item.page == 2


def test_source_edits_keep_the_old_value_and_survive_a_backup(empty_tracker: Tracker, folder: Path,
                                                             tmp_path: Path) -> None:
    outcomes = add_targets(empty_tracker.ctx, [str(folder / "deeper" / "page.html")])
    sid = outcomes[0].added.id  # type: ignore[union-attr]
    edits = empty_tracker.edit_source(sid, {"outlet": "Lantern Courier", "published_on": None}, reason="masthead")
    assert [(e.field, e.old_value, e.new_value, e.reason) for e in edits] == [
        ("outlet", "The Lantern Courier", "Lantern Courier", "masthead")]
    assert empty_tracker.source(sid).outlet == "Lantern Courier"
    assert [e.field for e in empty_tracker.source_edits(sid)] == ["outlet"]
    data = empty_tracker.export_data()
    assert data["originals"] and data["source_edits"][0]["old_value"] == "The Lantern Courier"
    restored = Tracker(f"sqlite:///{tmp_path / 'restored.db'}", "tester")
    restored.import_data(json.loads(json.dumps(data)))
    assert restored.source_original(sid)[2] == (folder / "deeper" / "page.html").read_bytes()
    assert restored.source_edits(sid)[0].new_value == "Lantern Courier"
    forged = json.loads(json.dumps(data))
    forged["originals"][0]["data"] = base64.b64encode(b"<html>forged</html>").decode()
    with pytest.raises(InvalidInput, match="do not match its sha256"):
        Tracker(f"sqlite:///{tmp_path / 'forged.db'}", "tester").import_data(forged)


def test_the_command_line_prints_ids_a_summary_and_exits_1_on_any_failure(folder: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    run(db, "init", "--no-seeds")
    done = run(db, "sources", "add", str(folder), str(tmp_path / "nowhere.txt"), ok=False)
    assert done.returncode == 1
    ids = done.stdout.split()
    assert len(ids) == 3 and all(i.isdigit() for i in ids)
    assert "3 added, 0 already present, 1 failed" in done.stderr
    assert "nowhere.txt: no such file" in done.stderr
    pdf_id = ids[1]
    out = tmp_path / "back.pdf"
    run(db, "sources", "show", pdf_id, "--original", "-o", str(out))
    assert out.read_bytes() == (folder / "deeper" / "review.pdf").read_bytes()
    run(db, "sources", "edit", pdf_id, "--title", "Quarterly review (Q2)", "--reason", "cover page")
    shown = " ".join(run(db, "sources", "show", pdf_id).stdout.split())
    assert "Quarterly review (Q2)" in shown and "'Quarterly Review of the Valley Ceasefire' -> 'Quarterly review (Q2)'" in shown
    again = run(db, "sources", "add", str(folder / "note.txt"), "--title", "Another title")
    assert again.stdout.strip() == ids[2]
    assert "tracker sources edit" in again.stderr and "--title" in again.stderr
    unknown = run(db, "sources", "edit", "99", "--title", "x", ok=False)
    assert unknown.returncode == 1 and "unknown source" in unknown.stderr
