"""Pull numbers, dates and claimants out of article text. Pure, no I/O.

- `extract_quantities`: counts with their unit ("roughly 8,600 troops" ->
  8600 troops, approximate); years, days of the month and clock times are
  not quantities.
- `extract_dates`: absolute dates ("June 1, 2020", "Feb. 29", "spring 2019")
  resolved against the reference date's year, and relative ones ("last
  week", "Friday", "two weeks ago") resolved with `dates.resolve_relative`.
- `extract_claimant`: who asserts a passage ("the report said" -> the UN
  Monitoring Team, "Shaheen said" -> "Taliban spokesman Suhail Shaheen").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from tracker.domain.dates import resolve_relative

# ---------------------------------------------------------------- quantities

_UNIT_CANON = {
    "troop": "troops", "troops": "troops", "soldier": "troops", "soldiers": "troops",
    "force": "troops", "forces": "troops", "servicemembers": "troops",
    "service members": "troops", "personnel": "troops", "marines": "troops",
    "prisoner": "prisoners", "prisoners": "prisoners", "detainee": "prisoners",
    "detainees": "prisoners", "inmates": "prisoners", "captives": "prisoners",
    "operative": "operatives", "operatives": "operatives",
    "fighter": "fighters", "fighters": "fighters", "militant": "fighters",
    "militants": "fighters", "insurgents": "fighters", "combatants": "fighters",
    "member": "members", "members": "members",
    "province": "provinces", "provinces": "provinces",
    "base": "bases", "bases": "bases",
    "contractor": "contractors", "contractors": "contractors",
    "day": "days", "days": "days", "week": "weeks", "weeks": "weeks",
    "month": "months", "months": "months", "year": "years", "years": "years",
    "percent": "percent", "per cent": "percent", "%": "percent",
    "people": "people", "civilians": "civilians", "lives": "lives", "deaths": "deaths",
    "attacks": "attacks", "attack": "attacks", "camps": "camps", "camp": "camps",
    "groups": "groups", "languages": "languages", "countries": "countries",
    "billion": "billion", "million": "million",
}
# Words that may stand between a number and its unit: "2,000 armed fighters",
# "600 active al Qaeda operatives", "2,000 Taliban prisoners".
_FILLER = frozenset(
    {
        "armed", "active", "al", "qaeda", "qaida", "qa'ida", "qa\u2019ida", "al-qaeda", "al-qaida",
        "taliban", "u.s.", "us", "american", "afghan", "afghanistan", "foreign", "more",
        "additional", "other", "government", "military", "coalition", "nato", "allied",
        "haqqani", "new", "senior", "hardcore", "pakistani", "international", "combat",
        "elite", "special", "security", "trained", "of", "the", "its", "their", "remaining",
        "smaller", "militant", "is", "isis", "suspected", "civilian", "non-diplomatic",
        "private", "regular", "local", "western",
    }
)
_APPROX_BEFORE = re.compile(
    r"(?:roughly|about|around|approximately|approx\.|some|nearly|almost|up\s+to|more\s+than|"
    r"over|at\s+least|fewer\s+than|less\s+than|as\s+low\s+as|as\s+many\s+as|as\s+few\s+as|"
    r"an\s+estimated|estimated|close\s+to|just\s+over|just\s+under|under|below|above|"
    r"upwards\s+of|between|an\s+estimated)\s*$",
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


@dataclass(frozen=True)
class Quantity:
    """A count found in text: `value` of `unit` at text[start:end].

    For a range ("400 to 600") both ends are returned, each with
    `approximate=True` and `is_range=True`.
    """

    value: int
    unit: str | None
    approximate: bool
    start: int
    end: int
    is_range: bool = False


def _to_int(raw: str) -> int:
    return int(float(raw.replace(",", "")))


def _unit_after(text: str, pos: int) -> tuple[str | None, int]:
    """Canonical unit among the few words after `pos`, and where it ends."""
    cursor = pos
    for _ in range(5):
        match = _TOKEN_AFTER.match(text, cursor)
        if not match:
            return None, pos
        word = match.group(1).lower().rstrip(".")
        if word in ("service",) and text[match.end(): match.end() + 8].lower().startswith(" members"):
            return "troops", match.end() + 8
        if word == "per" and text[match.end(): match.end() + 5].lower().startswith(" cent"):
            return "percent", match.end() + 5
        if word in _UNIT_CANON:
            return _UNIT_CANON[word], match.end()
        if word.endswith("-strong"):
            return None, pos
        if word not in _FILLER and not (word.endswith("s") and word[:-1] in _FILLER):
            return None, pos
        cursor = match.end()
    return None, pos


_HEAD_COUNTS = frozenset({"troops", "prisoners", "fighters", "operatives", "members"})
_UNIT_BEFORE = re.compile(
    r"\b(troops|soldiers|forces|prisoners|detainees|fighters|militants|operatives)\b"
    r"(?:\s+(?:in|of|from)\s+[A-Z][\w-]*)?"
    r"(?:\s+(?:was|were|is|are|at|to|of|from|numbered|number|totals?|totaled|stood\s+at|"
    r"fell\s+to|dropped\s+to|down\s+to|reached|below|above|under|over|around|about|roughly|"
    r"approximately|nearly|some|as\s+low\s+as|as\s+many\s+as|now|now\s+down\s+to|"
    r"[\u201c\"])){1,4}\s*$",
    re.IGNORECASE,
)


def _unit_before(before: str) -> str | None:
    """A head-count unit named just before a bare number: "US troops in
    Afghanistan below 8,600", "the number of IS militants ... was 2,200"."""
    match = _UNIT_BEFORE.search(before)
    return _UNIT_CANON[match.group(1).lower()] if match else None


