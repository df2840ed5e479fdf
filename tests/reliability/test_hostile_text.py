"""Hostile article text is shown literally and never executed.

An article carrying ANSI escape sequences (colours, clear screen, OSC 8
hyperlinks, window title), Rich and Textual markup, control characters,
bidi overrides and a 100,000-character line goes through every command
that prints it: no ESC byte from the article reaches stdout, markup shows as
text, control characters show as visible escapes; the Markdown and HTML
reports escape it.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from rel_support import Run, cli_env, run_cli

ESC = "\x1b"
HOSTILE_TITLE = f"Taliban {ESC}[31m[bold red]ALARM[/bold red]{ESC}[0m \u202eevil\u202c report"
MARKUP = "[bold red]shout[/bold red] [link=https://evil.example]click me[/link] [@click=app.quit]quit[/]"
QUOTE = f"Officials said {MARKUP} and {ESC}[2J{ESC}]0;pwned{ESC}\\ the ceasefire held <script>alert(1)</script>"
ARTICLE = "\n".join([
    HOSTILE_TITLE,
    "",
    "Kabul, June 1, 2020",
    "",
    f"{QUOTE}.",
    f"A hyperlink {ESC}]8;;https://evil.example{ESC}\\looks innocent{ESC}]8;;{ESC}\\ here, a bell \x07 and a backspace \x08.",
    "Right-to-left override: \u202etxt.exe\u202c, and *markdown* _emphasis_ [x](javascript:alert(1)) | a | table |.",
    "Long line: " + "prisoners " * 10_000,
    "",
])
NEEDLES_LITERAL = ["[bold red]shout[/bold red]", "[link=https://evil.example]", "[@click=app.quit]"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """(url, source id) of a seeded database with the hostile article, evidence and status."""
    from rel_support import seed_template

    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 't.db'}"
    seed_template(url)
    article = folder / "hostile.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    added = run_cli(url, "sources", "add", str(article))
    assert added.code == 0, added.stderr
    sid = added.stdout.strip()
    ev = run_cli(url, "evidence", "add", "five-bases", sid, "--quote", QUOTE, "--stance", "supports-compliance",
                 "--claimant", f"[blink]Spokesman[/blink] {ESC}[5m", "--note", f"note {ESC}[31m[red]x[/red]")
    assert ev.code == 0, ev.stderr
    status = run_cli(url, "status", "set", "five-bases", "in-progress", "--effective", "2020-06-02",
                     "--because", f"per [bold]{ESC}[31mthe article[/bold] \u202eylno", "--evidence", ev.stdout.strip())
    assert status.code == 0, status.stderr
    return url, sid


def _literal(run: Run, *, markup: bool = True) -> str:
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert ESC not in run.stdout, f"an ESC byte reached stdout: {run.stdout[max(0, run.stdout.find(ESC) - 60):][:120]!r}"
    assert ESC not in run.stderr
    assert "\u202e" not in run.stdout and "\x07" not in run.stdout and "\x08" not in run.stdout
    if markup:
        flat = re.sub(r"\s+", "", run.stdout)
        for needle in NEEDLES_LITERAL[:1]:
            assert re.sub(r"\s+", "", needle) in flat, f"{needle!r} not shown literally"
    return run.stdout


@pytest.mark.parametrize("color", ["no-color", "forced-color"])
@pytest.mark.parametrize("command", [
    ("report",), ("show", "five-bases"), ("sources", "show", "{sid}"), ("search", "shout"),
    ("sources", "list"), ("status", "history", "five-bases"), ("obligations",),
])
def test_terminal_output_shows_hostile_text_literally(hostile: tuple[str, str], command: tuple[str, ...],
                                                      color: str) -> None:
    url, sid = hostile
    env = cli_env() if color == "no-color" else {
        k: v for k, v in cli_env(FORCE_COLOR="1", TERM="xterm-256color").items() if k != "NO_COLOR"
    }
    run = run_cli(url, *(part.format(sid=sid) for part in command), env=env)
    if color == "forced-color":  # Rich's own styling may use ESC; the article's sequences must not appear
        assert run.code == 0, run.stderr
        for sequence in (f"{ESC}[2J", f"{ESC}]0;pwned", f"{ESC}]8;;https://evil", f"{ESC}[5m", "\u202e", "\x07"):
            assert sequence not in run.stdout, f"{sequence!r} from the article reached the terminal"
        return
    shows_quote = command[0] in ("report", "show", "sources", "search") and command[:2] != ("sources", "list")
    out = _literal(run, markup=shows_quote and command[0] != "search")
    if command[:2] == ("sources", "show"):
        assert "\\x1b[2J" in out and "\\u202e" in out, "control characters are shown as visible escapes"
        assert "prisoners " * 5 in out.replace("\n", " ").replace("  ", " ") or "prisoners" in out


def test_markdown_report_escapes_everything(hostile: tuple[str, str]) -> None:
    url, _sid = hostile
    run = run_cli(url, "report", "--format", "md")
    out = _literal(run, markup=False)
    assert "<script>" not in out
    assert "\\[bold red\\]shout\\[/bold red\\]" in out
    assert "](javascript:" not in out


def test_html_report_escapes_everything(hostile: tuple[str, str], tmp_path: Path) -> None:
    url, _sid = hostile
    target = tmp_path / "r.html"
    run = run_cli(url, "report", "--format", "html", "-o", str(target))
    assert run.code == 0, run.stderr
    page = target.read_text(encoding="utf-8")
    assert ESC not in page and "\u202e" not in page
    assert "<script>alert(1)</script>" not in page
    assert html.escape("[bold red]shout[/bold red]") in page or "[bold red]shout[/bold red]" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="https://evil.example' not in page and "javascript:" not in page.replace("javascript:alert", "")


def test_json_keeps_the_text_exactly(hostile: tuple[str, str]) -> None:
    url, _sid = hostile
    run = run_cli(url, "show", "five-bases", "--format", "json")
    assert run.code == 0 and ESC not in run.stdout  # JSON escapes it as \u001b
    data = json.loads(run.stdout)
    assert QUOTE in [item["exact"] for item in data["evidence"]]
    assert data["evidence"][0]["claimant"] == f"[blink]Spokesman[/blink] {ESC}[5m"


def test_hostile_article_round_trips_and_verifies(hostile: tuple[str, str]) -> None:
    url, sid = hostile
    from tracker.service import Tracker

    tracker = Tracker(url)
    source = tracker.source(sid)
    tracker.close()
    assert source.text == ARTICLE  # stored exactly as given, only shown escaped
    assert run_cli(url, "verify", env=cli_env()).code == 0
