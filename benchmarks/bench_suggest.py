"""Timings of evidence suggestion.

    python benchmarks/bench_suggest.py [--sources 10000] [--repeat 5]

1. `suggest` on a ~10 KB article (seed 002 plus seed 004 up to 10 KB),
   every obligation of the catalogue (target: < 200 ms).
1b. `suggest` on articles of 250 KB and 1 MB made of seed sentences each
   altered with random words and numbers, in three shapes: paragraphs of a
   few sentences, one paragraph with no line break, and one "sentence"
   with no full stop (target: 1 MB < 2 s, and linear: 1 MB about 4 times
   250 KB).
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
from tracker.domain.passage_index import PassageIndex  # noqa: E402
from tracker.domain.passages import split_passages  # noqa: E402
from tracker.domain.suggest import suggest  # noqa: E402
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


def perturbed(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    for _ in range(3):
        words.insert(rng.randrange(len(words) + 1), rng.choice(FILLER))
    words.append(f"({rng.randint(10, 99_999):,} {rng.choice(FILLER)})")
    return " ".join(words)


def long_article(size: int, sentences: list[str], shape: str, rng: random.Random) -> str:
    """About `size` characters of altered seed sentences: "paragraphs" (a few
    sentences each), "one-paragraph" (no line break) or "one-sentence" (no
    full stop, no line break)."""
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = perturbed(rng.choice(sentences), rng)
        if shape == "one-sentence":
            sentence = sentence.replace(".", ",").replace("?", ",").replace("!", ",")
        parts.append(sentence)
        length += len(sentence) + 1
        if shape == "paragraphs" and rng.random() < 0.3:
            parts.append("\n\n")
    text = " ".join(parts)
    return text[:size]


def long_articles(catalogue: object, sentences: list[str]) -> None:
    from tracker.domain.models import Catalogue

    assert isinstance(catalogue, Catalogue)
    print()
    suggest(" ".join(sentences[:50]), catalogue, published_on=None)  # build the catalogue's tables once
    for shape in ("paragraphs", "one-paragraph", "one-sentence"):
        times: dict[int, float] = {}
        for size in (250_000, 1_000_000):
            text = long_article(size, sentences, shape, random.Random(11))
            started, cpu = time.perf_counter(), time.process_time()
            found = suggest(text, catalogue, published_on=None, chrome=chrome_spans(text))
            times[size] = time.process_time() - cpu
            wall = time.perf_counter() - started
            print(f"suggest, {shape:13s} {len(text) / 1e6:4.2f} MB: {times[size]:6.2f} s CPU ({wall:.2f} s wall), "
                  f"{len(found)} suggestions" + ("  (target < 2 s)" if size == 1_000_000 else ""))
        ratio = times[1_000_000] / times[250_000]
        print(f"  1 MB / 250 KB = {ratio:.1f} (linear: about 4)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=10_000)
    parser.add_argument("--size", type=int, default=5_000, help="characters per synthetic source")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--long-only", action="store_true", help="only the long-article timings")
    args = parser.parse_args(argv)
    catalogue = parse_catalogue((ROOT / "obligations.yaml").read_text(encoding="utf-8"), "obligations.yaml")
    if args.long_only:
        long_articles(catalogue, seed_sentences())
        return 0

    # 1. One ~10 KB article.
    article = (SEEDS / "002_bf3b210313e2d176.txt").read_text(encoding="utf-8")
    article += "\n\n" + (SEEDS / "004_846fa88e2b47f457.txt").read_text(encoding="utf-8")
    article = article[:10_240]
    chrome = chrome_spans(article)
    times = []
    count = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        count = len(suggest(article, catalogue, published_on=None, chrome=chrome))
        times.append(time.perf_counter() - started)
    print(f"suggest, {len(article):,} chars, {len(catalogue.obligations)} obligations, "
          f"{count} suggestions: {_ms(times)}  (target < 200 ms)")

    # 1b. Long articles.
    sentences = seed_sentences()
    long_articles(catalogue, sentences)

    # 2. Many sources.
    for perturb in (False, True):
        rng = random.Random(7)
        label = "unique (perturbed) passages" if perturb else "verbatim seed sentences"
        started = time.perf_counter()
        sources = synthetic_sources(args.sources, args.size, sentences, perturb, rng)
        made = time.perf_counter() - started
        total_chars = sum(len(t) for t in sources.values())
        started = time.perf_counter()
        index = PassageIndex.build(sources, catalogue=catalogue)
        built = time.perf_counter() - started
        print(f"\n{args.sources:,} sources, {total_chars / 1e6:.1f} M chars, {len(index):,} passages, "
              f"{label}: generated in {made:.1f} s, index built in {built:.1f} s")
        per_obligation: list[tuple[str, float]] = []
        for obligation in catalogue.obligations:
            runs = []
            for _ in range(max(1, args.repeat // 2)):
                started = time.perf_counter()
                found = index.search(obligation, top_k=10)
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