def _is_year(raw: str, unit: str | None) -> bool:
    return (unit not in _HEAD_COUNTS) and "," not in raw and len(raw) == 4 and 1900 <= int(raw) <= 2100


def extract_quantities(text: str) -> list[Quantity]:
    """Counts in `text`, in order of appearance."""
    found: list[Quantity] = []
    for match in _NUMBER_RE.finditer(text):
        before = text[max(0, match.start() - 40): match.start()]
        if match.group(3):
            word = match.group(3).lower()
            unit, _ = _unit_after(text, match.end())
            # Number words count only with a unit: "five bases", not "two of them".
            if unit is None:
                continue
            found.append(
                Quantity(_NUMBER_WORDS[word], unit, bool(_APPROX_BEFORE.search(before)),
                         match.start(3), match.end(3))
            )
            continue
        first, second = match.group(1), match.group(2)
        after = text[match.end(): match.end() + 12]
        if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
            continue  # "May 26", "29 February"
        if _MONEY_BEFORE.search(before):
            multiplier = _MULTIPLIER.match(after)
            scale = {"billion": 10**9, "million": 10**6, "thousand": 1000}
            value = int(float(first.replace(",", "")) * scale[multiplier.group(1).lower()]) if multiplier else _to_int(first)
            found.append(Quantity(value, "dollars", bool(_APPROX_BEFORE.search(before)),
                                  match.start(1), match.end(1)))
            continue
        unit, _ = _unit_after(text, match.end())
        if unit is None:
            unit = _unit_before(before)
        if second is None:
            if _is_year(first, unit):
                continue
            if text[max(0, match.start() - 1): match.start()] == "#":
                continue
            found.append(
                Quantity(_to_int(first), unit, bool(_APPROX_BEFORE.search(before)),
                         match.start(1), match.end(1))
            )
            continue
        joiner = text[match.end(1): match.start(2)].strip().lower()
        if joiner == "and" and not re.search(r"between\s*$", before, re.IGNORECASE):
            # "2019 and 2020", "400 troops and 600 ...": two separate numbers.
            for group in (1, 2):
                raw = match.group(group)
                u = unit if group == 2 else _unit_after(text, match.end(1))[0]
                if _is_year(raw, u):
                    continue
                found.append(Quantity(_to_int(raw), u, False, match.start(group), match.end(group)))
            continue
        if _is_year(first, None) and _is_year(second, None) and unit is None:
            continue  # "2019-2020"
        for group in (1, 2):
            found.append(
                Quantity(_to_int(match.group(group)), unit, True, match.start(group), match.end(group),
                         is_range=True)
            )
    return found


# --------------------------------------------------------------------- dates


@dataclass(frozen=True)
class DateMention:
    """A date mentioned in text, resolved to a calendar date.

    `precision` is "day", "week", "month", "season" or "year".
    """

    phrase: str
    date: dt.date
    start: int
    end: int
    precision: str = "day"


