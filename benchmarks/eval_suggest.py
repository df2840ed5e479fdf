"""Precision@k, recall@k, stance agreement, field accuracy and calibration
of `suggest` against the shipped gold, reported apart for each part.

    python benchmarks/eval_suggest.py [-k 5] [--misses] [--per-obligation] [GOLD ...]

With no GOLD file it reports three parts separately: the seed articles
(eval/gold/seeds.yaml, the ranking was first tuned on them), the pattern
files (eval/gold/patterns/*.yaml, tuned on) and the held-out files
(eval/gold/heldout/*.yaml, never tuned on), then all of them together with
the calibration table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.domain.catalogue import parse_catalogue  # noqa: E402
from tracker.evaluate import evaluate, format_calibration, format_report, format_summary  # noqa: E402

GOLD = ROOT / "eval" / "gold"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path)
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="print the gold passages missed and wrong fields")
    parser.add_argument("--per-obligation", action="store_true")
    args = parser.parse_args(argv)
    catalogue = parse_catalogue((ROOT / "obligations.yaml").read_text(encoding="utf-8"), "obligations.yaml")
    if args.gold:
        parts = [("given", list(args.gold))]
    else:
        parts = [
            ("seeds (tuned)", [GOLD / "seeds.yaml"]),
            ("patterns (tuned)", sorted((GOLD / "patterns").glob("*.yaml"))),
            ("held-out (not tuned)", sorted((GOLD / "heldout").glob("*.yaml"))),
        ]
    summaries = []
    everything = []
    for label, paths in parts:
        result = evaluate(paths, catalogue, k=args.k)
        print(f"== {label}")
        print(format_report(result, per_obligation=args.per_obligation, misses=args.misses, calibration=False))
        summaries.append(format_summary(result, label))
        everything.extend(paths)
    print("== summary (R@k, P@k, stance; accuracy of the fields on the passages found)")
    print("\n".join(summaries))
    tuned = [p for label, paths in parts if "held-out" not in label for p in paths]
    print("\n== calibration on the tuned parts")
    print(format_calibration(evaluate(tuned, catalogue, k=args.k)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
