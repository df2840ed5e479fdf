"""Report renderers: terminal (Rich), Markdown, HTML, JSON, CSV. No Textual here."""

from __future__ import annotations

FORMATS = ("terminal", "md", "html", "json", "csv")


def render(report: object, fmt: str, *, width: int | None = None, color: bool = True) -> str:
    """Render a ReportData in one of FORMATS and return the text."""
    from tracker.domain.report import ReportData

    assert isinstance(report, ReportData)
    if fmt == "json":
        from tracker.report.jsonfmt import render_json

        return render_json(report)
    if fmt == "csv":
        from tracker.report.csvfmt import render_csv

        return render_csv(report)
    if fmt == "md":
        from tracker.report.markdown import render_markdown

        return render_markdown(report)
    if fmt == "html":
        from tracker.report.html import render_html

        return render_html(report)
    if fmt == "terminal":
        from tracker.report.terminal import render_terminal_text

        return render_terminal_text(report, width=width, color=color)
    raise ValueError(f"unknown format {fmt}")
