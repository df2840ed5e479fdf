"""Counts in article text, with their unit, approximation and kind. Pure.

`extract_quantities(text)` finds counts ("roughly 8,600 troops",
"between 400 and 600 members", "five bases"); years, days of the month,
clock times and money are not counts of anything the agreement limits
(money is kept with unit "dollars").

Each count says what it is (`kind`):

- `level`: a count observed at a time: "there are now 8,600 troops", "down
  from 13,000 troops in February to 8,600 last week", "4,000 prisoners have
  been freed so far".
- `target`: a plan, a promise, a limit or a goal: "will cut to 8,600",
  "has begun reducing ... to 8,600 troops over 135 days", "below 8,600
  would be contingent", "up to 5,000 prisoners".
- `change`: an amount added or taken away: "withdrawing some 4,000 troops",
  "cut by 2,000", "freed 900 prisoners on Thursday".

Only a level may be recorded as a metric value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LEVEL = "level"
TARGET = "target"
CHANGE = "change"

_UNIT_CANON = {
    "troop": "troops", "troops": "troops", "soldier": "troops", "soldiers": "troops",
    "force": "troops", "forces": "troops", "servicemembers": "troops",
    "personnel": "troops", "marines": "troops",
    "prisoner": "prisoners", "prisoners": "prisoners", "detainee": "prisoners",
    "detainees": "prisoners", "inmates": "prisoners", "captives": "prisoners",
    "operative": "operatives", "operatives": "operatives",
    "fighter": "fighters", "fighters": "fighters", "militant": "fighters",
    "militants": "fighters", "insurgents": "fighters", "combatants": "fighters",
    "member": "members", "members": "members",
    "province": "provinces", "provinces": "provinces",
    "base": "bases", "bases": "bases", "outposts": "bases",
    "contractor": "contractors", "contractors": "contractors",
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months", "year": "years", "years": "years",
    "percent": "percent", "%": "percent",
    "people": "people", "civilians": "civilians", "lives": "lives", "deaths": "deaths",
    "attacks": "attacks", "attack": "attacks", "camps": "camps", "camp": "camps",
    "groups": "groups", "languages": "languages", "countries": "countries",
    "visas": "visas", "passports": "passports",
}
# Lower-case words that may stand between a number and its unit ("2,000
# armed fighters", "8,600 U.S. troops"); capitalised words (names of
# groups and countries) and name particles ("al") may too.
_FILLER = frozenset(
    ["armed", "active", "u.s.", "us", "american", "foreign", "more", "additional", "other", "government", "military", "coalition", "allied", "new", "senior", "hardcore", "international", "combat", "elite", "special", "security", "trained", "of", "the", "its", "their", "remaining", "smaller", "militant", "is", "suspected", "civilian", "non-diplomatic", "private", "regular", "local", "western", "al", "el", "bin", "abu"]
)
_APPROX_WORDS = (
    "roughly", "about", "around", "approximately", "approx.", "some", "nearly", "almost", "up to",
    "more than", "over", "at least", "fewer than", "less than", "as low as", "as many as",
    "as few as", "an estimated", "estimated", "close to", "just over", "just under", "under",
    "below", "above", "upwards of", "between",
)
_APPROX_BEFORE = re.compile(
    r"\b(" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _APPROX_WORDS) + r")\s*$",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000,
}
_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER_RE = re.compile(
    r"(?<![\w.,/:$-])(" + _NUM + r")(?:\s*(?:-|\u2013|\u2014|to|and)\s*(" + _NUM + r"))?"
    r"(?![\w/:]|[.,]\d)"
    r"|\b(" + "|".join(_NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"[$\u20ac\u00a3]\s*$")
_MULTIPLIER = re.compile(r"^\s*(billion|million|thousand)\b", re.IGNORECASE)
_MONTH_BEFORE = re.compile(r"\b(?:" + _MONTH_NAMES + r")\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(r"^\s*(?:" + _MONTH_NAMES + r")\b", re.IGNORECASE)
_TOKEN_AFTER = re.compile(r"\s*([%]|[A-Za-z][A-Za-z'\u2019.-]*)")
_DURATIONS = frozenset({"days", "weeks", "months", "years"})
_HEAD_COUNTS = frozenset({"troops", "prisoners", "fighters", "operatives", "members", "bases"})
_UNIT_BEFORE = re.compile(
    r"\b(troops?|soldiers|forces?|prisoners|detainees|fighters|militants|operatives|bases|military(?=\s+presence))\b"
    r"(?:\s+(?:level|levels|numbers?|strength|presence|count))?"
    r"(?:\s+(?:in|of|from)\s+(?:[A-Z][\w-]*|the\s+country))?"
    # ("The military presence, which stood at about 13,000")
    r"(?:,?\s+(?:which|that)\b)?"
    # (a comma may set the words off: "the U.S. force, now about 8,600")
    r"(?:,?\s+(?:was|were|is|are|at|to|of|from|numbered|number|totals?|totaled|stood\s+at|stands?\s+at|standing\s+at|"
    r"had|has|have|been|be|cut|reduced|brought|lowered|drawn|down|will|would|fall|fallen|fell|rise|risen|drop|dropped|"
    r"shrink|shrunk|shrank|further|fewer\s+than|more\s+than|less\s+than|"
    r"fell\s+to|dropped\s+to|down\s+to|come\s+down\s+to|came\s+down\s+to|reached|below|above|under|over|around|about|roughly|"
    r"approximately|nearly|some|as\s+low\s+as|as\s+many\s+as|now|now\s+down\s+to|"
    r"[\u201c\"])){1,5}\s*$",
    re.IGNORECASE,
)

# Cues of the kind, read in the clause before the number (generic English).
_CHANGE_BEFORE = re.compile(
    r"\b(?:withdr[ae]w\w*|pull(?:ed|ing|s)?\s+out|pulled|sen[dt]\w*\s+home|br(?:ing|ought)\w*\s+home|"
    r"deploy\w*|sen[dt]\w*|add\w*|another|additional|extra|an?\s+further|"
    r"(?:reduc|cut|increas|rais|boost|lower|decreas|trimm?)\w*\s+(?:[\w'-]+\s+){0,4}by|"
    r"by\s+(?:some|about|roughly|around|nearly)?|"
    r"fre(?:e|ed|es|eing)|releas\w*|swapp?\w*|exchang\w*|hand\w*\s+over|handed)"
    r"(?:\s+(?:a|an|the|its|their|some|about|roughly|around|nearly|almost|over|more\s+than|"
    r"up\s+to|at\s+least|another|additional|of|than))*\s*$",
    re.IGNORECASE,
)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:about|roughly|around|nearly|some|more\s+than)?\s*$", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\b(?:to|down\s+to|up\s+to|at)\s+(?:about|roughly|around|nearly|some|fewer\s+than|"
                        r"just\s+over|just\s+under|under|below)?\s*$", re.IGNORECASE)
_PLAN = re.compile(
    r"\b(?:will|would|shall|should|could|can|must|plans?|planned|planning|aims?|aimed|aiming|goal|"
    r"target(?:s|ed)?|to\s+reach|to\s+reduce|to\s+cut|to\s+bring|to\s+release|to\s+free|to\s+withdraw|"
    r"expect(?:s|ed)?|scheduled|due|set\s+to|going\s+to|intends?|promised?|pledged?|vowed|agreed|committed|"
    r"calls?\s+for|called\s+for|under\s+the\s+(?:deal|agreement|accord)|cap|ceiling|limit|"
    r"begun|began|begin|beginning|start(?:ed|ing|s)?|within|over\s+the\s+next|contingent|if|unless|"
    r"moved\s+to|ready\s+to|seeks?\s+to|want(?:s|ed)?\s+to|hopes?\s+to)\b",
    re.IGNORECASE,
)
def _lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern` without IGNORECASE, for text already lower-cased (its words
    are all lower case): a word alternation under IGNORECASE costs four times
    as much, and these run on every count's clause."""
    return re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)


