"""Rich renderables and JSON shapes for the CLI's reading commands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tracker.domain.models import ANALYST, Evidence, EvidenceCorrection, StatusChange
from tracker.domain.records import EvidenceView, FeedInfo, InboxSource, StoredSuggestion
from tracker.domain.report import PartyScore
from tracker.domain.text import printable
from tracker.labels import STANCES, stance_label
from tracker.report.terminal import progress_bar, safe, status_badge
from tracker.service import EntryFlags, ObligationDetail, ObligationState, SourceSummary

if TYPE_CHECKING:
    from tracker.domain.suggest import Suggestion  # ranking code, loaded only by the commands that suggest


def obligation_row_dict(row: ObligationState) -> dict[str, Any]:
    o = row.obligation
    return {
        "id": o.id, "clause": o.clause, "part": o.part, "title": o.title, "obligor": list(o.obligor),
        "status": row.status.value, "since": row.since.isoformat() if row.since else None,
        "confidence": row.confidence.value if row.confidence else None,
        "deadline": row.deadline.due_on.isoformat() if row.deadline.due_on else None,
        "deadline_label": row.deadline.label, "overdue": row.deadline.overdue,
        "days_left": row.deadline.days_left, "evidence": row.counts, "themes": list(o.themes),
        "agreement": o.agreement, "lapsed": row.deadline.lapsed, "days_late": row.deadline.days_late,
        "to_review": row.to_review, "depends_on": list(o.depends_on),
    }


def obligations_table(rows: Sequence[ObligationState], title: str) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("obligation", ratio=1, min_width=20)
    table.add_column("status", no_wrap=True)
    table.add_column("deadline", no_wrap=True)
    table.add_column("for/against/ctx", justify="right", no_wrap=True)
    for row in rows:
        o = row.obligation
        deadline = Text(row.deadline.short, style="bold red" if row.deadline.overdue else "")
        if row.to_review:
            deadline += Text("\nto review", style="bold yellow")
        counts = row.counts
        table.add_row(
            Text(o.id, style="bold") + Text("\n") + Text(", ".join(o.obligor) + " · ", style="dim") + safe(o.title),
            status_badge(row.status.value), deadline,
            f"{counts['supports-compliance']}/{counts['indicates-breach']}/{counts['context']}",
        )
    return table


def status_dict(change: StatusChange, flags: EntryFlags | None = None) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if flags is not None:
        extra = {
            "cites_retracted": list(flags.cites_retracted), "cites_corrected": list(flags.cites_corrected),
            "reviews": [{"verdict": r.verdict.value, "because": r.because, "author": r.author,
                         "reviewed_at": r.reviewed_at.isoformat()} for r in flags.reviews],
        }
    return {
        **extra,
        "assessor": change.assessor, "reason_code": change.reason_code,
        "seq": change.seq, "status": change.status.value, "confidence": change.confidence.value,
        "effective_on": change.effective_on.isoformat(), "recorded_at": change.recorded_at.isoformat(),
        "rationale": change.rationale, "evidence": list(change.evidence_ids), "author": change.author,
        "prev_hash": change.prev_hash, "hash": change.hash,
    }


def flag_lines(flags: EntryFlags | None) -> list[Text]:
    """What a reader of an entry must know: cited evidence retracted or corrected since, reviews."""
    if flags is None:
        return []
    lines = []
    if flags.cites_retracted:
        lines.append(Text("⚠ cites retracted evidence: " + ", ".join(map(str, flags.cites_retracted)), style="bold yellow"))
    if flags.cites_corrected:
        lines.append(Text("⚠ cites corrected evidence: " + ", ".join(map(str, flags.cites_corrected)), style="yellow"))
    for review in flags.reviews:
        verb = "approved" if review.verdict.value == "approve" else "objected"
        lines.append(Text(f"{verb} by {printable(review.author)} on {review.reviewed_at:%Y-%m-%d}: "
                          f"{printable(review.because)}", style="green" if verb == "approved" else "red"))
    return lines


def history_renderable(
    history: Sequence[StatusChange], flags: dict[tuple[str, int], EntryFlags] | None = None
) -> RenderableType:
    """The status timeline: one entry per change, rationale indented beneath."""
    entries: list[RenderableType] = []
    for c in history:
        who = "" if c.assessor == ANALYST else f"{c.assessor}'s reading · "
        entry: list[RenderableType] = [
            Text(f"#{c.seq}  {c.effective_on}  ") + status_badge(c.status.value)
            + Text(f"  {who}{c.confidence.value} confidence · by {printable(c.author)} · recorded "
                   f"{c.recorded_at:%Y-%m-%d %H:%M} · {c.hash[:12]}", style="dim"),
            Padding(safe(" ".join(c.rationale.split())), (0, 0, 0, 4)),
        ]
        if c.reason_code:
            entry.append(Padding(Text(f"reason: {c.reason_code}", style="dim"), (0, 0, 0, 4)))
        if c.evidence_ids:
            entry.append(Padding(Text("evidence: " + ", ".join(str(i) for i in c.evidence_ids), style="dim"), (0, 0, 0, 4)))
        for line in flag_lines((flags or {}).get((c.assessor, c.seq))):
            entry.append(Padding(line, (0, 0, 0, 4)))
        entries.append(Padding(Group(*entry), (0, 0, 0, 2)))
    return Group(*entries)


def evidence_history_renderable(original: Evidence, corrections: Sequence[EvidenceCorrection]) -> RenderableType:
    """Every version of an evidence item, oldest first."""
    def fields(version: Evidence | EvidenceCorrection) -> Text:
        shown = stance_label(version.stance.value)
        return (Text(shown.label, style=shown.colour) + Text(
            f" · claimant {printable(version.claimant or '—')} · observed {version.observed_on or '—'}"
            f" · value {version.value if version.value is not None else '—'} · note {printable(version.note or '—')}",
            style="dim"))

    lines: list[RenderableType] = [
        Text(f"Evidence {original.id}", style="bold") + Text(f"  {original.obligation_id} ← source {original.source_id}", style="dim"),
        Padding(Text("“") + safe(" ".join(original.quote.exact.split())) + Text("”"), (0, 0, 0, 2)),
        Text(f"v1  recorded {original.created_at:%Y-%m-%d %H:%M} by {printable(original.author)}", style="bold"),
        Padding(fields(original), (0, 0, 0, 4)),
    ]
    for number, correction in enumerate(corrections, start=2):
        lines.append(Text(f"v{number}  corrected {correction.corrected_at:%Y-%m-%d %H:%M} by "
                          f"{printable(correction.author)}: {printable(correction.reason)}", style="bold"))
        lines.append(Padding(fields(correction), (0, 0, 0, 4)))
    if original.retracted:
        lines.append(Text(f"retracted {original.retracted_at:%Y-%m-%d}: {printable(original.retraction_reason or '')}",
                          style="yellow"))
    return Group(*lines)


def correction_dict(correction: EvidenceCorrection) -> dict[str, Any]:
    return {
        "id": correction.id, "stance": correction.stance.value, "claimant": correction.claimant,
        "observed_on": correction.observed_on.isoformat() if correction.observed_on else None,
        "value": correction.value, "note": correction.note, "reason": correction.reason,
        "author": correction.author, "corrected_at": correction.corrected_at.isoformat(),
    }


SCORE_ROWS = (("owes", None), ("met on time", None), ("met late", None), ("overdue", None), ("lapsed", None),
              ("breached", "breached"), ("stalled", "stalled"), ("disputed", "disputed"),
              ("in progress", "in-progress"), ("partial", "partial"), ("pending", "pending"),
              ("not assessed", "not-assessed"))


def scorecard_table(scores: Sequence[PartyScore], title: str) -> RenderableType:
    """One column per party: what it owes and how that stands; reasons beneath."""
    table = Table(title=title, title_justify="left", header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("", no_wrap=True)
    for score in scores:
        table.add_column(safe(score.name), justify="right", ratio=1)
    for label, status in SCORE_ROWS:
        values = []
        for score in scores:
            fixed = {"owes": score.obligations, "met on time": score.met_on_time, "met late": score.met_late,
                     "overdue": score.overdue, "lapsed": score.lapsed}
            values.append(fixed[label] if status is None else score.by_status.get(status, 0))
        if status is not None and not any(values):
            continue
        table.add_row(Text(label, style="bold" if label == "owes" else ""), *(str(v) for v in values))
    reasons = [
        Text(f"{printable(score.name)}: ", style="bold")
        + Text(", ".join(f"{code} {n}" for code, n in score.reason_codes.items()))
        for score in scores if score.reason_codes
    ]
    if not reasons:
        return table
    return Group(table, Text("Reasons recorded", style="bold underline"), *reasons)


def scorecard_dict(score: PartyScore) -> dict[str, Any]:
    return {
        "party": score.party_id, "name": score.name, "obligations": score.obligations,
        "by_status": score.by_status, "overdue": score.overdue, "met_on_time": score.met_on_time,
        "met_late": score.met_late, "lapsed": score.lapsed, "reason_codes": score.reason_codes,
    }


def source_summary_dict(s: SourceSummary) -> dict[str, Any]:
    return {
        "id": s.id, "title": s.title, "outlet": s.outlet,
        "published_on": s.published_on.isoformat() if s.published_on else None,
        "evidence": s.evidence_count, "length": s.length, "url": s.url, "kind": s.kind,
    }


def inbox_source_dict(s: InboxSource) -> dict[str, Any]:
    return {"source": s.source_id, "title": s.title, "outlet": s.outlet,
            "published_on": s.published_on.isoformat() if s.published_on else None, "open": s.open}


def inbox_table(rows: Sequence[InboxSource]) -> Table:
    table = Table(header_style="bold")
    for column in ("source", "published", "outlet", "title", "open"):
        table.add_column(column, justify="right" if column in ("source", "open") else "left")
    for s in rows:
        table.add_row(str(s.source_id), str(s.published_on or "—"), safe(s.outlet or "—"), safe(s.title), str(s.open))
    return table


def stored_suggestion_dict(s: StoredSuggestion) -> dict[str, Any]:
    return {
        "id": s.id, "source": s.source_id, "obligation": s.obligation_id, "start": s.start, "end": s.end,
        "exact": s.exact, "score": s.score, "confidence": s.confidence, "stance": s.stance,
        "claimant": s.claimant, "via": s.via, "observed_on": s.observed_on.isoformat() if s.observed_on else None,
        "level": s.level, "state": s.state,
    }


def stored_suggestions_view(rows: Sequence[StoredSuggestion]) -> RenderableType:
    parts: list[RenderableType] = []
    for s in rows:
        label = stance_label(s.stance)
        head = Text(f"#{s.id}  ", style="bold") + Text(s.obligation_id, style="bold") + Text("  ")
        head += Text(label.short, style=label.colour) + Text(f"  confidence {s.confidence:.2f}", style="dim")
        parts.append(head)
        parts.append(Padding(Text(f"“{printable(' '.join(s.exact.split()))}”"), (0, 0, 0, 4)))
        meta = " · ".join(x for x in (s.claimant, f"via {s.via}" if s.via else None,
                                      str(s.observed_on) if s.observed_on else None,
                                      f"level {s.level:,.0f}" if s.level is not None else None) if x)
        if meta:
            parts.append(Padding(Text(printable(meta), style="dim"), (0, 0, 0, 4)))
    return Group(*parts) if parts else Text("nothing awaits a decision here", style="dim")


def feed_dict(f: FeedInfo) -> dict[str, Any]:
    return {
        "id": f.id, "name": f.name, "url": f.url, "title": f.title,
        "pulled_at": f.pulled_at.isoformat() if f.pulled_at else None, "last_error": f.last_error,
        "entries": dict(sorted(f.entries.items())),
    }


def feeds_table(rows: Sequence[FeedInfo]) -> Table:
    table = Table(header_style="bold")
    for column in ("id", "name", "url", "last pulled", "added", "present", "failed"):
        table.add_column(column, justify="right" if column in ("id", "added", "present", "failed") else "left")
    for f in rows:
        pulled = f"{f.pulled_at:%Y-%m-%d %H:%M}" if f.pulled_at else "never"
        if f.last_error:
            pulled += " (failed)"
        table.add_row(str(f.id), safe(f.name), safe(f.url), pulled, str(f.entries.get("added", 0)),
                      str(f.entries.get("present", 0)), str(f.entries.get("failed", 0)))
    return table


def sources_table(rows: Sequence[SourceSummary]) -> Table:
    table = Table(header_style="bold")
    for column in ("id", "published", "kind", "outlet", "title", "evidence", "chars"):
        table.add_column(column, justify="right" if column in ("id", "evidence", "chars") else "left")
    for s in rows:
        table.add_row(
            str(s.id), str(s.published_on or "—"), s.kind, safe(s.outlet or "—"), safe(s.title),
            str(s.evidence_count), str(s.length),
        )
    return table


def detail_dict(d: ObligationDetail) -> dict[str, Any]:
    o = d.obligation
    return {
        "obligation": o.model_dump(mode="json"),
        "status": status_dict(d.status) if d.status else None,
        "view": d.view,
        "deadline": {
            "due_on": d.deadline.due_on.isoformat() if d.deadline.due_on else None,
            "days_left": d.deadline.days_left, "overdue": d.deadline.overdue, "label": d.deadline.label,
            "lapsed": d.deadline.lapsed, "days_late": d.deadline.days_late,
        },
        "to_review": d.to_review,
        "conditions": [
            {"id": c.obligation.id, "title": c.obligation.title, "status": c.status.value}
            for c in d.conditions
        ],
        "readings": [status_dict(c, d.flags.get((c.assessor, c.seq))) for c in d.readings],
        "metric": None if d.metric is None else {
            "latest": d.metric.latest.value if d.metric.latest else None,
            "fraction": d.metric.fraction, "reached": d.metric.reached,
            "observations": [
                {"on": ob.on.isoformat(), "value": ob.value, "evidence": ob.evidence_id} for ob in d.metric.observations
            ],
        },
        "evidence": [_evidence_view_dict(v) for v in d.evidence],
        # the same act's evidence in another agreement, with the obligation it is recorded under
        "shared_evidence": [{"obligation": v.evidence.obligation_id, **_evidence_view_dict(v)} for v in d.shared],
        "independent_claimants": d.independent_claimants,
        "history": [status_dict(c, d.flags.get((c.assessor, c.seq))) for c in d.history],
    }


def _evidence_view_dict(v: EvidenceView) -> dict[str, Any]:
    e = v.evidence
    return {
        "id": e.id, "source": e.source_id, "source_title": v.source_title,
        "stance": e.stance.value, "exact": e.quote.exact,
        "start": e.position.start, "end": e.position.end, "claimant": e.claimant,
        "observed_on": e.observed_on.isoformat() if e.observed_on else None,
        "value": e.value, "note": e.note, "echo_of": v.echo_of,
        "retracted": e.retracted, "retraction_reason": e.retraction_reason,
        "version": e.version, "corrected": e.corrected,
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
    if d.view != "today":
        parts.append(Text(f"Shown {d.view}", style="bold magenta"))
    if d.conditions:
        parts.append(Text("Depends on:", style="bold"))
        for condition in d.conditions:
            parts.append(Text("  ") + status_badge(condition.status.value) + Text(f" {condition.obligation.id}", style="bold")
                         + Text(f"  {printable(condition.obligation.title)}", style="dim"))
    if d.dependents:
        parts.append(Text("Needed by: ", style="bold") + Text(", ".join(o.id for o in d.dependents)))
    status = Text("Status: ", style="bold")
    if d.status:
        status += status_badge(d.status.status.value) + Text(
            f" since {d.status.effective_on} ({d.status.confidence.value} confidence)"
        )
        if d.status.reason_code:
            status += Text(f" · reason: {d.status.reason_code}", style="dim")
    else:
        status += status_badge("not-assessed")
    if d.to_review:
        status += Text("  TO REVIEW: a condition's status changed since this entry", style="bold yellow")
    parts.append(status)
    for line in flag_lines(d.flags.get((d.status.assessor, d.status.seq)) if d.status else None):
        parts.append(Padding(line, (0, 0, 0, 2)))
    if d.readings:
        parts.append(Text("Readings side by side:", style="bold"))
        headline = d.status.status.value if d.status else "not-assessed"
        parts.append(Text("  ") + status_badge(headline) + Text("  analyst (this tracker, the headline)", style="bold"))
        for reading in d.readings:
            parts.append(Text("  ") + status_badge(reading.status.value) + Text(f"  {reading.assessor}", style="bold")
                         + Text(f" since {reading.effective_on}: ", style="dim")
                         + safe(_clip(" ".join(reading.rationale.split()), 160)))
            for line in flag_lines(d.flags.get((reading.assessor, reading.seq))):
                parts.append(Padding(line, (0, 0, 0, 6)))
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
            parts.append(Padding(_evidence_lines(v), (0, 0, 0, 2)))
    if d.shared:
        others = ", ".join(dict.fromkeys(v.evidence.obligation_id for v in d.shared))
        parts.append(Text(""))
        parts.append(Text(f"Shared from {others}, the same act in another agreement ({len(d.shared)})",
                          style="bold underline"))
        for stance, shown in STANCES.items():
            group = [v for v in d.shared if v.evidence.stance == stance]
            if group:
                parts.append(Text(shown.label, style=f"bold {shown.colour}"))
                parts.extend(Padding(_evidence_lines(v), (0, 0, 0, 2)) for v in group)
    parts.append(Text(""))
    parts.append(Text("History", style="bold underline"))
    if not d.history:
        parts.append(Text("  no status entries yet", style="dim"))
    parts.append(history_renderable(d.history, d.flags))
    return Group(*parts)


def _evidence_lines(v: EvidenceView) -> RenderableType:
    """One evidence item of a record: its quote, who says it and where, and
    what became of it."""
    e = v.evidence
    quote = Text(f"[{e.id}] ", style="dim") + Text("“") + safe(" ".join(e.quote.exact.split())) + Text("”")
    if e.retracted:
        quote.stylize("strike dim")
    where = v.source_outlet or v.source_title
    meta = f"— {e.claimant or 'unattributed'}" + (f", {where}" if where != e.claimant else "")
    meta += f" (source {e.source_id}" + (f", {e.observed_on}" if e.observed_on else "") + ")"
    if v.echo_of:
        meta += f" · repeats evidence {v.echo_of}"
    if e.corrected:
        meta += f" · corrected (version {e.version}; see `tracker evidence history {e.id}`)"
    lines: list[RenderableType] = [quote, Padding(Text(printable(meta), style="dim"), (0, 0, 0, 2))]
    if e.retracted:
        lines.append(Padding(Text(
            f"retracted {e.retracted_at:%Y-%m-%d}: {printable(e.retraction_reason or '')}", style="yellow"
        ), (0, 0, 0, 2)))
    return Group(*lines)


def suggestion_dict(s: Suggestion, source: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "obligation": s.obligation, "exact": s.exact, "start": s.start, "end": s.end,
        "score": round(s.score, 4), "stance": s.stance, "claimant": s.claimant,
        "observed_on": s.observed_on.isoformat() if s.observed_on else None, "values": list(s.values),
        "explanation": s.explanation, "shared_with": list(s.shared_with), "twin": s.twin,
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
        before = pairs[number - 2] if number > 1 else None
        if s.twin and before is not None and before[0] == source and (before[1].start, before[1].end) == (s.start, s.end):
            # the restatement's copy of the entry above: one line, not the passage twice
            entries.append(Group(head, Padding(Text(
                f"the passage of {number - 1} again: this obligation restates {before[1].obligation} "
                "(accepted under either, it is in both records)", style="dim"), (0, 0, 1, 5))))
            continue
        meta = " · ".join(x for x in (
            s.claimant or "no claimant", str(s.observed_on) if s.observed_on else "no date",
            ", ".join(f"{v:,}" for v in s.values) if s.values else "",
            f"also in {', '.join(s.shared_with)}'s record" if s.shared_with else "",
        ) if x)
        entries.append(Group(
            head,
            Padding(Text("“") + safe(" ".join(s.exact.split())) + Text("”"), (0, 0, 0, 5)),
            Padding(Text(printable(meta), style="dim"), (0, 0, 0, 5)),
            Padding(Text(printable(s.explanation), style="dim italic"), (0, 0, 1, 5)),
        ))
    return Group(*entries)


def _clip(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word and marked with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
