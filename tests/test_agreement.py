"""Two analysts' marks of the same articles, scored against each other as
suggestions are: the ceiling their disagreement puts on the metrics."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tracker.errors import InvalidInput
from tracker.evaluate import agreement, load_catalogue_file

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "Kabul frees more captives\n\n"
    "KABUL, May 4 - The government freed 300 Taliban inmates on Sunday, officials said, and "
    "promised more within the week. Weather delayed flights at the airport. "
    "Talks between the two Afghan sides have still not opened, two months after the date set for them.\n"
)


def _write(path: Path, marks: list[dict[str, str]], text: str = TEXT) -> Path:
    article = {"name": "capt", "published_on": "2020-05-04", "text": text, "gold": marks}
    path.write_text(yaml.safe_dump({"articles": [article]}, sort_keys=False), encoding="utf-8")
    return path


FREED = {"obligation": "prisoner-release", "quote": "The government freed 300 Taliban inmates on Sunday",
         "stance": "supports-compliance"}
TALKS = {"obligation": "intra-afghan-talks", "quote": "Talks between the two Afghan sides have still not opened",
         "stance": "indicates-breach"}


def test_a_second_analyst_is_scored_like_suggestions(tmp_path: Path) -> None:
    catalogue = load_catalogue_file(ROOT / "obligations.yaml")
    first = _write(tmp_path / "a.yaml", [FREED, TALKS])
    # the second marks a clause of the same sentence (widened to the passage),
    # with another stance, misses the talks and adds one the first did not mark
    second = _write(tmp_path / "b.yaml", [
        {"obligation": "prisoner-release", "quote": "freed 300 Taliban inmates", "stance": "context"},
        {"obligation": "jd-prisoner-discussions", "quote": "promised more within the week", "stance": "context"},
    ])
    score = agreement(first, second, catalogue).overall
    assert (score.found, score.gold, score.relevant, score.returned) == (1, 2, 1, 2)
    assert score.recall == 0.5 and score.precision == 0.5
    assert score.stance_accuracy == 0.0  # the one shared mark, stances differ
    assert agreement(first, first, catalogue).overall.stance_accuracy == 1.0


def test_files_of_different_articles_are_refused(tmp_path: Path) -> None:
    catalogue = load_catalogue_file(ROOT / "obligations.yaml")
    first = _write(tmp_path / "a.yaml", [FREED])
    second = _write(tmp_path / "b.yaml", [FREED], text=TEXT.replace("300", "400"))
    with pytest.raises(InvalidInput, match="same text"):
        agreement(first, second, catalogue)


def test_each_second_analysts_file_pairs_with_the_first_ones() -> None:
    """eval/gold/second/secondNN.yaml marks the articles of
    eval/gold/studied/heldoutNN.yaml again, by another analyst: same names
    and texts, and the two agree on most stances of the passages both mark."""
    catalogue = load_catalogue_file(ROOT / "obligations.yaml")
    seconds = sorted((ROOT / "eval" / "gold" / "second").glob("second*.yaml"))
    assert seconds
    for second in seconds:
        first = ROOT / "eval" / "gold" / "studied" / second.name.replace("second", "heldout")
        result = agreement(first, second, catalogue)
        assert len(result.articles) == len(yaml.safe_load(first.read_text(encoding="utf-8"))["articles"])
        score = result.overall
        assert score.stance_accuracy is not None and score.stance_accuracy > 0.7, second.name
