"""One table of stance words and colours (tracker/labels.py) read by the CLI's
views and the TUI alike: both show a stance the same way."""

from __future__ import annotations

import ast
from pathlib import Path

from rich.console import Group
from rich.text import Text

from tracker import views
from tracker.domain.models import Stance
from tracker.labels import STANCES, stance_label
from tracker.tui.render import counts_text, stance_heading


def _texts(renderable) -> list[Text]:
    """Every Text inside nested Groups and Paddings."""
    if isinstance(renderable, Text):
        return [renderable]
    if isinstance(renderable, Group):
        return [t for part in renderable.renderables for t in _texts(part)]
    inner = getattr(renderable, "renderable", None)
    return _texts(inner) if inner is not None else []


def test_every_stance_has_a_label_and_labels_need_no_rich():
    assert set(STANCES) == set(Stance)
    source = (Path(__file__).resolve().parents[2] / "tracker" / "labels.py").read_text(encoding="utf-8")
    imported = {n.module or "" for n in ast.walk(ast.parse(source)) if isinstance(n, ast.ImportFrom)}
    assert not any(m.split(".")[0] in ("rich", "textual") for m in imported)
    assert stance_label("no-such-stance").label == "no-such-stance"  # a newer database's value is shown as is


def test_the_cli_and_the_tui_show_a_stance_alike(tui_tracker):
    detail = tui_tracker.detail("aq-no-cooperation")
    assert {v.evidence.stance for v in detail.evidence} == set(Stance), "the seeds give this obligation every stance"
    cli_headings = {t.plain: str(t.style) for t in _texts(views.detail_renderable(detail))}
    for stance, shown in STANCES.items():
        count = sum(1 for v in detail.evidence if v.evidence.stance == stance and not v.evidence.retracted)
        (tui,) = _texts(stance_heading(stance, count))
        assert tui.plain == f"{shown.label} ({count})"
        assert cli_headings[shown.label] == str(tui.style) == f"bold {shown.colour}"
    counts = counts_text({s.value: 1 for s in Stance})
    assert [str(span.style) for span in counts.spans] == [s.colour for s in STANCES.values()]
