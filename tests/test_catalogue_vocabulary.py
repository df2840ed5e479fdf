"""The agreement's vocabulary lives in the catalogue: people, themes, terms,
obligations' verbs, objects and forbidden acts; the domain code names no
party, person or date of the agreement."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tracker.domain.catalogue import CatalogueError, parse_catalogue

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = (ROOT / "obligations.yaml").read_text(encoding="utf-8")


def test_the_shipped_catalogue_has_the_vocabulary() -> None:
    cat = parse_catalogue(SHIPPED)
    people = {p.name: p for p in cat.people()}
    assert people["Suhail Shaheen"].party == "taliban"
    assert people["Suhail Shaheen"].label() == "Taliban spokesman Suhail Shaheen"
    assert all(p.party is None or cat.party(p.party) for p in cat.people())
    assert {t.id for t in cat.agreements[0].themes} >= {o for ob in cat.obligations for o in ob.themes}
    drawdown = cat.obligation("us-drawdown-8600")
    assert drawdown is not None and "reduce" in drawdown.verbs and "troops" in drawdown.objects
    assert cat.signed_on(drawdown) == dt.date(2020, 2, 29)
    assert all(o.verbs or o.forbids for o in cat.obligations)


def _with(old: str, new: str) -> str:
    assert old in SHIPPED
    return SHIPPED.replace(old, new, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_with("        party: taliban\n        aliases: [Shaheen]", "        party: talibn\n        aliases: [Shaheen]"),
         r"obligations.yaml:\d+: agreements\[doha-2020\]\.people\[1\]\.party: unknown party 'talibn' \(did you mean taliban"),
        (_with("    themes: [withdrawal]\n", "    themes: [withdrawl]\n"),
         r"obligations.yaml:\d+: obligations\[us-drawdown-8600\]\.themes: unknown theme 'withdrawl'"),
        (_with("    verbs: [reduce,", "    verbz: [reduce,"),
         r"obligations.yaml:\d+: .*unknown field 'verbz'"),
    ],
)
def test_mistakes_in_the_vocabulary_are_one_line(text: str, message: str) -> None:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "obligations.yaml")
    assert "\n" not in str(caught.value)
    assert re.search(message, str(caught.value)), str(caught.value)


def test_the_domain_code_names_nothing_of_the_agreement() -> None:
    names = re.compile(r"Pompeo|Trump|Khalilzad|Shaheen|Mujahid|Taliban|Doha|Qaeda|2020, 2, 29", re.IGNORECASE)
    owned = ["suggest", "lexicon", "ranking", "quantities", "date_mentions", "observation", "claimants", "stance",
             "calibration", "passage_index", "passages", "dates", "evaluation"]
    for module in owned:
        source = (ROOT / "tracker" / "domain" / f"{module}.py").read_text(encoding="utf-8")
        code = "\n".join(line.split("#")[0] for line in source.splitlines())
        assert not names.search(code), f"{module}.py: {names.search(code)}"
