"""How the TUI package is put together: no import cycle, nothing reaches into
the App, no private Textual API, no one agreement's names in the code."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tracker" / "tui"
PACKAGE = TUI.parent


def _module(path: Path) -> str:
    return "tracker." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)


def _runtime_imports(path: Path) -> set[str]:
    """tracker.* modules imported when the module runs (imports under `if TYPE_CHECKING:` left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for child in node.body for n in ast.walk(child))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("tracker"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)  # `from tracker.tui import keymap`
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("tracker"))
    return found


def tui_graph() -> dict[str, set[str]]:
    modules = {_module(p): p for p in TUI.glob("*.py") if p.name != "__init__.py"}
    return {name: {m for m in _runtime_imports(path) if m in modules} for name, path in modules.items()}


def test_the_tui_modules_form_no_cycle():
    graph = tui_graph()
    done: set[str] = set()

    def visit(name: str, path: tuple[str, ...]) -> None:
        assert name not in path, "import cycle: " + " → ".join((*path, name))
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, (*path, name))
        done.add(name)

    for name in sorted(graph):
        visit(name, ())
    # the App sits on top: only the launcher imports it, and it imports every screen
    assert {n for n, targets in graph.items() if "tracker.tui.app" in targets} == {"tracker.tui.launch"}
    assert {"tracker.tui.main", "tracker.tui.reader", "tracker.tui.modals"} <= graph["tracker.tui.app"]


def test_each_tui_module_imports_on_its_own():
    """In any order: each module is imported first in a clean state (a cycle would fail here)."""
    names = sorted(_module(p) for p in TUI.glob("*.py"))
    probe = (
        "import importlib, json, sys\n"
        f"names = {names!r}\n"
        "failed = {}\n"
        "for name in names:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('tracker.tui')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed[name] = repr(exc)\n"
        "print(json.dumps(failed))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {}


def test_screens_and_widgets_do_not_reach_into_the_app():
    for path in TUI.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "tracker_app" not in source, f"{path.name} calls into the App"
        if path.name not in ("app.py", "launch.py"):
            assert "tracker.tui.app" not in source, f"{path.name} imports the App"
            assert ".tracker." not in source and "app.tracker" not in source, f"{path.name} uses the App's Tracker"


PRIVATE = re.compile(
    r"from textual(\.\w+)*\._\w+|import textual(\.\w+)*\._\w+"  # private modules (textual.widgets._footer)
    r"|\.(_keymap|_line_cache|_suggestion|_notifications|_bindings|_nodes)\b"  # private attributes
)


def test_no_private_textual_api():
    for path in TUI.glob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not PRIVATE.search(line), f"{path.name}:{number}: {line.strip()}"


# Names and dates of the one agreement the shipped catalogue describes: they belong in
# obligations.yaml, not in code, so that another agreement can be tracked without editing it.
AGREEMENT_WORDS = re.compile(r"doha|taliban|qaeda|afghan|pompeo|trump|khalilzad|baradar|2020-02-29|8,?600", re.I)


def test_no_agreement_names_in_the_tui():
    for path in [*TUI.glob("*.py"), TUI / "tracker.tcss", PACKAGE / "labels.py"]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not AGREEMENT_WORDS.search(line), f"{path.name}:{number}: {line.strip()}"
