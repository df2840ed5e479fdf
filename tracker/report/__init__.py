"""Report renderers: terminal (Rich), Markdown, HTML, PDF, JSON, CSV. No Textual here."""

from __future__ import annotations

FORMATS = ("terminal", "md", "html", "pdf", "json", "csv")
TEXT_FORMATS = ("terminal", "md", "html", "json", "csv")
PAPERS = ("a4", "letter")
ROWS = ("obligations", "evidence")


def render(
    report: object, fmt: str, *, width: int | None = None, color: bool = True, paper: str = "a4",
    rows: str = "obligations",
) -> str:
    """Render a ReportData in one of TEXT_FORMATS and return the text.

    `paper` sets the page size of the HTML's print stylesheet; `rows` chooses
    one CSV row per obligation or per evidence item."""
    from tracker.domain.report import ReportData

    assert isinstance(report, ReportData)
    if fmt == "json":
        from tracker.report.jsonfmt import render_json

        return render_json(report)
    if fmt == "csv":
        from tracker.report.csvfmt import render_csv, render_evidence_csv

        return render_evidence_csv(report) if rows == "evidence" else render_csv(report)
    if fmt == "md":
        from tracker.report.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from tracker.report.html import render_html

        return render_html(report, paper=paper)
    if fmt == "terminal":
        from tracker.report.terminal import render_terminal_text

        return render_terminal_text(report, width=width, color=color)
    raise ValueError(f"unknown text format {fmt}")


def render_bytes(report: object, fmt: str, *, paper: str = "a4", rows: str = "obligations") -> bytes:
    """Render in any of FORMATS as bytes (UTF-8 for the text formats)."""
    from tracker.domain.report import ReportData

    assert isinstance(report, ReportData)
    if fmt == "pdf":
        from tracker.report.pdf import render_pdf

        return render_pdf(report, paper=paper)
    return render(report, fmt, color=False, paper=paper, rows=rows).encode("utf-8")