_PLAN_LOWER = _lowered(_PLAN)


def _planned(text: str) -> bool:
    return _PLAN_LOWER.search(text.lower()) is not None

# (A plan word after ", and", ", but" or ", while" is another clause's: "had come
# down to 2,500, and that any further cuts would be up to the next president".)
_PLAN_AFTER = re.compile(
    # (another number between them takes the date: "13,000 then, was cut to 2,500 by Jan. 15")
    # (nor after ", which is the level the deal called for": what the count is, not a plan for it)
    # (a dot after a one-letter word is an abbreviation's, "650 U.S. troops are expected to stay", not a sentence end)
    r"^(?:(?!,\s*(?:and|but|while|whereas|although|though|which\s+(?:is|was)|the\s+(?:level|number|figure))\b)(?:[^.;\d]|(?<=\b[a-zA-Z])\.)){0,60}?\b(?:by\s+(?:the\s+end\s+of|mid-?|early|late|next|" + _MONTH_NAMES + r"|\d{4})|"
    r"within\s+\d+|over\s+(?:the\s+next\s+)?\d+\s+(?:days|weeks|months)|in\s+the\s+coming|"
    # ("650 troops will remain for embassy security": the force planned to stay, not a count)
    r"would\s+be|will\s+be|(?:will|would)\s+(?:remain|stay)|is\s+expected|are\s+expected)\b",
    re.IGNORECASE,
)
# "some 2,000 troops will leave in the first phase": a departure to come, not a level (the count's own verb,
# not another clause's: "8,600 remain and will leave later" stays a level)
_DEPARTING_AFTER = re.compile(
    r"^\s*(?:(?!and\b|but\b|or\b|remain\w*\b|are\b|were\b|is\b|was\b|who\b|which\b|that\b)[A-Za-z.-]+\s+){0,3}?"
    r"(?:will|would|are\s+to|are\s+due\s+to|are\s+set\s+to)\s+(?:leave|depart|withdraw|go\s+home|come\s+home|return\s+home|"
    r"pull\s+out|fly\s+out|head\s+home)\b",
    re.IGNORECASE,
)
_CUMULATIVE_AFTER = re.compile(
    r"^[^.;]{0,50}?\b(?:so\s+far|to\s+date|in\s+total|altogether|have\s+(?:now\s+)?been|has\s+(?:now\s+)?been|"
    r"remain|remained|are\s+(?:still|now)|were\s+(?:still|left)|left\s+in|stationed|on\s+the\s+ground)\b",
    re.IGNORECASE,
)
# "about 13,000 when the agreement was signed": the level before, at the signing
_AT_THE_SIGNING_AFTER = re.compile(
    r"\s*(?:[A-Za-z.]+\s+){0,2}?(?:when|as|at\s+the\s+time)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:was|were)\s+signed\b"
    r"|\s*(?:[A-Za-z.]+\s+){0,2}?at\s+the\s+(?:signing|start)\b", re.IGNORECASE)
