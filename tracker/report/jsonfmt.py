"""JSON form of the report: stable keys for other programs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

from tracker.domain.report import ReportData, ReportItem


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def item_dict(item: ReportItem, part: str) -> dict[str, Any]:
    data = _plain(item)
    data["part"] = part
    if item.metric is not None:
        data["metric"]["observations"] = [
            {"on": on.isoformat(), "value": _plain(value), "evidence": eid}
            for on, value, eid in item.metric.observations
        ]
    return data


def report_dict(report: ReportData) -> dict[str, Any]:
    return {
        "agreement": {"id": report.agreement_id, "title": report.agreement_title,
                      "signed_on": report.signed_on.isoformat()},
        "as_of": report.as_of.isoformat(),
        "since": report.since.isoformat() if report.since else None,
        "generated_at": report.generated_at.isoformat(timespec="seconds") + "Z",
        "summary": {"status_counts": report.status_counts, "overdue": report.overdue_count},
        "obligations": [item_dict(item, part.name) for part in report.parts for item in part.items],
    }


def render_json(report: ReportData) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
