"""JSON form of the report: stable keys for other programs.

The shape is published as a JSON Schema in schemas/report.schema.json; every
key written here is described there (the tests validate each report)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tracker.domain.report import (
    CorrectionEntry,
    EvidenceItem,
    HistoryItem,
    MetricChart,
    PartyScore,
    ReportData,
    ReportItem,
    SourceItem,
    Timeline,
)

SCHEMA_VERSION = 2


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value is not None else None


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def evidence_dict(item: EvidenceItem) -> dict[str, Any]:
    return {
        "id": item.id, "obligation": item.obligation_id, "stance": item.stance, "quote": item.quote,
        "claimant": item.claimant, "observed_on": _day(item.observed_on), "value": _number(item.value),
        "source_id": item.source_id, "source_title": item.source_title, "source_outlet": item.source_outlet,
        "url": item.source_url, "page": item.page, "note": item.note, "echo_of": item.echo_of,
        "author": item.author, "created_at": _moment(item.created_at),
        "retracted": item.retracted, "retracted_at": _moment(item.retracted_at),
        "retraction_reason": item.retraction_reason, "corrected": item.corrected,
    }


def history_dict(entry: HistoryItem) -> dict[str, Any]:
    return {
        "seq": entry.seq, "status": entry.status, "confidence": entry.confidence,
        "effective_on": _day(entry.effective_on), "recorded_at": _moment(entry.recorded_at),
        "rationale": entry.rationale, "evidence_ids": list(entry.evidence_ids), "author": entry.author,
        "hash": entry.hash, "cites_retracted": list(entry.cites_retracted),
        "cites_corrected": list(entry.cites_corrected), "reason_code": entry.reason_code,
        "assessor": entry.assessor, "reviewed": entry.reviewed,
    }


def timeline_dict(timeline: Timeline | None) -> dict[str, Any] | None:
    if timeline is None:
        return None
    return {
        "start": _day(timeline.start), "end": _day(timeline.end), "deadline": _day(timeline.deadline),
        "segments": [
            {"status": s.status, "start": _day(s.start), "end": _day(s.end), "days": s.days, "seq": s.seq}
            for s in timeline.segments
        ],
    }


def item_dict(item: ReportItem, part: str | None = None) -> dict[str, Any]:
    metric = None
    if item.metric is not None:
        m = item.metric
        metric = {
            "name": m.name, "unit": m.unit, "baseline": _number(m.baseline), "baseline_on": _day(m.baseline_on),
            "target": _number(m.target), "latest": _number(m.latest), "latest_on": _day(m.latest_on),
            "fraction": m.fraction, "reached": m.reached,
            "observations": [
                {"on": _day(on), "value": _number(value), "evidence": eid} for on, value, eid in m.observations
            ],
        }
    evidence = sorted((*item.evidence, *item.retracted_evidence), key=lambda e: e.id)
    return {
        "id": item.id, "agreement": item.agreement_id, "part": part or item.part, "clause": item.clause,
        "title": item.title, "summary": item.summary, "clause_text": item.clause_text,
        "obligor": list(item.obligor), "obligor_ids": list(item.obligor_ids), "beneficiary": list(item.beneficiary),
        "status": item.status, "confidence": item.confidence, "since": _day(item.since),
        "rationale": item.rationale, "deadline": _day(item.deadline), "deadline_text": item.deadline_text,
        "deadline_label": item.deadline_label, "overdue": item.overdue, "days_left": item.days_left,
        "met_on": _day(item.met_on), "days_late": item.days_late, "timing": item.timing,
        "timing_label": item.timing_label, "lapsed": item.lapsed, "to_review": item.to_review,
        "reason_code": item.reason_code, "unreviewed": item.unreviewed,
        "metric": metric,
        "evidence_counts": item.stance_counts,
        "independent_claimants": item.independent_claimants,
        "shared_evidence": [{"id": e.id, "obligation": e.obligation_id} for e in item.shared_evidence],
        "strongest_for": item.strongest_for.id if item.strongest_for else None,
        "strongest_against": item.strongest_against.id if item.strongest_against else None,
        "evidence": [evidence_dict(e) for e in evidence],
        "timeline": timeline_dict(item.timeline),
        "history": [history_dict(h) for h in item.history],
        "changes_since": [history_dict(h) for h in item.changes_since],
        "new_evidence_since": item.new_evidence_since,
        "conditions": [
            {"obligation": c.obligation_id, "title": c.title, "status": c.status, "satisfied": c.satisfied}
            for c in item.conditions
        ],
        "readings": [
            {"assessor": r.assessor, "assessor_name": r.assessor_name, "status": r.status,
             "confidence": r.confidence, "effective_on": _day(r.effective_on), "rationale": r.rationale,
             "evidence_ids": list(r.evidence_ids)}
            for r in item.readings
        ],
    }


def party_dict(party: PartyScore) -> dict[str, Any]:
    return {
        "id": party.party_id, "name": party.name, "obligations": party.obligations,
        "by_status": dict(party.by_status), "overdue": party.overdue, "met_on_time": party.met_on_time,
        "met_late": party.met_late, "lapsed": party.lapsed, "reason_codes": dict(party.reason_codes),
    }


def chart_dict(chart: MetricChart) -> dict[str, Any]:
    return {
        "name": chart.name, "unit": chart.unit, "baseline": _number(chart.baseline),
        "baseline_on": _day(chart.baseline_on),
        "points": [
            {"on": _day(p.on), "value": _number(p.value), "evidence": p.evidence_id, "obligation": p.obligation_id,
             "claimant": p.claimant, "source_id": p.source_id, "url": p.source_url}
            for p in chart.points
        ],
        "targets": [
            {"obligation": t.obligation_id, "title": t.title, "target": _number(t.target),
             "deadline": _day(t.deadline), "direction": t.direction, "reached": t.reached}
            for t in chart.targets
        ],
    }


def source_dict(source: SourceItem) -> dict[str, Any]:
    return {
        "id": source.id, "title": source.title, "outlet": source.outlet, "author": source.author,
        "url": source.url, "published_on": _day(source.published_on), "sha256": source.sha256,
        "retrieved_at": _moment(source.retrieved_at), "evidence": list(source.evidence_ids),
    }


def correction_dict(entry: CorrectionEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind, "at": _moment(entry.at), "by": entry.by, "reason": entry.reason,
        "evidence": entry.evidence_id, "obligation": entry.obligation_id, "quote": entry.quote,
        "claimant": entry.claimant, "source_id": entry.source_id,
        "changed": [{"field": f, "before": a, "after": b} for f, a, b in entry.changed],
    }


def report_dict(report: ReportData) -> dict[str, Any]:
    news = report.whats_new
    return {
        "format": "tracker-report",
        "version": SCHEMA_VERSION,
        "agreement": {"id": report.agreement_id, "title": report.agreement_title,
                      "signed_on": report.signed_on.isoformat(), "ended_on": _day(report.ended_on),
                      "end_reason": report.end_reason},
        "as_of": report.as_of.isoformat(),
        "since": _day(report.since),
        "generated_at": report.generated_at.isoformat(timespec="seconds") + "Z",
        "summary": {"status_counts": report.status_counts, "overdue": report.overdue_count,
                    "obligations": len(report.items)},
        "parties": [party_dict(p) for p in report.parties],
        "whats_new": None if news is None else {
            "since": news.since.isoformat(), "basis": news.basis,
            "new_evidence": [evidence_dict(e) for e in news.new_evidence],
            "status_changes": [
                {"obligation": n.obligation_id, "title": n.title, "previous": n.previous, "entry": history_dict(n.entry)}
                for n in news.status_changes
            ],
            "retractions": [evidence_dict(e) for e in news.retractions],
            "corrections": [correction_dict(c) for c in news.corrections],
        },
        "obligations": [item_dict(item, part.name) for part in report.parts for item in part.items],
        "charts": [chart_dict(c) for c in report.charts],
        "sources": [source_dict(s) for s in report.sources],
        "corrections": [correction_dict(c) for c in report.corrections],
    }


def render_json(report: ReportData) -> str:
    return json.dumps(report_dict(report), indent=2, ensure_ascii=False) + "\n"
