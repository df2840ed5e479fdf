"""The user keymap: a YAML file mapping binding ids to keys.

    # ~/.config/tracker/keymap.yaml
    filter: slash,ctrl+f
    set-status: S

Every binding in the UI has an id (shown in the help screen, F1). The file
lives in the platform config directory, or wherever TRACKER_KEYMAP points.
"""

from __future__ import annotations

import os
from pathlib import Path


def keymap_path() -> Path:
    override = os.environ.get("TRACKER_KEYMAP")
    if override:
        return Path(override)
    from platformdirs import user_config_dir

    return Path(user_config_dir("tracker", appauthor=False)) / "keymap.yaml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The keymap and an error message (None when fine). A missing file is an empty keymap."""
    path = path or keymap_path()
    if not path.exists():
        return {}, None
    from tracker.domain.yamlsafe import YamlProblem, load_yaml

    try:
        data = load_yaml(path.read_text(encoding="utf-8"), str(path)) or {}
    except (OSError, UnicodeDecodeError, YamlProblem) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return {}, f"{path}: not a valid keymap ({first}); using the default keys"
    if not isinstance(data, dict):
        return {}, f"{path}: a keymap maps binding ids to keys, e.g. 'filter: slash'; using the default keys"
    keymap: dict[str, str] = {}
    bad: list[str] = []
    for key, value in data.items():
        if isinstance(value, list):
            value = ",".join(str(v) for v in value)
        if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
            bad.append(str(key))
            continue
        keymap[key] = value.strip()
    error = f"{path}: ignored entries {', '.join(bad)} (give keys as text)" if bad else None
    return keymap, error