# A count reached, in the past tense, and the date it was reached by.
_DONE_TO = re.compile(r"\b(?:was|were|had\s+been|has\s+been|have\s+been|had|fell|dropped|came\s+down|shrank)\s+"
                      r"(?:(?:\w+\s+){0,2}?|from\s+[^.;]{0,40}?\s+)"  # "fell from about 13,000 at signing to"
                      r"to\s+(?:about|roughly|around|nearly|some|just\s+under|under)?\s*$", re.IGNORECASE)
_BY_A_DATE_AFTER = re.compile(r"^\s*(?:[a-zA-Z.]+\s+){0,2}?by\s+(?:the\s+end\s+of\s+|mid-?|early\s+|late\s+)?"
                              r"(?:" + _MONTH_NAMES + r"|\d{4})\b", re.IGNORECASE)
_LIMIT_BEFORE = re.compile(r"\b(?:below|under|beyond|further|above|over|cap\s+of|ceiling\s+of)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A count found in text: `value` of `unit` at text[start:end].

    `kind` is LEVEL, TARGET or CHANGE; `approximation` the word that
    qualifies it ("about", "nearly", "more than"), or None. For a range
    ("400 to 600") both ends are returned with `is_range=True`.
    """

    value: int
    unit: str | None
    approximate: bool
    start: int
    end: int
    is_range: bool = False
    kind: str = LEVEL
    approximation: str | None = None
    # A level the text gives as the one before ("down from 13,000").
    previous: bool = False

    def describe(self) -> str:
        """"~8,600 troops (level)" for explanations."""
        approx = f"{self.approximation} " if self.approximation else ""
        unit = f" {self.unit}" if self.unit else ""
        return f"{approx}{self.value:,}{unit} ({self.kind})"


def _to_int(raw: str) -> int:
    return int(float(raw.replace(",", "")))


def _unit_after(text: str, pos: int) -> tuple[str | None, int]:
    """Canonical unit among the few words after `pos`, and where it ends."""
    cursor = pos
    for _ in range(5):
        match = _TOKEN_AFTER.match(text, cursor)
        if not match:
            return None, pos
        raw = match.group(1)
        word = raw.lower().rstrip(".")
        bare = word.replace(".", "")
        if word == "service" and text[match.end(): match.end() + 8].lower().startswith(" members"):
            return "troops", match.end() + 8
        if word == "per" and text[match.end(): match.end() + 5].lower().startswith(" cent"):
            return "percent", match.end() + 5
        if word in _UNIT_CANON:
            return _UNIT_CANON[word], match.end()
        if word == "troop" and re.match(r"\s+(?:level|numbers?|strength)", text[match.end():]):
            return "troops", match.end()
        if word.endswith("-strong"):
            return None, pos
        proper = raw[0].isupper()
        if bare not in _FILLER and not proper and not (bare.endswith("s") and bare[:-1] in _FILLER):
            return None, pos
        cursor = match.end()
    return None, pos


def _unit_before(before: str) -> str | None:
    """A head-count unit named just before a bare number: "US troops in
    the country below 8,600", "the number of fighters ... was 2,200"."""
    match = _UNIT_BEFORE.search(before)
    if not match:
        return None
    word = match.group(1).lower()
    return "troops" if word == "military" else _UNIT_CANON[word]  # "military presence"; "troop" is in the table


def _is_year(raw: str, unit: str | None) -> bool:
    # only four plain digits: "16.9" (million) is a number, not a year, and no int
    return (unit not in _HEAD_COUNTS) and raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100


def _approximation(before: str) -> str | None:
    match = _APPROX_BEFORE.search(before)
    return " ".join(match.group(1).lower().split()) if match else None


def _clause_before(text: str, start: int) -> str:
    """The clause before a number: back to the last sentence or clause break."""
    window = text[max(0, start - 160): start]
    cut = max(window.rfind(". "), window.rfind("; "), window.rfind(": "), window.rfind("\n"))
    return window[cut + 1:] if cut >= 0 else window


_CASUALTIES_AFTER = re.compile(
    r"^\s*(?:[A-Za-z.-]+\s+){0,3}?(?:were\s+|have\s+been\s+|had\s+been\s+|was\s+)?(?:killed|died|dead|wounded|injured|"
    r"lost\s+their\s+lives|have\s+died|had\s+died)\b", re.IGNORECASE)
_NOW_BEFORE = re.compile(r"\bnow\s+(?:about|around|roughly|some|nearly|at|just|only|fewer than|more than)?\s*$", re.IGNORECASE)
# "about 250 troops had flown out": those who left, not those left ("troops left in the country" remain)
_DEPARTED_AFTER = re.compile(
    r"^\s*(?:(?!and\b|but\b|or\b)[A-Za-z.-]+\s+){0,3}?(?:had|have|has|were|was)\s+(?:already\s+)?(?:flown\s+out|flown\s+home|left\b(?!\s+(?:in|behind))|"
    r"departed|pulled\s+out|gone\s+home|returned\s+home|come\s+home)|^\s*(?:(?!and\b|but\b|or\b)[A-Za-z.-]+\s+){0,3}?(?:flew\s+out|flew\s+home|departed|"
    r"pulled\s+out|went\s+home|returned\s+home|came\s+home)\b",
    re.IGNORECASE,
)


_LIMIT_BEFORE_L, _FROM_BEFORE_L, _CHANGE_BEFORE_L = _lowered(_LIMIT_BEFORE), _lowered(_FROM_BEFORE), _lowered(_CHANGE_BEFORE)
_CUMULATIVE_AFTER_L, _NOW_BEFORE_L, _PLAN_AFTER_L = _lowered(_CUMULATIVE_AFTER), _lowered(_NOW_BEFORE), _lowered(_PLAN_AFTER)
_DONE_TO_L, _MONTH_BEFORE_L, _MONTH_AFTER_L = _lowered(_DONE_TO), _lowered(_MONTH_BEFORE), _lowered(_MONTH_AFTER)


# "had fallen to the agreed level of 8,600", "reached the target of 4,500":
# a count reached, named by the plan it meets
_REACHED_NAMED_L = re.compile(
    r"\b(?:fell|fallen|dropped|reached|hit|(?:come|came|gone|went)\s+down|shrunk|shrank|declined)\s+(?:to\s+)?"
    r"the\s+(?:[\w-]+\s+){0,2}?(?:level|target|goal|figure|mark)\s+(?:of\s+)?"
    r"(?:about\s+|around\s+|roughly\s+|some\s+|nearly\s+|just\s+under\s+)?$")
_MODAL_BEFORE_L = re.compile(r"\b(?:will|would|shall|should|could|can|must|to|expected|set|may|might)\s+(?:have\s+)?(?:\w+\s+)?$")


def classify(text: str, start: int, end: int, approximation: str | None) -> str:
    """The kind of the count at text[start:end] (see the module doc)."""
    clause = _clause_before(text, start)
    near = clause[-70:]
    after = text[end: end + 90]
    # (the case-blind tests run on lower-cased copies, see `_lowered`)
    clause_l, near_l, after_l = clause.lower(), near.lower(), after.lower()
    if approximation == "up to" or _LIMIT_BEFORE_L.search(near_l):
        # "up to 5,000 prisoners", "below 8,600": a ceiling, not a count.
        return TARGET
    if _FROM_BEFORE_L.search(near_l):
        return LEVEL  # "down from 13,000": the level before
    planned_clause = _PLAN_LOWER.search(clause_l) is not None
    if _CHANGE_BEFORE_L.search(near_l):
        if planned_clause and not _CUMULATIVE_AFTER_L.match(after_l):
            return TARGET if re.search(r"\bto\s*$|\bto\s+\w+\s*$", near) else CHANGE
        return LEVEL if _CUMULATIVE_AFTER_L.match(after_l) else CHANGE
    if _CASUALTIES_AFTER.match(after):
        return CHANGE  # "59 German troops lost their lives": the dead, not a force
    now = _NOW_BEFORE_L.search(near_l) is not None
    if now or _DEPARTED_AFTER.match(after):
        # "the force, now about 8,600, would shrink to 4,500": the level now,
        # whatever is planned next ... "250 troops had flown out": a departure
        return LEVEL if now else CHANGE
    planned_after = _PLAN_AFTER_L.match(after_l) is not None or _DEPARTING_AFTER.match(after) is not None
    if planned_clause or planned_after:
        reached = _REACHED_NAMED_L.search(near_l)
        if reached and not _MODAL_BEFORE_L.search(near_l, 0, reached.start()) and not planned_after:
            return LEVEL  # "had fallen to the agreed level of 8,600": the plan's number, reached
        # "has fallen to 8,600 and will fall further": the plan follows.
        fallen = re.search(r"\b(?:fell|fallen|dropped|stood|reached|now|is|are|was|were|has|have|had)\b[^,;]*$", near)
        if fallen and not _planned(near[fallen.start():]) and not planned_after:
            return LEVEL
        if _DONE_TO_L.search(near_l) and not planned_clause and _BY_A_DATE_AFTER.match(after):
            return LEVEL  # "was cut to 2,500 by Jan. 15": reached by then
        return TARGET
    return LEVEL


def holds_a_number(text: str) -> bool:
    """Whether `extract_quantities` can find anything in `text` at all (a
    cheap test that rules a passage out before the extraction)."""
    return _NUMBER_RE.search(text) is not None or _NONE_LEFT.search(text) is not None


def extract_quantities(text: str) -> list[Quantity]:
    """Counts in `text`, in order of appearance."""
    found: list[Quantity] = []

    def add(value: int, unit: str | None, start: int, end: int, before: str, *,
            is_range: bool = False, forced_approx: bool = False) -> None:
        approximation = _approximation(before)
        approximate = forced_approx or approximation is not None
        kind = classify(text, start, end, approximation)
        previous = kind == LEVEL and (bool(_FROM_BEFORE.search(text[max(0, start - 30): start]))
                                      or bool(_AT_THE_SIGNING_AFTER.match(text, end)))
        if unit is None and found and found[-1].unit is not None and start - found[-1].end < 60 and (
            previous or re.search(r"\bto\s+(?:about|roughly|around|nearly|some)?\s*$", text[max(0, start - 20): start])
        ) and not re.search(r"[.;]\s+[A-Z\"\u201c]", text[found[-1].end: start]):
            unit = found[-1].unit  # "down from 13,000 troops in February to 8,600"
        found.append(Quantity(value, unit, approximate, start, end, is_range, kind, approximation, previous))

    for match in _NUMBER_RE.finditer(text):
        before = text[max(0, match.start() - 40): match.start()]
        wide = text[max(0, match.start() - 70): match.start()]
        if match.group(3):
            word = match.group(3).lower()
            unit, _ = _unit_after(text, match.end())
            # Number words count only with a unit: "five bases", not "two of them".
            if unit is None:
                continue
            add(_NUMBER_WORDS[word], unit, match.start(3), match.end(3), before)
            continue
        first, second = match.group(1), match.group(2)
        after = text[match.end(): match.end() + 12]
        if _MONTH_BEFORE_L.search(before.lower()) or _MONTH_AFTER_L.match(after.lower()):
            continue  # "May 26", "29 February"
        if _MONEY_BEFORE.search(before):
            multiplier = _MULTIPLIER.match(after)
            scale = {"billion": 10**9, "million": 10**6, "thousand": 1000}
            value = (int(float(first.replace(",", "")) * scale[multiplier.group(1).lower()])
                     if multiplier else _to_int(first))
            add(value, "dollars", match.start(1), match.end(1), before)
            continue
        unit, _ = _unit_after(text, match.end())
        if unit in _DURATIONS and _to_int(first) >= 1000:
            unit = None  # "down to 8,600 weeks ahead of schedule": a count, then how early
        unit_named_before = unit is None
        if unit is None:
            unit = _unit_before(wide)
        if second is None:
            if _is_year(first, unit) or text[max(0, match.start() - 1): match.start()] == "#":
                continue
            if unit_named_before and _is_year(first, None):
                continue  # "the force of 2020": a year after a unit word is still a year
            add(_to_int(first), unit, match.start(1), match.end(1), before)
            continue
        joiner = text[match.end(1): match.start(2)].strip().lower()
        if joiner == "and" and not re.search(r"between\s*$", before, re.IGNORECASE):
            # "2019 and 2020", "400 troops and 600 ...": two separate numbers.
            for group in (1, 2):
                raw = match.group(group)
                u = unit if group == 2 else _unit_after(text, match.end(1))[0]
                if _is_year(raw, u):
                    continue
                add(_to_int(raw), u, match.start(group), match.end(group),
                    text[max(0, match.start(group) - 40): match.start(group)])
            continue
        if _is_year(first, None) and _is_year(second, None) and unit is None:
            continue  # "2019-2020"
        for group in (1, 2):
            add(_to_int(match.group(group)), unit, match.start(group), match.end(group), before,
                is_range=True, forced_approx=True)
    for match in _NONE_LEFT.finditer(text):
        # "no American troops remained in the country": the count is zero
        unit = _UNIT_CANON.get((match.group("unit") or match.group("unit_after_no")).lower())
        if unit is not None:
            at = match.start() if match.group("unit") else match.start("no")  # the "no" that makes it zero
            found.append(Quantity(0, unit, False, at, at + 2, kind=LEVEL))
    found.sort(key=lambda q: q.start)
    return found


_NONE_LEFT = re.compile(
    r"\b[Nn]o\s+(?:more\s+)?(?:[A-Z][\w.]*\s+|foreign\s+|international\s+)?(?P<unit>troops|soldiers|forces|service\s+members)\s+"
    r"(?:now\s+|still\s+)?(?:remained|remain|remains|were\s+left|are\s+left|was\s+left|left\s+(?:in|on|inside)|stayed|were\s+still|"
    r"on\s+Afghan\s+soil|on\s+the\s+ground)\b"
    # "leaving no US troops in Afghanistan", "there are no American troops in the country"
    r"|\b(?:leaving|leaves|left|[Tt]here\s+(?:are|were)(?:\s+now)?)\s+(?P<no>no)\s+(?:more\s+)?(?:[A-Z][\w.]*\s+|foreign\s+|international\s+)?"
    r"(?P<unit_after_no>troops|soldiers|forces|service\s+members)\s+(?:in|on|inside)\b"
)


# "bringing the alliance's Resolute Support mission to roughly 12,000": a
# count the allies hold, with no US holder named near it
_ALLIED_HOLDER = re.compile(r"\b(?:[Aa]lliance|NATO|Nato|[Cc]oalition|Resolute Support|[Aa]llied|[Aa]llies|[Pp]artner nations|"
                            r"non-U\.?S\.?|[Oo]ther countries)\b")
_US_HOLDER = re.compile(r"\b(?:U\.S\.|US|American|United States)(?![\w.-])")


def held_by_allies(text: str, quantity: Quantity) -> bool:
    """Whether the count is the allies' rather than the United States' (the
    80 characters before it name the alliance and not the United States)."""
    start = max(0, quantity.start - 80)
    return bool(_ALLIED_HOLDER.search(text, start, quantity.start)) and not _US_HOLDER.search(text, start, quantity.start)
