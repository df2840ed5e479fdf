"""Terminal form of the report, built from small Rich renderables.

Every piece of article or user text goes in as a rich.text.Text (never as
markup) after control characters are made visible, so a "[bold]" or an escape
sequence in an article is shown literally.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from tracker.domain.report import STATUS_ORDER, EvidenceItem, ReportData, ReportItem
from tracker.domain.text import printable

STATUS_STYLES = {
    "met": "bold green", "partial": "yellow", "in-progress": "cyan", "pending": "bright_black",
    "stalled": "dark_orange", "breached": "bold red", "disputed": "magenta", "not-assessed": "dim",
    "superseded": "dim",
}


def safe(text: object) -> Text:
    return Text(printable(str(text)))


def status_badge(status: str) -> Text:
    return Text(f" {status} ", style=f"reverse {STATUS_STYLES.get(status, '')}".strip())


def progress_bar(fraction: float, width: int = 20) -> Text:
    filled = round(fraction * width)
    return Text("█" * filled, style="green") + Text("░" * (width - filled), style="bright_black")


def _evidence(label: str, item: EvidenceItem | None, style: str) -> Text:
    line = Text(f"{label}: ", style="bold")
    if item is None:
        return line + Text("none recorded", style="dim")
    line += Text("“", style=style) + safe(" ".join(item.quote.split())) + Text("”", style=style)
    who = item.claimant or "unattributed"
    where = item.source_outlet or item.source_title
    meta = f" — {printable(who)}" + (f", {printable(where)}" if where != who else "")
    meta += f" (source {item.source_id}"
    meta += f", {item.observed_on}" if item.observed_on else ""
    meta += f"; evidence {item.id})"
    return line + Text(meta, style="dim")


def obligation_block(item: ReportItem) -> RenderableType:
    head = Text()
    head += status_badge(item.status)
    head += Text(" ")
    head += Text(printable(item.title), style="bold")
    head += Text(f"  {item.id}", style="dim")
    body: list[RenderableType] = [
        Text(f"{printable(item.clause)} · owed by {printable(', '.join(item.obligor))}", style="dim")
    ]
    status_line = Text("Status: ", style="bold") + Text(item.status, style=STATUS_STYLES.get(item.status, ""))
    if item.since:
        status_line += Text(f" since {item.since} ({item.confidence} confidence)")
    body.append(status_line)
    deadline = Text("Deadline: ", style="bold") + safe(item.deadline_text or "—")
    if item.deadline:
        deadline += Text(f" ({item.deadline}, ")
        deadline += Text(item.timing_label or item.deadline_label, style="bold red" if item.timing in ("overdue", "late") else "")
        deadline += Text(")")
    else:
        deadline += Text(f" ({item.deadline_label})", style="dim")
    body.append(deadline)
    if item.metric is not None:
        m = item.metric
        metric = Text(f"{printable(m.name)}: ", style="bold")
        metric += Text(f"{m.baseline:,.0f} → {m.target:,.0f}  ")
        if m.latest is not None and m.fraction is not None:
            metric += progress_bar(m.fraction)
            metric += Text(f" {m.latest:,.0f} on {m.latest_on} ({m.fraction:.0%})")
        else:
            metric += Text("no observation yet", style="dim")
        body.append(metric)
    if item.rationale:
        body.append(Text("Why: ", style="bold") + safe(" ".join(item.rationale.split())))
    stances = [e.stance for e in item.evidence]
    body.append(Text("Evidence: ", style="bold") + Text(
        f"{stances.count('supports-compliance')} for · {stances.count('indicates-breach')} against · "
        f"{stances.count('context')} context · {item.independent_claimants} independent claimant(s)"
    ))
    if item.shared_evidence:
        body.append(Text("Shared: ", style="bold") + Text(item.shared_summary, style="dim"))
    body.append(_evidence("For", item.strongest_for, "green"))
    body.append(_evidence("Against", item.strongest_against, "red"))
    for change in item.changes_since:
        body.append(
            Text("Changed: ", style="bold yellow")
            + Text(f"{change.effective_on} → {change.status}: ")
            + safe(" ".join(change.rationale.split()))
        )
    return Padding(Group(head, Padding(Group(*body), (0, 0, 0, 2))), (0, 0, 1, 0))


def summary_table(report: ReportData) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("status")
    table.add_column("obligations", justify="right")
    for status, count in sorted(report.status_counts.items()):
        table.add_row(status_badge(status), str(count))
    table.add_row(Text("overdue", style="bold red"), str(report.overdue_count))
    return table


def scorecard_table(report: ReportData) -> Table:
    """Per party (one column each): obligations by status, overdue, met on time and met late."""
    statuses = [s for s in STATUS_ORDER if any(p.by_status.get(s) for p in report.parties)]
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2), title="Scorecard by party",
                  title_justify="left", title_style="bold")
    table.add_column("")
    for p in report.parties:
        table.add_column(safe(p.name), justify="right", max_width=18)
    table.add_row("obligations", *(str(p.obligations) for p in report.parties))
    for status in statuses:
        table.add_row(status_badge(status), *(str(p.by_status.get(status, 0)) for p in report.parties))
    table.add_row(Text("overdue", style="bold red"), *(str(p.overdue) for p in report.parties))
    table.add_row("met on time", *(str(p.met_on_time) for p in report.parties))
    table.add_row("met late", *(str(p.met_late) for p in report.parties))
    if any(p.lapsed for p in report.parties):
        table.add_row("lapsed", *(str(p.lapsed) for p in report.parties))
    return table


def whats_new_renderable(report: ReportData) -> RenderableType:
    news = report.whats_new
    if news is None:
        return Text("")
    lines: list[RenderableType] = [Rule(Text(f"What's new since {news.since}", style="bold"), align="left")]
    if news.empty:
        lines.append(Text("nothing new", style="dim"))
    for change in news.status_changes:
        lines.append(Text(f"{change.obligation_id}: {change.previous} → ", style="bold")
                     + status_badge(change.entry.status) + Text(f" effective {change.entry.effective_on}"))
    if news.new_evidence:
        lines.append(Text(f"{len(news.new_evidence)} new evidence item(s)"))
    for item in news.retractions:
        lines.append(Text(f"retracted evidence {item.id} ({item.obligation_id}): ", style="yellow")
                     + safe(item.retraction_reason or ""))
    lines.append(Text(""))
    return Group(*lines)


def report_renderable(report: ReportData) -> RenderableType:
    title = Text(printable(report.agreement_title), style="bold")
    title += Text(f" — status as of {report.as_of}", style="bold")
    sub = Text(f"signed {report.signed_on}", style="dim")
    if report.since:
        sub += Text(f" · changes since {report.since}", style="dim")
    parts: list[RenderableType] = [
        title, sub, Text(""), summary_table(report), Text(""), scorecard_table(report), Text(""),
        whats_new_renderable(report),
    ]
    for part in report.parts:
        parts.append(Rule(Text(printable(part.name), style="bold"), align="left"))
        parts.extend(obligation_block(item) for item in part.items)
    return Group(*parts)


def render_terminal_text(report: ReportData, *, width: int | None = None, color: bool = True) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width or 100, force_terminal=color, no_color=not color,
        color_system="standard" if color else None, highlight=False, emoji=False, markup=False,
    )
    console.print(report_renderable(report))
    return buffer.getvalue()
