"""Every report format rendered from the seeded record (plus a later article):
the right obligations, quotes, links and numbers, and nothing from the data
that could run as markup or as a spreadsheet formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from test_report_support import DRAWDOWN_URL, SINCE, make_tracker, rich_tracker

from tracker.domain.report import ReportData
from tracker.report import render
from tracker.service import SourceInput, Tracker

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Tracker, dict[str, int]]]:
    tracker, ids = rich_tracker(tmp_path_factory.mktemp("formats"))
    yield tracker, ids
    tracker.close()


@pytest.fixture(scope="module")
def report(rich: tuple[Tracker, dict[str, int]]) -> ReportData:
    # the Doha agreement alone, as an editor would publish it (the combined report is tested below)
    return rich[0].report(since=SINCE, agreement="doha-2020")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "href" and value:
                self.hrefs.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


# -- HTML ------------------------------------------------------------------------


def test_html_has_every_part_in_order(report: ReportData) -> None:
    html = render(report, "html")
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert headings[0] == "Summary" and headings[1].startswith("What's new since 2021-01-10")
    assert headings[2] == "Measures over time"
    assert headings[3:7] == ["Preamble", "Part One", "Part Two", "Part Three"]
    assert headings[-2:] == ["Sources", "Corrections log"]
    assert html.index('id="scorecard"') < html.index('id="whats-new"')


def test_a_report_of_every_agreement_names_each_in_its_parts(rich: tuple[Tracker, dict[str, int]]) -> None:
    combined = rich[0].report()
    html = render(combined, "html")
    headings = re.findall(r"<h2>(.*?)</h2>", html)
    assert "Doha agreement: Part One" in headings and "Joint Declaration: Part One" in headings
    md = render(combined, "md")
    assert md.startswith("# Doha agreement and Joint Declaration — status report")


def test_html_quotes_all_evidence_with_links_to_the_articles(report: ReportData) -> None:
    html = render(report, "html")
    parsed = _parse(html)
    # Every obligation has a section, and the summary links to it.
    for item in report.items:
        assert item.id in parsed.ids and f"#{item.id}" in parsed.hrefs
    # Every standing quote is there as a block quote; a repeated quote is folded
    # under the first, as a list of who else printed it.
    for item in report.items:
        for group in (g for s in item.stances for g in s.groups):
            assert " ".join(group.lead.quote.split()).replace("&", "&amp;").replace("'", "&#x27;")[:60] in html
            for echo in group.echoes:
                assert f"evidence {echo.id} · <a href=\"#source-{echo.source_id}\">" in html
    leads = sum(len(s.groups) for i in report.items for s in i.stances)
    assert html.count("<blockquote") == leads + sum(len(i.retracted_evidence) for i in report.items) + sum(
        1 for i in report.items if i.clause_text)
    assert "https://time.com/5844865/afghanistan-peace-deal-taliban-al-qaeda/" in parsed.hrefs
    assert DRAWDOWN_URL.replace("&", "&amp;") in html and DRAWDOWN_URL in parsed.hrefs
    assert "Repeated in 3 more source(s)" in html  # the UN sentence quoted by four outlets
    # No resource is fetched: no external stylesheet, script or image.
    assert not {"script", "link", "img", "iframe"} & set(parsed.tags)
    assert "@page{size:A4" in html and "counter(pages)" in html and "string-set:doc-title" in html


def test_html_summary_scorecard_and_charts(report: ReportData) -> None:
    html = render(report, "html", paper="letter")
    assert "@page{size:letter" in html
    summary = html[html.index('id="summary"'):html.index('id="whats-new"')]
    assert "met 19 days late" in summary and "met on time" in summary and "days overdue" in summary
    assert "Scorecard by party" in summary and "Met late" in summary
    charts = html[html.index('id="charts"'):]
    svg = charts[charts.index("<svg"):charts.index("</svg>")]
    assert "target 8,600" in svg and "deadline 13 Jul 2020" in svg
    for value in ("13,000 (baseline)", "8,600", "4,500", "2,500"):
        assert value in svg
    assert svg.count("<circle") == 4
    assert "Retracted evidence" in html and "cites retracted evidence" in html
    corrections = html[html.index('id="corrections"'):]
    assert "The caption shows no numbers" in corrections


def test_html_escapes_everything_from_the_record(tmp_path: Path) -> None:
    tracker = make_tracker(f"sqlite:///{tmp_path / 'x.db'}", seeds=False)
    text = 'Bad <script>alert(1)</script> title\n\nThe Taliban said "<img src=x onerror=alert(2)>" was =cmd|x.\n'
    source = tracker.add_source(SourceInput(text=text, name="x.txt", title="<script>alert(1)</script>",
                                            outlet="O'Neil & <b>Sons</b>", url="javascript:alert(3)")).id
    tracker.add_evidence("aq-no-cooperation", source, '"<img src=x onerror=alert(2)>" was =cmd|x.',
                         claimant="=HYPERLINK(\"http://x\")", note="<iframe>", stance="indicates-breach")
    report = tracker.report()
    html = render(report, "html")
    parsed = _parse(html)
    assert not {"script", "img", "iframe", "b"} & set(parsed.tags)
    assert not any(h.lower().startswith("javascript") for h in parsed.hrefs)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = render(report, "md")
    # Markdown shows an escaped "\<" literally; nothing unescaped may open a tag.
    assert not re.search(r"(?<!\\)<(script|img|iframe|b>)", md) and "](javascript" not in md
    rows = list(csv.DictReader(io.StringIO(render(report, "csv", rows="evidence"))))
    assert rows[0]["claimant"].startswith("'=HYPERLINK")
    tracker.close()


# -- Markdown --------------------------------------------------------------------


def test_markdown_has_the_same_content_with_markdown_links(report: ReportData) -> None:
    md = render(report, "md")
    assert md.startswith("# Agreement for Bringing Peace to Afghanistan — status report")
    for heading in ("## Summary", "### Scorecard by party", "## What's new since 2021-01-10",
                    "## Measures over time", "## Part Two", "## Sources", "## Corrections log"):
        assert f"\n{heading}\n" in md, heading
    assert "[Time](<https://time.com/5844865/afghanistan-peace-deal-taliban-al-qaeda/>)" in md
    assert f"[Example Wire](<{DRAWDOWN_URL}>)" in md
    assert "> “I totally refute this report; it is a baseless accusation aimed at spoiling the peace process.”" in md
    assert "| 2021-01-15 | 2,500 |" in md
    assert "met 19 days late" in md
    assert "~~“Newly freed Taliban prisoners" in md
    assert "retraction of evidence" in md.split("## Corrections log")[1]


# -- CSV -------------------------------------------------------------------------


def test_csv_one_row_per_obligation_with_numbers_as_numbers(report: ReportData) -> None:
    text = render(report, "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == [i.id for i in report.items]
    talks = next(r for r in rows if r["id"] == "intra-afghan-talks")
    days = (dt.date(2020, 3, 10) - report.as_of).days
    assert talks["days_left"] == str(days) and talks["days_late"] == str(-days)  # plain numbers, no apostrophe
    assert talks["obligor"] == "Taliban" and talks["status"] == "stalled"
    assert (talks["evidence_for"], talks["evidence_against"], talks["evidence_context"]) == ("0", "3", "1")
    drawdown = next(r for r in rows if r["id"] == "us-drawdown-8600")
    assert drawdown["metric_latest"] == "2500" and drawdown["metric_target"] == "8600"
    assert drawdown["obligor"] == "United States; US allies and the Coalition"
    raw = next(line for line in text.splitlines() if line.startswith("Preamble,intra-afghan-talks"))
    assert f",{days},{-days}," in raw


def test_csv_evidence_rows_carry_quote_claimant_outlet_date_and_url(report: ReportData) -> None:
    rows = list(csv.DictReader(io.StringIO(render(report, "csv", rows="evidence"))))
    assert len(rows) == sum(len(i.evidence) + len(i.retracted_evidence) for i in report.items)
    troops = next(r for r in rows if r["value"] == "8600")
    assert troops["obligation"] == "us-drawdown-8600" and troops["claimant"] == "Reuters"
    assert troops["outlet"] == "Time" and troops["observed_on"] == "2020-05-25"
    assert troops["url"] == "https://time.com/5844865/afghanistan-peace-deal-taliban-al-qaeda/"
    assert troops["quote"].startswith("now down from 13,000 troops")
    assert sum(r["retracted"] == "yes" for r in rows) == 1


# -- JSON ------------------------------------------------------------------------


def _validate(document: object) -> None:
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{e.json_path}: {e.message[:200]}" for e in errors[:5]]


def test_schema_is_valid_draft_2020_12() -> None:
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("as_of, since", [
    (None, SINCE), (dt.date(2020, 6, 1), dt.date(2020, 5, 1)), (dt.date(2020, 3, 1), None), (None, None),
])
def test_every_json_report_validates_against_the_schema(
    rich: tuple[Tracker, dict[str, int]], as_of: dt.date | None, since: dt.date | None
) -> None:
    _validate(json.loads(render(rich[0].report(as_of=as_of, since=since), "json")))


def test_json_evidence_carries_url_page_note_and_flags(report: ReportData, rich: tuple[Tracker, dict[str, int]]) -> None:
    data = json.loads(render(report, "json"))
    _validate(data)
    by_id = {o["id"]: o for o in data["obligations"]}
    troops = next(e for e in by_id["us-drawdown-8600"]["evidence"] if e["value"] == 8600)
    assert troops["url"].startswith("https://time.com/") and troops["note"].startswith("Time citing Reuters")
    assert troops["retracted"] is False and troops["corrected"] is False and troops["page"] is None
    photo = next(e for e in by_id["prisoner-release"]["evidence"] if e["id"] == rich[1]["photo"])
    assert photo["retracted"] is True and photo["retraction_reason"].startswith("The caption")
    assert by_id["prisoner-release"]["evidence_counts"]["supports-compliance"] == 1
    us = next(p for p in data["parties"] if p["id"] == "us")
    assert (us["met_on_time"], us["met_late"]) == (1, 1)
    assert by_id["five-bases"]["days_late"] == 19 and by_id["five-bases"]["timing"] == "late"
    assert [p["value"] for p in data["charts"][0]["points"]] == [13000, 8600, 4500, 2500]
    assert {s["id"] for s in data["sources"]} == {s.id for s in report.sources}
    assert data["whats_new"]["retractions"][0]["id"] == rich[1]["photo"]


def test_schema_rejects_what_the_report_never_writes(report: ReportData) -> None:
    data = json.loads(render(report, "json"))
    data["obligations"][0]["evidence"].append({"id": "seven"})
    with pytest.raises(AssertionError):
        _validate(data)


# -- terminal --------------------------------------------------------------------


def test_terminal_report_opens_with_the_scorecard(report: ReportData) -> None:
    text = render(report, "terminal", color=False, width=110)
    assert text.index("Scorecard by party") < text.index("What's new since 2021-01-10") < text.index("Preamble")
    assert "met 19 days late" in text