_MONTHS_FULL = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]
_MONTH_INDEX = {name: i + 1 for i, name in enumerate(_MONTHS_FULL)}
_MONTH_INDEX.update({name[:3]: i + 1 for i, name in enumerate(_MONTHS_FULL)})
_MONTH_INDEX["sept"] = 9
_MONTH_ALT = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_MONTH_DAY = re.compile(
    r"\b(" + _MONTH_ALT + r")\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?"
)
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(" + _MONTH_ALT + r")(?:,?\s+(\d{4})\b)?"
)
_MONTH_YEAR = re.compile(r"\b(?:(early|mid|late)[-\s]+)?(" + _MONTH_ALT + r"),?\s+(\d{4})\b")
_SEASON_YEAR = re.compile(r"\b(?:(early|late)\s+)?(spring|summer|autumn|fall|winter)\s+(?:of\s+)?(\d{4})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_RELATIVE = re.compile(
    r"\b(?:(?:on|since|by)\s+)?("
    r"(?:last|this|next)\s+(?:week|month|year)|yesterday|today|"
    r"earlier\s+this\s+month|late\s+last\s+month|end\s+of\s+last\s+month|"
    r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
    r"(?:day|week|month|year)s?\s+(?:ago|earlier)|"
    r"(?:(?:last|this|next)\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r")\b",
    re.IGNORECASE,
)
_IN_MONTH = re.compile(
    r"\b(?:in|since|by|during|until)\s+((?:(?:early|mid|late)[-\s]+)?"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December))\b"
    r"(?!\s+\d)"
)
_IN_YEAR = re.compile(r"\b(?:in|since|by|during|until|of)\s+((?:19|20)\d{2})\b(?![-,]?\d)")
_FUTURE = re.compile(
    r"\b(?:will|would|next|upcoming|ahead\s+of|expected|planned|plans?|scheduled|due|re-election|"
    r"election|poll|deadline|by)\b[^.]*$",
    re.IGNORECASE,
)
_SEASON_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
_WEEKDAY_RE = re.compile(r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)", re.IGNORECASE)


def _month_number(raw: str) -> int:
    return _MONTH_INDEX[raw.lower().rstrip(".")[:3]]


def _year_for(month: int, day: int, reference: dt.date) -> int:
    """The year of a month and day given without one: the reference year,
    unless that puts it more than about six months after the reference."""
    try:
        candidate = dt.date(reference.year, month, day)
    except ValueError:
        return reference.year
    if candidate > reference + relativedelta(months=6):
        return reference.year - 1
    return reference.year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def extract_dates(text: str, reference: dt.date) -> list[DateMention]:
    """Dates mentioned in `text`, in order; spans never overlap."""
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return not any(start < e and s < end for s, e in taken)

    def add(phrase: str, date: dt.date | None, start: int, end: int, precision: str) -> None:
        if date is None or not free(start, end):
            return
        taken.append((start, end))
        mentions.append(DateMention(phrase, date, start, end, precision))

    for m in _ISO_DATE.finditer(text):
        add(m.group(0), _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.start(), m.end(), "day")
    for m in _MONTH_DAY.finditer(text):
        month = _month_number(m.group(1))
        day = int(m.group(2))
        if m.group(1) == "May" and not m.group(3) and day > 31:
            continue
        year = int(m.group(3)) if m.group(3) else _year_for(month, day, reference)
        add(m.group(0), _safe_date(year, month, day), m.start(), m.end(), "day")
    for m in _DAY_MONTH.finditer(text):
        month = _month_number(m.group(2))
        day = int(m.group(1))
        year = int(m.group(3)) if m.group(3) else _year_for(month, day, reference)
        add(m.group(0), _safe_date(year, month, day), m.start(), m.end(), "day")
    for m in _MONTH_YEAR.finditer(text):
        day = {"early": 1, "mid": 15, "late": 25}.get((m.group(1) or "").lower(), 1)
        add(m.group(0), _safe_date(int(m.group(3)), _month_number(m.group(2)), day), m.start(), m.end(), "month")
    for m in _SEASON_YEAR.finditer(text):
        add(m.group(0), _safe_date(int(m.group(3)), _SEASON_MONTH[m.group(2).lower()], 1),
            m.start(), m.end(), "season")
    for m in _RELATIVE.finditer(text):
        phrase = m.group(1)
        if _WEEKDAY_RE.fullmatch(phrase.split()[-1]) and not phrase.split()[-1][0].isupper():
            continue  # weekday names are capitalised
        resolved = resolve_relative(phrase, reference)
        low = phrase.lower()
        precision = "day"
        if "month" in low:
            precision = "month"
        elif "week" in low:
            precision = "week"
        elif "year" in low:
            precision = "year"
        add(phrase, resolved, m.start(1), m.end(1), precision)
    for m in _IN_MONTH.finditer(text):
        resolved = resolve_relative(m.group(1), reference)
        if resolved is not None and resolved.month != reference.month and _FUTURE.search(
            text[max(0, m.start() - 80): m.start()]
        ):
            resolved = resolved.replace(year=resolved.year + 1)
        add(m.group(1), resolved, m.start(1), m.end(1), "month")
    for m in _IN_YEAR.finditer(text):
        add(m.group(1), dt.date(int(m.group(1)), 1, 1), m.start(1), m.end(1), "year")
    mentions.sort(key=lambda d: d.start)
    return mentions


