"""Inline SVG for the HTML report: metric charts and status strips.

Small pure functions that return SVG text; every piece of data text is
escaped. No plotting library: the drawings are simple and must print the
same in a browser and in WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from html import escape

from tracker.domain.report import MetricChart, Timeline
from tracker.domain.text import printable

STATUS_COLOURS = {
    "met": "#1a7f37", "partial": "#bf8700", "in-progress": "#0969da", "pending": "#8c959f",
    "stalled": "#bc4c00", "breached": "#cf222e", "disputed": "#8250df", "not-assessed": "#d0d7de",
    "superseded": "#57606a", "lapsed": "#6e4c1e",
}
TEXT_ON = {"not-assessed": "#24292f", "pending": "#ffffff"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def _e(text: object) -> str:
    return escape(printable(str(text)), quote=True)


def colour(status: str) -> str:
    return STATUS_COLOURS.get(status, "#6e7781")


def fmt_number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.2f}".rstrip("0").rstrip(".")


def fmt_day(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        if raw <= mult * power:
            return mult * power
    return 10 * power


def value_ticks(low: float, high: float) -> list[float]:
    step = nice_step(high - low)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value < high + step - step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def date_ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    """Month starts (every 1, 2, 3, 6 or 12 months) between start and end."""
    months = (end.year - start.year) * 12 + end.month - start.month
    every = next((m for m in (1, 2, 3, 6, 12, 24) if months / m <= 8), 48)
    ticks = []
    year, month = start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        day = dt.date(year, month, 1)
        if day > end:
            break
        if (year * 12 + month - 1) % every == 0:
            ticks.append(day)
    return ticks


def _axis_dates(chart: MetricChart) -> tuple[dt.date, dt.date]:
    days = [p.on for p in chart.points] + [t.deadline for t in chart.targets if t.deadline]
    if chart.as_of <= max(days):
        days.append(chart.as_of)
    start, end = min(days), max(days)
    pad = max(7, (end - start).days // 12)
    return start - dt.timedelta(days=pad), end + dt.timedelta(days=pad)


def line_chart(chart: MetricChart, *, width: int = 720, height: int = 300, chart_id: str = "chart") -> str:
    """The measure's values over time as a line with points; targets dashed
    across, deadlines dashed down, the report date marked when it falls inside."""
    left, right, top, bottom = 64, 170, 22, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    start, end = _axis_dates(chart)
    values = [p.value for p in chart.points] + [t.target for t in chart.targets]
    low = min(0.0, min(values))
    high = max(values) * 1.08 if max(values) > 0 else 1.0
    yticks = value_ticks(low, high)
    low, high = yticks[0], yticks[-1]
    span_days = max(1, (end - start).days)

    def x(day: dt.date) -> float:
        return left + plot_w * (day - start).days / span_days

    def y(value: float) -> float:
        return top + plot_h * (1 - (value - low) / (high - low))

    title = f"{chart.name} ({chart.unit}) over time"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{_e(chart_id)}-t" '
        f'font-family="{FONT}" font-size="11">',
        f'<title id="{_e(chart_id)}-t">{_e(title)}</title>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#ffffff" stroke="#d0d7de"/>',
    ]
    for tick in yticks:
        ty = y(tick)
        out.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" stroke="#eaeef2"/>')
        out.append(f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="#57606a">{fmt_number(tick)}</text>')
    for tick_day in date_ticks(start, end):
        tx = x(tick_day)
        label = f"{MONTHS[tick_day.month - 1]} {tick_day.year}"
        out.append(f'<line x1="{tx:.1f}" y1="{top + plot_h}" x2="{tx:.1f}" y2="{top + plot_h + 4}" stroke="#57606a"/>')
        out.append(f'<text x="{tx:.1f}" y="{top + plot_h + 17}" text-anchor="middle" fill="#57606a">{label}</text>')
    out.append(f'<text x="{left}" y="{top - 8}" fill="#57606a">{_e(chart.unit)}</text>')
    for target in chart.targets:
        ty = y(target.target)
        out.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" stroke="#1a7f37" '
                   'stroke-width="1.5" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{left + plot_w + 6}" y="{ty + 4:.1f}" fill="#1a7f37">target {fmt_number(target.target)}</text>')
        if target.deadline and start <= target.deadline <= end:
            tx = x(target.deadline)
            out.append(f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{top + plot_h}" stroke="#cf222e" '
                       'stroke-width="1.5" stroke-dasharray="4 3"/>')
            out.append(f'<text x="{tx + 4:.1f}" y="{top + 12}" fill="#cf222e">deadline {fmt_day(target.deadline)}</text>')
    if start <= chart.as_of <= end:
        tx = x(chart.as_of)
        out.append(f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{top + plot_h}" stroke="#57606a" stroke-dasharray="1 3"/>')
        out.append(f'<text x="{tx - 4:.1f}" y="{top + plot_h - 6}" text-anchor="end" fill="#57606a">as of</text>')
    coords = [(x(p.on), y(p.value)) for p in chart.points]
    if len(coords) > 1:
        path = " ".join(f"{px:.1f},{py:.1f}" for px, py in coords)
        out.append(f'<polyline points="{path}" fill="none" stroke="#0969da" stroke-width="2"/>')
    for index, (point, (px, py)) in enumerate(zip(chart.points, coords, strict=True)):
        baseline = point.evidence_id is None
        fill = "#ffffff" if baseline else "#0969da"
        label = fmt_number(point.value) + (" (baseline)" if baseline else "")
        who = "baseline" if baseline else f"evidence {point.evidence_id}" + (f", {point.claimant}" if point.claimant else "")
        out.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{fill}" stroke="#0969da" stroke-width="2">'
            f'<title>{_e(fmt_day(point.on))}: {_e(fmt_number(point.value))} ({_e(who)})</title></circle>'
        )
        # Label on the side away from the line: above when it comes down to the point, below when it rises.
        rising = index > 0 and chart.points[index - 1].value < point.value
        out.append(f'<text x="{px + 7:.1f}" y="{py + (16 if rising else -8):.1f}" fill="#24292f">{_e(label)}</text>')
    out.append("</svg>")
    return "".join(out)


def status_strip(timeline: Timeline, *, height: int = 16) -> str:
    """The obligation's statuses across the agreement's life as coloured bands,
    with the deadline as a black tick."""
    total = max(1, (timeline.end - timeline.start).days)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="strip" viewBox="0 0 1000 {height}" '
        f'preserveAspectRatio="none" width="100%" height="{height}" role="img" aria-label="status timeline">'
    ]
    for segment in timeline.segments:
        x0 = 1000 * (segment.start - timeline.start).days / total
        w = 1000 * segment.days / total
        parts.append(
            f'<rect x="{x0:.2f}" y="0" width="{max(w, 0.5):.2f}" height="{height}" fill="{colour(segment.status)}">'
            f'<title>{_e(segment.status)} from {segment.start}</title></rect>'
        )
    if timeline.deadline and timeline.start <= timeline.deadline < timeline.end:
        dx = 1000 * (timeline.deadline - timeline.start).days / total
        parts.append(f'<rect x="{dx - 1.5:.2f}" y="0" width="3" height="{height}" fill="#000000"/>')
    parts.append("</svg>")
    return "".join(parts)


def legend(statuses: Sequence[str]) -> str:
    return "".join(
        f'<span class="key"><span class="swatch" style="background:{colour(s)}"></span>{_e(s)}</span>' for s in statuses
    )
