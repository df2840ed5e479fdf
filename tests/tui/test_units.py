
"""Pure helpers of the TUI: safe text, sentence selection, path completion, filters."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.text import printable
from tracker.tui.forms import complete_path, expand_paths
from tracker.tui.render import quoted, reader_safe, safe, sentence_bounds


def test_safe_text_is_literal():
    text = safe("[bold]x[/bold] \x1b[31mred")
    assert text.plain.startswith("[bold]x[/bold]")
    assert "\x1b" not in text.plain and not text.spans


@given(st.text())
def test_reader_safe_keeps_offsets_and_hides_controls(value):
    shown = reader_safe(value)
    assert len(shown) == len(value)
    assert not any(ord(c) < 32 and c not in "\n\t" for c in shown)
    assert "\x1b" not in shown and "\x7f" not in shown
    # the same characters are left alone as in every other view (one rule: printable)
    assert all((a == b) == (printable(a) == a) for a, b in zip(value, shown, strict=True))


def test_sentence_bounds():
    text = "First one. Second “quoted.” Third!\nNew line here"
    start, end = sentence_bounds(text, text.index("Second") + 2)
    assert text[start:end] == "Second “quoted.”"
    start, end = sentence_bounds(text, text.index("line"))
    assert text[start:end] == "New line here"
    start, end = sentence_bounds(text, 0)
    assert text[start:end] == "First one."


@given(st.text(), st.integers(min_value=0, max_value=200))
def test_sentence_bounds_stay_inside(text, offset):
    start, end = sentence_bounds(text, offset)
    assert 0 <= start <= end <= len(text)


def test_complete_path(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "kabul.txt").write_text("x")
    assert complete_path(f"{tmp_path}/art") == f"{tmp_path}/articles/"
    assert complete_path(f"{tmp_path}/articles/ka") == f"{tmp_path}/articles/kabul.txt"
    assert complete_path(f"{tmp_path}/nothing") is None
    assert [Path(p).name for p in expand_paths(f"{tmp_path}/articles/*.txt")] == ["kabul.txt"]
    # folders and URLs go to the service as given (it reads folders recursively, fetches URLs)
    assert expand_paths(f"{tmp_path}/articles https://example.org/a") == [f"{tmp_path}/articles", "https://example.org/a"]


def test_passage_in_quotation_marks_is_never_quoted_twice():
    # every view that shows a passage goes through `quoted`
    assert quoted("The envoy said talks went well.").plain == "“The envoy said talks went well.”"
    assert quoted("“We are ready,” the envoy said.").plain == "“We are ready,” the envoy said."
    assert quoted("a\n  b   c").plain == "“a b c”"
    shortened = quoted("x" * 50, limit=10).plain
    assert shortened == "“" + "x" * 9 + "…”"
