"""Print the command-line rows of docs/errors.md with the messages the tracker gives now.

    python tests/reliability/make_errors_table.py > /tmp/rows.md

(The script's own folder is on sys.path, so the test modules import as they do under pytest.)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/: the shared helpers (trackers.py)

import test_bad_input as matrix
from rel_support import ROOT, cli_env, run_cli, seed_template


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    template = tmp / "template.db"
    seed_template(f"sqlite:///{template}")
    for row in matrix.ROWS:
        folder = tmp / row.id
        (folder / "files").mkdir(parents=True)
        (folder / "db").mkdir()
        shutil.copy(template, folder / "db" / "tracker.db")
        url = f"sqlite:///{folder}/db/tracker.db"
        for name, content in row.files.items():
            (folder / "files" / name).write_bytes(content)
        ev50 = matrix._evidence_obligation(url, 50)
        args = [a.format(tmp=folder / "files", seed=ROOT / "seeds", ev50_obligation=ev50) for a in row.args]
        run = run_cli(url, *args, env=cli_env(**row.env))

        def clean(text: str, folder: Path = folder) -> str:
            return text.replace(str(folder / "files"), "DIR").replace(str(folder / "db"), "DB").replace(str(ROOT), ".")

        shown = " ".join(clean(a) for a in args)
        backends = "both" if len(row.backends) == 2 else "sqlite"
        print(f"| `{row.id}` | `tracker {shown}` | {run.code} | {clean(run.stderr.strip())} | {backends} |")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
