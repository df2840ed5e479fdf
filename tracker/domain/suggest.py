"""Suggest evidence: passages of an article that bear on an obligation.

Pure: no I/O. Two entry points:

- `suggest(text, obligations, parties, published_on=...)` ranks the
  sentence-level passages of ONE article against every obligation and
  returns, for each obligation that has any relevant passage, its best
  `top_k` passages; the whole list is sorted by score, best first. So a
  caller that wants "the five best for obligation X" filters by
  `s.obligation == X` (or passes `obligation_ids={X}`), and a caller that
  wants "what does this article say" reads the list top down.
- `PassageIndex` / `suggest_across(...)` rank passages of MANY sources for
  ONE obligation. The index is built once (tokenising every passage, term
  statistics, postings with BM25 weights precomputed); a query then only
  walks the postings of the obligation's strong terms (MaxScore pruning),
  keeps the best candidates and re-scores those (full query, keyword-phrase
  gate, paragraph neighbours, numbers, clause). The article-level steps
  (claims inheriting the article's topic, exclusivity) do not apply there.

Scoring of a passage for an obligation (constants below):

1. BM25 (k1=1.2, b=0.5) of the passage against a weighted query made from
   the obligation's keywords (KEYWORD_WEIGHT), title, summary, verbatim
   clause, a few synonyms and the obligor's names. Words are folded,
   stop-worded and lightly stemmed (`tokens`). IDF comes from the article's
   own passages mixed with a constant, damped for words that every article
   on this topic uses ("Taliban", "agreement", "report": `TOPIC_COMMON`);
   across sources it comes from the whole index.
2. Keyword-phrase gate: a passage that contains none of the obligation's
   keyword phrases ("prisoner exchange", "force reduction", with stand-ins
   such as troops/forces) keeps only part of its own BM25 score.
3. Context: a passage borrows a share of the score of its neighbours in the
   paragraph (and of the paragraph before when it continues it: a quote, a
   pronoun, "But"), so that a quotation is found with the sentence that
   introduces it.
4. Bonuses: a count in the obligation's unit ("8,600 troops" for the
   drawdown, "2,000 prisoners" for the prisoner release), more if the number
   is the target or baseline; schedule words for an obligation with a
   deadline ("ahead of schedule", "135 days"); the obligor named early in
   the passage (as subject); the passage quoting the clause itself.
5. Claims: a passage that judges compliance (breach, compliance or denial
   words), above all when an identifiable party or the UN team says it,
   inherits the article's topic: "I totally refute this report" is about
   whatever the report is about. It scores up to CLAIM_SCORE times the
   square of the article's affinity to the obligation.
6. Exclusivity: a passage that fits another obligation much better counts
   less for this one. Headlines and captions are scored down.

A passage is suggested only if it (or a neighbour) matches at least one
distinctive query term (not in `TOPIC_COMMON`, query weight >= 1) and its
final score reaches `MIN_SCORE`.

Measured on the seed articles with `benchmarks/eval_suggest.py`.

Stance (heuristic, explained in `Suggestion.explanation`): a passage that
quotes the clause is context; a denial by the obligor itself ("I totally
refute this report") supports compliance, a denial or doubt voiced by anyone
else is context; a count in the metric's unit that reaches the target
supports compliance; otherwise breach words ("in violation", "remain
close", "failed to", "delayed") against compliance words ("ahead of
schedule", "progress has been made", "released"), with the clause after a
"but" weighing more, and hedged passages ("could", "if", "options")
downgraded to context.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Generic, TypeVar

from rapidfuzz import fuzz

from tracker.domain.dates import resolve_deadline
from tracker.domain.extraction import (
    UN_MONITORING_TEAM,
    DateMention,
    Quantity,
    extract_claimant,
    extract_dates,
    extract_quantities,
)
from tracker.domain.models import Obligation, Party
from tracker.domain.passages import Passage, split_passages
from tracker.domain.text import fold

K = TypeVar("K", bound=Hashable)

SUPPORTS = "supports-compliance"
BREACH = "indicates-breach"
CONTEXT = "context"

K1 = 1.2
B = 0.5
KEYWORD_WEIGHT = 2.5
TITLE_WEIGHT = 1.5
SUMMARY_WEIGHT = 0.6
CLAUSE_WEIGHT = 0.5
SYNONYM_SHARE = 0.6
OBLIGOR_WEIGHT = 0.3
MIN_SCORE = 6.0
# Across sources, candidates are drawn with the query's strong terms only.
CANDIDATE_MIN_WEIGHT = 1.0
# Bonuses added to the BM25 score (which is typically 5-30 for a relevant
# sentence): a count in the obligation's unit, that count being the target or
# baseline, schedule words near a deadline, the obligor named early (as the
# subject), the passage quoting the clause.
QUANTITY_BONUS = 4.0
TARGET_NUMBER_BONUS = 2.0
SCHEDULE_BONUS = 2.0
OBLIGOR_BONUS = 0.5
CLAUSE_BONUS = 4.0
HEADING_FACTOR = 0.4
# A passage borrows this share of the BM25 score of its neighbours in the
# same paragraph (quotes continue the sentence that introduced them), and
# NEXT_PARAGRAPH of the last passage of the paragraph before when it opens
# with a quotation or a pronoun.
NEIGHBOUR_SHARE = 0.35
FAR_SHARE = 0.15
NEXT_PARAGRAPH_SHARE = 0.3
# A passage that judges compliance (breach, compliance or denial words)
# scores up to CLAIM_SCORE for an obligation, times the square of the
# article's affinity to that obligation (0..1: how much the whole article is
# about it), times UNATTRIBUTED_SHARE when nobody identifiable says it.
CLAIM_SCORE = 14.0
UNATTRIBUTED_SHARE = 0.5
# Exponent of the exclusivity factor (relevance here / best relevance of the
# passage for any obligation).
EXCLUSIVITY = 0.3
# Passages that contain none of the obligation's keyword phrases keep only
# this share of their score (NEIGHBOUR_GATE if a neighbour contains one).
NO_PHRASE_GATE = 0.3
NEIGHBOUR_GATE = 0.65
DEFAULT_SIGNED_ON = dt.date(2020, 2, 29)

# ------------------------------------------------------------ tokenising

_STOPWORDS = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves", "said", "says", "say", "told", "tell", "according", "one", "two", "three", "s", "t", "don", "didn", "doesn", "isn", "wasn", "weren", "won", "t", "ve", "ll", "re", "m", "d", "y", "may", "might", "must", "shall", "upon", "us's", "it's", "that's", "new"]
)
_TOPIC_FACTOR = 0.35

_PRE = [
    (re.compile(r"\bu\.s\.(?:a\.)?"), " us "),
    (re.compile(r"\bu\.n\.(?:'s)?"), " un "),
    (re.compile(r"\bal[- ]+qa'?e?ida\b|\bal[- ]+qaeda\b|\balqaeda\b|\baq\b"), " alqaeda "),
    (re.compile(r"\bcease[- ]+fire"), " ceasefire"),
    (re.compile(r"\bintra[- ]+afghan\b"), " intraafghan "),
    (re.compile(r"\bair[- ]?strikes?\b"), " airstrike "),
    (re.compile(r"\b(\d{1,3}),(\d{3})(?:,(\d{3}))?\b"), r"\1\2\3"),
]
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_IRREGULAR = {
    "withdrawn": "withdraw", "withdrew": "withdraw", "withdrawal": "withdraw",
    "withdrawals": "withdraw", "freed": "freed", "freeing": "freed",
    "talibs": "taliban", "taleban": "taliban", "troop": "troop", "forces": "forc",
    "left": "leav", "leaving": "leav", "leave": "leav", "us": "us", "un": "un",
    "ties": "tie", "tied": "tie", "qaida": "alqaeda", "qaeda": "alqaeda",
    "fought": "fight", "held": "hold", "met": "meet",
}
_SUFFIXES = (
    "ations", "ation", "ators", "ator", "ating", "ated", "ates", "ate", "tions", "tion",
    "ions", "ion", "ments", "ment", "ings", "ing", "ies", "ied", "ed", "s", "al", "ly",
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, consistent stemmer (not Porter): troops->troop,
    negotiations/negotiating->negoti, released/release->releas."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix in ("s",) and word.endswith(("ss", "us", "is")):
                continue
            word = word[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _prepare(text: str) -> str:
    norm = fold(text)
    for pattern, repl in _PRE:
        norm = pattern.sub(repl, norm)
    return norm


def tokens(text: str) -> list[str]:
    """Stemmed content tokens of `text` (stopwords dropped)."""
    out: list[str] = []
    for raw in _TOKEN.findall(_prepare(text)):
        word = raw.split("'")[0] if raw.endswith("'s") else raw
        if word in _STOPWORDS or len(word) < 2:
            continue
        out.append(stem(word))
    return out


def _surface_words(text: str) -> dict[str, str]:
    """stem -> the first word of `text` with that stem, for explanations."""
    seen: dict[str, str] = {}
    for raw in _TOKEN.findall(_prepare(text)):
        word = raw.split("'")[0] if raw.endswith("'s") else raw
        if word in _STOPWORDS or len(word) < 2:
            continue
        seen.setdefault(stem(word), word)
    return seen


# ----------------------------------------------------------- the queries

def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


# Words every article about the agreement uses: they say little about which
# obligation a passage concerns, so their IDF is damped. (Written as words,
# kept as stems, like every table below.)
TOPIC_COMMON = _stems(
    "taliban afghanistan afghan us america american united states agreement deal peace doha "
    "report trump administration official government kabul qatar sign signed group country "
    "war militant insurgent news reuters cnn time"
)
_SYNONYM_WORDS = {
    "troops": "forces soldiers personnel",
    "forces": "troops",
    "withdrawal": "drawdown pullout reduction leave depart pull",
    "drawdown": "withdrawal reduction",
    "reduction": "withdrawal drawdown",
    "prisoners": "detainees captives inmates",
    "release": "freed exchange swap",
    "ceasefire": "truce",
    "truce": "ceasefire",
    "negotiations": "talks",
    "talks": "negotiations",
    "sanctions": "blacklist delisting",
    "alqaeda": "terror terrorist",
    "camps": "training",
    "airstrike": "strike bombing air",
    "conditions": "deliver commitments contingent depends",
    "total": "all complete entire full",
}
_SYNONYMS: dict[str, tuple[str, ...]] = {
    stem(word): tuple(sorted(_stems(others))) for word, others in _SYNONYM_WORDS.items()
}
# Words that stand for one another when matching keyword phrases:
# "force reduction" matches "reducing the US troop presence".
_PHRASE_CLASS_WORDS = {
    "troops": "forces soldiers personnel",
    "withdraw": "drawdown pullout reduction pull",
    "prisoners": "detainees",
    "release": "freed",
    "ceasefire": "truce",
    "negotiations": "talks",
}
_PHRASE_CLASS = {
    member: stem(head) for head, members in _PHRASE_CLASS_WORDS.items() for member in _stems(members)
}


def _phrase_stems(stems: Iterable[str]) -> frozenset[str]:
    return frozenset(_PHRASE_CLASS.get(s, s) for s in stems)


# Units of counts, and the query words that make a unit relevant.
_UNIT_STEMS = {
    "troops": _stems("troops forces soldiers drawdown"),
    "prisoners": _stems("prisoners detainees"),
    "operatives": _stems("operatives alqaeda"),
    "fighters": _stems("fighters militants armed"),
    "members": _stems("alqaeda"),
    "bases": _stems("bases"),
}
_SCHEDULE = re.compile(
    r"\b(?:ahead of schedule|behind schedule|on schedule|deadline|timeline|135 days|14 months|"
    r"months ahead|earlier than planned|by (?:mid-)?(?:july|may|june) 20\d\d|by mid-20\d\d)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Query:
    """An obligation turned into weighted stems plus what the bonuses need."""

    obligation: Obligation
    weights: dict[str, float]
    distinctive: frozenset[str]
    units: frozenset[str]
    numbers: frozenset[int]
    obligor_names: tuple[str, ...]
    obligor_ids: frozenset[str]
    deadline: dt.date | None
    clause: str
    phrases: tuple[frozenset[str], ...] = ()

    def phrase_hits(self, stems: Iterable[str], *, classes: frozenset[str] | None = None) -> list[frozenset[str]]:
        """Keyword phrases all of whose stems (or stand-ins) occur in `stems`
        (pass `classes=_phrase_stems(stems)` to reuse it across queries)."""
        if classes is None:
            classes = _phrase_stems(stems)
        return [p for p in self.phrases if p <= classes]


def build_query(
    obligation: Obligation, parties: Sequence[Party], signed_on: dt.date = DEFAULT_SIGNED_ON
) -> Query:
    """The weighted query for `obligation` (memoised: obligations and
    parties are immutable)."""
    return _build_query(obligation, tuple(parties), signed_on)


@lru_cache(maxsize=256)
def _build_query(obligation: Obligation, parties: tuple[Party, ...], signed_on: dt.date) -> Query:
    weights: dict[str, float] = {}

    def add(text: str, weight: float) -> None:
        for stem_ in set(tokens(text)):
            weights[stem_] = max(weights.get(stem_, 0.0), weight)

    add(obligation.summary, SUMMARY_WEIGHT)
    if obligation.clause_text:
        add(obligation.clause_text, CLAUSE_WEIGHT)
    add(obligation.title, TITLE_WEIGHT)
    phrases: list[frozenset[str]] = []
    for keyword in obligation.keywords:
        add(keyword, KEYWORD_WEIGHT)
        stems = set(tokens(keyword))
        if len(stems) > 1:
            stems -= TOPIC_COMMON
        if stems and not stems <= TOPIC_COMMON:
            phrases.append(_phrase_stems(stems))
    for stem_, weight in list(weights.items()):
        for synonym in _SYNONYMS.get(stem_, ()):
            if synonym not in weights:
                weights[synonym] = SYNONYM_SHARE * min(weight, TITLE_WEIGHT)
    by_id = {p.id: p for p in parties}
    obligor_names: list[str] = []
    for party_id in obligation.obligor:
        party = by_id.get(party_id)
        if party is None:
            continue
        obligor_names.extend(party.names())
        for name in party.names():
            for stem_ in tokens(name):
                if stem_ not in weights:
                    weights[stem_] = OBLIGOR_WEIGHT
    distinctive = frozenset(s for s, w in weights.items() if w >= 1.0 and s not in TOPIC_COMMON)
    units = frozenset(
        unit for unit, stems in _UNIT_STEMS.items()
        if any(weights.get(s, 0.0) >= 1.5 for s in stems)
    )
    if obligation.metric is not None:
        units |= {obligation.metric.unit}
    numbers: set[int] = set()
    for keyword in obligation.keywords:
        for raw in re.findall(r"\d{1,3}(?:,\d{3})+|\d{3,}", keyword):
            numbers.add(int(raw.replace(",", "")))
    if obligation.metric is not None:
        numbers |= {int(obligation.metric.target), int(obligation.metric.baseline)}
    try:
        deadline = resolve_deadline(obligation.deadline, signed_on)
    except (ValueError, OverflowError):
        deadline = None
    return Query(
        obligation=obligation,
        weights=weights,
        distinctive=distinctive,
        units=units,
        numbers=frozenset(numbers),
        obligor_names=tuple(sorted(set(obligor_names), key=len, reverse=True)),
        obligor_ids=frozenset(obligation.obligor),
        deadline=deadline,
        clause=fold(obligation.clause_text or ""),
        phrases=tuple(dict.fromkeys(phrases)),
    )


# ---------------------------------------------------------- suggestions


@dataclass(frozen=True)
class Suggestion:
    """A candidate evidence passage for one obligation.

    `exact == text[start:end]` of the source, verbatim. `values` are the
    counts in the passage that are in the obligation's unit (troops for the
    drawdown, prisoners for the release). `observed_on` is the date the
    passage places the fact at (nearest date to the count, else the first
    date in the passage), or None when the passage gives none.
    """

    obligation: str
    exact: str
    start: int
    end: int
    score: float
    stance: str
    claimant: str | None
    observed_on: dt.date | None
    values: list[int] = field(default_factory=list)
    explanation: str = ""


@dataclass
class _Doc:
    """A passage with its term counts."""

    passage: Passage
    counts: Counter[str]
    length: int


def _bm25_term(tf: int, length: int, avgdl: float) -> float:
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avgdl))


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


# Stance cues, matched on normalised text (quotes folded to ' and ").
_BREACH_CUE_TEXT = [
    (r"\bin violation\b|\bviolat", 2.0), (r"\bfail(?:ed|s|ing)? to\b", 2.0),
    (r"\bha(?:s|ve) not yet\b|\bnot yet been\b", 1.0), (r"\bremains? close\b", 2.0),
    (r"\bmaintain(?:s|ed)? (?:a )?close\b|\bclose (?:ties|links|relationship)\b", 1.5),
    (r"\bcontinues? to (?:back|maintain)\b", 1.5), (r"\bin the breach\b", 2.0),
    (r"\bdefying\b", 1.0), (r"\bstrengthened their relationship\b", 2.0),
    (r"\bmere fiction\b", 1.5), (r"\bnot break\b|\bnot abandon\b", 1.5),
    (r"\bhistorical ties\b", 1.0), (r"\bsafe havens?\b", 1.0), (r"\btraining camps?\b", 1.5),
    (r"\boperatives\b", 1.0), (r"\bremains present\b", 1.5), (r"\bdelay(?:ed|s|ing)?\b", 1.5),
    (r"\bdispute\b", 1.0), (r"\babsence of\b", 1.5), (r"\bunabated\b", 1.0),
    (r"\bregularly consulted\b", 1.5), (r"\bcoordinating with\b", 1.0),
    (r"\bdouble game\b", 1.5), (r"\bnever agreed\b", 1.0), (r"\bfostered\b", 1.0),
    (r"\bcooperation related to\b", 1.0), (r"\bfunded by\b", 1.0), (r"\bjoint unit\b", 1.0),
    (r"\bstalled\b|\bmissed\b|\boverdue\b", 1.5), (r"\bbroke(?:n)? (?:its|their) (?:promise|word)\b", 2.0),
]
_COMPLY_CUE_TEXT = [
    (r"\bahead of schedule\b", 2.0), (r"\bprogress has been made\b|\bthere is progress\b", 2.0),
    (r"\btaken some steps\b", 2.0), (r"\bfully committed\b", 1.5), (r"\bmade the break\b", 2.0),
    (r"\bmoved to release\b|\b(?:released|freed)\b[^.]{0,40}\b(?:prisoners?|detainees?)\b"
     r"|\b(?:prisoners?|detainees?)\b[^.]{0,40}\b(?:released|freed)\b", 1.5), (r"\bdown from\b", 1.5),
    (r"\breturning home\b", 1.5), (r"\bwithdrawing\b|\bwithdrew\b", 1.0),
    (r"\bceasefire\b|\bcease fire\b|\btruce\b", 0.5), (r"\bcompleted\b", 1.5),
    (r"\b(?:announced|agreed to|declared|observed|observing)\b[^.]{0,60}\b(?:ceasefire|cease fire|truce)\b", 1.5),
    (r"\bcomplied\b|\bin compliance\b|\bkept (?:its|their) (?:promise|word)\b", 2.0),
    (r"\bbreak that relationship\b", 1.0), (r"\bhas been met\b|\bhave been met\b", 1.0),
    # The obligor asserting that it keeps the clause ("does not allow any ... to use Afghan soil").
    (r"\b(?:does|do|will|would) not (?:allow|permit|let|host)\b|\bnever (?:allow|permit)\b", 1.5),
]
_BREACH_CUES = [(re.compile(p), w) for p, w in _BREACH_CUE_TEXT]
_COMPLY_CUES = [(re.compile(p), w) for p, w in _COMPLY_CUE_TEXT]
_DENIAL = re.compile(
    r"\brefute|\bden(?:y|ied|ies|ying)\s+(?:that|any|it|this|the (?:report|claims?|accusations?|allegations?)"
    r"|claims?|reports?|allegations?|accusations?)\b|\brejected\b|\bbaseless\b|\bslammed\b|\bcast doubt\b"
    r"|\bpropaganda\b|\bdownplayed\b|\bdeclined to criticize\b|\bnot provide a complete picture\b|\bquestion(?:ed|s) the\b",
)
_CONDITIONAL_BEFORE = re.compile(r"\b(?:if|unless|whether)\b[^,;]*$")
_HEDGE = re.compile(
    r"\bcould\b|\bif true\b|\bif the\b|\boptions?\b|\bcontingent\b|\bdepends? on\b|\bgoing to have to\b"
    r"|\bwould not say\b|\bwhether\b|\bskeptical\b|\bpessimistic\b|\bchallenging\b|\bsuggest",
)
_DELTA_BEFORE = re.compile(r"\b(?:withdraw\w*|pull\w* out|cut\w*|reduc\w*|sent home|brought home)\b[^.,;]*$")
_LIMIT_BEFORE = re.compile(r"(?:below|under|beyond|further|more than|above|over)\s*$")
_CLAIMANT_PARTY = [
    (re.compile(r"\btaliban\b|\bshaheen\b|\bmujahid\b|\bislamic emirate\b"), "taliban"),
    (re.compile(r"\bkhalilzad\b|\bpompeo\b|\bmckenzie\b|\besper\b|\btrump\b|\bstate department\b"
                r"|\bpentagon\b|\bus officials\b|\bus defense\b|\bcentral command\b|\bleggett\b"), "us"),
    (re.compile(r"\bafghan government\b|\bghani\b"), "afghan-government"),
]


def claimant_party(claimant: str | None) -> str | None:
    """The party a claimant speaks for, when it is one of the parties."""
    if not claimant:
        return None
    low = fold(claimant)
    for pattern, party in _CLAIMANT_PARTY:
        if pattern.search(low):
            return party
    return None


def _cue_weight(cues: list[tuple[re.Pattern[str], float]], text: str) -> tuple[float, list[str]]:
    total = 0.0
    hits: list[str] = []
    for pattern, weight in cues:
        for m in pattern.finditer(text):
            # "if the Taliban fails to keep its promises" states a condition.
            if _CONDITIONAL_BEFORE.search(text[max(0, m.start() - 40): m.start()]):
                continue
            total += weight
            hits.append(m.group(0))
            break
    return total, hits


def decide_stance(
    text: str,
    query: Query,
    claimant: str | None,
    quantities: Sequence[Quantity],
    quotes_clause: bool,
) -> tuple[str, str]:
    """(stance, the reason in a few words)."""
    if quotes_clause:
        return CONTEXT, "quotes the clause"
    norm = fold(text)
    party = claimant_party(claimant)
    denial = _DENIAL.search(norm)
    if denial:
        if party is not None and party in query.obligor_ids:
            return SUPPORTS, f"obligor denies ('{denial.group(0)}')"
        if party is not None:
            return CONTEXT, f"doubt voiced by {claimant} ('{denial.group(0)}')"
    metric = query.obligation.metric
    if metric is not None:
        for q in quantities:
            if q.unit != metric.unit or q.is_range:
                continue
            if _LIMIT_BEFORE.search(text[max(0, q.start - 14): q.start].lower()):
                continue
            before = text[max(0, q.start - 40): q.start].lower()
            if _DELTA_BEFORE.search(before):
                # "withdrawing some 4,000 troops": a reduction, not a level.
                if metric.direction == "down":
                    return SUPPORTS, f"{q.value:,} {q.unit} withdrawn (a reduction, not a level)"
                continue
            reached = q.value <= metric.target * 1.02 if metric.direction == "down" else q.value >= metric.target * 0.98
            if reached and q.value != int(metric.baseline):
                return SUPPORTS, f"{q.value:,} {q.unit} reaches the target {int(metric.target):,}"
    # The clause after the last "but" weighs more: "not done yet but progress".
    head, _, tail = norm.rpartition(" but ")
    breach_h, hits_b = _cue_weight(_BREACH_CUES, head)
    comply_h, hits_c = _cue_weight(_COMPLY_CUES, head)
    breach_t, hits_bt = _cue_weight(_BREACH_CUES, tail)
    comply_t, hits_ct = _cue_weight(_COMPLY_CUES, tail)
    breach = breach_h + 1.5 * breach_t
    comply = comply_h + 1.5 * comply_t
    hedged = bool(_HEDGE.search(norm))
    if breach > comply and breach - comply >= 1.0 and not (hedged and breach < 2.0):
        return BREACH, "; ".join(f"'{h}'" for h in (hits_b + hits_bt)[:2])
    if comply > breach and comply - breach >= 1.5 and not (hedged and comply < 2.0):
        return SUPPORTS, "; ".join(f"'{h}'" for h in (hits_c + hits_ct)[:2])
    return CONTEXT, "no clear stance"


def _observed_on(
    dates: Sequence[DateMention], quantities: Sequence[Quantity], signed_on: dt.date
) -> DateMention | None:
    if not dates:
        return None
    if quantities:
        anchor = quantities[-1].end
        return min(dates, key=lambda d: (abs(d.start - anchor), d.precision != "day"))
    precise = [d for d in dates if d.precision in ("day", "week") and d.date != signed_on]
    return precise[0] if precise else dates[0]


class _Scorer:
    """Bonuses, stance and explanation for one (passage, query) pair."""

    def __init__(self, query: Query, signed_on: dt.date) -> None:
        self.query = query
        self.signed_on = signed_on

    def bonus(
        self, text: str, found: Sequence[Quantity] | None = None, folded: str | None = None
    ) -> tuple[float, list[Quantity], bool]:
        q = self.query
        bonus = 0.0
        if found is None:
            found = extract_quantities(text) if q.units or q.numbers else []
        quantities = [x for x in found if x.unit in q.units]
        if quantities:
            bonus += QUANTITY_BONUS
            if any(x.value in q.numbers for x in quantities):
                bonus += TARGET_NUMBER_BONUS
        elif q.numbers and any(x.value in q.numbers for x in found if x.unit is None):
            bonus += TARGET_NUMBER_BONUS
        if q.deadline is not None and _SCHEDULE.search(text):
            bonus += SCHEDULE_BONUS
        lead = text[: max(40, len(text) * 2 // 5)]
        if any(name in lead for name in q.obligor_names if len(name) > 3):
            bonus += OBLIGOR_BONUS
        quotes_clause = False
        if q.clause:
            norm = folded if folded is not None else fold(text)
            if len(norm) >= 40 and fuzz.partial_ratio(q.clause, norm, score_cutoff=85):
                bonus += CLAUSE_BONUS
                quotes_clause = True
        return bonus, quantities, quotes_clause

    def finish(
        self,
        text: str,
        passage: Passage,
        score: float,
        matched: list[str],
        context: str,
        published_on: dt.date | None,
        quantities: list[Quantity],
        quotes_clause: bool,
        claimant: str | None = None,
        claimant_known: bool = False,
    ) -> Suggestion:
        if not claimant_known:
            claimant = extract_claimant(passage.text, context)
        stance, why = decide_stance(passage.text, self.query, claimant, quantities, quotes_clause)
        if published_on is not None:
            dates = extract_dates(passage.text, published_on)
        else:
            dates = [d for d in extract_dates(passage.text, dt.date(2000, 1, 1)) if re.search(r"\d{4}", d.phrase)]
        when = _observed_on(dates, quantities, self.signed_on)
        surface = _surface_words(passage.text)
        words = [surface.get(s, s) for s in matched[:5]]
        parts = [f"terms: {', '.join(words) or '-'}"]
        if quantities:
            parts.append(
                "number: " + ", ".join(
                    f"{'~' if x.approximate else ''}{x.value:,} {x.unit}" for x in quantities[:3]
                )
            )
        if when is not None:
            parts.append(f"date: '{when.phrase}' -> {when.date.isoformat()}")
        if claimant:
            parts.append(f"claimant: {claimant}")
        parts.append(f"stance: {stance} ({why})")
        return Suggestion(
            obligation=self.query.obligation.id,
            exact=passage.text,
            start=passage.start,
            end=passage.end,
            score=round(score, 3),
            stance=stance,
            claimant=claimant,
            observed_on=when.date if when else None,
            values=[x.value for x in quantities],
            explanation="; ".join(parts),
        )


def _score_docs(
    docs: Sequence[_Doc], query: Query, idf: Mapping[str, float], avgdl: float
) -> list[tuple[float, int, list[str]]]:
    out: list[tuple[float, int, list[str]]] = []
    for index, doc in enumerate(docs):
        score = 0.0
        matched: list[tuple[float, str]] = []
        for term, tf in doc.counts.items():
            weight = query.weights.get(term)
            if weight is None:
                continue
            part = weight * idf.get(term, 0.0) * _bm25_term(tf, doc.length, avgdl)
            score += part
            matched.append((part, term))
        if not matched or not any(t in query.distinctive for _, t in matched):
            continue
        matched.sort(reverse=True)
        out.append((score, index, [t for _, t in matched]))
    return out


_CONTINUATION = re.compile(
    r"^\W*(?:[\u201c\"]|(?:He|She|It|They|This|That|These|Those|But|And|However|Yet|Still|Meanwhile)\b)"
)


def _neighbours(docs: Sequence[_Doc]) -> list[list[tuple[int, float]]]:
    """For each passage, (index, share) of the passages whose score it borrows:
    the passages around it in its paragraph, and the end of the paragraph
    before (more if the passage continues it: a quote, a pronoun, "But")."""
    out: list[list[tuple[int, float]]] = []
    for i, doc in enumerate(docs):
        near: list[tuple[int, float]] = []
        para = doc.passage.paragraph
        for j, share in ((i - 1, NEIGHBOUR_SHARE), (i + 1, NEIGHBOUR_SHARE), (i - 2, FAR_SHARE), (i + 2, FAR_SHARE)):
            if 0 <= j < len(docs) and docs[j].passage.paragraph == para:
                near.append((j, share))
        first_in_paragraph = i == 0 or docs[i - 1].passage.paragraph != para
        if first_in_paragraph and i > 0 and not docs[i - 1].passage.heading:
            continues = bool(_CONTINUATION.match(doc.passage.text))
            near.append((i - 1, NEXT_PARAGRAPH_SHARE if continues else FAR_SHARE))
        out.append(near)
    return out


def _evaluative(text: str, folded: str | None = None) -> float:
    """How much a passage judges compliance ("failed to keep their word",
    "I totally refute this report"), whatever it is about."""
    norm = folded if folded is not None else fold(text)
    breach, _ = _cue_weight(_BREACH_CUES, norm)
    comply, _ = _cue_weight(_COMPLY_CUES, norm)
    denial = 2.0 if _DENIAL.search(norm) else 0.0
    return min(3.0, breach + comply + denial)


def suggest(
    text: str,
    obligations: Sequence[Obligation],
    parties: Sequence[Party],
    *,
    published_on: dt.date | None,
    chrome: tuple[tuple[int, int], ...] = (),
    top_k: int = 5,
    obligation_ids: set[str] | None = None,
    signed_on: dt.date = DEFAULT_SIGNED_ON,
) -> list[Suggestion]:
    """Candidate evidence passages of one article, best first.

    For every obligation (or those in `obligation_ids`) with at least one
    relevant passage, its best `top_k` passages; the list as a whole is
    sorted by score (ties: position in the text). A passage may appear for
    several obligations.
    """
    passages = split_passages(text, chrome)
    docs = []
    for p in passages:
        toks = tokens(p.text)
        docs.append(_Doc(p, Counter(toks), len(toks)))
    docs = [d for d in docs if d.length > 0]
    if not docs:
        return []
    n = len(docs)
    avgdl = sum(d.length for d in docs) / n
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.counts.keys())
    idf = {t: _idf(c, n) * (_TOPIC_FACTOR if t in TOPIC_COMMON else 1.0) for t, c in df.items()}
    # Words found in only one passage of a short article still deserve a
    # floor: the article-level IDF is noisy, so mix in a constant.
    idf = {t: 0.7 * v + 0.3 * (0.3 if t in TOPIC_COMMON else 2.0) for t, v in idf.items()}
    neighbours = _neighbours(docs)
    stem_sets = [_phrase_stems(d.counts) for d in docs]
    folded = [fold(d.passage.text) for d in docs]
    found = [extract_quantities(d.passage.text) for d in docs]
    evaluative = [_evaluative(d.passage.text, f) for d, f in zip(docs, folded, strict=True)]
    claimant_cache: dict[int, str | None] = {}

    def claimant_of(index: int) -> str | None:
        if index not in claimant_cache:
            passage = docs[index].passage
            claimant_cache[index] = extract_claimant(passage.text, text[: passage.start])
        return claimant_cache[index]

    # Only passages that judge compliance need to know who speaks.
    attributed = [
        bool(evaluative[i]) and (claimant_party(claimant_of(i)) is not None or claimant_of(i) == UN_MONITORING_TEAM)
        for i in range(len(docs))
    ]
    # The article's affinity to each obligation: the BM25 mass of the
    # passages that contain one of its keyword phrases, relative to the
    # obligation the article is most about. Computed over all obligations so
    # that filtering by obligation_ids changes nothing else.
    queries = {o.id: build_query(o, parties, signed_on) for o in obligations}
    scored = {o.id: _score_docs(docs, queries[o.id], idf, avgdl) for o in obligations}
    strength = {
        oid: sum(score for score, index, _ in rows if queries[oid].phrase_hits((), classes=stem_sets[index]))
        for oid, rows in scored.items()
    }
    top_strength = max(strength.values(), default=0.0) or 1.0
    relevance: dict[str, list[float]] = {}
    details: dict[str, dict[int, tuple[list[str], list[Quantity], bool]]] = {}
    for obligation in obligations:
        query = queries[obligation.id]
        scorer = _Scorer(query, signed_on)
        affinity = strength[obligation.id] / top_strength
        bm25 = [0.0] * len(docs)
        matched_by: dict[int, list[str]] = {}
        for score, index, matched in scored[obligation.id]:
            bm25[index] = score
            matched_by[index] = matched
        phrase = [bool(query.phrase_hits((), classes=stems)) for stems in stem_sets]
        row = [0.0] * len(docs)
        info: dict[int, tuple[list[str], list[Quantity], bool]] = {}
        for index, doc in enumerate(docs):
            near = neighbours[index]
            if index not in matched_by and not any(j in matched_by for j, _ in near):
                continue
            if query.distinctive.isdisjoint(doc.counts) and not any(
                not query.distinctive.isdisjoint(docs[j].counts) for j, _ in near
            ):
                continue
            bonus, quantities, quotes_clause = scorer.bonus(doc.passage.text, found[index], folded[index])
            own = bm25[index]
            if not phrase[index] and not quotes_clause:
                own *= NEIGHBOUR_GATE if any(phrase[j] for j, _ in near) else NO_PHRASE_GATE
            context = sum(share * bm25[j] for j, share in near if phrase[j])
            # A judgement of compliance (breach, compliance or denial words)
            # inherits the article's topic: "I totally refute this report"
            # is about whatever the report is about.
            judged = evaluative[index] / 3.0 * (1.0 if attributed[index] else UNATTRIBUTED_SHARE)
            inherited = CLAIM_SCORE * affinity**2 * judged
            total = own + context + bonus + inherited
            if doc.passage.heading:
                total *= HEADING_FACTOR
            elif doc.length < 5:
                total *= 0.6
            row[index] = total
            info[index] = (matched_by.get(index, []), quantities, quotes_clause)
        relevance[obligation.id] = row
        details[obligation.id] = info
    # Exclusivity: a passage that fits another obligation much better counts
    # less for this one.
    best_any = [max((relevance[o.id][i] for o in obligations), default=0.0) for i in range(len(docs))]
    results: list[Suggestion] = []
    for obligation in obligations:
        if obligation_ids is not None and obligation.id not in obligation_ids:
            continue
        scorer = _Scorer(queries[obligation.id], signed_on)
        ranked: list[tuple[float, int]] = []
        for index, value in enumerate(relevance[obligation.id]):
            if value <= 0:
                continue
            final = value * (value / best_any[index]) ** EXCLUSIVITY
            if final >= MIN_SCORE:
                ranked.append((final, index))
        ranked.sort(key=lambda r: (-r[0], r[1]))
        for final, index in ranked[:top_k]:
            matched, quantities, quotes_clause = details[obligation.id][index]
            passage = docs[index].passage
            results.append(
                scorer.finish(text, passage, final, matched, text[: passage.start],
                              published_on, quantities, quotes_clause,
                              claimant=claimant_of(index), claimant_known=True)
            )
    results.sort(key=lambda s: (-s.score, s.start, s.obligation))
    return results


# ------------------------------------------------------- across sources


@dataclass(frozen=True)
class SourceSuggestion(Generic[K]):
    """A suggestion and the key of the source it comes from."""

    source: K
    suggestion: Suggestion


class PassageIndex(Generic[K]):
    """An inverted index of the passages of many sources.

    Built once with `PassageIndex.build(...)`; `search(obligation, ...)`
    then costs time in proportion to the postings of the query's terms, not
    to the size of the corpus. Postings store the BM25 term weight (without
    IDF) as 32-bit floats in `array`s, so 10,000 articles take some tens of
    megabytes.
    """

    def __init__(self) -> None:
        self.keys: list[K] = []
        self.texts: list[str] = []
        self.published: list[dt.date | None] = []
        self.passage_source = array("i")
        self.passage_start = array("i")
        self.passage_end = array("i")
        self.passage_heading = array("b")
        self.passage_paragraph = array("i")
        self.postings: dict[str, tuple[array[int], array[float]]] = {}
        self.idf: dict[str, float] = {}
        self.avgdl = 1.0

    def __len__(self) -> int:
        return len(self.passage_source)

    @classmethod
    def build(
        cls,
        sources: Mapping[K, str | Sequence[Passage]] | Iterable[tuple[K, str | Sequence[Passage]]],
        *,
        published_on: Mapping[K, dt.date | None] | None = None,
        chrome: Mapping[K, tuple[tuple[int, int], ...]] | None = None,
    ) -> PassageIndex[K]:
        """Index `sources`: key -> article text (split into passages here)
        or key -> passages already split (each with its original offsets)."""
        index: PassageIndex[K] = cls()
        items = sources.items() if isinstance(sources, Mapping) else sources
        raw_postings: dict[str, tuple[array[int], array[int]]] = {}
        lengths = array("i")
        for key, content in items:
            source_no = len(index.keys)
            index.keys.append(key)
            index.published.append((published_on or {}).get(key))
            if isinstance(content, str):
                text = content
                passages = split_passages(text, (chrome or {}).get(key, ()))
            else:
                passages = list(content)
                text = _text_from_passages(passages)
            index.texts.append(text)
            for passage in passages:
                toks = tokens(passage.text)
                if not toks:
                    continue
                pid = len(index.passage_source)
                index.passage_source.append(source_no)
                index.passage_start.append(passage.start)
                index.passage_end.append(passage.end)
                index.passage_heading.append(1 if passage.heading else 0)
                index.passage_paragraph.append(passage.paragraph)
                lengths.append(len(toks))
                for term, tf in Counter(toks).items():
                    entry = raw_postings.get(term)
                    if entry is None:
                        entry = raw_postings[term] = (array("i"), array("i"))
                    entry[0].append(pid)
                    entry[1].append(tf)
        n = len(lengths)
        index.avgdl = (sum(lengths) / n) if n else 1.0
        norm = [K1 * (1 - B + B * length / index.avgdl) for length in lengths]
        k1p = K1 + 1
        for term, (pids, tfs) in raw_postings.items():
            weights = array("f", [tf * k1p / (tf + norm[p]) for p, tf in zip(pids, tfs, strict=True)])
            index.postings[term] = (pids, weights)
            factor = _TOPIC_FACTOR if term in TOPIC_COMMON else 1.0
            index.idf[term] = _idf(len(pids), n) * factor
        return index

    def passage_text(self, pid: int) -> str:
        text = self.texts[self.passage_source[pid]]
        return text[self.passage_start[pid]: self.passage_end[pid]]

    def _bm25_top(self, query: Query, limit: int) -> list[tuple[float, int]]:
        """Candidates: the best `limit` passages by BM25 over the query's
        strong terms (weight >= CANDIDATE_MIN_WEIGHT: keywords and title),
        MaxScore-style.

        Terms are taken from the highest possible contribution down, and
        accumulated into a flat list of scores. Once the terms still to come
        could not, all together, lift a passage not yet seen above the
        current `limit`-th score, they are only added to passages already
        scored (found by binary search in their sorted postings) instead of
        walking their whole postings. The result is exact.
        """
        k1p = K1 + 1
        usable = [t for t in query.weights if t in self.postings and self.idf.get(t, 0.0) > 0]
        strong = [t for t in usable if query.weights[t] >= CANDIDATE_MIN_WEIGHT]
        terms = sorted(((query.weights[t] * self.idf[t], t) for t in (strong or usable)), reverse=True)
        if not terms:
            return []
        bounds_after = [0.0] * (len(terms) + 1)
        for i in range(len(terms) - 1, -1, -1):
            bounds_after[i] = bounds_after[i + 1] + terms[i][0] * k1p
        acc = [0.0] * len(self.passage_source)
        touched: set[int] = set()
        threshold = 0.0
        checkpoints = [bounds_after[0] * f for f in (0.5, 0.3, 0.15)]
        essential = True
        for i, (c, term) in enumerate(terms):
            pids, weights = self.postings[term]
            if essential and checkpoints and bounds_after[i] < checkpoints[0] and len(touched) >= limit:
                while checkpoints and bounds_after[i] < checkpoints[0]:
                    checkpoints.pop(0)
                threshold = heapq.nlargest(limit, map(acc.__getitem__, touched))[-1]
            if essential and bounds_after[i] < threshold:
                essential = False
            if not essential and len(touched) * 8 < len(pids):
                size = len(pids)
                for pid in touched:
                    at = bisect_left(pids, pid)
                    if at < size and pids[at] == pid:
                        acc[pid] += c * weights[at]
                continue
            if essential:
                touched.update(pids)
                for pid, w in zip(pids, weights, strict=True):
                    acc[pid] += c * w
            else:
                for pid, w in zip(pids, weights, strict=True):
                    if acc[pid]:
                        acc[pid] += c * w
        if len(touched) <= limit:
            return sorted(((acc[pid], pid) for pid in touched), reverse=True)
        cut = heapq.nlargest(limit, map(acc.__getitem__, touched))[-1]
        return sorted(((acc[pid], pid) for pid in touched if acc[pid] >= cut), reverse=True)[:limit]

    def search(
        self,
        obligation: Obligation,
        parties: Sequence[Party],
        *,
        top_k: int = 10,
        candidates: int = 100,
        signed_on: dt.date = DEFAULT_SIGNED_ON,
        distinct: bool = True,
    ) -> list[SourceSuggestion[K]]:
        """The best `top_k` passages across all sources for `obligation`.

        With `distinct`, a passage whose normalised text equals a better one
        (the same sentence syndicated by several outlets) is left out.
        """
        query = build_query(obligation, parties, signed_on)
        scorer = _Scorer(query, signed_on)
        rescored: list[tuple[float, int, list[Quantity], bool]] = []
        cache: dict[int, tuple[float, bool, Counter[str]]] = {}

        def exact(pid: int) -> tuple[float, bool, Counter[str]]:
            """Full-query BM25 of a passage, whether it has a keyword phrase."""
            if pid not in cache:
                counts = Counter(tokens(self.passage_text(pid)))
                length = sum(counts.values()) or 1
                score = sum(
                    query.weights[t] * self.idf.get(t, 0.0) * _bm25_term(tf, length, self.avgdl)
                    for t, tf in counts.items() if t in query.weights
                )
                cache[pid] = (score, bool(query.phrase_hits(counts)), counts)
            return cache[pid]

        for _, pid in self._bm25_top(query, max(candidates, top_k)):
            own, phrase, counts = exact(pid)
            if query.distinctive.isdisjoint(counts):
                continue
            text = self.passage_text(pid)
            bonus, quantities, quotes_clause = scorer.bonus(text)
            context = 0.0
            near_phrase = False
            for other in (pid - 1, pid + 1):
                if (
                    0 <= other < len(self.passage_source)
                    and self.passage_source[other] == self.passage_source[pid]
                    and self.passage_paragraph[other] == self.passage_paragraph[pid]
                ):
                    o_score, o_phrase, _ = exact(other)
                    if o_phrase:
                        context += NEIGHBOUR_SHARE * o_score
                        near_phrase = True
            if not phrase and not quotes_clause:
                own *= NEIGHBOUR_GATE if near_phrase else NO_PHRASE_GATE
            total = own + context + bonus
            if self.passage_heading[pid]:
                total *= HEADING_FACTOR
            if total < MIN_SCORE:
                continue
            rescored.append((total, pid, quantities, quotes_clause))
        rescored.sort(key=lambda r: (-r[0], r[1]))
        out: list[SourceSuggestion[K]] = []
        seen: set[str] = set()
        for total, pid, quantities, quotes_clause in rescored:
            text = self.passage_text(pid)
            if distinct:
                fingerprint = fold(text)
                if fingerprint in seen:
                    continue
                seen.add(fingerprint)
            source_no = self.passage_source[pid]
            full = self.texts[source_no]
            start, end = self.passage_start[pid], self.passage_end[pid]
            passage = Passage(start, end, text, heading=bool(self.passage_heading[pid]))
            toks = set(tokens(text))
            matched = sorted(
                (t for t in toks if t in query.weights),
                key=lambda t: -query.weights[t] * self.idf.get(t, 0.0),
            )
            out.append(
                SourceSuggestion(
                    self.keys[source_no],
                    scorer.finish(full, passage, total, matched, full[max(0, start - 3000): start],
                                  self.published[source_no], quantities, quotes_clause),
                )
            )
            if len(out) >= top_k:
                break
        return out


def _text_from_passages(passages: Sequence[Passage]) -> str:
    """Rebuild a text in which every passage sits at its own offsets."""
    if not passages:
        return ""
    size = max(p.end for p in passages)
    chars = [" "] * size
    for p in passages:
        chars[p.start: p.end] = list(p.text)
    return "".join(chars)


def suggest_across(
    passages_by_source: Mapping[K, str | Sequence[Passage]] | PassageIndex[K],
    obligation: Obligation,
    parties: Sequence[Party] = (),
    *,
    published_on: Mapping[K, dt.date | None] | None = None,
    top_k: int = 10,
    signed_on: dt.date = DEFAULT_SIGNED_ON,
    distinct: bool = True,
) -> list[SourceSuggestion[K]]:
    """Rank passages of many sources for one obligation, best first.

    Pass a prebuilt `PassageIndex` to rank many obligations over the same
    sources: building the index is the expensive part, a query is cheap.
    """
    index = (
        passages_by_source
        if isinstance(passages_by_source, PassageIndex)
        else PassageIndex.build(passages_by_source, published_on=published_on)
    )
    return index.search(obligation, parties, top_k=top_k, signed_on=signed_on, distinct=distinct)
