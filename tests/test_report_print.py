"""The report as an editor prints it: the PDF (pages, page size, text) and the
HTML as headless Chromium draws it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_report_support import SINCE, rich_tracker
from trackers import run_tracker

from tracker.domain.report import ReportData
from tracker.report import render, render_bytes

pypdf = pytest.importorskip("pypdf")
ROOT = Path(__file__).resolve().parent.parent
A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReportData]:
    tracker, _ = rich_tracker(tmp_path_factory.mktemp("print"))
    yield tracker.report(since=SINCE, agreement="doha-2020")
    tracker.close()


def _flatten(outline: list) -> list:  # type: ignore[type-arg]
    items = []
    for entry in outline:
        items.extend(_flatten(entry) if isinstance(entry, list) else [entry])
    return items


def _pages(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [page.extract_text() or "" for page in reader.pages]


@pytest.mark.slow
def test_pdf_has_a_page_per_part_with_header_and_page_numbers(report: ReportData) -> None:
    data = render_bytes(report, "pdf")
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == A4
    pages = [" ".join(p.split()) for p in _pages(data)]
    parts = ["Summary", "What's new since 2021-01-10", "Measures over time", "Preamble", "Part One", "Part Two",
             "Part Three", "Sources", "Corrections log"]
    assert len(pages) >= len(parts)
    # Each part starts on a page of its own, in order (WeasyPrint bookmarks every heading).
    outline = _flatten(reader.outline)
    starts = [next(reader.get_destination_page_number(d) for d in outline if d.title == part) for part in parts]
    assert starts == sorted(starts) and len(set(starts)) == len(parts)
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {total}" in text
        assert "Agreement for Bringing Peace to Afghanistan" in text and "As of 2021-02-01" in text
    everything = " ".join(pages)
    assert "I totally refute this report" in everything
    assert "met 19 days late" in everything and "target 8,600" in everything
    assert "time.com/5844865" in everything.replace(" ", "")


@pytest.mark.slow
def test_pdf_on_letter_paper_through_the_cli(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    run_tracker(db, "init")
    target = tmp_path / "report.pdf"
    run_tracker(db, "report", "--format", "pdf", "--paper", "letter", "--as-of", "2020-06-01", "-o", str(target))
    reader = pypdf.PdfReader(str(target))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 1), round(float(box.height), 1)) == LETTER
    assert "Reduce US forces to 8,600 within 135 days" in " ".join(p.extract_text() or "" for p in reader.pages)
    missing = run_tracker(db, "report", "--format", "pdf", ok=False)
    assert missing.returncode == 1 and "add -o report.pdf" in missing.stderr
    bad = run_tracker(db, "report", "--format", "html", "--paper", "a3", ok=False)
    assert bad.returncode == 1 and "unknown paper size 'a3'" in bad.stderr


def _chromium() -> str:
    """The Chromium binary, installed through apt-get where it is missing (root only)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, env=env, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium"],
                       capture_output=True, env=env, timeout=900)
        found = shutil.which("chromium")
        if found:
            return found
    pytest.skip("headless Chromium is not installed and cannot be installed here (apt-get install chromium needs root)")


@pytest.mark.slow
def test_html_opens_in_headless_chromium(report: ReportData, tmp_path: Path) -> None:
    from PIL import Image

    browser = _chromium()
    page = tmp_path / "report.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    shot = tmp_path / "report.png"
    done = subprocess.run([
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
        "--hide-scrollbars", "--window-size=1200,1800", f"--screenshot={shot}", page.as_uri(),
    ], capture_output=True, text=True, timeout=180)
    assert shot.exists(), done.stderr[-2000:]
    with Image.open(shot) as image:
        assert image.format == "PNG" and image.size == (1200, 1800)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000) or []
    # Not blank: many colours, and the status badges' colours among them.
    assert len(colours) > 50
    present = {rgb for _, rgb in colours}
    assert (0xCF, 0x22, 0x2E) in present  # overdue and breach red
    assert (0x81, 0x50, 0xDF) in present or (0x82, 0x50, 0xDF) in present  # the "disputed" badge
