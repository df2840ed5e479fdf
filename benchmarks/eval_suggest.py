"""Precision@k, recall@k, stance agreement, field accuracy and calibration
of `suggest` against the shipped gold, reported apart for each part.

    python benchmarks/eval_suggest.py [-k 5] [--misses] [--per-obligation] [GOLD ...]

With no GOLD file it reports four parts separately: the seed articles
(eval/gold/seeds.yaml, the ranking was first tuned on them), the pattern
files (eval/gold/patterns/*.yaml, tuned on), the studied files
(eval/gold/studied/*.yaml: held-out files scored once, then studied for
rule changes) and the held-out files (eval/gold/heldout/*.yaml, never tuned
on), then all of them together with the calibration table.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.domain.catalogue import parse_catalogue  # noqa: E402
from tracker.evaluate import (  # noqa: E402
    evaluate,
    fit_confidence,
    format_calibration,
    format_coefficients,
    format_report,
    format_summary,
    tune_weights,
)

GOLD = ROOT / "eval" / "gold"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path)
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--misses", action="store_true", help="print the gold passages missed and wrong fields")
    parser.add_argument("--per-obligation", action="store_true")
    parser.add_argument("--by-act", action="store_true",
                        help="count an obligation and its restatements as one (their records share evidence)")
    parser.add_argument("--fit", action="store_true",
                        help="refit the confidence model on every gold file but the held-out ones and print its coefficients")
    parser.add_argument("--tune", action="store_true",
                        help="search the ranking weights on the tuned gold and print the best")
    parser.add_argument("--segmenters", action="store_true",
                        help="compare sentence segmenters on eval/gold/sentences.yaml instead")
    parser.add_argument("--dates", action="store_true",
                        help="compare date finders on eval/gold/dates.yaml instead")
    args = parser.parse_args(argv)
    if args.segmenters:
        return compare_segmenters()
    if args.dates:
        return compare_date_finders()
    catalogue = parse_catalogue((ROOT / "obligations.yaml").read_text(encoding="utf-8"), "obligations.yaml")
    if args.tune:
        tuned = [GOLD / "seeds.yaml", *sorted((GOLD / "patterns").glob("*.yaml"))]
        print(tune_weights(tuned, catalogue, k=args.k, log=print))
        return 0
    if args.fit:
        # every gold file but the held-out ones
        tuned = [GOLD / "seeds.yaml", *sorted((GOLD / "patterns").glob("*.yaml")),
                 *sorted((GOLD / "studied").glob("*.yaml"))]
        print(format_coefficients(fit_confidence(tuned, catalogue, k=args.k)))
        return 0
    if args.gold:
        parts = [("given", list(args.gold))]
    else:
        held_out = sorted((GOLD / "heldout").glob("*.yaml"))
        parts = [
            ("seeds (tuned)", [GOLD / "seeds.yaml"]),
            ("patterns (tuned)", sorted((GOLD / "patterns").glob("*.yaml"))),
            ("studied (scored once, then tuned on)", sorted((GOLD / "studied").glob("*.yaml"))),
            *((f"held-out {p.stem} (not tuned)", [p]) for p in held_out),
            ("held-out all (not tuned)", held_out),
        ]
    summaries = []
    for label, paths in parts:
        result = evaluate(paths, catalogue, k=args.k, by_act=args.by_act)
        if label.startswith("held-out all"):
            summaries.append(format_summary(result, label))
            continue
        print(f"== {label}")
        print(format_report(result, per_obligation=args.per_obligation, misses=args.misses, calibration=False))
        summaries.append(format_summary(result, label))
    print("== summary (R@k, P@k, stance; accuracy of the fields on the passages found)")
    print("\n".join(summaries))
    tuned = [p for label, paths in parts if "held-out" not in label for p in paths]
    held_out = [p for label, paths in parts if label.startswith("held-out all") for p in paths]
    print("\n== calibration on the tuned parts (every suggestion, no threshold)")
    print(format_calibration(evaluate(tuned, catalogue, k=args.k, min_confidence=0.0)))
    if held_out:
        print("\n== calibration on the held-out part (every suggestion, no threshold)")
        print(format_calibration(evaluate(held_out, catalogue, k=args.k, min_confidence=0.0)))
    return 0


def _ours(text: str) -> list[str]:
    from tracker.domain.passages import split_passages

    return [p.text for p in split_passages(text)]


def _segmenters() -> dict[str, Callable[[str], list[str]]]:
    """The hand-written splitter and the maintained ones that are installed."""
    found: dict[str, Callable[[str], list[str]]] = {"tracker (hand-written)": _ours}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        found["pysbd"] = lambda text: [s.strip() for s in seg.segment(text) if s.strip()]
    except ImportError:
        pass
    try:
        import syntok.segmenter as syntok

        def syntok_split(text: str) -> list[str]:
            out = []
            for paragraph in syntok.analyze(text):
                for sentence in paragraph:
                    toks = list(sentence)
                    out.append(text[toks[0].offset: toks[-1].offset + len(toks[-1].value)])
            return out

        found["syntok"] = syntok_split
    except ImportError:
        pass
    try:
        import sentencex

        found["sentencex"] = lambda text: [s.strip() for s in sentencex.segment("en", text) if s.strip()]
    except ImportError:
        pass
    return found


def compare_segmenters() -> int:
    """Sentence precision and recall on eval/gold/sentences.yaml, and the
    time to split about 1 MB of text, for each segmenter."""
    import time

    import yaml

    data = yaml.safe_load((GOLD / "sentences.yaml").read_text(encoding="utf-8"))
    paragraphs = data["paragraphs"]
    big = "\n\n".join(p["text"] for p in paragraphs)
    big = "\n\n".join([big] * (1_000_000 // len(big) + 1))
    print(f"{'segmenter':24s} {'P':>5s} {'R':>5s} {'exact':>6s} {'s/MB':>6s}")
    for name, split in _segmenters().items():
        right = returned = expected = exact = 0
        for p in paragraphs:
            got = split(p["text"])
            want = p["sentences"]
            right += len(set(got) & set(want))
            returned += len(got)
            expected += len(want)
            exact += got == want
        started = time.perf_counter()
        split(big)
        seconds = (time.perf_counter() - started) * 1_000_000 / len(big)
        print(f"{name:24s} {right / returned:5.2f} {right / expected:5.2f} {exact:3d}/{len(paragraphs):<2d} {seconds:6.2f}")
    return 0


def compare_date_finders() -> int:
    """Exact date lists on eval/gold/dates.yaml, and the time per sentence,
    for the hand-written finder and dateparser's search_dates if installed."""
    import datetime as dt
    import time

    import yaml

    from tracker.domain.date_mentions import extract_dates

    data = yaml.safe_load((GOLD / "dates.yaml").read_text(encoding="utf-8"))["sentences"]
    finders: dict[str, Callable[[str, dt.date], list[dt.date]]] = {
        "tracker (hand-written)": lambda text, ref: [d.date for d in extract_dates(text, ref)],
    }
    try:
        from dateparser.search import search_dates

        def with_dateparser(text: str, ref: dt.date) -> list[dt.date]:
            base = dt.datetime(ref.year, ref.month, ref.day)
            found = search_dates(text, languages=["en"],
                                 settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}) or []
            return [d.date() for _, d in found]

        finders["dateparser.search_dates"] = with_dateparser
    except ImportError:
        pass
    print(f"{'date finder':26s} {'exact':>7s} {'ms/sentence':>12s}")
    for name, find in finders.items():
        right = 0
        started = time.perf_counter()
        for item in data:
            right += find(item["text"], item["published_on"]) == list(item["dates"])
        millis = (time.perf_counter() - started) * 1000 / len(data)
        print(f"{name:26s} {right:3d}/{len(data):<3d} {millis:12.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
