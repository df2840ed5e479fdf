"""Markdown form of the report, for pasting into a document.

The same content as the HTML report (summary, scorecard, what's new, measures,
one section per obligation with every quote, sources, corrections), with links
as Markdown links. Article text is escaped so it renders literally, and only
http(s) URLs become links.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape

from tracker.domain.report import STATUS_ORDER, EvidenceGroup, EvidenceItem, ReportData, ReportItem
from tracker.domain.text import printable
from tracker.report.html import safe_url, stance_title
from tracker.report.svg import fmt_day, fmt_number

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def md_escape(text: str) -> str:
    """Escape Markdown and inline HTML so that quoted text renders as written."""
    flat = " ".join(printable(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat).replace("&", "&amp;")


def md_link(text: str, url: str | None) -> str:
    if safe_url(url) is None or url is None:
        return md_escape(text)
    target = url.strip().replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{md_escape(text)}](<{target}>)"


def _anchor(obligation_id: str) -> str:
    return f"[{md_escape(obligation_id)}](#{obligation_id})"


def _who(item: EvidenceItem) -> str:
    outlet = item.source_outlet or item.source_title
    if outlet and outlet != item.claimant:
        who = f"{md_escape(item.claimant or 'unattributed')} in {md_link(outlet, item.source_url)}"
    else:
        who = md_link(item.claimant or outlet, item.source_url)
    parts = [who]
    when = item.observed_on or item.source_published_on
    if when:
        parts.append(str(when))
    if item.page is not None:
        parts.append(f"p. {item.page}")
    return ", ".join(parts)


def _quote(group: EvidenceGroup) -> list[str]:
    lead = group.lead
    extra = " · **corrected**" if lead.corrected else ""
    if lead.value is not None:
        extra += f" · value {fmt_number(lead.value)}"
    lines = [
        f"> “{md_escape(lead.quote)}”",
        ">",
        f"> — {_who(lead)} · evidence {lead.id} · source {lead.source_id}{extra}",
    ]
    if lead.note:
        lines += [">", f"> *Note:* {md_escape(lead.note)}"]
    if group.echoes:
        lines += [">", f"> Repeated in {len(group.echoes)} more source(s) (one claim, not {len(group.echoes) + 1}):"]
        lines += [f"> - {_who(e)} · evidence {e.id} · source {e.source_id}" for e in group.echoes]
    lines.append("")
    return lines


def _summary(report: ReportData) -> list[str]:
    lines = [
        "## Summary", "",
        "| Obligation | Owed by | Status | Deadline | On time / late / overdue | For / against / context |",
        "|---|---|---|---|---|---|",
    ]
    for item in report.items:
        c = item.stance_counts
        status = f"**{item.status}**" + (" (to review)" if item.to_review else "")
        lines.append(
            f"| {md_escape(item.title)} ({_anchor(item.id)}) | {md_escape(', '.join(item.obligor))} | {status} | "
            f"{item.deadline or md_escape(item.deadline_text or '—')} | {md_escape(item.timing_label)} | "
            f"{c['supports-compliance']} / {c['indicates-breach']} / {c['context']} |"
        )
    counts = ", ".join(f"{report.status_counts[s]} {s}" for s in STATUS_ORDER if report.status_counts.get(s))
    lines += ["", f"{len(report.items)} obligations: {counts}; **{report.overdue_count} overdue**.", ""]
    statuses = [s for s in STATUS_ORDER if any(p.by_status.get(s) for p in report.parties)]
    lapsed = any(p.lapsed for p in report.parties)
    lines += [
        "### Scorecard by party", "",
        "| Party | Obligations | " + " | ".join(statuses) + " | overdue | met on time | met late |"
        + (" lapsed |" if lapsed else ""),
        "|---|" + "---:|" * (len(statuses) + 4 + lapsed),
    ]
    for p in report.parties:
        lines.append(
            f"| {md_escape(p.name)} | {p.obligations} | "
            + " | ".join(str(p.by_status.get(s, 0)) for s in statuses)
            + f" | {p.overdue} | {p.met_on_time} | {p.met_late} |" + (f" {p.lapsed} |" if lapsed else "")
        )
    lines.append("")
    for p in report.parties:
        if p.reason_codes:
            lines.append(f"- {md_escape(p.name)} reasons: "
                         + ", ".join(f"{md_escape(k)} {n}" for k, n in sorted(p.reason_codes.items())))
    return lines


def _whats_new(report: ReportData) -> list[str]:
    news = report.whats_new
    if news is None:
        return []
    lines = [f"## What's new since {news.since}", ""]
    if news.empty:
        lines += ["Nothing new.", ""]
    if news.status_changes:
        lines += ["### Status changes", ""]
        for n in news.status_changes:
            lines.append(
                f"- {_anchor(n.obligation_id)}: {n.previous} → **{n.entry.status}** effective {n.entry.effective_on} "
                f"(recorded {n.entry.recorded_at:%Y-%m-%d} by {md_escape(n.entry.author)}): {md_escape(n.entry.rationale)}"
            )
        lines.append("")
    if news.new_evidence:
        lines += [f"### New evidence ({len(news.new_evidence)})", ""]
        lines += [
            f"- {_anchor(e.obligation_id)} ({stance_title(e.stance).lower()}): “{md_escape(e.quote)}” — {_who(e)}"
            for e in news.new_evidence
        ]
        lines.append("")
    if news.retractions:
        lines += ["### Retractions", ""]
        lines += [f"- evidence {e.id} ({_anchor(e.obligation_id)}): “{md_escape(e.quote)}” — "
                  f"{md_escape(e.retraction_reason or '')}" for e in news.retractions]
        lines.append("")
    if news.corrections:
        lines += ["### Corrections", ""]
        lines += [f"- evidence {c.evidence_id}: {md_escape(c.reason)}" for c in news.corrections]
        lines.append("")
    return lines


def _charts(report: ReportData) -> list[str]:
    if not report.charts:
        return []
    lines = ["## Measures over time", ""]
    for number, chart in enumerate(report.charts, start=1):
        lines += [f"**Figure {number}. {md_escape(chart.name)}** ({md_escape(chart.unit)})", ""]
        for t in chart.targets:
            deadline = f" by {fmt_day(t.deadline)}" if t.deadline else ""
            lines.append(f"- Target {fmt_number(t.target)}{deadline} ({_anchor(t.obligation_id)}); "
                         f"{'reached' if t.reached else 'not reached'} as of {report.as_of}")
        lines += ["", "| Date | Value | From |", "|---|---:|---|"]
        for p in chart.points:
            origin = "baseline (catalogue)" if p.evidence_id is None else (
                f"{md_escape(p.claimant or 'unattributed')}, evidence {p.evidence_id}, "
                + md_link(f"source {p.source_id}", p.source_url)
            )
            lines.append(f"| {p.on} | {fmt_number(p.value)} | {origin} |")
        lines.append("")
    return lines


def _item(item: ReportItem) -> list[str]:
    lines = [f'<a id="{escape(item.id, quote=True)}"></a>', "", f"### {md_escape(item.title)}", "",
             f"`{item.id}` · {md_escape(item.clause)}", "", md_escape(item.summary), ""]
    if item.clause_text:
        lines += [f"> “{md_escape(item.clause_text)}”", ""]
    owed = md_escape(", ".join(item.obligor)) + (f" to {md_escape(', '.join(item.beneficiary))}" if item.beneficiary else "")
    status = f"**{item.status}**" + (f" since {item.since} ({item.confidence} confidence)" if item.since else "")
    if item.to_review:
        status += " — **to review** (a condition changed)"
    deadline = md_escape(item.deadline_text or "—") + (f" ({item.deadline})" if item.deadline else "")
    timing = f"**{md_escape(item.timing_label)}**" if item.timing in ("overdue", "late") else md_escape(item.timing_label)
    lines += [f"- **Owed by:** {owed}", f"- **Status:** {status}", f"- **Deadline:** {deadline} — {timing}"]
    if item.timeline is not None:
        segments = "; ".join(
            f"{s.status} {s.start} – {s.end - dt.timedelta(days=1)}" for s in item.timeline.segments
        )
        lines.append(f"- **Timeline:** {segments}")
    if item.metric is not None:
        m = item.metric
        latest = f"{fmt_number(m.latest)} on {m.latest_on}" if m.latest is not None else "no observation yet"
        pct = f", {m.fraction:.0%} of the way" if m.fraction is not None else ""
        lines.append(f"- **{md_escape(m.name)}:** {fmt_number(m.baseline)} → target {fmt_number(m.target)}; "
                     f"latest {latest}{pct}")
    for condition in item.conditions:
        lines.append(f"- **Depends on:** {_anchor(condition.obligation_id)} ({condition.status})")
    if item.rationale:
        lines.append(f"- **Why:** {md_escape(item.rationale)}")
    if item.reason_code:
        lines.append(f"- **Reason:** {md_escape(item.reason_code)}")
    c = item.stance_counts
    lines += [
        f"- **Evidence:** {c['supports-compliance']} for, {c['indicates-breach']} against, {c['context']} context; "
        f"{item.independent_claimants} independent claimant(s)",
        *([f"- **Shared:** {md_escape(item.shared_summary)}"] if item.shared_evidence else []),
        "",
    ]
    if item.readings:
        lines += ["| Assessor | Status | Since | Why |", "|---|---|---|---|"]
        lines += [f"| {md_escape(r.assessor_name)} | {r.status} | {r.effective_on or '—'} | {md_escape(r.rationale or '')} |"
                  for r in item.readings]
        lines.append("")
    for group in item.stances:
        lines += [f"#### {stance_title(group.stance)} ({group.count})", ""]
        for g in group.groups:
            lines += _quote(g)
    if item.retracted_evidence:
        lines += ["#### Retracted evidence", ""]
        lines += [
            f"- ~~“{md_escape(r.quote)}”~~ — {_who(r)} · evidence {r.id} · retracted "
            f"{r.retracted_at:%Y-%m-%d}: {md_escape(r.retraction_reason or '')}"
            for r in item.retracted_evidence if r.retracted_at
        ]
        lines.append("")
    if item.history:
        lines += ["#### Status history", ""]
        for h in item.history:
            flags = f" — **cites retracted evidence {', '.join(map(str, h.cites_retracted))}**" if h.cites_retracted else ""
            lines.append(f"- {h.effective_on} **{h.status}** ({h.confidence}; #{h.seq} by {md_escape(h.author)}): "
                         f"{md_escape(h.rationale)}{flags}")
        lines.append("")
    return lines


def render_markdown(report: ReportData) -> str:
    since = f"; changes since {report.since}" if report.since else ""
    lines = [
        f"# {md_escape(report.agreement_title)} — status report",
        "",
        f"As of **{report.as_of}** (signed {report.signed_on}{since}); generated "
        f"{report.generated_at:%Y-%m-%d %H:%M} UTC.",
        "",
    ]
    lines += _summary(report) + _whats_new(report) + _charts(report)
    for part in report.parts:
        lines += [f"## {md_escape(part.name)}", ""]
        for item in part.items:
            lines += _item(item)
    lines += ["## Sources", ""]
    for s in report.sources:
        meta = ", ".join(x for x in (md_escape(s.outlet or ""), md_escape(s.author or ""), str(s.published_on or "")) if x)
        lines.append(f"{s.id}. {md_link(s.title, s.url)} — {meta}; sha256 `{s.sha256}`; {len(s.evidence_ids)} quote(s)")
    if not report.sources:
        lines.append("No source is cited.")
    lines += ["", "## Corrections log", ""]
    if not report.corrections:
        lines.append(f"No evidence was retracted or corrected as of {report.as_of}.")
    for c in report.corrections:
        lines.append(f"- {c.at:%Y-%m-%d} {c.kind} of evidence {c.evidence_id} ({_anchor(c.obligation_id)}, "
                     f"source {c.source_id}) by {md_escape(c.by)}: {md_escape(c.reason)}")
    lines.append("")
    return "\n".join(lines)
