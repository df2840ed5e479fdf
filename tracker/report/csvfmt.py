"""CSV form of the report: one row per obligation, for spreadsheets."""

from __future__ import annotations

import csv
import io

from tracker.domain.report import ReportData

COLUMNS = [
    "part", "id", "clause", "title", "status", "confidence", "since", "deadline", "overdue",
    "days_left", "metric_latest", "metric_target", "evidence_for", "evidence_against",
    "evidence_context", "independent_claimants", "changes_since", "rationale",
]


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheets run cells that start with these as formulas.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(report: ReportData) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for part in report.parts:
        for item in part.items:
            stances = [e.stance for e in item.evidence]
            writer.writerow([_cell(v) for v in (
                part.name, item.id, item.clause, item.title, item.status, item.confidence,
                item.since, item.deadline, "yes" if item.overdue else "no", item.days_left,
                item.metric.latest if item.metric and item.metric.latest is not None else None,
                item.metric.target if item.metric else None,
                stances.count("supports-compliance"), stances.count("indicates-breach"),
                stances.count("context"), item.independent_claimants, len(item.changes_since),
                item.rationale,
            )])
    return out.getvalue()