# ---------------------------------------------------------------- claimants

UN_MONITORING_TEAM = "UN Analytical Support and Sanctions Monitoring Team"

# (canonical name, pattern, kind). kind "person" may be picked up again from
# a pronoun ("he said"); "report" needs the context to be about the UN report.
_KNOWN: list[tuple[str, re.Pattern[str], str]] = [
    ("US envoy Zalmay Khalilzad",
     re.compile(r"(?:(?:U\.?S\.?|US|American)\s+)?(?:special\s+)?(?:envoy|representative)"
                r"(?:\s+(?:for|to)\s+Afghanistan(?:\s+reconciliation)?)?(?:,)?\s+Zalmay\s+Khalil[iz]+ad"
                r"|Zalmay\s+Khalil[iz]+ad|\bKhalil[iz]+ad\b"
                r"|(?:U\.?S\.?|US)\s+(?:special\s+)?(?:envoy|representative)(?:\s+(?:for|to)\s+Afghanistan(?:\s+reconciliation)?)?"),
     "person"),
    ("Taliban spokesman Suhail Shaheen",
     re.compile(r"(?:Taliban\s+spokesman\s+)?Suhail\s+Shaheen|\bShaheen\b"), "person"),
    ("Taliban spokesman Zabihullah Mujahid",
     re.compile(r"(?:Taliban\s+spokesman\s+)?Zabihullah\s+Mujahid|\bMujahid\b"), "person"),
    ("Secretary of State Mike Pompeo",
     re.compile(r"(?:Secretary\s+of\s+State\s+)?Mike\s+Pompeo|\bPompeo\b|Secretary\s+of\s+State"), "person"),
    ("General Frank McKenzie",
     re.compile(r"(?:Gen(?:eral|\.)\s+)?(?:Frank\s+)?McKenzie\b"), "person"),
    ("Defense Secretary Mark Esper",
     re.compile(r"(?:Defen[cs]e\s+Secretary\s+)?Mark\s+Esper|\bEsper\b"), "person"),
    ("President Donald Trump",
     re.compile(r"(?:President\s+)?(?:Donald\s+)?Trump\b(?![\u2019']s|\s+(?:administration|Administration))"), "person"),
    ("President Ashraf Ghani",
     re.compile(r"(?:President\s+)?(?:Ashraf\s+)?Ghani\b"), "person"),
    ("Col. Sonny Leggett",
     re.compile(r"(?:U\.S\.\s+Forces\s+in\s+Afghanistan\s+Spokesman\s+)?(?:Col\.\s+)?(?:Sonny\s+)?Leggett\b"), "person"),
    ("State Department spokesperson",
     re.compile(r"State\s+Department\s+spokes(?:person|man|woman)"), "person"),
    ("Pentagon", re.compile(r"\bthe\s+Pentagon\b|\bPentagon\b"), "org"),
    (UN_MONITORING_TEAM,
     re.compile(r"(?:the\s+)?(?:UN|U\.N\.|United\s+Nations)(?:[\u2019']s)?\s+(?:Analytical\s+Support\s+and\s+)?"
                r"Sanctions\s+Monitoring\s+Team|(?:the\s+)?Monitoring\s+Team"
                r"|(?:independent\s+)?(?:UN|U\.N\.)\s+sanctions\s+monitors"),
     "org"),
    (UN_MONITORING_TEAM,
     re.compile(r"(?i:a|the)\s+(?:new\s+)?(?:annual\s+)?(?:UN|U\.N\.|United\s+Nations)\s+(?:report|study|experts|monitors|findings)"
                r"|(?:UN|U\.N\.)\s+(?:report|experts|monitors)"
                r"|(?i:a|the)\s+new\s+study\s+by\s+the\s+UN"),
     "org"),
    (UN_MONITORING_TEAM,
     re.compile(r"\b(?i:the|a|this)\s+(?:new\s+|annual\s+)?(?:report|study)(?:[\u2019']s\s+authors)?"
                r"|\b(?i:the)\s+study\s+authors|\b(?:U\.N\.|UN)\s+experts"),
     "report"),
]
_OUTLETS = [
    "Reuters", "The New York Times", "New York Times", "Associated Press", "AP", "AFP",
    "The Washington Post", "Washington Post", "CNN", "BBC", "Al Jazeera", "TOLOnews",
    "Tolo News", "Pajhwok", "The Wall Street Journal", "Wall Street Journal", "CBS News",
    "NBC News", "Fox News", "Politico", "Bloomberg", "TIME", "Time",
]
_OUTLET_RE = re.compile(r"\b(?:" + "|".join(re.escape(o) for o in sorted(_OUTLETS, key=len, reverse=True)) + r")\b")
_ORG_OTHERS: list[tuple[str, re.Pattern[str]]] = [
    ("US officials", re.compile(r"\b(?:U\.S\.|US|American)\s+(?:military\s+|defen[cs]e\s+)?officials\b")),
    ("US defense officials", re.compile(r"\b(?:several\s+)?defen[cs]e\s+officials\b")),
    ("Trump administration", re.compile(r"\b(?:the\s+)?Trump\s+[Aa]dministration\b(?![\u2019']s)")),
    ("Taliban", re.compile(r"\b(?i:the)\s+Taliban\b(?![\u2019']s)|^Taliban\b(?![\u2019']s)")),
    ("Afghan government", re.compile(r"\b(?:the\s+)?Afghan\s+government\b|\bAfghan\s+officials\b")),
    ("US Central Command", re.compile(r"\bCentral\s+Command\b")),
]
_SPEECH = (
    r"said|says|say|told|tells|tell|added|adds|noted|notes|continued|stated|states|"
    r"read|wrote|writes|reported|reports|announced|insisted|insists|asserted|asserts|"
    r"claimed|claims|argued|argues|warned|warns|explained|acknowledged|admitted|"
    r"confirmed|denied|denies|rejected|rejects|refuted|slammed|downplayed|declined|"
    r"described|suggests|suggested|shows|showed|found|finds|estimated|estimates|"
    r"concluded|cast\s+doubt|questioned|accused|alleged|tweeted|posted|repeated|"
    r"reiterated|stressed|emphasi[sz]ed|cautioned|conceded|hailed|portrayed|touted|"
    r"has\s+said|have\s+said|had\s+said|has\s+long\s+insisted|have\s+long\s+insisted|"
    r"went\s+even\s+further|went\s+further"
)
_SPEECH_RE = re.compile(r"\b(?:" + _SPEECH + r")\b", re.IGNORECASE)
_POST_VERBS = frozenset({"said", "says", "added", "noted", "continued", "read", "wrote", "told", "adds", "notes"})
_ACCORDING = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
_PRONOUN_SAID = re.compile(
    r"\b(he|she)\s+(?:also\s+)?(?:" + _SPEECH + r")\b|\b(?:" + _SPEECH + r")\s+(he|she)\b|^\W*(?:He|She)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(
    r"\u201c[^\u201d\n]*(?:\u201d|$)|\"[^\"\n]*(?:\"|$)|\u2018[^\u2019\n]{12,}\u2019", re.MULTILINE
)
_RELATIVE_CLAUSE = re.compile(r",\s+(?:who|which|whose)\b[^,]*,")
_UN_CONTEXT = re.compile(
    r"(?:\bUN\b|\bU\.N\.|\bUnited\s+Nations\b)[^.]{0,60}?\b(?:report|monitor|experts|study|Monitoring)"
    r"|Monitoring\s+Team",
    re.IGNORECASE,
)
_OBJECT_BEFORE = re.compile(
    r"(?:\b(?:about|on|with|of|against|from|into|for|at|over|to|criticize|criticise|"
    r"downplayed|rejected|refute|slammed|questioned|accusing|than|between|that)\s+(?:the\s+|a\s+|its\s+)?"
    r"(?:U\.S\.\s+|UN\s+|U\.N\.\s+)?)$",
    re.IGNORECASE,
)
_AFTER_POST_MENTION = re.compile(
    r"^\s*(?:$|[.,;:)\]]|(?:to|by|in|on|from|of|for|published|released|sent|at)\b)"
)
PRONOUN_WINDOW = 700
_IT_SAID = re.compile(r"^\W*It\s+(?:also\s+)?(?:said|says|added|adds|noted|notes|estimated|found)\b")
_REPORT_WORD = re.compile(r"\b(?:report|study|Monitoring\s+Team|monitors)\b", re.IGNORECASE)
_AGREEMENT_WORD = re.compile(r"\b(?:accord|agreement|deal|text|treaty)\b", re.IGNORECASE)


