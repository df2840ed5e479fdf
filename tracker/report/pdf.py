"""PDF form of the report: the HTML report laid out by WeasyPrint.

WeasyPrint needs Pango and HarfBuzz from the system (`make` installs them
where they are missing). Nothing is fetched while rendering: the HTML is
self-contained and any other URL is refused.
"""

from __future__ import annotations

from typing import Any, NoReturn

from tracker.domain.report import ReportData
from tracker.errors import TrackerError
from tracker.report.html import render_html


class PdfUnavailable(TrackerError):
    pass


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"the report does not fetch {url}")


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(
            f"PDF needs WeasyPrint and the Pango library ({str(exc).splitlines()[0]}); "
            "run `make` to install them, or use --format html"
        ) from None
    return weasyprint


def render_pdf(report: ReportData, *, paper: str = "a4") -> bytes:
    """The HTML report as PDF bytes, on A4 or Letter pages."""
    weasyprint = _weasyprint()
    document = weasyprint.HTML(string=render_html(report, paper=paper), url_fetcher=_refuse)
    data: bytes = document.write_pdf()
    return data
