"""Markdown form of the report. Article text is escaped so it renders literally."""

from __future__ import annotations

import re

from tracker.domain.report import EvidenceItem, ReportData, ReportItem
from tracker.domain.text import printable

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md_escape(text: str) -> str:
    """Escape Markdown and inline HTML so that quoted text renders as written."""
    flat = " ".join(printable(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat).replace("&", "&amp;")


def _evidence_line(label: str, item: EvidenceItem | None) -> str:
    if item is None:
        return f"- **{label}:** none recorded"
    where = item.source_outlet or item.source_title
    who = md_escape(item.claimant) if item.claimant else "unattributed"
    source = f"{md_escape(where)}, " if where != item.claimant else ""
    date = f", {item.observed_on}" if item.observed_on else ""
    return f"- **{label}:** “{md_escape(item.quote)}” — {who} ({source}source {item.source_id}{date}; evidence {item.id})"


def _item(item: ReportItem) -> list[str]:
    overdue = " — **OVERDUE**" if item.overdue else ""
    lines = [
        f"### {md_escape(item.title)} (`{item.id}`)",
        "",
        f"- **Clause:** {md_escape(item.clause)}; **owed by:** {md_escape(', '.join(item.obligor))}",
        f"- **Status:** {item.status}" + (f" since {item.since} ({item.confidence} confidence)" if item.since else ""),
        f"- **Deadline:** {md_escape(item.deadline_text or '—')}"
        + (f" ({item.deadline}, {item.deadline_label})" if item.deadline else f" ({item.deadline_label})") + overdue,
    ]
    if item.metric is not None:
        m = item.metric
        latest = f"{m.latest:,.0f} on {m.latest_on}" if m.latest is not None else "no observation yet"
        pct = f", {m.fraction:.0%} of the way" if m.fraction is not None else ""
        lines.append(f"- **{md_escape(m.name)}:** {m.baseline:,.0f} → target {m.target:,.0f}; latest {latest}{pct}")
    if item.rationale:
        lines.append(f"- **Why:** {md_escape(item.rationale)}")
    counts = {s: sum(1 for e in item.evidence if e.stance == s) for s in ("supports-compliance", "indicates-breach", "context")}
    lines.append(
        f"- **Evidence:** {counts['supports-compliance']} for, {counts['indicates-breach']} against, "
        f"{counts['context']} context; {item.independent_claimants} independent claimant(s)"
    )
    lines.append(_evidence_line("Strongest for", item.strongest_for))
    lines.append(_evidence_line("Strongest against", item.strongest_against))
    if item.changes_since:
        for change in item.changes_since:
            lines.append(f"- **Changed:** {change.effective_on} → {change.status}: {md_escape(change.rationale)}")
    lines.append("")
    return lines


def render_markdown(report: ReportData) -> str:
    lines = [
        f"# {md_escape(report.agreement_title)} — status report",
        "",
        f"As of **{report.as_of}** (signed {report.signed_on})"
        + (f"; changes since {report.since}" if report.since else "") + ".",
        "",
        "| status | obligations |",
        "|---|---|",
        *[f"| {status} | {count} |" for status, count in sorted(report.status_counts.items())],
        f"| overdue | {report.overdue_count} |",
        "",
    ]
    for part in report.parts:
        lines += [f"## {md_escape(part.name)}", ""]
        for item in part.items:
            lines += _item(item)
    return "\n".join(lines)