def _mask(text: str) -> str:
    """`text` with quoted words and relative clauses blanked out (offsets kept).

    Quotes are matched within a line, so a context cut anywhere in an
    article only mis-masks its first line.
    """
    chars = list(text)
    for pattern in (_QUOTED, _RELATIVE_CLAUSE):
        for m in pattern.finditer(text):
            for i in range(m.start() + 1, max(m.start() + 1, m.end() - 1)):
                if not chars[i].isspace():
                    chars[i] = "_"
    return "".join(chars)


@dataclass(frozen=True)
class _Mention:
    name: str
    kind: str
    start: int
    end: int


def _mentions(masked: str, un_context: bool) -> list[_Mention]:
    found: list[_Mention] = []
    for name, pattern, kind in _KNOWN:
        for m in pattern.finditer(masked):
            if kind == "report" and not un_context:
                continue
            found.append(_Mention(name, kind, m.start(), m.end()))
    for name, pattern in _ORG_OTHERS:
        for m in pattern.finditer(masked):
            found.append(_Mention(name, "group", m.start(), m.end()))
    for m in _OUTLET_RE.finditer(masked):
        name = m.group(0).removeprefix("The ").replace("TIME", "Time")
        found.append(_Mention(name, "outlet", m.start(), m.end()))
    # Keep the longest mention where several overlap.
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[_Mention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def _generic_after(masked: str, pos: int) -> str | None:
    """A capitalised name right after `pos` ("according to Jane Doe")."""
    m = re.match(r"\s*(?:the\s+)?((?:[A-Z][\w.\u2019'-]*)(?:\s+(?:of\s+)?[A-Z][\w.\u2019'-]*){0,4})", masked[pos:])
    if not m:
        return None
    name = m.group(1).rstrip(".,")
    return name if len(name) > 1 and not name.startswith("_") else None


_NOT_NAMES = frozenset({"He", "She", "It", "They", "We", "I", "The", "But", "And", "This", "That", "Officials"})


def _generic_before(masked: str, pos: int) -> str | None:
    """A capitalised name (1-5 words) ending right before `pos` ("Jane Doe said")."""
    m = re.search(r"((?:[A-Z][\w.\u2019'-]*)(?:\s+[A-Z][\w.\u2019'-]*){0,4})\s*,?\s*$", masked[:pos])
    if not m:
        return None
    name = m.group(1).strip()
    if name in _NOT_NAMES or name.startswith("_"):
        return None
    return name


_ROLE_BEFORE = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Oo]ne)\s+((?:[A-Z][\w.\u2019'-]*\s+){1,4}(?:spokes(?:man|woman|person)|officials?|envoy|"
    r"commanders?|ministers?|diplomats?|negotiators?|sources?|leaders?))\s*,?\s*$"
)


def _role_before(masked: str, pos: int) -> str | None:
    """An unnamed speaker described by party and role ("a Taliban spokesman said")."""
    m = _ROLE_BEFORE.search(masked[:pos])
    return m.group(1).strip() if m else None


_UN_NAME = re.compile(r"^(?:the\s+)?(?:UN|U\.N\.|United\s+Nations)\b.*\b(?:report|monitors?|experts|study|team)$", re.IGNORECASE)
_AGENT_BY = re.compile(
    r"\b(?:produced|authored|published|written|compiled|prepared|released)\s+(?:\w+\s+){0,3}?by\s+", re.IGNORECASE
)


def _canonical_generic(name: str) -> str:
    return UN_MONITORING_TEAM if _UN_NAME.match(name) else name


def _is_subject(masked: str, mention: _Mention) -> bool:
    return not _OBJECT_BEFORE.search(masked[: mention.start]) and not re.match(
        r"[\u2019']s\b", masked[mention.end: mention.end + 3]
    )


def _attributed(masked: str, mentions: list[_Mention]) -> list[tuple[int, _Mention | str]]:
    """Candidate claimants with a score: mentions tied to a speech verb."""
    scored: list[tuple[int, _Mention | str]] = []
    for m in _ACCORDING.finditer(masked):
        after = [x for x in mentions if 0 <= x.start - m.end() <= 12]
        if after:
            scored.append((3, after[0]))
        else:
            generic = _generic_after(masked, m.end())
            if generic:
                scored.append((2, _canonical_generic(generic)))
    for m in _AGENT_BY.finditer(masked):
        after = [x for x in mentions if 0 <= x.start - m.end() <= 4]
        if after:
            scored.append((2, after[0]))
    for verb in _SPEECH_RE.finditer(masked):
        word = verb.group(0).lower()
        before = [
            x for x in mentions
            if 0 <= verb.start() - x.end <= (90 if x.kind in ("person", "org", "report") else 14)
            and not re.search(r"[.;:]\s|\bthat\b", masked[x.end: verb.start()])
            and _is_subject(masked, x)
        ]
        after = [
            x for x in mentions
            if 0 <= x.start - verb.end() <= 16 and word in _POST_VERBS
            and not re.search(r"\bthat\b", masked[verb.end(): x.start])
            and _AFTER_POST_MENTION.match(masked[x.end:])
        ]
        if after:
            scored.append((3, after[0]))
        elif before:
            nearest = max(before, key=lambda x: x.end)
            scored.append((2, nearest))
        elif word in ("said", "says", "told", "added", "noted", "wrote"):
            generic = _generic_before(masked, verb.start()) or _role_before(masked, verb.start())
            if generic:
                scored.append((1, _canonical_generic(generic)))
            else:
                post = _generic_after(masked, verb.end())
                if post and word in ("said", "says", "added", "noted") and _AFTER_POST_MENTION.match(
                    masked[verb.end() + masked[verb.end():].index(post) + len(post):]
                ):
                    scored.append((1, _canonical_generic(post)))
    return scored


def _last_person(context: str, un_context: bool) -> str | None:
    tail = context[-PRONOUN_WINDOW:]
    # Mask from the start of the line the window begins in, so that quote
    # marks pair up as they do in the article.
    line_start = context.rfind("\n", 0, max(0, len(context) - PRONOUN_WINDOW)) + 1
    masked = _mask(context[line_start:])[-len(tail):] if tail else ""
    people = [m for m in _mentions(masked, un_context) if m.kind == "person"]
    return people[-1].name if people else None


def extract_claimant(passage: str, context: str = "") -> str | None:
    """Who asserts `passage`: a canonical name, or None if nobody is named.

    `context` is the text before the passage (best: the article up to it);
    it tells whether "the report" is the UN report and whom "he said" or a
    bare quotation refers to (the last person named in the preceding
    `PRONOUN_WINDOW` characters).

    Order: a name tied to a speech verb or "according to" ("the report
    said", "Shaheen said", "according to Reuters"); then a pronoun or a bare
    quote resolved from the context; then a named person who is the subject
    of the sentence.
    """
    un_context = bool(_UN_CONTEXT.search(passage) or _UN_CONTEXT.search(context))
    masked = _mask(passage)
    mentions = _mentions(masked, un_context)
    scored = _attributed(masked, mentions)
    if scored:
        best = max(scored, key=lambda s: s[0])
        return best[1] if isinstance(best[1], str) else best[1].name
    if _PRONOUN_SAID.search(masked) or (
        passage.lstrip().startswith(("\u201c", '"')) and not mentions
    ):
        person = _last_person(context, un_context)
        if person:
            return person
    if _IT_SAID.search(masked) and un_context:
        tail = _mask(context)[-400:]
        last_report = max((m.end() for m in _REPORT_WORD.finditer(tail)), default=-1)
        last_text = max((m.end() for m in _AGREEMENT_WORD.finditer(tail)), default=-1)
        if last_report > last_text:
            return UN_MONITORING_TEAM
    subjects = [
        x for x in mentions
        if x.kind == "person" and _is_subject(masked, x)
        and re.match(r"\s*(?:,|[a-z]|$)", masked[x.end:])
    ]
    return subjects[0].name if subjects else None
