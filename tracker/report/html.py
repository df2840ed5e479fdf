"""HTML form of the report: one self-contained page, every text escaped."""

from __future__ import annotations

from html import escape

from tracker.domain.report import EvidenceItem, ReportData, ReportItem
from tracker.domain.text import printable

STATUS_COLOURS = {
    "met": "#1a7f37", "partial": "#9a6700", "in-progress": "#0969da", "pending": "#57606a",
    "stalled": "#bc4c00", "breached": "#cf222e", "disputed": "#8250df", "not-assessed": "#6e7781",
    "superseded": "#6e7781",
}

CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328;line-height:1.45}
h1{font-size:1.6rem} h2{border-bottom:1px solid #d0d7de;padding-bottom:.2rem;margin-top:2rem}
.ob{border:1px solid #d0d7de;border-radius:6px;padding:.6rem 1rem;margin:1rem 0}
.ob h3{margin:.2rem 0 .4rem;font-size:1.1rem} .id{font-family:monospace;color:#57606a;font-size:.85rem}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;color:#fff;font-size:.8rem;font-weight:600}
.overdue{color:#cf222e;font-weight:600} blockquote{margin:.3rem 0 .3rem 0;padding-left:.7rem;border-left:3px solid #d0d7de;color:#424a53}
.for{border-color:#1a7f37} .against{border-color:#cf222e} dl{display:grid;grid-template-columns:9rem 1fr;gap:.15rem .6rem;margin:.3rem 0}
dt{color:#57606a} dd{margin:0} table{border-collapse:collapse} td,th{border:1px solid #d0d7de;padding:.2rem .6rem}
.bar{background:#eaeef2;border-radius:3px;height:.6rem;width:12rem;display:inline-block;vertical-align:middle}
.bar span{display:block;height:100%;background:#1a7f37;border-radius:3px}
"""


def _e(text: object) -> str:
    return escape(printable(str(text)), quote=True)


def _evidence(label: str, css: str, item: EvidenceItem | None) -> str:
    if item is None:
        return f"<dt>{label}</dt><dd>none recorded</dd>"
    where = item.source_outlet or item.source_title
    who = _e(item.claimant) if item.claimant else "unattributed"
    if where != item.claimant:
        who += f" — {_e(where)}"
    date = f", {item.observed_on}" if item.observed_on else ""
    return (
        f"<dt>{label}</dt><dd><blockquote class='{css}'>{_e(item.quote)}</blockquote>"
        f"{who} (source {item.source_id}{date}; evidence {item.id})</dd>"
    )


def _item(item: ReportItem) -> str:
    colour = STATUS_COLOURS.get(item.status, "#6e7781")
    since = f" since {item.since} ({_e(item.confidence)} confidence)" if item.since else ""
    deadline = _e(item.deadline_text or "—")
    if item.deadline:
        deadline += f" ({item.deadline}, <span class='{'overdue' if item.overdue else ''}'>{_e(item.deadline_label)}</span>)"
    rows = [
        f"<dt>Clause</dt><dd>{_e(item.clause)}; owed by {_e(', '.join(item.obligor))}</dd>",
        f"<dt>Status</dt><dd><span class='badge' style='background:{colour}'>{_e(item.status)}</span>{since}</dd>",
        f"<dt>Deadline</dt><dd>{deadline}</dd>",
    ]
    if item.metric is not None:
        m = item.metric
        width = int((m.fraction or 0) * 100)
        latest = f"{m.latest:,.0f} on {m.latest_on}" if m.latest is not None else "no observation yet"
        rows.append(
            f"<dt>{_e(m.name)}</dt><dd>{m.baseline:,.0f} → {m.target:,.0f}; latest {latest} "
            f"<span class='bar'><span style='width:{width}%'></span></span></dd>"
        )
    if item.rationale:
        rows.append(f"<dt>Why</dt><dd>{_e(item.rationale)}</dd>")
    stances = [e.stance for e in item.evidence]
    rows.append(
        f"<dt>Evidence</dt><dd>{stances.count('supports-compliance')} for, {stances.count('indicates-breach')} against, "
        f"{stances.count('context')} context; {item.independent_claimants} independent claimant(s)</dd>"
    )
    rows.append(_evidence("Strongest for", "for", item.strongest_for))
    rows.append(_evidence("Strongest against", "against", item.strongest_against))
    for change in item.changes_since:
        rows.append(f"<dt>Changed</dt><dd>{change.effective_on} → {_e(change.status)}: {_e(change.rationale)}</dd>")
    return (
        f"<section class='ob' id='{_e(item.id)}'><h3>{_e(item.title)} <span class='id'>{_e(item.id)}</span></h3>"
        f"<dl>{''.join(rows)}</dl></section>"
    )


def render_html(report: ReportData) -> str:
    summary = "".join(
        f"<tr><td><span class='badge' style='background:{STATUS_COLOURS.get(s, '#6e7781')}'>{_e(s)}</span></td><td>{n}</td></tr>"
        for s, n in sorted(report.status_counts.items())
    )
    parts = "".join(
        f"<h2>{_e(part.name)}</h2>" + "".join(_item(i) for i in part.items) for part in report.parts
    )
    since = f"; changes since {report.since}" if report.since else ""
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{_e(report.agreement_title)} — status as of {report.as_of}</title>"
        f"<style>{CSS}</style></head><body>"
        f"<h1>{_e(report.agreement_title)}</h1><p>Status report as of <strong>{report.as_of}</strong> "
        f"(signed {report.signed_on}{since}). {report.overdue_count} obligation(s) overdue.</p>"
        f"<table><tr><th>status</th><th>obligations</th></tr>{summary}</table>{parts}"
        "</body></html>\n"
    )
