"""PDF reports: page furniture dropped, hyphenation joined, page spans kept;
scans and encrypted files get one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from intake_fixtures import (
    HYPHENATED,
    REPORT_PAGE_ONE,
    REPORT_PAGE_TWO,
    RUNNING_HEADER,
    report_pdf,
    scanned_pdf,
)

from tracker.intake import IntakeError, IntakeLimits, Kind, read_path


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_report_reads_as_clean_paragraphs(tmp_path: Path, limits: IntakeLimits) -> None:
    document = read_path(write(tmp_path, "review.pdf", report_pdf()), limits=limits)
    assert document.kind is Kind.PDF
    joined = HYPHENATED[0].removesuffix("-") + HYPHENATED[1]
    assert document.text.split("\n\n") == [*REPORT_PAGE_ONE, joined, *REPORT_PAGE_TWO]
    assert "reconstruction of the roster" in document.text
    assert RUNNING_HEADER not in document.text
    assert "Page 1 of 2" not in document.text and "Page 2" not in document.text
    assert any(RUNNING_HEADER in warning for warning in document.warnings)
    assert document.title == "Quarterly Review of the Valley Ceasefire"
    assert document.author == "Joint Monitoring Office"
    assert document.original.media_type == "application/pdf"
    assert document.extractor.startswith("pypdf ")


def test_each_page_keeps_its_span(tmp_path: Path, limits: IntakeLimits) -> None:
    document = read_path(write(tmp_path, "review.pdf", report_pdf()), limits=limits)
    assert len(document.pages) == 2
    first, second = document.pages
    assert document.text[first[0]:first[1]].startswith(REPORT_PAGE_ONE[0])
    assert document.text[second[0]:second[1]] == "\n\n".join(REPORT_PAGE_TWO)
    on_two = document.text.index("Supply convoys")
    assert document.page_at(on_two) == 2
    assert document.page_at(document.text.index("eleven checkpoints")) == 1
    assert document.pages_of(document.text.index("reconstruction"), on_two + 10) == (1, 2)


def test_a_scan_without_text_layer_is_one_line(tmp_path: Path, limits: IntakeLimits) -> None:
    with pytest.raises(IntakeError) as caught:
        read_path(write(tmp_path, "scan.pdf", scanned_pdf()), limits=limits)
    assert str(caught.value).startswith(f"{tmp_path / 'scan.pdf'}: no text layer, OCR it first")


def test_an_encrypted_pdf_is_one_line(tmp_path: Path, limits: IntakeLimits) -> None:
    with pytest.raises(IntakeError, match=r"locked\.pdf: the PDF is encrypted \(password-protected\)"):
        read_path(write(tmp_path, "locked.pdf", report_pdf(password="letmein")), limits=limits)


def test_a_pdf_with_only_an_owner_password_opens(tmp_path: Path, limits: IntakeLimits) -> None:
    document = read_path(write(tmp_path, "owner.pdf", report_pdf(password="")), limits=limits)
    assert "reconstruction of the roster" in document.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"this is not a pdf at all, just words", r"is named \.pdf but is not a PDF"),
        (b"%PDF-1.7\n" + b"garbage " * 50, "not a readable PDF"),
    ],
)
def test_broken_pdfs_are_one_line(tmp_path: Path, limits: IntakeLimits, data: bytes, message: str) -> None:
    with pytest.raises(IntakeError, match=message) as caught:
        read_path(write(tmp_path, "broken.pdf", data), limits=limits)
    assert "\n" not in str(caught.value)


def test_a_truncated_pdf_never_gives_a_traceback(tmp_path: Path, limits: IntakeLimits) -> None:
    data = report_pdf()
    path = write(tmp_path, "cut.pdf", data[: len(data) // 2])
    try:
        document = read_path(path, limits=limits)
    except IntakeError as exc:
        assert "cut.pdf" in str(exc)
    else:  # pypdf may recover part of it; then it is text, never an exception of another kind
        assert document.kind is Kind.PDF


def test_a_pdf_over_its_own_cap_is_refused(tmp_path: Path) -> None:
    small = IntakeLimits(max_source_bytes=100_000, max_pdf_bytes=1000)
    with pytest.raises(IntakeError, match="over the 1000-byte limit; split it or raise TRACKER_MAX_PDF_BYTES"):
        read_path(write(tmp_path, "review.pdf", report_pdf()), limits=small)


def test_numbered_footers_bare_page_numbers_and_compounds(tmp_path: Path, limits: IntakeLimits) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    towns = {"Arlen": "at dawn", "Brisk": "before the noon prayer", "Corva": "when the ferry lands"}
    for number, (town, hour) in enumerate(towns.items(), start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 6, str(number), align="R")  # a bare page number at the top
        pdf.ln(10)
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 6, f"In {town} the well-\nknown market road was reopened, and the district com-\n"
                             f"mittee met the traders twice. The well-known road now opens {hour}.")
        pdf.set_y(-15)
        pdf.set_font("Helvetica", size=9)
        pdf.cell(0, 10, f"Valley report 2020 | {number}", align="C")  # a footer that differs only by its number
    document = read_path(write(tmp_path, "valley.pdf", bytes(pdf.output())), limits=limits)
    assert document.text.split("\n\n") == [
        f"In {town} the well-known market road was reopened, and the district committee met the traders "
        f"twice. The well-known road now opens {hour}."
        for town, hour in towns.items()
    ]
    assert [document.page_at(document.text.index(town)) for town in ("Arlen", "Brisk", "Corva")] == [1, 2, 3]
