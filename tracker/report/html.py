"""HTML form of the report: one self-contained page for screen and print.

Inline CSS and SVG only (nothing is fetched). The print stylesheet uses CSS
paged media as WeasyPrint honours it: A4 or Letter, a running header with the
agreement, the report date and the generation time, page numbers, and a page
break before each part. Every piece of text from the record is escaped, and
only http(s) URLs become links.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from urllib.parse import urlsplit

from tracker.domain.report import (
    STANCE_ORDER,
    STATUS_ORDER,
    EvidenceGroup,
    EvidenceItem,
    HistoryItem,
    ReportData,
    ReportItem,
    Timeline,
)
from tracker.domain.text import printable
from tracker.report.svg import TEXT_ON, colour, fmt_day, fmt_number, legend, line_chart, status_strip

PAPERS = {"a4": "A4", "letter": "letter"}
STANCE_TITLES = {
    "supports-compliance": "Supports compliance", "indicates-breach": "Indicates breach", "context": "Context",
}
STANCE_CLASS = {"supports-compliance": "for", "indicates-breach": "against", "context": "ctx"}

CSS = """
:root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--for:#1a7f37;--against:#cf222e;--ctx:#8c959f}
*{box-sizing:border-box}
body{font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;font-size:10.5pt;
 line-height:1.45;color:var(--fg);max-width:62rem;margin:1.5rem auto;padding:0 1.2rem}
a{color:#0969da;text-decoration:none} a:hover{text-decoration:underline}
h1{font-size:20pt;margin:0 0 .2rem;string-set:doc-title content()}
h2{font-size:15pt;border-bottom:2px solid var(--fg);padding-bottom:.15rem;margin:1.6rem 0 .7rem;break-after:avoid}
h3{font-size:12pt;margin:0 0 .3rem;break-after:avoid} h4{font-size:10.5pt;margin:.8rem 0 .3rem;break-after:avoid}
.meta{color:var(--muted);margin:.1rem 0} .runmeta{string-set:doc-meta content()}
.id{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:.85em;color:var(--muted)}
.badge{display:inline-block;padding:.05rem .45rem;border-radius:.7rem;color:#fff;font-size:.82em;font-weight:bold;
 white-space:nowrap;-webkit-print-color-adjust:exact;print-color-adjust:exact}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:9.5pt}
