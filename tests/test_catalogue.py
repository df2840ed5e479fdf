"""The catalogue: the Doha agreement as the project ships it, and bad catalogues."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tracker.domain.catalogue import CatalogueError, parse_catalogue
from tracker.domain.dates import resolve_deadline

ROOT = Path(__file__).resolve().parent.parent
AGREEMENT_MD = ROOT.parent / "shared" / "AGREEMENT.md"
EXPECTED_IDS = [
    "us-drawdown-8600", "five-bases", "full-withdrawal-14-months", "prisoner-release",
    "us-sanctions-review", "un-sanctions-removal", "no-threat-or-force", "intra-afghan-talks",
    "ceasefire-agenda", "aq-no-use-of-soil", "aq-no-cooperation", "aq-no-recruit-train-fundraise",
    "asylum-migration-law", "no-travel-documents", "unsc-endorsement", "post-settlement-relations",
]


@pytest.fixture(scope="module")
def catalogue():
    return parse_catalogue((ROOT / "obligations.yaml").read_text(encoding="utf-8"), "obligations.yaml")


JOINT_DECLARATION_IDS = [
    "jd-counterterrorism", "jd-prisoner-discussions", "jd-intra-afghan-negotiations", "jd-us-drawdown-8600",
    "jd-full-withdrawal", "jd-unsc-endorsement", "jd-sanctions-review", "jd-security-assistance",
    "jd-no-interference",
]


def test_catalogue_has_exactly_the_agreement_ids(catalogue) -> None:
    doha = [o.id for o in catalogue.obligations if o.agreement == "doha-2020"]
    assert doha == EXPECTED_IDS
    assert [o.id for o in catalogue.obligations if o.agreement == "us-afghanistan-2020"] == JOINT_DECLARATION_IDS
    if AGREEMENT_MD.exists():  # the shared reference (Doha only), beside the clone in CI
        ids = re.findall(r"^\| `([a-z0-9-]+)` \|", AGREEMENT_MD.read_text(encoding="utf-8"), re.M)
        assert ids == EXPECTED_IDS


def test_restatements_point_at_the_same_promise_in_doha(catalogue) -> None:
    restated = {o.id: o.restates for o in catalogue.obligations if o.restates}
    assert restated["jd-us-drawdown-8600"] == "us-drawdown-8600"
    for jd, original in restated.items():
        assert catalogue.obligation(original).agreement == "doha-2020", jd
        assert set(catalogue.obligation(jd).obligor) <= set(catalogue.obligation(original).obligor), jd


def test_relative_deadlines_resolve_from_signing(catalogue) -> None:
    signed = catalogue.agreement("doha-2020").signed_on
    assert signed == dt.date(2020, 2, 29)
    due = {o.id: resolve_deadline(o.deadline, signed) for o in catalogue.obligations}
    assert due["us-drawdown-8600"] == dt.date(2020, 7, 13)  # 135 days
    assert due["five-bases"] == dt.date(2020, 7, 13)
    assert due["full-withdrawal-14-months"] == dt.date(2021, 4, 29)  # 14 months
    assert due["prisoner-release"] == dt.date(2020, 3, 10)
    assert due["aq-no-use-of-soil"] is None  # ongoing
    assert catalogue.obligation("us-drawdown-8600").deadline.kind == "relative"


def test_drawdown_metric_and_withdrawal_conditions(catalogue) -> None:
    metric = catalogue.obligation("us-drawdown-8600").metric
    assert (metric.baseline, metric.target, metric.direction.value, metric.unit) == (13000, 8600, "down", "troops")
    conditions = set(catalogue.obligation("full-withdrawal-14-months").depends_on)
    assert {"aq-no-use-of-soil", "aq-no-cooperation", "aq-no-recruit-train-fundraise"} <= conditions


def test_taliban_alias_is_the_agreement_name(catalogue) -> None:
    taliban = catalogue.party("taliban")
    assert any("not recognized by the United States as a state" in a for a in taliban.aliases)


def test_clause_text_is_verbatim_from_its_seed(catalogue) -> None:
    quoted = [o for o in catalogue.obligations if o.clause_text]
    assert quoted, "seed 004 quotes Part Two 1 and 3"
    for ob in quoted:
        article = (ROOT / "seeds" / ob.clause_source).read_text(encoding="utf-8")
        assert ob.clause_text in article


GOOD = (ROOT / "obligations.yaml").read_text(encoding="utf-8")


def _error(text: str) -> str:
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(text, "cat.yaml")
    message = str(info.value)
    assert "\n" not in message
    return message


def test_syntax_error_names_file_and_line() -> None:
    message = _error("agreements:\n  - id: x\n   bad: [\n")
    assert message.startswith("cat.yaml:") and "not valid YAML" in message


def test_duplicate_id_is_named_with_its_line() -> None:
    text = GOOD.replace("- id: five-bases", "- id: us-drawdown-8600", 1)
    message = _error(text)
    line = [i for i, ln in enumerate(text.splitlines(), 1) if "- id: us-drawdown-8600" in ln][-1]
    assert "duplicate id 'us-drawdown-8600'" in message
    assert message.startswith(f"cat.yaml:{line}:")


def test_unknown_party_suggests_the_nearest() -> None:
    message = _error(GOOD.replace("obligor: [taliban]", "obligor: [talibann]", 1))
    assert "unknown party 'talibann'" in message and "taliban" in message


def _edit_block(text: str, obligation_id: str, old: str, new: str) -> str:
    start = text.index(f"- id: {obligation_id}")
    end = text.find("- id:", start + 5)
    block = text[start:end]
    assert old in block
    return text[:start] + block.replace(old, new, 1) + text[end:]


def test_cyclic_condition_is_refused() -> None:
    text = _edit_block(GOOD, "intra-afghan-talks", "depends_on: []", "depends_on: [un-sanctions-removal]")
    message = _error(text)
    assert "conditions form a cycle" in message
    assert "intra-afghan-talks" in message and "un-sanctions-removal" in message


def test_bad_deadline_and_missing_field() -> None:
    assert "deadline" in _error(GOOD.replace("after_signing: {days: 135}", "after_signing: {days: -5}", 1))
    message = _error(GOOD.replace("    title: ", "    titel: ", 1))
    assert "titel" in message or "title" in message
