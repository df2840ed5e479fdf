"""Precision@k and recall@k of `tracker suggest` against the shipped gold.

    python benchmarks/eval_suggest.py [-k 5] [--per-obligation] [--misses] [--only-curated] [GOLD ...]

A thin wrapper over `tracker eval suggest` (tracker/evaluate.py) so that
`make bench` prints the figures; with no GOLD file it uses eval/gold/seeds.yaml.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.cli import main  # noqa: E402

if __name__ == "__main__":
    args = sys.argv[1:]
    if not any(a.endswith((".yaml", ".yml")) for a in args):
        args.append(str(ROOT / "eval" / "gold" / "seeds.yaml"))
    sys.argv = ["tracker", "eval", "suggest", *args]
    main()
