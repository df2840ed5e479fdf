"""A wheel carries what `tracker init` needs, so an installed tracker works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_a_wheel_inits_a_tracker_from_another_folder(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w",
         str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    assert built.returncode == 0, built.stderr
    wheel = next((tmp_path / "dist").glob("tracker-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "tracker/data/obligations.yaml" in names
    assert "tracker/data/seeds/evidence.yaml" in names and len([n for n in names if n.endswith(".txt")]) >= 5
    assert any(n.startswith("tracker/store/migrations/versions/0001") for n in names)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    # the unpacked wheel, not this checkout, provides `tracker` (the checkout is not on the path)
    env.update({"PYTHONPATH": str(site), "TRACKER_HOME": str(tmp_path / "home"), "PYTHONSAFEPATH": "1"})
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "init"], cwd=elsewhere, env=env,
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert str(site) in done.stderr, "the catalogue came from the installed package"
    assert "25 obligations" in done.stderr and "5 sources, 50 evidence items" in done.stderr
