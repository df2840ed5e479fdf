"""Each pattern file of eval/gold/ (passages written for the evaluation, one
file per rule) is found, and the fields an analyst expects (claimant,
outlet, observation date, level, approximation, stance) are right. The
held-out files are only checked to be well-formed: their figures are
reported by benchmarks/eval_suggest.py, never asserted or tuned on.

The patterns test the reading rules, so they are scored at the confidence
the rules were written against (0.1), not at the product's threshold: a
short article of two or three sentences gives its passages a lower
confidence than the same sentence in a full story, and where the threshold
stands is measured on the writers' rounds (see `calibration.MIN_CONFIDENCE`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from tracker.domain.catalogue import parse_catalogue
from tracker.domain.evaluation import locate_quote
from tracker.domain.models import Catalogue
from tracker.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold"
PATTERNS = sorted((GOLD / "patterns").glob("*.yaml"))
PATTERN_CONFIDENCE = 0.1


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return parse_catalogue((ROOT / "obligations.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", PATTERNS, ids=[p.stem for p in PATTERNS])
def test_pattern_file(path: Path) -> None:
    result = evaluate([path], catalogue(), min_confidence=PATTERN_CONFIDENCE)
    total = result.overall
    assert total.recall is not None and total.recall >= 0.6, (path.stem, total)
    assert total.stance_accuracy is None or total.stance_accuracy >= 0.75, (path.stem, total)
    wrong = [w for check in result.fields.values() for w in check.wrong]
    assert not wrong, wrong
    assert not result.dated_after_article


def test_patterns_together_reach_the_targets() -> None:
    total = evaluate(PATTERNS, catalogue(), min_confidence=PATTERN_CONFIDENCE).overall
    assert total.recall is not None and total.recall >= 0.85, total
    assert total.precision is not None and total.precision >= 0.45, total
    assert total.stance_accuracy is not None and total.stance_accuracy >= 0.8, total


@pytest.mark.parametrize("path", sorted(GOLD.rglob("*.yaml")), ids=lambda p: p.stem)
def test_gold_files_are_well_formed(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "articles" not in data:
        return  # sentences.yaml, dates.yaml: checked by their own tests
    known = {o.id for o in catalogue().obligations}
    for article in data["articles"]:
        text = article.get("text") or (ROOT / article["file"]).read_text(encoding="utf-8")
        for item in article["gold"]:
            assert item["obligation"] in known
            assert locate_quote(text, item["quote"], item.get("prefix")) is not None, item["quote"]
            assert item.get("stance") in (None, "supports-compliance", "indicates-breach", "context")


def test_the_stored_date_counts_an_undated_sentence_as_the_articles(tmp_path: Path) -> None:
    """A writer who gives the article's date to an undated sentence about the
    present disagrees with `observed_on` (None: the text gives no date) but
    agrees with the date the record stores once the suggestion is accepted."""
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump({"articles": [{
        "name": "undated-present",
        "published_on": "2021-02-10",
        "text": "About 2,500 American troops remain in Afghanistan, defense officials said.\n\n"
                "Snow closed the Salang pass for a day.\n",
        "gold": [{"obligation": "full-withdrawal-14-months",
                  "quote": "About 2,500 American troops remain in Afghanistan, defense officials said.",
                  "observed_on": "2021-02-10"}],
    }]}), encoding="utf-8")
    result = evaluate([gold], catalogue())
    assert (result.fields["observed_on"].right, result.fields["observed_on"].total) == (0, 1)
    assert (result.fields["stored_on"].right, result.fields["stored_on"].total) == (1, 1)


def test_by_act_counts_a_passage_marked_under_an_obligation_and_its_restatement_once(tmp_path: Path) -> None:
    text = ("WASHINGTON, July 14 (Example Wire) - The United States has cut its force in Afghanistan to 8,600 "
            "troops, meeting the first withdrawal target of the deal, the Pentagon said on Tuesday.\n\n"
            "Markets were calm.\n")
    quote = "The United States has cut its force in Afghanistan to 8,600 troops"
    gold = tmp_path / "restated.yaml"
    gold.write_text(yaml.safe_dump({"articles": [{
        "name": "restated", "published_on": "2020-07-14", "text": text,
        "gold": [{"obligation": "us-drawdown-8600", "quote": quote},
                 {"obligation": "jd-us-drawdown-8600", "quote": quote}],
    }]}), encoding="utf-8")
    strict = evaluate([gold], catalogue()).overall
    by_act = evaluate([gold], catalogue(), by_act=True).overall
    assert (strict.found, strict.gold) == (2, 2)  # suggested for the Doha original and its twin
    assert (by_act.found, by_act.gold) == (1, 1)  # one act, one passage, found
    assert by_act.precision == strict.precision == 1.0
    assert (strict.returned, by_act.returned) == (2, 1)  # the twin counts once by act
