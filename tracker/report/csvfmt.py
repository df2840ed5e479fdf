"""CSV forms of the report, for spreadsheets.

`render_csv` writes one row per obligation; `render_evidence_csv` one row per
evidence item. Numbers are written as numbers. Text cells that a spreadsheet
would run as a formula (starting with = + - @ or a tab or carriage return)
get a leading apostrophe; numbers never do, so a negative `days_left` stays
a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tracker.domain.report import ReportData

ROWS = ("obligations", "evidence")

OBLIGATION_COLUMNS = [
    "part", "id", "clause", "title", "obligor", "status", "confidence", "since", "deadline", "timing",
    "days_left", "days_late", "overdue", "met_on", "evidence_for", "evidence_against", "evidence_context",
    "evidence_retracted", "independent_claimants", "metric_latest", "metric_target", "metric_unit",
    "changes_since", "new_evidence_since", "to_review", "rationale",
]
EVIDENCE_COLUMNS = [
    "obligation", "obligation_title", "evidence_id", "stance", "quote", "claimant", "outlet", "source_id",
    "source_title", "observed_on", "value", "url", "page", "note", "echo_of", "retracted", "corrected", "created_at",
]


def text_cell(value: object) -> object:
    """A cell as written: numbers and booleans as they are, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = str(value)
    # Spreadsheets run cells that start with these as formulas.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _write(columns: list[str], rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([text_cell(v) for v in row])
    return out.getvalue()


def render_csv(report: ReportData) -> str:
    def rows() -> Iterable[list[object]]:
        for part in report.parts:
            for item in part.items:
                counts = item.stance_counts
                m = item.metric
                yield [
                    part.name, item.id, item.clause, item.title, "; ".join(item.obligor), item.status,
                    item.confidence, item.since, item.deadline, item.timing_label, item.days_left, item.days_late,
                    item.overdue, item.met_on, counts["supports-compliance"], counts["indicates-breach"],
                    counts["context"], len(item.retracted_evidence), item.independent_claimants,
                    m.latest if m else None, m.target if m else None, m.unit if m else None,
                    len(item.changes_since), item.new_evidence_since, item.to_review, item.rationale,
                ]

    return _write(OBLIGATION_COLUMNS, rows())


def render_evidence_csv(report: ReportData) -> str:
    def rows() -> Iterable[list[object]]:
        for item in report.items:
            for e in sorted((*item.evidence, *item.retracted_evidence), key=lambda e: e.id):
                yield [
                    item.id, item.title, e.id, e.stance, " ".join(e.quote.split()), e.claimant,
                    e.source_outlet, e.source_id, e.source_title, e.observed_on, e.value, e.source_url, e.page,
                    e.note, e.echo_of, e.retracted, e.corrected,
                    e.created_at.isoformat(timespec="seconds") if e.created_at else None,
                ]

    return _write(EVIDENCE_COLUMNS, rows())
