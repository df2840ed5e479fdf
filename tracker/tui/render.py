"""Rich renderables for the TUI's panes.

Every piece of article or user text goes through `safe()` into a
rich.text.Text, never into a markup string, so a "[bold]" or an escape
sequence in an article is shown literally. Stance words and colours come from
`tracker.labels`, the table the CLI's views use too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from tracker.domain.models import Stance
from tracker.domain.text import printable
from tracker.labels import STANCES, stance_label
from tracker.report.terminal import STATUS_STYLES, progress_bar, status_badge
from tracker.report.terminal import safe as plain_safe

if TYPE_CHECKING:
    from tracker.domain.assess import DeadlineState, MetricProgress
    from tracker.domain.models import StatusChange
    from tracker.domain.suggest import Suggestion
    from tracker.service import EvidenceView, ObligationDetail, ObligationState

SPARK = "▁▂▃▄▅▆▇█"


def safe(value: object, style: str = "") -> Text:
    """Text shown literally (no markup, control characters made visible), in `style`."""
    text = plain_safe(value)
    text.style = style
    return text


def one_line(value: str) -> str:
    return " ".join(value.split())


OPENING_QUOTES = "“\"'‘"


def quoted(passage: str, style: str = "italic", *, limit: int = 0) -> Text:
    """The passage on one line in quotation marks, unless it opens with its own
    (a passage that starts a quotation would otherwise show two marks)."""
    body = one_line(passage)
    if limit and len(body) > limit:
        body = body[: limit - 1] + "…"
    if body[:1] in OPENING_QUOTES:
        return safe(body, style)
    return Text("“", style="dim") + safe(body, style) + Text("”", style="dim")


def deadline_text(deadline: DeadlineState, *, with_date: bool = True) -> Text:
    """With the date (the detail): the full label; without (the table): the short one."""
    text = Text()
    if deadline.due_on and with_date:
        text.append(f"{deadline.due_on} ", style="dim")
    style = "bold red" if deadline.overdue else ("yellow" if deadline.days_left is not None and 0 <= deadline.days_left <= 14 else "")
    if deadline.lapsed:
        style = "dim"
    text.append(deadline.label if with_date else deadline.short, style=style)
    return text


def counts_text(counts: dict[str, int]) -> Text:
    """Evidence counts by stance: "3+ 1− 0·"."""
    return Text(" ").join(
        Text(f"{counts.get(stance.value, 0)}{shown.mark}", style=shown.colour) for stance, shown in STANCES.items()
    )


def row_cells(row: ObligationState) -> tuple[Text, ...]:
    o = row.obligation
    return (
        Text(o.id, no_wrap=True),
        safe(", ".join(o.obligor)),
        safe(one_line(o.title)),
        status_badge(row.status.value),
        deadline_text(row.deadline, with_date=False),
        counts_text(row.counts),
    )


def sparkline(values: Sequence[float], low: float, high: float) -> str:
    if not values:
        return ""
    span = (high - low) or 1.0
    out = []
    for value in values:
        level = (value - low) / span
        level = max(0.0, min(1.0, level))
        out.append(SPARK[round(level * (len(SPARK) - 1))])
    return "".join(out)


def metric_block(progress: MetricProgress, width: int = 48) -> list[RenderableType]:
    """Metric progress, plus every numeric observation plotted over time."""
    m = progress.metric
    lines: list[RenderableType] = []
    head = Text("Metric  ", style="bold") + safe(m.name) + Text(f"  {m.baseline:,.0f} → {m.target:,.0f} {printable(m.unit)}", style="dim")
    lines.append(head)
    bar = Text("  ")
    if progress.latest is not None and progress.fraction is not None:
        bar += progress_bar(progress.fraction, 24)
        bar += Text(f" {progress.fraction:.0%}  latest {progress.latest.value:,.0f} on {progress.latest.on}")
        if progress.reached:
            bar += Text("  target reached", style="bold green")
    else:
        bar += Text("no numeric observation yet: attach evidence with a value", style="dim")
    lines.append(bar)
    points = [(m.baseline_on, m.baseline, None)] + [(o.on, o.value, o.evidence_id) for o in progress.observations]
    if len(points) > 1:
        low = min(m.target, *(p[1] for p in points))
        high = max(m.baseline, *(p[1] for p in points))
        # sparkline over a date axis: each column shows the latest value known that day
        first, last = points[0][0], max(p[0] for p in points)
        days = max((last - first).days, 1)
        columns = min(width, days + 1)
        series = []
        for col in range(columns):
            day = first + dt.timedelta(days=round(col * days / max(columns - 1, 1)))
            known = [p for p in points if p[0] <= day]
            series.append(known[-1][1] if known else points[0][1])
        spark = Text("  ") + Text(sparkline(series, low, high), style="cyan")
        spark += Text(f"  {first} → {last}", style="dim")
        lines.append(spark)
        for on, value, evidence_id in points:
            length = 1 + round((value - low) / ((high - low) or 1.0) * 20)
            row = Text(f"  {on}  ") + Text("▇" * length, style="cyan" if evidence_id else "bright_black")
            row += Text(f" {value:,.0f}")
            row += Text("  baseline" if evidence_id is None else f"  evidence {evidence_id}", style="dim")
            lines.append(row)
    return lines


def overview_renderable(d: ObligationDetail, statuses: dict[str, str] | None = None) -> RenderableType:
    o = d.obligation
    parts: list[RenderableType] = []
    head = Text()
    head += status_badge(d.status.status.value if d.status else "not-assessed")
    head += Text(" ")
    head += safe(one_line(o.title), "bold")
    head += Text(f"  {o.id}", style="dim")
    parts.append(head)
    parts.append(safe(f"{o.clause} · {o.part} · {d.agreement.title}", "dim"))
    owed = Text("Owed by ", style="bold") + safe(", ".join(o.obligor))
    if o.beneficiary:
        owed += Text(" to ", style="bold") + safe(", ".join(o.beneficiary))
    if o.themes:
        owed += Text("   themes: ", style="dim") + safe(", ".join(o.themes), "dim")
    parts.append(owed)
    parts.append(safe(one_line(o.summary)))
    if o.clause_text:
        parts.append(Text("Clause  ", style="bold") + Text("“", style="dim") + safe(one_line(o.clause_text), "italic") + Text("”", style="dim"))
    deadline = Text("Deadline  ", style="bold") + safe(o.deadline.text or "—") + Text("  ")
    deadline += deadline_text(d.deadline)
    parts.append(deadline)
    if d.conditions:
        cond = Text("Depends on  ", style="bold")
        for index, condition in enumerate(d.conditions):
            if index:
                cond += Text(", ")
            cond += safe(condition.obligation.id)
            shown = condition.status.value
            cond += Text(" ") + Text(shown, style=STATUS_STYLES.get(shown, ""))
        parts.append(cond)
    status = Text("Status  ", style="bold")
    if d.status:
        status += status_badge(d.status.status.value)
        status += Text(f" since {d.status.effective_on}, {d.status.confidence.value} confidence, by ")
        status += safe(d.status.author)
        if d.status.reason_code:
            status += Text(f"  reason: {d.status.reason_code}", style="dim")
        flags = d.flags.get((d.status.assessor, d.status.seq))
        if flags and flags.cites_retracted:
            status += Text(f"  ⚠ cites retracted evidence {', '.join(map(str, flags.cites_retracted))}", style="bold yellow")
        if flags and flags.cites_corrected:
            status += Text(f"  ⚠ cites corrected evidence {', '.join(map(str, flags.cites_corrected))}", style="yellow")
        if flags and flags.reviews:
            last = flags.reviews[-1]
            status += Text(f"  {last.verdict.value}d by ", style="dim") + safe(last.author, "dim")
    else:
        status += status_badge("not-assessed") + Text("  press s to record a status", style="dim")
    if d.to_review:
        status += Text("  TO REVIEW: a condition changed since", style="bold yellow")
    parts.append(status)
    if d.readings:
        readings = Text("Readings  ", style="bold")
        for index, reading in enumerate(d.readings):
            if index:
                readings += Text("   ")
            readings += safe(reading.assessor, "bold") + Text(" ") + status_badge(reading.status.value)
        parts.append(readings)
    if d.metric is not None:
        parts.extend(metric_block(d.metric))
    live = [v for v in d.evidence if not v.evidence.retracted]
    counts = {s.value: sum(1 for v in live if v.evidence.stance == s) for s in Stance}
    ev = Text("Evidence  ", style="bold") + counts_text(counts)
    ev += Text(f"  {d.independent_claimants} independent claimant(s)", style="dim")
    retracted = len(d.evidence) - len(live)
    if retracted:
        ev += Text(f"  {retracted} retracted", style="yellow")
    parts.append(ev)
    shared = [v for v in d.shared if not v.evidence.retracted]
    if shared:
        others = ", ".join(dict.fromkeys(v.evidence.obligation_id for v in shared))
        shared_counts = {s.value: sum(1 for v in shared if v.evidence.stance == s) for s in Stance}
        parts.append(Text("Shared    ", style="bold") + counts_text(shared_counts)
                     + Text(f"  under {others}, the same act in another agreement (e)", style="dim"))
    return Group(*parts)


def hanging(head: Text, lines: Sequence[Text]) -> RenderableType:
    """`head` in a column of its own, `lines` beside it: wrapped lines keep their indent."""
    grid = Table.grid(padding=0)
    grid.add_column(width=max(1, head.cell_len), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(head, Group(*lines))
    return grid


def evidence_prompt(view: EvidenceView, width_hint: int = 0) -> RenderableType:
    e = view.evidence
    head = Text(f"#{e.id} ", style=f"bold {stance_label(e.stance).colour}")
    lines = [quoted(e.quote.exact, "strike dim" if e.retracted else "")]
    meta = Text("— ", style="dim")
    meta += safe(e.claimant or "unattributed", "dim")
    meta += Text(", ", style="dim") + safe(view.source_outlet or view.source_title, "dim italic")
    meta += Text(f" (source {e.source_id}", style="dim")
    if e.observed_on:
        meta += Text(f", observed {e.observed_on}", style="dim")
    if e.value is not None:
        meta += Text(f", value {e.value:,.0f}", style="dim")
    meta += Text(")", style="dim")
    if view.echo_of:
        meta += Text(f" repeats #{view.echo_of}", style="dim yellow")
    lines.append(meta)
    if e.retracted:
        retracted = Text(f"retracted {e.retracted_at:%Y-%m-%d} by ", style="yellow")
        retracted += safe(e.retracted_by or "?", "yellow") + Text(": ", style="yellow")
        retracted += safe(one_line(e.retraction_reason or ""), "yellow")
        lines.append(retracted)
    if e.note:
        lines.append(Text("note: ", style="dim") + safe(one_line(e.note), "dim"))
    return hanging(head, lines)


def stored_match(s: Suggestion, evidence: Iterable[EvidenceView]) -> EvidenceView | None:
    """Evidence already stored for the same obligation over an overlapping span
    (standing evidence first, then retracted)."""
    found = [v for v in evidence
             if v.evidence.obligation_id == s.obligation
             and v.evidence.position.start < s.end and s.start < v.evidence.position.end]
    found.sort(key=lambda v: (v.evidence.retracted, v.evidence.id))
    return found[0] if found else None


def suggestion_meta(s: Suggestion) -> Text:
    """Stance, score, claimant, date and values on one line."""
    shown = stance_label(s.stance)
    meta = Text()
    meta.append(shown.short, style=f"bold {shown.colour}")
    meta += Text(f" · score {s.score:.0f} · ", style="dim")
    meta += safe(s.claimant or "unattributed", "italic")
    meta += Text(f" · {s.observed_on}" if s.observed_on else " · article's date", style="dim")
    if s.values:
        meta += Text(" · " + ", ".join(f"{v:,}" for v in s.values), style="cyan")
    return meta


def suggestion_prompt(
    number: int, s: Suggestion, stored: EvidenceView | None = None, *, source: str | None = None,
    quote_chars: int = 0,
) -> RenderableType:
    """One suggestion for an option list: obligation (or source), stance, score,
    claimant, date, values and the one-line explanation."""
    head = Text(f"{number}. ", style="bold")
    first = Text()
    if source is not None:
        first += safe(source, "bold")
    else:
        first += safe(s.obligation, "bold")
    lines = [first, suggestion_meta(s)]
    if quote_chars:
        lines.append(quoted(s.exact, limit=quote_chars))
    explanation = Text(no_wrap=True, overflow="ellipsis")
    explanation += safe(one_line(s.explanation) or "no explanation", "dim")
    lines.append(explanation)
    if stored is not None:
        e = stored.evidence
        if e.retracted:
            lines.append(Text(f"overlaps evidence #{e.id}, retracted", style="yellow"))
        else:
            lines.append(Text(f"✓ already stored as evidence #{e.id}", style="bold green"))
            for line in lines[:-1]:
                line.stylize("dim")
    return hanging(head, lines)


def stance_heading(stance: Stance, count: int) -> RenderableType:
    # a Rich renderable (not plain Text, which Textual turns into dark #008000) so the
    # heading gets the same terminal colour as the evidence ids under it
    shown = stance_label(stance)
    return Group(Text(f"{shown.label} ({count})", style=f"bold {shown.colour}"))


def timeline_renderable(history: Sequence[StatusChange], as_of: dt.date | None) -> RenderableType:
    lines: list[RenderableType] = []
    title = Text("Status timeline", style="bold")
    if as_of:
        title += Text(f"  (as recorded by {as_of})", style="dim")
    lines.append(title)
    if not history:
        lines.append(Text("  no status entries yet — press s to record one", style="dim"))
    for index, c in enumerate(reversed(history)):
        line = Text("  ")
        line += Text(f"{c.effective_on}  ")
        line += status_badge(c.status.value)
        line += Text(f"  {c.confidence.value} confidence · by ", style="dim")
        line += safe(c.author, "dim")
        line += Text(f" · recorded {c.recorded_at:%Y-%m-%d %H:%M}", style="dim")
        if index == 0:
            line += Text("  current", style="bold")
        lines.append(line)
        lines.append(Text("    ") + safe(one_line(c.rationale)))
        if c.evidence_ids:
            lines.append(Text("    cites evidence " + ", ".join(f"#{i}" for i in c.evidence_ids), style="dim"))
    return Group(*lines)


_CONTROL_PICTURES = {i: chr(0x2400 + i) for i in range(0x20)} | {0x7F: "\u2421"}


def reader_safe(text: str) -> str:
    """Same-length visible form of an article for the reader: each character
    that `printable` would escape becomes one visible symbol instead (a control
    picture, or U+FFFD), so offsets into the stored text stay valid."""
    out: list[str] = []
    for char in text:
        if printable(char) == char:
            out.append(char)
        else:
            out.append(_CONTROL_PICTURES.get(ord(char), "\ufffd"))
    return "".join(out)


def sentence_bounds(text: str, offset: int) -> tuple[int, int]:
    """The sentence (or paragraph line) around `offset`: [start, end)."""
    n = len(text)
    offset = max(0, min(offset, n - 1)) if n else 0
    start = offset
    while start > 0:
        prev = text[start - 1]
        if prev == "\n":
            break
        if (prev == " " and start >= 2 and text[start - 2] in ".!?") or (prev == " " and start >= 3 and text[start - 2] in "”\"'" and text[start - 3] in ".!?"):
            break
        start -= 1
    while start < n and text[start].isspace():
        start += 1
    end = max(offset, start)
    while end < n and text[end] != "\n":
        char = text[end]
        end += 1
        if char in ".!?":
            while end < n and text[end] in "”\"'’)":
                end += 1
            if end >= n or text[end] in " \n":
                break
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def join(items: Iterable[Text], sep: str = " ") -> Text:
    return Text(sep).join(list(items))
