"""Timings of evidence suggestion.

    python benchmarks/bench_suggest.py [--sources 10000] [--repeat 5]

1. `suggest` on a ~10 KB article (seed 002 plus seed 004 up to 10 KB),
   every obligation of the catalogue (target: < 200 ms).
2. `PassageIndex.build` over N synthetic sources of ~5 KB each, made of
   seed sentences, and `PassageIndex.search` for each obligation (target:
   < 1 s per query for 10,000 sources). Two corpora: sentences copied
   verbatim (heavy syndication: every passage recurs thousands of times) and
   sentences each altered with random words and numbers so that almost every
   passage is unique.

Prints figures; exit status 0. The synthetic corpus is seeded (random.Random(7)),
so runs are comparable.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.domain.catalogue import parse_catalogue  # noqa: E402
from tracker.domain.passages import split_passages  # noqa: E402
from tracker.domain.suggest import PassageIndex, suggest  # noqa: E402
from tracker.domain.text import chrome_spans  # noqa: E402

SEEDS = ROOT / "seeds"
FILLER = [
    "officials", "province", "district", "commander", "council", "village", "market", "convoy",
    "checkpoint", "spokesman", "statement", "ministry", "meeting", "week", "morning", "parliament",
    "election", "budget", "road", "bridge", "clinic", "school", "harvest", "winter", "border",
    "highway", "airport", "governor", "elders", "tribe", "valley",
]


def _ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:7.1f} ms  max {max(values) * 1000:7.1f} ms"


def seed_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out.extend(p.text for p in split_passages(text, chrome_spans(text)) if not p.heading)
    return out


def synthetic_sources(n: int, size: int, sentences: list[str], perturb: bool, rng: random.Random) -> dict[int, str]:
    sources: dict[int, str] = {}
    for key in range(n):
        paragraphs: list[str] = []
        length = 0
        while length < size:
            picked = []
            for _ in range(rng.randint(1, 3)):
                sentence = rng.choice(sentences)
                if perturb:
                    words = sentence.split()
                    for _ in range(3):
                        words.insert(rng.randrange(len(words) + 1), rng.choice(FILLER))
                    words.append(f"({rng.randint(10, 99_999):,} {rng.choice(FILLER)})")
                    sentence = " ".join(words)
                picked.append(sentence)
            paragraph = " ".join(picked)
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
        sources[key] = "\n\n".join(paragraphs)
    return sources


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=5_000, help="characters per synthetic source")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    catalogue = parse_catalogue((ROOT / "obligations.yaml").read_text(encoding="utf-8"), "obligations.yaml")

    # 1. One ~10 KB article.
    article = (SEEDS / "002_bf3b210313e2d176.txt").read_text(encoding="utf-8")
    article += "\n\n" + (SEEDS / "004_846fa88e2b47f457.txt").read_text(encoding="utf-8")
    article = article[:10_240]
    chrome = chrome_spans(article)
    times = []
    count = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        count = len(suggest(article, catalogue.obligations, catalogue.parties,
                            published_on=None, chrome=chrome))
        times.append(time.perf_counter() - started)
    print(f"suggest, {len(article):,} chars, {len(catalogue.obligations)} obligations, "
          f"{count} suggestions: {_ms(times)}  (target < 200 ms)")

    # 2. Many sources.
    sentences = seed_sentences()
    for perturb in (False, True):
        rng = random.Random(7)
        label = "unique (perturbed) passages" if perturb else "verbatim seed sentences"
        started = time.perf_counter()
        sources = synthetic_sources(args.sources, args.size, sentences, perturb, rng)
        made = time.perf_counter() - started
        total_chars = sum(len(t) for t in sources.values())
        started = time.perf_counter()
        index = PassageIndex.build(sources)
        built = time.perf_counter() - started
        print(f"\n{args.sources:,} sources, {total_chars / 1e6:.1f} M chars, {len(index):,} passages, "
              f"{label}: generated in {made:.1f} s, index built in {built:.1f} s")
        per_obligation: list[tuple[str, float]] = []
        for obligation in catalogue.obligations:
            runs = []
            for _ in range(max(1, args.repeat // 2)):
                started = time.perf_counter()
                found = index.search(obligation, catalogue.parties, top_k=10)
                runs.append(time.perf_counter() - started)
            per_obligation.append((obligation.id, statistics.median(runs)))
            assert all(
                index.texts[s.source if isinstance(s.source, int) else 0][s.suggestion.start: s.suggestion.end]
                == s.suggestion.exact for s in found
            )
        worst = max(t for _, t in per_obligation)
        print(f"  search per obligation: median {statistics.median(t for _, t in per_obligation) * 1000:.0f} ms, "
              f"worst {worst * 1000:.0f} ms ({max(per_obligation, key=lambda x: x[1])[0]})  (target < 1000 ms)")
        for oid, t in per_obligation:
            print(f"    {oid:32s} {t * 1000:7.1f} ms")
        del index, sources
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (RSS) {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
