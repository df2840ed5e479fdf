"""How far two analysts who mark the same articles agree, in the metrics
`suggest` is scored by: the ceiling their own disagreement puts on it.

    python benchmarks/eval_agreement.py FIRST.yaml SECOND.yaml [FIRST2.yaml SECOND2.yaml ...] [-k 5]

Each pair holds the same articles (same names and texts) marked by two
analysts. The second's marks, each widened to the passage that holds it
and kept in text order, are scored against the first's as suggestions would
be (recall@k, precision@k, stance agreement), then the other way round, by
obligation and by act (an obligation and its restatement as one).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.domain.evaluation import combine  # noqa: E402
from tracker.errors import InvalidInput  # noqa: E402
from tracker.evaluate import agreement, load_catalogue_file  # noqa: E402


def _fmt(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "  - "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="pairs: FIRST SECOND ...")
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args(argv)
    if len(args.files) % 2:
        parser.error("give the files in pairs: FIRST SECOND")
    catalogue = load_catalogue_file(ROOT / "obligations.yaml")
    pairs = list(zip(args.files[::2], args.files[1::2], strict=True))
    print(f"{'gold':28s} {'marks scored as suggestions':28s} {'by':4s} {'R@k':>5s} {'P@k':>5s} {'stance':>6s}")
    for by_act in (False, True):
        totals = []
        for first, second in pairs:
            for gold, other in ((first, second), (second, first)):
                try:
                    result = agreement(gold, other, catalogue, k=args.k, by_act=by_act)
                except InvalidInput as exc:
                    print(f"error: {exc}", file=sys.stderr)
                    return 1
                score = result.overall
                totals.append(score)
                print(f"{gold.name:28s} {other.name:28s} {'act' if by_act else 'obl':4s} {_fmt(score.recall):>5s} "
                      f"{_fmt(score.precision):>5s} {_fmt(score.stance_accuracy):>6s}")
        total = combine(totals)
        print(f"{'together':57s} {'act' if by_act else 'obl':4s} {_fmt(total.recall):>5s} {_fmt(total.precision):>5s} "
              f"{_fmt(total.stance_accuracy):>6s}  (stance on {total.stance_total} shared marks)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
