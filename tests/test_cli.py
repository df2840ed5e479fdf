"""The command line as a user runs it: real database, real files, the console
entry point (the walkthrough in a real subprocess, the rest in this process)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from trackers import run_tracker

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = """Taliban free 100 more prisoners, officials say

By Jane Roe

Kabul, June 4, 2020

The Taliban released 100 more Afghan government prisoners on Thursday, a spokesman said.
Suhail Shaheen told reporters the group remained "committed to the agreement".
"""


run = run_tracker


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'tracker.db'}"
    done = run(url, "init")
    assert "25 obligations" in done.stderr and "5 sources" in done.stderr
    return url


def test_walkthrough_add_article_attach_evidence_set_status(db: str, tmp_path: Path) -> None:
    article = tmp_path / "prisoners.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    # a real process, as a user starts it: the rest of this module runs the same entry point in-process
    source_id = run(db, "sources", "add", str(article), "--outlet", "Example News", process=True).stdout.strip()
    assert source_id.isdigit()
    again = run(db, "sources", "add", str(article))
    assert again.stdout.strip() == source_id and "already present" in again.stderr
    listed = json.loads(run(db, "sources", "list", "--format", "json").stdout)
    mine = next(s for s in listed if str(s["id"]) == source_id)
    assert mine["published_on"] == "2020-06-04" and mine["outlet"] == "Example News"

    evidence_id = run(
        db, "evidence", "add", "prisoner-release", source_id,
        "--quote", "released 100 more Afghan government prisoners on Thursday",
        "--stance", "supports-compliance", "--claimant", "Taliban spokesman Suhail Shaheen",
        "--observed-on", "Thursday", "--value", "100",
    ).stdout.strip()
    shown = json.loads(run(db, "show", "prisoner-release", "--format", "json").stdout)
    item = next(e for e in shown["evidence"] if str(e["id"]) == evidence_id)
    assert item["observed_on"] == "2020-06-04" and item["value"] == 100

    run(db, "status", "set", "prisoner-release", "partial", "--effective", "2020-06-04",
        "--because", "Releases continue (Shaheen)", "--evidence", evidence_id, "--confidence", "low")
    history = json.loads(run(db, "status", "history", "prisoner-release", "--format", "json").stdout)
    assert history[-1]["status"] == "partial" and history[-1]["author"] == "analyst"
    assert history[-1]["prev_hash"] == history[-2]["hash"]
    assert run(db, "verify").returncode == 0


def test_report_formats(db: str, tmp_path: Path) -> None:
    terminal = run(db, "report", "--as-of", "2020-06-01").stdout
    assert "Part Two" in terminal and "us-drawdown-8600" in terminal and "\x1b" not in terminal
    md = tmp_path / "r.md"
    run(db, "report", "--as-of", "2020-06-01", "--format", "md", "-o", str(md))
    assert md.read_text().startswith("# Doha agreement and Joint Declaration — status report")
    html = run(db, "report", "--format", "html").stdout
    assert html.startswith("<!doctype html>") and "</html>" in html
    rows = list(csv.DictReader(io.StringIO(run(db, "report", "--format", "csv").stdout)))
    assert len(rows) == 25 and {"id", "status", "deadline", "overdue"} <= set(rows[0])
    data = json.loads(run(db, "report", "--as-of", "2020-06-01", "--since", "2020-05-01", "--format", "json").stdout)
    assert data["as_of"] == "2020-06-01" and len(data["obligations"]) == 25


def test_obligation_filters(db: str) -> None:
    overdue = json.loads(run(db, "obligations", "--overdue", "--as-of", "2020-06-01", "--format", "json").stdout)
    assert {o["id"] for o in overdue} >= {"intra-afghan-talks", "prisoner-release"}
    assert all(o["overdue"] for o in overdue)
    taliban = json.loads(run(db, "obligations", "--party", "taliban", "--format", "json").stdout)
    assert taliban and all("taliban" in o["obligor"] for o in taliban)
    stalled = json.loads(run(db, "obligations", "--status", "stalled", "--format", "json").stdout)
    assert [o["id"] for o in stalled] == ["intra-afghan-talks"]
    ct = json.loads(run(db, "obligations", "--theme", "counterterrorism", "--format", "json").stdout)
    assert {o["id"] for o in ct} >= {"aq-no-use-of-soil", "aq-no-cooperation"}


def test_user_errors_are_one_line_exit_1(db: str) -> None:
    for args, expected in [
        (("show", "us-drawdown-860"), "did you mean us-drawdown-8600"),
        (("report", "--as-of", "2020-13-45"), "bad --as-of date"),
        (("sources", "add", "/nonexistent/file.txt"), "no such file"),
        (("evidence", "add", "us-drawdown-8600", "1", "--quote", "troops went to the moon"), "not in the source"),
    ]:
        done = run(db, *args, ok=False)
        assert done.returncode == 1, args
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and expected in lines[0], (args, done.stderr)


def test_search(db: str) -> None:
    out = run(db, "search", "Haqqani").stdout
    assert "source" in out and "Haqqani" in out


def test_suggest_file_is_read_only_and_verbatim(db: str, tmp_path: Path) -> None:
    article = tmp_path / "drawdown.txt"
    text = ("Pentagon: troop cut done\n\nJune 20, 2020\n\n"
            "The Pentagon said on Friday that the number of US troops in Afghanistan is now 8,600, "
            "meeting the first-phase target of the February agreement.\n")
    article.write_text(text, encoding="utf-8")
    before = json.loads(run(db, "sources", "list", "--format", "json").stdout)
    data = json.loads(run(db, "suggest", "--file", str(article), "--format", "json").stdout)
    assert json.loads(run(db, "sources", "list", "--format", "json").stdout) == before
    assert data["suggestions"], "the drawdown sentence is suggested"
    best = data["suggestions"][0]
    assert best["obligation"] == "us-drawdown-8600"
    assert text[best["start"]:best["end"]] == best["exact"]
    assert 8600 in best["values"] and best["observed_on"] == "2020-06-19"
    # the declaration's restatement follows as its twin, read the same way
    twin = data["suggestions"][1]
    assert (twin["obligation"], twin["twin"], twin["start"], twin["stance"]) == (
        "jd-us-drawdown-8600", True, best["start"], best["stance"])
    assert not best["twin"]
    # the table names the twin in one line instead of quoting the passage again
    table = run(db, "suggest", "--file", str(article)).stdout
    assert "2. jd-us-drawdown-8600" in table and "the passage of 1 again" in table
    assert table.count("\u201c") == sum(1 for s in data["suggestions"] if not s["twin"])


def test_suggest_accept_stores_evidence(db: str) -> None:
    listed = json.loads(run(db, "suggest", "--source", "3", "--format", "json", "--top", "1").stdout)
    first = listed["suggestions"][0]
    done = run(db, "suggest", "--source", "3", "--top", "1", "--accept", "1")
    assert "evidence" in done.stderr
    shown = json.loads(run(db, "show", first["obligation"], "--format", "json").stdout)
    assert any(e["start"] == first["start"] and e["end"] == first["end"] and e["stance"] == first["stance"]
               for e in shown["evidence"])
    bad = run(db, "suggest", "--source", "3", "--accept", "99", ok=False)
    assert bad.returncode == 1 and "give a number from the list" in bad.stderr


def test_eval_suggest_prints_recall(db: str) -> None:
    out = run(db, "eval", "suggest", "eval/gold/seeds.yaml").stdout
    overall = next(line for line in out.splitlines() if line.startswith("ALL"))
    recall = float(overall.split()[2])
    assert recall >= 0.85


@pytest.mark.parametrize("args", [["show"], ["--bogus"], ["search", "-taliban"], ["status", "set", "aq-no-use-of-soil"]])
def test_usage_errors_exit_2_with_the_cli_message(tmp_path: Path, args: list[str]) -> None:
    """A usage error is the CLI's own message and exit 2, never a traceback."""
    script = Path(sys.executable).with_name("tracker")
    done = subprocess.run(
        [str(script), "--db", f"sqlite:///{tmp_path / 't.db'}", *args],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "Usage: tracker" in done.stderr and "Error:" in done.stderr
    assert not (tmp_path / "t.db").exists()


def test_show_lists_what_a_restatement_shares_with_the_act_it_restates(db: str) -> None:
    text = run(db, "show", "jd-full-withdrawal").stdout
    assert "Shared from full-withdrawal-14-months, the same act in another agreement" in text
    shown = json.loads(run(db, "show", "jd-full-withdrawal", "--format", "json").stdout)
    assert shown["evidence"] == [] and shown["shared_evidence"]
    assert {e["obligation"] for e in shown["shared_evidence"]} == {"full-withdrawal-14-months"}
