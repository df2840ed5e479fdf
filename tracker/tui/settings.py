"""The UI's own settings file (the theme last chosen), next to the keymap.

Both live in the platform config directory, or in the folder of the file
TRACKER_KEYMAP names; tests point that at a temporary folder."""

from __future__ import annotations

from pathlib import Path

import yaml

from tracker.domain.yamlsafe import YamlProblem, load_yaml
from tracker.tui.keymap import keymap_path


def settings_path(keymap: Path | None = None) -> Path:
    return (keymap or keymap_path()).parent / "settings.yaml"


def load_theme(path: Path) -> str | None:
    """The saved theme name; None when there is none or the file cannot be read."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), str(path)) or {}
    except (OSError, UnicodeDecodeError, YamlProblem):
        return None
    name = data.get("theme") if isinstance(data, dict) else None
    return name if isinstance(name, str) else None


def save_theme(path: Path, name: str) -> None:
    """Remember the theme; a read-only config folder only loses the preference."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"theme": name}), encoding="utf-8")
    except OSError:
        pass
