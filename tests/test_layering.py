"""The one hard rule: imports point down only (see DESIGN.md)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"
DOMAIN_ALLOWED = {"pydantic", "dateutil", "yaml", "rapidfuzz", "tracker"}
SHELL_ONLY = {"sqlalchemy", "alembic", "textual", "rich", "typer", "click", "psycopg", "platformdirs"}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "tracker":  # `from tracker import config` names the module itself
                names.extend(f"tracker.{alias.name}" for alias in node.names)
            else:
                names.append(node.module)
    return names


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_domain_is_pure() -> None:
    stdlib = set(sys.stdlib_module_names)
    for path in _modules(PACKAGE / "domain"):
        for name in _imports(path):
            top = name.split(".")[0]
            assert top in stdlib or top in DOMAIN_ALLOWED, f"{path.name} imports {name}"
            assert top not in SHELL_ONLY, f"{path.name} imports shell library {name}"
            if top == "tracker":
                assert name.startswith("tracker.domain"), f"{path.name} imports {name} (domain must not look up)"
        source = path.read_text(encoding="utf-8")
        assert "open(" not in source and "read_text(" not in source, f"{path.name} does I/O"


INTAKE_FORBIDDEN = {"sqlalchemy", "alembic", "textual", "rich", "typer", "click", "psycopg"}
INTAKE_MAY_USE = ("tracker.__version__", "tracker.intake", "tracker.domain", "tracker.errors")


def test_intake_is_an_adapter_that_knows_no_storage_or_shell() -> None:
    """tracker/intake reads files and URLs; it must not reach up into the service,
    the store or the shells, nor import their libraries."""
    modules = _modules(PACKAGE / "intake")
    assert modules, "tracker/intake exists"
    for path in modules:
        for name in _imports(path):
            top = name.split(".")[0]
            assert top not in INTAKE_FORBIDDEN, f"intake/{path.name} imports {name}"
            if top == "tracker" and name != "tracker":
                assert name.startswith(INTAKE_MAY_USE), f"intake/{path.name} imports {name}"


def test_nothing_below_the_service_imports_intake() -> None:
    for path in _modules(PACKAGE / "domain") + _modules(PACKAGE / "store"):
        assert not any(n.startswith("tracker.intake") for n in _imports(path)), f"{path} imports tracker.intake"


def test_only_the_tui_imports_textual() -> None:
    for path in _modules(PACKAGE):
        if "tui" in path.relative_to(PACKAGE).parts:
            continue
        assert not any(n.split(".")[0] == "textual" for n in _imports(path)), f"{path} imports textual"


def test_shells_go_through_the_service() -> None:
    shells = [PACKAGE / "cli.py", PACKAGE / "views.py", *(_modules(PACKAGE / "tui")), *_modules(PACKAGE / "report")]
    for path in shells:
        for name in _imports(path):
            assert not name.startswith("tracker.store"), f"{path.name} bypasses the service: {name}"
            assert name.split(".")[0] not in {"sqlalchemy", "alembic"}, f"{path.name} imports {name}"


def test_report_command_does_not_import_textual(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    subprocess.run([sys.executable, "-m", "tracker", "--db", db, "init"], check=True, capture_output=True)
    probe = (
        "import sys, json\n"
        "from tracker.cli import main\n"
        f"sys.argv = ['tracker', '--db', {db!r}, 'report', '--format', 'json', '-o', {str(tmp_path / 'r.json')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tracker'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert "tracker.report.jsonfmt" in loaded, "the probe really ran the report"
    assert not any(m.startswith("textual") or m.startswith("tracker.tui") for m in loaded)
    report = json.loads((tmp_path / "r.json").read_text())
    assert len(report["obligations"]) == 25  # the Doha agreement (16) and the Joint Declaration (9)


# Floors, lowest first: a module may import its own floor and those below it.
# intake is an adapter beside the store: the service reads through it, nothing below uses it;
# workers (code run in worker processes) stand on the domain alone
FLOORS = {"domain": 0, "store": 1, "intake": 1, "workers": 1, "service": 2}
BELOW_EVERYTHING = {"tracker.errors", "tracker.config", "tracker.__version__"}


def _floor(name: str) -> int | None:
    parts = name.split(".")
    return FLOORS.get(parts[1]) if len(parts) > 1 and parts[0] == "tracker" else None


def test_floors_point_down_only() -> None:
    for folder, level in FLOORS.items():
        for path in _modules(PACKAGE / folder):
            for name in _imports(path):
                if name.split(".")[0] != "tracker" or name in BELOW_EVERYTHING:
                    continue
                target = _floor(name)
                assert target is not None and target <= level, f"{folder}/{path.name} imports {name}"


def test_the_service_does_not_touch_sqlalchemy() -> None:
    for path in _modules(PACKAGE / "service"):
        for name in _imports(path):
            assert name.split(".")[0] not in {"sqlalchemy", "alembic", "psycopg"}, f"service/{path.name} imports {name}"
