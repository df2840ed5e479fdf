"""Precision@k and recall@k of `suggest` against the gold passages.

    python benchmarks/eval_suggest.py [-k 5] [--gold eval/gold/seeds.yaml ...] [--per-obligation]
                                      [--only-curated] [--misses]

Reads the catalogue (obligations.yaml), each gold file and its articles,
runs `tracker.domain.suggest.suggest` on every article and prints, per
article and overall, recall@k, precision@k and stance agreement (on found
gold passages); with --per-obligation also per obligation. --only-curated
keeps only gold taken from seeds/evidence.yaml. Exit status 0 always: this
is a report, not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.domain.catalogue import parse_catalogue  # noqa: E402
from tracker.domain.evaluation import Score, Span, combine, locate_quote, score_article  # noqa: E402
from tracker.domain.suggest import suggest  # noqa: E402
from tracker.domain.text import chrome_spans  # noqa: E402


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--gold", action="append", default=None)
    parser.add_argument("--catalogue", default=str(ROOT / "obligations.yaml"))
    parser.add_argument("--per-obligation", action="store_true")
    parser.add_argument("--only-curated", action="store_true")
    parser.add_argument("--misses", action="store_true", help="print gold passages not found")
    args = parser.parse_args(argv)
    golds = args.gold or [str(ROOT / "eval" / "gold" / "seeds.yaml")]
    catalogue = parse_catalogue(Path(args.catalogue).read_text(encoding="utf-8"), args.catalogue)

    k = args.k
    article_scores: list[Score] = []
    print(f"{'article':40s} {'gold':>4s} {'R@' + str(k):>6s} {'P@' + str(k):>6s} {'stance':>6s} {'ms':>6s}")
    for gold_path in golds:
        data = yaml.safe_load(Path(gold_path).read_text(encoding="utf-8")) or {}
        base = Path(gold_path).resolve().parent.parent.parent
        for article in data.get("articles") or []:
            path = (base / article["file"]) if not Path(article["file"]).is_absolute() else Path(article["file"])
            text = path.read_text(encoding="utf-8")
            published = article.get("published_on")
            if isinstance(published, str):
                published = dt.date.fromisoformat(published)
            gold: list[Span] = []
            for item in article.get("gold") or []:
                if args.only_curated and item.get("origin") == "added":
                    continue
                where = locate_quote(text, item["quote"], item.get("prefix"))
                if where is None:
                    print(f"  ! gold quote not in {path.name}: {item['quote'][:60]!r}", file=sys.stderr)
                    continue
                gold.append(Span(item["obligation"], where[0], where[1], item.get("stance")))
            import time

            started = time.perf_counter()
            suggestions = suggest(
                text, catalogue.obligations, catalogue.parties,
                published_on=published, chrome=chrome_spans(text), top_k=k,
            )
            elapsed = (time.perf_counter() - started) * 1000
            spans = [Span(s.obligation, s.start, s.end, s.stance) for s in suggestions]
            total, per = score_article(spans, gold, k)
            article_scores.append(total)
            print(
                f"{path.name:40s} {len(gold):4d} {_fmt(total.recall):>6s} {_fmt(total.precision):>6s} "
                f"{_fmt(total.stance_accuracy):>6s} {elapsed:6.0f}"
            )
            if args.per_obligation:
                for obligation, score in per.items():
                    print(
                        f"    {obligation:34s} gold {score.gold:2d} found {score.found:2d} "
                        f"R {_fmt(score.recall)} P {_fmt(score.precision)} ({score.relevant}/{score.returned})"
                    )
            if args.misses:
                for g in gold:
                    top = [s for s in spans if s.obligation == g.obligation][:k]
                    if not any(min(g.end, s.end) - max(g.start, s.start) >= (g.end - g.start) / 2 for s in top):
                        print(f"    MISS {g.obligation}: {text[g.start:g.end][:100]!r}")
    overall = combine(article_scores)
    print(
        f"{'ALL (micro)':40s} {'':4s} {_fmt(overall.recall):>6s} {_fmt(overall.precision):>6s} "
        f"{_fmt(overall.stance_accuracy):>6s}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