thead{display:table-header-group} tr{break-inside:avoid}
th,td{border-bottom:1px solid var(--line);padding:.25rem .4rem;text-align:left;vertical-align:top}
th{border-bottom:2px solid var(--fg);font-weight:bold} td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.summary{font-size:8.5pt} th.w-ob{width:34%}
tr.partrow td{background:#f6f8fa;font-weight:bold;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.t-overdue,.t-late{color:var(--against);font-weight:bold} .t-on-time{color:var(--for);font-weight:bold}
.legend{font-size:8.5pt;color:var(--muted);margin:.3rem 0}
.key{margin-right:.8rem;white-space:nowrap} .swatch{display:inline-block;width:.8em;height:.8em;margin-right:.25em;
 vertical-align:-.05em;border-radius:2px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
section.part{break-before:page} section.part.first{break-before:auto}
.ob{border-top:1px solid var(--line);padding:.8rem 0 .4rem;margin:0}
.ob:first-of-type{border-top:none}
.facts{display:grid;grid-template-columns:8.5rem 1fr;gap:.15rem .7rem;margin:.3rem 0}
.facts dt{color:var(--muted)} .facts dd{margin:0}
.strip{display:block;width:100%;height:14px;border:1px solid var(--line);-webkit-print-color-adjust:exact;print-color-adjust:exact}
.strip-axis{display:flex;justify-content:space-between;font-size:8pt;color:var(--muted)}
.segments{font-size:8.5pt;color:var(--muted);margin:.1rem 0 .4rem}
figure.quote{margin:.35rem 0 .6rem;break-inside:avoid}
blockquote{margin:0;padding:.15rem 0 .15rem .7rem;border-left:4px solid var(--ctx);font-style:italic;color:#24292f}
.for blockquote{border-color:var(--for)} .against blockquote{border-color:var(--against)}
h4.for{color:var(--for)} h4.against{color:var(--against)} h4.ctx{color:var(--muted)}
figcaption{font-size:9pt;color:var(--muted);padding-left:.95rem;margin-top:.1rem}
.note{font-size:9pt;color:var(--muted);padding-left:.95rem;margin:.1rem 0 0}
.echoes{font-size:8.5pt;color:var(--muted);margin:.15rem 0 0 .95rem;padding-left:.9rem}
.flag{color:#9a6700;font-weight:bold}
.withdrawn blockquote{text-decoration:line-through;color:var(--muted)}
.sha{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:7.5pt;word-break:break-all;color:var(--muted)}
.url{word-break:break-all;font-size:8.5pt}
figure.chart{margin:.6rem 0 1.2rem;break-inside:avoid} figure.chart svg{max-width:100%;height:auto}
figure.chart figcaption{padding:0;font-size:9pt}
.bar{background:#eaeef2;border-radius:3px;height:.55rem;width:9rem;display:inline-block;vertical-align:middle}
.bar span{display:block;height:100%;background:var(--for);border-radius:3px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.empty{color:var(--muted);font-style:italic} .nowrap{white-space:nowrap} .keep{break-inside:avoid} table.scorecard td:first-child{width:30%}
@media print{
 body{max-width:none;margin:0;padding:0;font-size:9.5pt}
 a{color:#0550ae}
}
"""

PAGE_CSS = """
@page{size:%(size)s;margin:20mm 15mm 18mm 15mm;
 @top-left{content:string(doc-title);font-size:7.5pt;color:#57606a;font-family:"DejaVu Sans",sans-serif}
 @top-right{content:string(doc-meta);font-size:7.5pt;color:#57606a;font-family:"DejaVu Sans",sans-serif}
 @bottom-center{content:"Page " counter(page) " of " counter(pages);font-size:7.5pt;color:#57606a;
  font-family:"DejaVu Sans",sans-serif}}
"""


def _e(text: object) -> str:
    return escape(printable(str(text)), quote=True)


def safe_url(url: str | None) -> str | None:
    """The URL, escaped for an attribute, if it is http(s); None otherwise
    (a javascript: or data: URL from an article never becomes a link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return escape(url.strip(), quote=True)


def link(text: object, url: str | None) -> str:
    href = safe_url(url)
    return f'<a href="{href}">{_e(text)}</a>' if href else _e(text)


def badge(status: str) -> str:
    fg = TEXT_ON.get(status, "#ffffff")
    return f'<span class="badge" style="background:{colour(status)};color:{fg}">{_e(status)}</span>'


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


# -- parts ---------------------------------------------------------------------


def _summary(report: ReportData) -> str:
    rows = []
    for part in report.parts:
        rows.append(f'<tr class="partrow"><td colspan="6">{_e(part.name)}</td></tr>')
        for item in part.items:
            counts = item.stance_counts
            # no fixed date: say what the catalogue says ("from signing, ongoing"); the timing column has the rest
            deadline = str(item.deadline) if item.deadline else _e(item.deadline_text or "—")
            flags = ' <span class="flag">to review</span>' if item.to_review else ""
            rows.append(
                f'<tr><td><a href="#{_e(item.id)}">{_e(item.title)}</a><br><span class="id">{_e(item.id)} · '
                f'{_e(item.clause)}</span></td><td>{_e(", ".join(item.obligor))}</td><td>{badge(item.status)}{flags}</td>'
                f'<td class="nowrap">{deadline}</td><td class="t-{_e(item.timing)}">{_e(item.timing_label)}</td>'
                f'<td class="num">{counts["supports-compliance"]} / {counts["indicates-breach"]} / {counts["context"]}</td></tr>'
            )
    status_line = ", ".join(
        f"{report.status_counts[s]} {s}" for s in STATUS_ORDER if report.status_counts.get(s)
    )
    return (
        '<section class="part first" id="summary"><h2>Summary</h2>'
        f'<p>{len(report.items)} obligations: {_e(status_line)}; '
        f'<strong class="t-overdue">{report.overdue_count} overdue</strong>.</p>'
        '<table class="summary"><thead><tr><th class="w-ob">Obligation</th><th>Owed by</th><th>Status</th><th>Deadline</th>'
        '<th>On time / late / overdue</th><th class="num">Evidence for / against / context</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
        f'<div class="legend">{legend([s for s in STATUS_ORDER if s in report.status_counts])}</div>'
        f"{_scorecard(report)}</section>"
    )


def _scorecard(report: ReportData) -> str:
    """One column per party, one row per count: readable however many statuses occur."""
    parties = report.parties
    statuses = [s for s in STATUS_ORDER if any(p.by_status.get(s) for p in parties)]

    def row(label: str, values: list[int], css: str = "") -> str:
        cells = "".join(f'<td class="num {css}">{v}</td>' for v in values)
        return f"<tr><td>{label}</td>{cells}</tr>"

    rows = [row("Obligations owed", [p.obligations for p in parties])]
    rows += [row(badge(s), [p.by_status.get(s, 0) for p in parties]) for s in statuses]
    rows.append(row('<span class="t-overdue">Overdue</span>', [p.overdue for p in parties], "t-overdue"))
    rows.append(row("Met on time", [p.met_on_time for p in parties]))
    rows.append(row("Met late", [p.met_late for p in parties]))
    if any(p.lapsed for p in parties):
        rows.append(row("Lapsed", [p.lapsed for p in parties]))
    reasons = sorted({code for p in parties for code in p.reason_codes})
    rows += [row(f"Reason: {_e(code)}", [p.reason_codes.get(code, 0) for p in parties]) for code in reasons]
    head = "".join(f'<th class="num">{_e(p.name)}</th>' for p in parties)
    return (
        '<div class="keep"><h3 id="scorecard">Scorecard by party</h3>'
        '<p class="meta">Each obligation counts for every party that owes it. "Met on time": the status became '
        '"met" on or before the deadline.</p>'
        f'<table class="scorecard"><thead><tr><th></th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _whats_new(report: ReportData) -> str:
    news = report.whats_new
    if news is None:
        return ""
    titles = {i.id: i.title for i in report.items}
    blocks = [f'<section class="part" id="whats-new"><h2>What\'s new since {news.since}</h2>']
    blocks.append(f'<p class="meta">What entered the record after {news.since}, up to {report.as_of}.</p>')
    if news.empty:
        blocks.append('<p class="empty">Nothing new.</p>')
    if news.status_changes:
        blocks.append("<h3>Status changes</h3><ul>")
        for change in news.status_changes:
            blocks.append(
                f'<li><a href="#{_e(change.obligation_id)}">{_e(change.title)}</a>: {badge(change.previous)} → '
                f"{badge(change.entry.status)} effective {change.entry.effective_on} "
                f'<span class="meta">(recorded {_stamp(change.entry.recorded_at)} by {_e(change.entry.author)})</span>'
                f"<br>{_e(change.entry.rationale)}</li>"
            )
        blocks.append("</ul>")
    if news.new_evidence:
        blocks.append(f"<h3>New evidence ({len(news.new_evidence)})</h3><ul>")
        for item in news.new_evidence:
            blocks.append(
                f'<li><a href="#{_e(item.obligation_id)}">{_e(titles.get(item.obligation_id, item.obligation_id))}</a> '
                f'<span class="id">{_e(STANCE_TITLES.get(item.stance, item.stance).lower())}</span>: '
                f"“{_e(_clip(item.quote))}” — {_who(item)}</li>"
            )
        blocks.append("</ul>")
    if news.retractions:
        blocks.append("<h3>Retractions</h3><ul>")
        for item in news.retractions:
            blocks.append(
                f"<li>evidence {item.id} ({_e(item.obligation_id)}): “{_e(_clip(item.quote))}” — "
                f"{_e(item.retraction_reason or '')}</li>"
            )
        blocks.append("</ul>")
    if news.corrections:
        blocks.append("<h3>Corrections</h3><ul>")
        blocks.extend(f"<li>evidence {c.evidence_id}: {_e(c.reason)}</li>" for c in news.corrections)
        blocks.append("</ul>")
    blocks.append("</section>")
    return "".join(blocks)


def _charts(report: ReportData) -> str:
    if not report.charts:
        return ""
    figures = []
    for number, chart in enumerate(report.charts, start=1):
        observed = [p for p in chart.points if p.evidence_id is not None]
        targets = "; ".join(
            f"{_e(t.title)} (<a href=\"#{_e(t.obligation_id)}\">{_e(t.obligation_id)}</a>): target {fmt_number(t.target)}"
            + (f" by {fmt_day(t.deadline)}" if t.deadline else "")
            for t in chart.targets
        )
        rows = "".join(
            f"<tr><td>{p.on}</td><td class=\"num\">{fmt_number(p.value)}</td><td>"
            + ("baseline (catalogue)" if p.evidence_id is None else
               f"{_e(p.claimant or 'unattributed')}, evidence {p.evidence_id}, "
               + link(f"source {p.source_id}", p.source_url))
            + "</td></tr>"
            for p in chart.points
        )
        figures.append(
            f'<figure class="chart" id="chart-{number}">{line_chart(chart, chart_id=f"chart-{number}")}'
            f"<figcaption><strong>Figure {number}. {_e(chart.name)}</strong> ({_e(chart.unit)}): "
            f"{len(observed)} observed value(s) from the evidence, against {targets}.</figcaption>"
            '<table><thead><tr><th>Date</th><th class="num">Value</th><th>From</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></figure>"
        )
    return f'<section class="part" id="charts"><h2>Measures over time</h2>{"".join(figures)}</section>'


def _clip(text: str, limit: int = 220) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _who(item: EvidenceItem) -> str:
    """"Claimant, in Outlet (linked), date, page": the outlet is named once when it is the claimant."""
    outlet = item.source_outlet or item.source_title
    if outlet and outlet != item.claimant:
        parts = [_e(item.claimant or "unattributed") + " in " + link(outlet, item.source_url)]
    else:
        parts = [link(item.claimant or outlet, item.source_url)]
    when = item.observed_on or item.source_published_on
    if when:
        parts.append(str(when))
    if item.page is not None:
        parts.append(f"p. {item.page}")
    return ", ".join(parts)


def _quote(group: EvidenceGroup) -> str:
    lead = group.lead
    href = safe_url(lead.source_url)
    cite = f' cite="{href}"' if href else ""
    flags = ""
    if lead.corrected:
        flags += ' <span class="flag">corrected</span>'
    if lead.value is not None:
        flags += f" · value {fmt_number(lead.value)}"
    caption = (
        f"— {_who(lead)} · evidence {lead.id} · <a href=\"#source-{lead.source_id}\">source {lead.source_id}</a>{flags}"
    )
    note = f'<p class="note">Note: {_e(lead.note)}</p>' if lead.note else ""
    echoes = ""
    if group.echoes:
        echoes = (
            f'<ul class="echoes"><li>Repeated in {len(group.echoes)} more source(s), one claim not '
            f"{len(group.echoes) + 1} confirmations:</li>"
            + "".join(
                f"<li>{_who(e)} · evidence {e.id} · <a href=\"#source-{e.source_id}\">source {e.source_id}</a></li>"
                for e in group.echoes
            ) + "</ul>"
        )
    return (
        f"<figure class=\"quote\"><blockquote{cite}>“{_e(' '.join(lead.quote.split()))}”</blockquote>"
        f"<figcaption>{caption}</figcaption>{note}{echoes}</figure>"
    )


def _timeline(timeline: Timeline) -> str:
    segments = " · ".join(
        f"{_e(s.status)} {fmt_day(s.start)} – {fmt_day(s.end - dt.timedelta(days=1))}" for s in timeline.segments
    )
    deadline = f" · deadline {fmt_day(timeline.deadline)} (black mark)" if timeline.deadline else ""
    return (
        f"{status_strip(timeline)}"
        f'<div class="strip-axis"><span>{fmt_day(timeline.start)} (signed)</span>'
        f"<span>{fmt_day(timeline.end - dt.timedelta(days=1))}</span></div>"
        f'<p class="segments">{segments}{deadline}</p>'
    )


def _history(history: tuple[HistoryItem, ...]) -> str:
    if not history:
        return ""
    rows = []
    for h in history:
        flags = ""
        if h.cites_retracted:
            flags += f' <span class="flag">cites retracted evidence {", ".join(map(str, h.cites_retracted))}</span>'
        if h.cites_corrected:
            flags += f' <span class="flag">cites corrected evidence {", ".join(map(str, h.cites_corrected))}</span>'
        if h.reviewed is False:
            flags += ' <span class="flag">not reviewed</span>'
        reason = f" <span class=\"id\">reason: {_e(h.reason_code)}</span>" if h.reason_code else ""
        rows.append(
            f"<tr><td>{h.effective_on}</td><td>{badge(h.status)}</td><td>{_e(h.confidence)}</td>"
            f"<td>{_e(h.rationale)}{reason}{flags}<br><span class=\"id\">#{h.seq} · {_e(h.author)} · recorded "
            f"{_stamp(h.recorded_at)} · evidence {', '.join(map(str, h.evidence_ids)) or 'none'}</span></td></tr>"
        )
    return (
        "<h4>Status history</h4><table><thead><tr><th>Effective</th><th>Status</th><th>Confidence</th>"
        f"<th>Why</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _item(item: ReportItem) -> str:
    facts = [f"<dt>Owed by</dt><dd>{_e(', '.join(item.obligor))}"
             + (f" to {_e(', '.join(item.beneficiary))}" if item.beneficiary else "") + "</dd>"]
    status = badge(item.status)
    if item.since:
        status += f" since {item.since} ({_e(item.confidence)} confidence)"
    if item.to_review:
        status += ' <span class="flag">to review: a condition changed</span>'
    facts.append(f"<dt>Status</dt><dd>{status}</dd>")
    deadline = _e(item.deadline_text or "—")
    if item.deadline:
        deadline += f" ({item.deadline})"
    deadline += f' — <span class="t-{_e(item.timing)}">{_e(item.timing_label)}</span>'
    facts.append(f"<dt>Deadline</dt><dd>{deadline}</dd>")
    if item.metric is not None:
        m = item.metric
        latest = f"{fmt_number(m.latest)} on {m.latest_on}" if m.latest is not None else "no observation yet"
        width = int((m.fraction or 0) * 100)
        facts.append(
            f"<dt>{_e(m.name)}</dt><dd>{fmt_number(m.baseline)} → {fmt_number(m.target)} {_e(m.unit)}; latest {latest} "
            f"<span class=\"bar\"><span style=\"width:{width}%\"></span></span> "
            '<a href="#charts">chart</a></dd>'
        )
    if item.conditions:
        facts.append("<dt>Depends on</dt><dd>" + "; ".join(
            f'<a href="#{_e(c.obligation_id)}">{_e(c.title)}</a> {badge(c.status)}' for c in item.conditions
        ) + "</dd>")
    if item.rationale:
        facts.append(f"<dt>Why</dt><dd>{_e(item.rationale)}</dd>")
    if item.reason_code:
        facts.append(f"<dt>Reason</dt><dd>{_e(item.reason_code)}</dd>")
    counts = item.stance_counts
    facts.append(
        f"<dt>Evidence</dt><dd>{counts['supports-compliance']} for, {counts['indicates-breach']} against, "
        f"{counts['context']} context; {item.independent_claimants} independent claimant(s)</dd>"
    )
    if item.shared_evidence:
        facts.append(f"<dt>Shared</dt><dd>{_e(item.shared_summary)}</dd>")
    readings = ""
    if item.readings:
        readings = "<h4>Readings</h4><table><thead><tr><th>Assessor</th><th>Status</th><th>Since</th><th>Why</th></tr></thead><tbody>" + "".join(
            f"<tr><td>{_e(r.assessor_name)}</td><td>{badge(r.status)}</td><td>{r.effective_on or '—'}</td>"
            f"<td>{_e(r.rationale or '')}</td></tr>" for r in item.readings
        ) + "</tbody></table>"
    evidence = []
    for group in item.stances:
        css = STANCE_CLASS.get(group.stance, "ctx")
        evidence.append(
            f'<div class="{css}"><h4 class="{css}">{_e(STANCE_TITLES.get(group.stance, group.stance))} ({group.count})</h4>'
            + "".join(_quote(g) for g in group.groups) + "</div>"
        )
    if not item.stances:
        evidence.append('<p class="empty">No evidence recorded.</p>')
    if item.retracted_evidence:
        evidence.append('<div class="withdrawn"><h4>Retracted evidence</h4>' + "".join(
            f"<figure class=\"quote\"><blockquote>“{_e(' '.join(r.quote.split()))}”</blockquote>"
            f"<figcaption>— {_who(r)} · evidence {r.id} · retracted {r.retracted_at:%Y-%m-%d}: "
            f"{_e(r.retraction_reason or '')}</figcaption></figure>"
            for r in item.retracted_evidence if r.retracted_at
        ) + "</div>")
    clause = f"<blockquote>“{_e(item.clause_text)}”</blockquote>" if item.clause_text else ""
    timeline = _timeline(item.timeline) if item.timeline else ""
    return (
        f'<article class="ob" id="{_e(item.id)}"><h3>{_e(item.title)}</h3>'
        f'<p class="meta"><span class="id">{_e(item.id)}</span> · {_e(item.clause)}</p>'
        f"<p>{_e(item.summary)}</p>{clause}{timeline}<dl class=\"facts\">{''.join(facts)}</dl>{readings}"
        f"{''.join(evidence)}{_history(item.history)}</article>"
    )


def _obligations(report: ReportData) -> str:
    out = []
    for part in report.parts:
        out.append(f'<section class="part" id="part-{_e(part.name.lower().replace(" ", "-"))}">'
                   f"<h2>{_e(part.name)}</h2>")
        out.extend(_item(i) for i in part.items)
        out.append("</section>")
    return "".join(out)


def _sources(report: ReportData) -> str:
    if not report.sources:
        body = '<p class="empty">No source is cited.</p>'
    else:
        rows = "".join(
            f'<tr id="source-{s.id}"><td class="num">{s.id}</td><td>{_e(s.title)}'
            + (f'<br><span class="url">{link(s.url, s.url)}</span>' if s.url else "")
            + f'<br><span class="sha">sha256 {_e(s.sha256)}</span></td>'
            f"<td>{_e(s.outlet or '—')}{('<br>' + _e(s.author)) if s.author else ''}</td>"
            f"<td>{s.published_on or '—'}</td><td class=\"num\">{len(s.evidence_ids)}</td></tr>"
            for s in report.sources
        )
        body = (
            '<table><thead><tr><th class="num">#</th><th>Title, URL and sha256 of the text</th><th>Outlet</th>'
            f'<th>Published</th><th class="num">Quotes</th></tr></thead><tbody>{rows}</tbody></table>'
        )
    return f'<section class="part" id="sources"><h2>Sources</h2>{body}</section>'


def _corrections(report: ReportData) -> str:
    if not report.corrections:
        body = f'<p class="empty">No evidence was retracted or corrected as of {report.as_of}.</p>'
    else:
        rows = "".join(
            f"<tr><td>{c.at:%Y-%m-%d}</td><td>{_e(c.kind)}</td><td>evidence {c.evidence_id} "
            f'(<a href="#{_e(c.obligation_id)}">{_e(c.obligation_id)}</a>, source {c.source_id})<br>'
            f"“{_e(_clip(c.quote, 160))}”</td><td>{_e(c.reason)}"
            + "".join(f"<br>{_e(f)}: {_e(a)} → {_e(b)}" for f, a, b in c.changed)
            + f"</td><td>{_e(c.by)}</td></tr>"
            for c in report.corrections
        )
        body = (
            "<table><thead><tr><th>Date</th><th>Kind</th><th>What</th><th>Reason</th><th>By</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return (
        '<section class="part" id="corrections"><h2>Corrections log</h2>'
        '<p class="meta">Every retraction and correction of evidence, with its reason. Retracted items stay in '
        f"the record and are shown struck through under their obligation.</p>{body}</section>"
    )


def render_html(report: ReportData, *, paper: str = "a4") -> str:
    size = PAPERS.get(paper.lower(), "A4")
    since = f"; changes since {report.since}" if report.since else ""
    ended = f"; ended {report.ended_on}" + (f" ({_e(report.end_reason)})" if report.end_reason else "") if report.ended_on else ""
    runmeta = f"As of {report.as_of} · generated {_stamp(report.generated_at)}"
    contents = [("summary", "Summary and scorecard")]
    if report.whats_new is not None:
        contents.append(("whats-new", f"What's new since {report.since}"))
    if report.charts:
        contents.append(("charts", "Measures over time"))
    contents += [(f"part-{p.name.lower().replace(' ', '-')}", p.name) for p in report.parts]
    contents += [("sources", "Sources"), ("corrections", "Corrections log")]
    toc = " · ".join(f'<a href="#{_e(a)}">{_e(t)}</a>' for a, t in contents)
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_e(report.agreement_title)} — status as of {report.as_of}</title>"
        f"<style>{PAGE_CSS % {'size': size}}{CSS}</style></head><body>"
        f"<header><h1>{_e(report.agreement_title)}</h1>"
        f'<p class="meta runmeta">{_e(runmeta)}</p>'
        f'<p class="meta">Compliance report as of <strong>{report.as_of}</strong>; signed {report.signed_on}{since}{ended}. '
        f"Status entries and evidence are replayed as the record stood at the end of {report.as_of}.</p>"
        f'<nav class="meta">Contents: {toc}</nav></header>'
        f"{_summary(report)}{_whats_new(report)}{_charts(report)}{_obligations(report)}"
        f"{_sources(report)}{_corrections(report)}"
        "</body></html>\n"
    )


def stance_title(stance: str) -> str:
    return STANCE_TITLES.get(stance, stance)


__all__ = ["PAPERS", "STANCE_ORDER", "render_html", "safe_url", "stance_title"]
