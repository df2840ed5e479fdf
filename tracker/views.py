"""Rich renderables and JSON shapes for the CLI's reading commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tracker.domain.models import StatusChange
from tracker.domain.suggest import Suggestion
from tracker.domain.text import printable
from tracker.labels import STANCES, stance_label
from tracker.report.terminal import progress_bar, safe, status_badge
from tracker.service import ObligationDetail, ObligationState, SourceSummary


def obligation_row_dict(row: ObligationState) -> dict[str, Any]:
    o = row.obligation
    return {
        "id": o.id, "clause": o.clause, "part": o.part, "title": o.title, "obligor": list(o.obligor),
        "status": row.status.value, "since": row.since.isoformat() if row.since else None,
        "confidence": row.confidence.value if row.confidence else None,
        "deadline": row.deadline.due_on.isoformat() if row.deadline.due_on else None,
        "deadline_label": row.deadline.label, "overdue": row.deadline.overdue,
        "days_left": row.deadline.days_left, "evidence": row.counts, "themes": list(o.themes),
    }


def obligations_table(rows: Sequence[ObligationState], as_of: dt.date) -> Table:
    table = Table(title=f"Obligations as of {as_of}", title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("obligation", ratio=1, min_width=20)
    table.add_column("status", no_wrap=True)
    table.add_column("deadline", no_wrap=True)
    table.add_column("for/against/ctx", justify="right", no_wrap=True)
    for row in rows:
        o = row.obligation
        deadline = Text(row.deadline.label, style="bold red" if row.deadline.overdue else "")
        counts = row.counts
        table.add_row(
            Text(o.id, style="bold") + Text("\n") + Text(", ".join(o.obligor) + " · ", style="dim") + safe(o.title),
            status_badge(row.status.value), deadline,
            f"{counts['supports-compliance']}/{counts['indicates-breach']}/{counts['context']}",
        )
    return table


def status_dict(change: StatusChange) -> dict[str, Any]:
    return {
        "seq": change.seq, "status": change.status.value, "confidence": change.confidence.value,
        "effective_on": change.effective_on.isoformat(), "recorded_at": change.recorded_at.isoformat(),
        "rationale": change.rationale, "evidence": list(change.evidence_ids), "author": change.author,
        "prev_hash": change.prev_hash, "hash": change.hash,
    }


def history_renderable(history: Sequence[StatusChange]) -> RenderableType:
    """The status timeline: one entry per change, rationale indented beneath."""
    entries: list[RenderableType] = []
    for c in history:
        entry: list[RenderableType] = [
            Text(f"#{c.seq}  {c.effective_on}  ") + status_badge(c.status.value)
            + Text(f"  {c.confidence.value} confidence · by {printable(c.author)} · recorded "
                   f"{c.recorded_at:%Y-%m-%d %H:%M} · {c.hash[:12]}", style="dim"),
            Padding(safe(" ".join(c.rationale.split())), (0, 0, 0, 4)),
        ]
        if c.evidence_ids:
            entry.append(Padding(Text("evidence: " + ", ".join(str(i) for i in c.evidence_ids), style="dim"), (0, 0, 0, 4)))
        entries.append(Padding(Group(*entry), (0, 0, 0, 2)))
    return Group(*entries)


def source_summary_dict(s: SourceSummary) -> dict[str, Any]:
    return {
        "id": s.id, "title": s.title, "outlet": s.outlet,
        "published_on": s.published_on.isoformat() if s.published_on else None,
        "evidence": s.evidence_count, "length": s.length,
    }


def sources_table(rows: Sequence[SourceSummary]) -> Table:
    table = Table(header_style="bold")
    for column in ("id", "published", "outlet", "title", "evidence", "chars"):
        table.add_column(column, justify="right" if column in ("id", "evidence", "chars") else "left")
    for s in rows:
        table.add_row(
            str(s.id), str(s.published_on or "—"), safe(s.outlet or "—"), safe(s.title), str(s.evidence_count),
            str(s.length),
        )
    return table


def detail_dict(d: ObligationDetail) -> dict[str, Any]:
    o = d.obligation
    return {
        "obligation": o.model_dump(mode="json"),
        "status": status_dict(d.status) if d.status else None,
        "deadline": {
            "due_on": d.deadline.due_on.isoformat() if d.deadline.due_on else None,
            "days_left": d.deadline.days_left, "overdue": d.deadline.overdue, "label": d.deadline.label,
        },
        "metric": None if d.metric is None else {
            "latest": d.metric.latest.value if d.metric.latest else None,
            "fraction": d.metric.fraction, "reached": d.metric.reached,
            "observations": [
                {"on": ob.on.isoformat(), "value": ob.value, "evidence": ob.evidence_id} for ob in d.metric.observations
            ],
        },
        "evidence": [
            {
                "id": v.evidence.id, "source": v.evidence.source_id, "source_title": v.source_title,
                "stance": v.evidence.stance.value, "exact": v.evidence.quote.exact,
                "start": v.evidence.position.start, "end": v.evidence.position.end,
                "claimant": v.evidence.claimant,
                "observed_on": v.evidence.observed_on.isoformat() if v.evidence.observed_on else None,
                "value": v.evidence.value, "note": v.evidence.note, "echo_of": v.echo_of,
                "retracted": v.evidence.retracted, "retraction_reason": v.evidence.retraction_reason,
            }
            for v in d.evidence
        ],
        "independent_claimants": d.independent_claimants,
        "history": [status_dict(c) for c in d.history],
    }


def detail_renderable(d: ObligationDetail) -> RenderableType:
    o = d.obligation
    parts: list[RenderableType] = []
    head = Text(printable(o.title), style="bold") + Text(f"  {o.id}", style="dim")
    parts.append(head)
    parts.append(Text(f"{o.clause} · {d.agreement.title}", style="dim"))
    parts.append(Text("Owed by ", style="bold") + safe(", ".join(o.obligor))
                 + (Text(" to ", style="bold") + safe(", ".join(o.beneficiary)) if o.beneficiary else Text("")))
    parts.append(Text(""))
    parts.append(safe(" ".join(o.summary.split())))
    if o.clause_text:
        parts.append(Text("Clause: ", style="bold") + Text("“") + safe(o.clause_text) + Text("”"))
    deadline = Text("Deadline: ", style="bold") + safe(o.deadline.text or "—")
    if d.deadline.due_on:
        deadline += Text(f" ({d.deadline.due_on}, ") + Text(d.deadline.label, style="bold red" if d.deadline.overdue else "") + Text(")")
    parts.append(deadline)
    if o.conditions:
        parts.append(Text("Depends on: ", style="bold") + Text(", ".join(o.conditions)))
    status = Text("Status: ", style="bold")
    if d.status:
        status += status_badge(d.status.status.value) + Text(
            f" since {d.status.effective_on} ({d.status.confidence.value} confidence)"
        )
    else:
        status += status_badge("not-assessed")
    parts.append(status)
    if d.metric is not None:
        m = d.metric
        line = Text(f"{m.metric.name}: ", style="bold") + Text(f"{m.metric.baseline:,.0f} → {m.metric.target:,.0f} ")
        if m.latest is not None and m.fraction is not None:
            line += progress_bar(m.fraction) + Text(f" {m.latest.value:,.0f} on {m.latest.on}")
        parts.append(line)
        for ob in m.observations:
            parts.append(Text(f"   {ob.on}  {ob.value:>8,.0f}  (evidence {ob.evidence_id})", style="dim"))
    parts.append(Text(""))
    live = [v for v in d.evidence if not v.evidence.retracted]
    parts.append(Text(f"Evidence ({len(live)}; {d.independent_claimants} independent claimant(s))", style="bold underline"))
    for stance, shown in STANCES.items():
        group = [v for v in d.evidence if v.evidence.stance == stance]
        if not group:
            continue
        parts.append(Text(shown.label, style=f"bold {shown.colour}"))
        for v in group:
            e = v.evidence
            quote = Text(f"[{e.id}] ", style="dim") + Text("“") + safe(" ".join(e.quote.exact.split())) + Text("”")
            if e.retracted:
                quote.stylize("strike dim")
            where = v.source_outlet or v.source_title
            meta = f"— {e.claimant or 'unattributed'}" + (f", {where}" if where != e.claimant else "")
            meta += f" (source {e.source_id}" + (f", {e.observed_on}" if e.observed_on else "") + ")"
            if v.echo_of:
                meta += f" · repeats evidence {v.echo_of}"
            lines: list[RenderableType] = [quote, Padding(Text(printable(meta), style="dim"), (0, 0, 0, 2))]
            if e.retracted:
                lines.append(Padding(Text(
                    f"retracted {e.retracted_at:%Y-%m-%d}: {printable(e.retraction_reason or '')}", style="yellow"
                ), (0, 0, 0, 2)))
            parts.append(Padding(Group(*lines), (0, 0, 0, 2)))
    parts.append(Text(""))
    parts.append(Text("History", style="bold underline"))
    if not d.history:
        parts.append(Text("  no status entries yet", style="dim"))
    parts.append(history_renderable(d.history))
    return Group(*parts)


def suggestion_dict(s: Suggestion, source: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "obligation": s.obligation, "exact": s.exact, "start": s.start, "end": s.end,
        "score": round(s.score, 4), "stance": s.stance, "claimant": s.claimant,
        "observed_on": s.observed_on.isoformat() if s.observed_on else None, "values": list(s.values),
        "explanation": s.explanation,
    }
    if source is not None:
        data = {"source": source, **data}
    return data


def suggestions_table(pairs: Sequence[tuple[int | None, Suggestion]]) -> RenderableType:
    """Numbered suggestions (the numbers are what `--accept N` takes)."""
    if not pairs:
        return Text("no passages found that bear on the obligations", style="dim")
    entries: list[RenderableType] = []
    for number, (source, s) in enumerate(pairs, start=1):
        head = Text(f"{number:>3}. ", style="bold") + Text(s.obligation, style="bold")
        shown = stance_label(s.stance)
        head += Text(f"  score {s.score:.2f}  ", style="dim") + Text(shown.short, style=shown.colour)
        if source is not None:
            head += Text(f"  source {source} [{s.start}:{s.end}]", style="dim")
        else:
            head += Text(f"  [{s.start}:{s.end}]", style="dim")
        meta = " · ".join(x for x in (
            s.claimant or "no claimant", str(s.observed_on) if s.observed_on else "no date",
            ", ".join(f"{v:,}" for v in s.values) if s.values else "",
        ) if x)
        entries.append(Group(
            head,
            Padding(Text("“") + safe(" ".join(s.exact.split())) + Text("”"), (0, 0, 0, 5)),
            Padding(Text(printable(meta), style="dim"), (0, 0, 0, 5)),
            Padding(Text(printable(s.explanation), style="dim italic"), (0, 0, 1, 5)),
        ))
    return Group(*entries)
