"""Ranking passages for an obligation: the query, the features of a
(passage, obligation) pair and the ONE function that turns features into a
score. Pure. Both `suggest()` (one article) and `PassageIndex.search`
(many sources) compute `Features` and call `score()`.

Features of a passage for an obligation (`Features`):

- `bm25`: BM25 (k1=1.2, b=0.5) of the passage against a weighted query made
  from the obligation's keywords, title, summary, verbatim clause, their
  synonyms (the agreement's vocabulary) and the obligor's names. Common
  words of the agreement (the parties' names, "deal") weigh less.
- `phrase`: the passage contains one of the obligation's keyword phrases
  ("prisoner exchange", with stand-ins: "detainee swap"); `near_phrase`: a
  neighbour does. Without either, the passage keeps only part of its BM25.
- `context`: a share of the BM25 of its neighbours in the paragraph (and of
  the paragraph before when it continues it), so that a quotation is found
  with the sentence that introduces it.
- `quantity`, `target_number`: a count in the obligation's unit; the count
  being its target or baseline. `schedule`: words of its deadline ("135
  days", "ahead of schedule"). `obligor_lead`: the obligor named early.
  `quotes_clause`: the passage quotes the clause.
- `claim`: for one article, a passage that judges compliance ("I totally
  refute this report") inherits the article's topic (0..1).
- `heading`, `short`: headlines and captions, very short passages.

`Weights` holds the coefficients (defaults tuned on eval/gold); a learned
re-weighting replaces it, `Features.vector()` is what it learns from.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache

from rapidfuzz import fuzz

from tracker.domain.date_mentions import extract_dates
from tracker.domain.dates import resolve_deadline
from tracker.domain.lexicon import Lexicon
from tracker.domain.memo import by_identity
from tracker.domain.models import Catalogue, Direction, Obligation
from tracker.domain.quantities import _UNIT_CANON, CHANGE, LEVEL, Quantity
from tracker.domain.text import fold

K1 = 1.2
B = 0.5
KEYWORD_WEIGHT = 2.5
TITLE_WEIGHT = 1.5
SUMMARY_WEIGHT = 0.6
CLAUSE_WEIGHT = 0.5
VOCABULARY_WEIGHT = 1.2
SYNONYM_SHARE = 0.6
OBLIGOR_WEIGHT = 0.3
# A passage borrows this share of the BM25 score of its neighbours in the
# same paragraph, FAR_SHARE two passages away, NEXT_PARAGRAPH_SHARE of the
# last passage of the paragraph before when it opens with a quotation or a
# pronoun.
NEIGHBOUR_SHARE = 0.35
FAR_SHARE = 0.15
NEXT_PARAGRAPH_SHARE = 0.3
_GENERAL_SCHEDULE = (
    r"ahead of schedule|behind schedule|on schedule|deadline|timeline|months ahead|earlier than planned|"
    r"later than planned|on time"
)
_CONTINUATION = re.compile(
    r"^\W*(?:[\u201c\"]|(?:He|She|It|They|This|That|These|Those|But|And|However|Yet|Still|Meanwhile)\b)"
)


@dataclass(frozen=True)
class Weights:
    """Coefficients of `score`. The defaults were found by
    `python benchmarks/eval_suggest.py --tune` (coordinate search on the
    tuned gold); a learned model may supply others."""

    quantity: float = 3.0
    target_number: float = 2.66
    schedule: float = 1.0
    obligor_lead: float = 0.188
    clause: float = 4.0
    claim: float = 14.0
    no_phrase_gate: float = 0.15
    neighbour_gate: float = 0.163
    heading: float = 0.2
    short: float = 0.3
    exclusivity: float = 1.0
    min_score: float = 4.0


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Features:
    """What the score of a (passage, obligation) pair is made of."""

    bm25: float = 0.0
    phrase: bool = False
    near_phrase: bool = False
    context: float = 0.0
    quantity: bool = False
    target_number: bool = False
    schedule: bool = False
    obligor_lead: bool = False
    quotes_clause: bool = False
    claim: float = 0.0
    heading: bool = False
    short: bool = False

    def vector(self) -> tuple[float, ...]:
        """The features as numbers, in field order (for a learned model)."""
        return tuple(float(getattr(self, f.name)) for f in fields(self))

    @staticmethod
    def names() -> tuple[str, ...]:
        return tuple(f.name for f in fields(Features))


def score(features: Features, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """The relevance of a passage to an obligation, before exclusivity."""
    f = features
    own = f.bm25
    if not f.phrase and not f.quotes_clause:
        own *= weights.neighbour_gate if f.near_phrase else weights.no_phrase_gate
    total = (
        own + f.context
        + weights.quantity * f.quantity + weights.target_number * f.target_number
        + weights.schedule * f.schedule + weights.obligor_lead * f.obligor_lead
        + weights.clause * f.quotes_clause + weights.claim * f.claim
    )
    if f.heading:
        total *= weights.heading
    elif f.short and not f.claim:  # a short verdict ("X said it broke the deal") is still a claim
        total *= weights.short
    return total


def exclusive(value: float, best_any: float, weights: Weights = DEFAULT_WEIGHTS) -> float:
    """A passage that fits another obligation much better counts less here."""
    if value <= 0 or best_any <= 0:
        return 0.0
    return value * (value / best_any) ** weights.exclusivity


# ---------------------------------------------------------------- the query


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
    signed_on: dt.date | None
    clause: str
    schedule: re.Pattern[str]
    phrases: tuple[frozenset[str], ...] = ()
    obligor_re: re.Pattern[str] | None = None
    phase: Phase | None = None  # its stage of a measure other obligations share
    # How a passage names the obligor, people who speak for it included (None:
    # the obligation belongs to the catalogue's main agreement, see `secondary`).
    secondary_obligor_re: re.Pattern[str] | None = None
    # After this date its subject is a later obligation's, unless the passage
    # says one of its own numbers (see `_superseded_after`).
    superseded_after: dt.date | None = None
    own_numbers_re: re.Pattern[str] | None = None
    # A later agreement's own obligation over the same objects as one of the
    # main agreement's (see `_beside_a_main_one`).
    beside_a_main_one: bool = False
    # For an obligation that forbids its obligor an act: who such an act is
    # about (see `_actors`); None for the others.
    actors: Actors | None = None
    # For an obligation others depend on: its objects, and its objects named
    # as the condition of something else ("once talks begin"); see
    # `only_as_a_condition`.
    condition: tuple[re.Pattern[str], re.Pattern[str]] | None = None
    # For an obligation with a count of its own (a metric): how a passage
    # says a count is another obligor's ("7,000 troops from allied nations"),
    # not the measure's, which counts its first obligor's.
    others_re: re.Pattern[str] | None = None
    # For an obligation whose act is on the agreement itself (endorse it):
    # how a passage names an agreement's text (`_document_pattern`).
    document_re: re.Pattern[str] | None = None

    def phrase_hits(self, classes: frozenset[str]) -> bool:
        """Whether all stems (or stand-ins) of a keyword phrase are in
        `classes` (= `lexicon.phrase_stems(stems of the passage)`)."""
        single, by_word = self._phrase_index
        if not single.isdisjoint(classes):
            return True
        # only the phrases one of whose words the passage has (most have none)
        return any(p <= classes for word in by_word.keys() & classes for p in by_word[word])

    @cached_property
    def _phrase_index(self) -> tuple[frozenset[str], dict[str, tuple[frozenset[str], ...]]]:
        """One-word phrases as one set (a C-speed test); the others by one of
        their words."""
        single = frozenset(next(iter(p)) for p in self.phrases if len(p) == 1)
        by_word: dict[str, list[frozenset[str]]] = {}
        for phrase in self.phrases:
            if len(phrase) > 1:
                by_word.setdefault(min(phrase), []).append(phrase)
        return single, {word: tuple(group) for word, group in by_word.items()}


def phrase_hit_table(queries: Sequence[Query], classes: Sequence[frozenset[str]],
                     wanted: Sequence[bytearray]) -> list[list[bool]]:
    """`table[o][i]`: whether passage `i` has one of `queries[o]`'s keyword
    phrases (`Query.phrase_hits`), for the passages `wanted[o]` marks (False
    elsewhere). One pass over each passage's words for every query at once,
    not one test per query and passage: long articles stay fast."""
    single: dict[str, list[int]] = {}
    multi: dict[str, list[tuple[int, frozenset[str]]]] = {}
    for o, query in enumerate(queries):
        for phrase in query.phrases:
            if len(phrase) == 1:
                single.setdefault(next(iter(phrase)), []).append(o)
            else:
                multi.setdefault(min(phrase), []).append((o, phrase))
    words = frozenset(single) | frozenset(multi)
    table = [[False] * len(classes) for _ in queries]
    for i, own in enumerate(classes):
        for word in own & words:
            for o in single.get(word, ()):
                if wanted[o][i]:
                    table[o][i] = True
            for o, phrase in multi.get(word, ()):
                if wanted[o][i] and not table[o][i] and phrase <= own:
                    table[o][i] = True
    return table


def build_query(obligation: Obligation, catalogue: Catalogue) -> Query:
    """The weighted query for `obligation` (memoised)."""
    return _build_query(obligation, catalogue)


@by_identity(256)
def _build_query(obligation: Obligation, catalogue: Catalogue) -> Query:
    lexicon = Lexicon.for_catalogue(catalogue)
    weights: dict[str, float] = {}

    def add(text: str, weight: float) -> None:
        for stem_ in sorted(set(lexicon.tokens(text))):
            weights[stem_] = max(weights.get(stem_, 0.0), weight)

    add(obligation.summary, SUMMARY_WEIGHT)
    if obligation.clause_text:
        add(obligation.clause_text, CLAUSE_WEIGHT)
    add(obligation.title, TITLE_WEIGHT)
    # What keeping it looks like (its verbs and objects) and what breaking
    # it looks like (what it forbids) are words of the obligation too.
    for word in (*obligation.verbs, *obligation.objects, *obligation.forbids):
        add(word, VOCABULARY_WEIGHT)
    phrases: list[frozenset[str]] = []
    for keyword in obligation.keywords:
        add(keyword, KEYWORD_WEIGHT)
        stems = set(lexicon.tokens(keyword))
        if len(stems) > 1:
            stems -= lexicon.common
        if stems and not stems <= lexicon.common:
            phrases.append(lexicon.phrase_stems(stems))
    phrases.extend(_action_phrases(obligation, catalogue, lexicon))
    for stem_, weight in sorted(weights.items()):
        for synonym in sorted(lexicon.synonyms_of(stem_)):
            if synonym not in weights:
                weights[synonym] = SYNONYM_SHARE * min(weight, TITLE_WEIGHT)
    obligor_names: list[str] = []
    for party_id in obligation.obligor:
        party = catalogue.party(party_id)
        if party is None:
            continue
        obligor_names.extend(party.names())
        for name in party.names():
            for stem_ in lexicon.tokens(name):
                if stem_ not in weights:
                    weights[stem_] = OBLIGOR_WEIGHT
    units = {_UNIT_CANON[w.lower()] for w in (*obligation.objects, *obligation.keywords) if w.lower() in _UNIT_CANON}
    units -= {"days", "weeks", "months", "years", "percent"}
    if obligation.metric is not None:
        units.add(obligation.metric.unit)
    numbers: set[int] = set()
    for keyword in obligation.keywords:
        for raw in re.findall(r"\d{1,3}(?:,\d{3})+|\d{3,}", keyword):
            numbers.add(int(raw.replace(",", "")))
    if obligation.metric is not None:
        numbers |= {int(obligation.metric.target), int(obligation.metric.baseline)}
    signed_on = catalogue.signed_on(obligation)
    deadline = _deadline_of(obligation, catalogue)
    if deadline is not None:
        # naming its deadline as a date ("the May 1 deadline") names the obligation, as a keyword does
        weights[deadline_term(deadline)] = KEYWORD_WEIGHT
        phrases.append(frozenset({deadline_term(deadline)}))
    distinctive = frozenset(s for s, w in weights.items() if w >= 1.0 and s not in lexicon.common)
    return Query(
        obligation=obligation,
        weights=weights,
        distinctive=distinctive,
        units=frozenset(units),
        numbers=frozenset(numbers),
        obligor_names=tuple(sorted(set(obligor_names), key=lambda n: (-len(n), n))),
        obligor_ids=frozenset(obligation.obligor),
        deadline=deadline,
        signed_on=signed_on,
        clause=fold(obligation.clause_text or ""),
        schedule=_schedule_pattern(obligation, deadline),
        phrases=tuple(dict.fromkeys(phrases)),
        obligor_re=_names_pattern([n for n in obligor_names if len(n) > 3]),
        phase=_phase(obligation, catalogue),
        secondary_obligor_re=_secondary_obligor(obligation, catalogue),
        superseded_after=_superseded_after(obligation, catalogue, deadline),
        own_numbers_re=_own_numbers(obligation),
        beside_a_main_one=_beside_a_main_one(obligation, catalogue),
        actors=_actors(obligation, catalogue, lexicon),
        condition=_condition_patterns(obligation, catalogue),
        others_re=_others_pattern(obligation, catalogue),
        document_re=_document_pattern(obligation, catalogue),
    )


# Words for an agreement's text in general English.
_DOCUMENT_WORDS = ("deal", "deals", "agreement", "agreements", "accord", "accords", "pact", "declaration",
                   "text", "texts", "treaty")


def _document_pattern(obligation: Obligation, catalogue: Catalogue) -> re.Pattern[str] | None:
    """For an obligation whose objects include the agreement itself ("endorse
    the deal"): a passage names it by a word for a text, an agreement's name
    or a number of the obligation's keywords ("resolution 2513"). Another
    resolution, a vote or a council of another body is not that act."""
    if not any(o.lower() in _DOCUMENT_WORDS for o in obligation.objects):
        return None
    names = [*_DOCUMENT_WORDS, *(n for a in catalogue.agreements for n in (*a.names, a.short_title) if n)]
    names.extend(re.findall(r"\d{3,}", " ".join(obligation.keywords)))
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)", re.IGNORECASE)


def document_unnamed(query: Query, text: str) -> bool:
    return query.document_re is not None and query.document_re.search(text) is None


# Other forces beside the ones a measure counts, in general English.
_OTHER_FORCES = ("allied", "partner nations", "partner countries", "partner nation", "other foreign",
                 "other countries", "other nations", "other allies")


def _others_pattern(obligation: Obligation, catalogue: Catalogue) -> re.Pattern[str] | None:
    """For an obligation with a metric (its own or the one it restates): the
    names of its obligors after the first, whose forces its counts leave out."""
    own = catalogue.obligation(obligation.restates) if obligation.metric is None and obligation.restates else obligation
    if own is None or own.metric is None or len(own.obligor) < 2:
        return None
    names: list[str] = list(_OTHER_FORCES)
    for party_id in own.obligor[1:]:
        party = catalogue.party(party_id)
        if party is not None:
            names.extend(party.names())
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(set(names), key=lambda n: (-len(n), n)))
                      + r")(?!\w)", re.IGNORECASE)


_COUNT_PHRASE_END = re.compile(r",|;|\.(?:\s|$)|\s(?:and|while|but|as|with|alongside)\s")


def _another_obligors_count(query: Query, text: str, quantity: Quantity) -> bool:
    """The count's own phrase ("some 7,000 troops from allied nations",
    "allied troops numbering 7,000") names another obligor than the one the
    measure counts."""
    if query.others_re is None:
        return False
    after = text[quantity.end: quantity.end + 50]
    stop = _COUNT_PHRASE_END.search(after)
    before = text[max(0, quantity.start - 30): quantity.start]
    cut = max(before.rfind(","), before.rfind(" and "), before.rfind("."))
    phrase = before[cut + 1:] + " " + (after[: stop.start()] if stop else after)
    return query.others_re.search(phrase) is not None


# How a text makes an act the condition or the time of another: "once talks
# begin", "until negotiations are under way", "dependent on the start of ...".
_CONDITION_LEAD = (
    r"\b(?:once|until|unless|when|as soon as"
    r"|(?:with|upon|on|after) the (?:start|opening|beginning) of"
    r"|(?:dependent|conditional|contingent|conditioned) (?:on|upon) the (?:start|opening|beginning) of"
    r"|tied to the (?:start|opening|beginning) of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?"
)


# Plain-text words one of which `_CONDITION_LEAD` needs (a cheap test first).
_CONDITION_TRIGGERS = ("once ", "Once ", "until ", "Until ", "unless ", "Unless ", "when ", "When ", "soon as ",
                       "start of ", "opening of ", "beginning of ")


def _condition_patterns(obligation: Obligation, catalogue: Catalogue) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """For an obligation that another depends on (`depends_on`): its
    objects, and its objects in a clause that makes them the condition of
    something else."""
    if not obligation.objects or not any(obligation.id in other.depends_on for other in catalogue.obligations):
        return None
    words = "|".join(re.escape(o) + "s?" for o in sorted(obligation.objects, key=lambda w: (-len(w), w)))
    objects = re.compile(r"\b(?:" + words + r")\b", re.IGNORECASE)
    # (not when a relative clause goes on to say how that act stands: "tied to
    # the start of talks, which have been stalled for months")
    return objects, re.compile(_CONDITION_LEAD + r"(?:" + words + r")\b(?![^.;]{0,60},\s*which\b)", re.IGNORECASE)


def only_as_a_condition(query: Query, text: str) -> bool:
    """The passage names the obligation's objects, each time as the
    condition of another act ("the review Washington promised once talks
    began"): the passage is that other act's."""
    if query.condition is None or not any(lead in text for lead in _CONDITION_TRIGGERS):
        return False
    objects, conditional = query.condition
    clauses = [m.span() for m in conditional.finditer(text)]
    if not clauses:
        return False
    return all(any(start <= m.start() < end for start, end in clauses) for m in objects.finditer(text))


# Words for armed groups in general English: a forbidden act ("host",
# "train", "fund") is about the obligation when it is theirs or the obligor's.
_ARMED_GROUPS = re.compile(
    r"\b(?:militants?|extremists?|terrorists?|terrorism|jihadists?|insurgents?|insurgency|fighters?|armed groups?"
    r"|militias?|both groups|the two groups)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Actors:
    """How a passage names those an obligation's forbidden act is about: its
    obligor and the people who speak for it, its objects ("foreign
    fighters", the group it names), armed groups."""

    names: re.Pattern[str] | None
    object_stems: frozenset[str]
    lexicon: Lexicon

    def named_in(self, text: str) -> bool:
        if (self.names is not None and self.names.search(text)) or _ARMED_GROUPS.search(text):
            return True
        return not self.object_stems.isdisjoint(_stems_of(self.lexicon, text))


@lru_cache(maxsize=4096)
def _stems_of(lexicon: Lexicon, text: str) -> frozenset[str]:
    """The stems of a passage, kept a while: the obligations that forbid an
    act ask for the same passage in turn."""
    return frozenset(lexicon.tokens(text))


def _actors(obligation: Obligation, catalogue: Catalogue, lexicon: Lexicon) -> Actors | None:
    """For an obligation that forbids an act (`forbids`): who it is about.
    "Players have been training", "we continue to fund the army" or "the
    schools remain closed" hold a forbidden word but are nobody's breach."""
    if not obligation.forbids:
        return None
    names: list[str] = []
    for party_id in obligation.obligor:
        party = catalogue.party(party_id)
        if party is not None:
            names.extend(party.names())
        for person in catalogue.people():
            if person.party == party_id:
                names.extend([person.name, *person.aliases])
    # "the movement" opens a sentence as "The movement"
    names.extend(n[0].upper() + n[1:] for n in list(names) if n[:1].islower())
    stems = frozenset(t for word in obligation.objects for t in lexicon.tokens(word)) - lexicon.common
    return Actors(_names_pattern(sorted(set(names))), stems, lexicon)


def _beside_a_main_one(obligation: Obligation, catalogue: Catalogue) -> bool:
    """An obligation of an agreement other than the catalogue's first, not a
    restatement, whose objects an obligation of the first shares (the
    declaration's prisoner talks beside the main agreement's releases)."""
    if not catalogue.agreements or obligation.agreement == catalogue.agreements[0].id or obligation.restates:
        return False
    main = catalogue.agreements[0].id
    objects = {o.lower() for o in obligation.objects}
    return any(other.agreement == main and objects & {o.lower() for o in other.objects}
               for other in catalogue.obligations)


def _superseded_after(obligation: Obligation, catalogue: Catalogue, deadline: dt.date | None) -> dt.date | None:
    """When the same obligors owe, under the same agreement, a later obligation
    that finishes this one's object ("the five bases" within 135 days, then
    "the remaining bases" with everything else within 14 months): the date
    after which its subject is the later one's, its deadline and a month's
    grace. Stages of a shared measure have their own rule (`Phase`)."""
    if deadline is None or obligation.metric is not None or obligation.restates or not obligation.objects:
        return None
    finishes = re.compile(r"\b(?:remaining|rest of the|all (?:the )?)\s*(?:\w+\s+){0,2}?(?:"
                          + "|".join(re.escape(o) for o in obligation.objects) + r")\b", re.IGNORECASE)
    for other in catalogue.obligations:
        if (other.id == obligation.id or other.agreement != obligation.agreement
                or set(other.obligor) != set(obligation.obligor) or not finishes.search(other.summary)):
            continue
        later = _deadline_of(other, catalogue)
        if later is not None and later > deadline + HANDOVER_GRACE:
            return deadline + HANDOVER_GRACE
    return None


_NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "fourteen")


def _own_numbers(obligation: Obligation) -> re.Pattern[str] | None:
    """The numbers of its title and keywords ("five bases", "8,600", "135 days")."""
    words = " ".join((obligation.title, *obligation.keywords)).lower()
    found = set(re.findall(r"\d[\d,]*\d|\d", words)) | {w for w in _NUMBER_WORDS if re.search(rf"\b{w}\b", words)}
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(found)) + r")(?!\w)", re.I) if found else None


def superseded(query: Query, text: str, published_on: dt.date | None) -> bool:
    """Its subject now belongs to a later obligation and the passage does not
    say one of its own numbers."""
    return (query.superseded_after is not None and published_on is not None and published_on > query.superseded_after
            and (query.own_numbers_re is None or query.own_numbers_re.search(text) is None))


def _secondary_obligor(obligation: Obligation, catalogue: Catalogue) -> re.Pattern[str] | None:
    """For an obligation of an agreement other than the catalogue's first (the
    one tracked first; its passages often speak of its parties without naming
    them), and not a restatement (`_originals_first` decides those): how a
    passage names its obligor. Its names and aliases, the people who speak
    for it, and "the government" for a party that is one."""
    if not catalogue.agreements or obligation.agreement == catalogue.agreements[0].id or obligation.restates:
        return None
    names: list[str] = []
    for party_id in obligation.obligor:
        party = catalogue.party(party_id)
        if party is not None:
            names.extend(party.names())
            if any("government" in n.lower() for n in party.names()):
                names.append("government")
        for person in catalogue.people():
            if person.party == party_id:
                names.extend([person.name, *person.aliases])
    return _names_pattern([n for n in names if len(n) > 3])


def _deadline_of(obligation: Obligation, catalogue: Catalogue) -> dt.date | None:
    """Its deadline as a date (None: none, or the agreement has no signing date)."""
    signed_on = catalogue.signed_on(obligation)
    if signed_on is None:
        return None
    try:
        return resolve_deadline(obligation.deadline, signed_on)
    except (ValueError, OverflowError):
        return None


# A count below the first stage's target, reported up to a month after that
# stage's deadline, is still news of the first stage ("8,000 remained at the
# end of May", under a July deadline): it overshot, it did not start the next.
HANDOVER_GRACE = dt.timedelta(days=31)


@dataclass(frozen=True)
class Phase:
    """Where several obligations share one measure with different targets (a
    first cut to one level, then all the way), the counts that belong to one
    of them: from its target up to the next target above it (for a measure
    that goes down; mirrored for one that goes up)."""

    unit: str
    low: float
    high: float  # excluded
    first: bool  # the stage that starts from the baseline
    handover: dt.date | None  # until then, counts reached belong to the first stage

    def holds(self, quantity: Quantity, published_on: dt.date | None) -> bool:
        if self.handover is not None and quantity.kind == LEVEL and (
                published_on is None or published_on <= self.handover):
            return self.first
        return self.low <= quantity.value < self.high


def _phase(obligation: Obligation, catalogue: Catalogue) -> Phase | None:
    """This obligation's stage of a measure it shares (a restatement takes the
    stage of the obligation it restates); None when the measure is its alone."""
    own = obligation
    if own.metric is None and own.restates:
        own = catalogue.obligation(own.restates) or own
    metric = own.metric
    if metric is None:
        return None
    stages = [o for o in catalogue.obligations if o.metric is not None
              and (o.metric.name, o.metric.unit, o.metric.direction) == (metric.name, metric.unit, metric.direction)]
    targets = sorted({o.metric.target for o in stages if o.metric is not None})
    if len(targets) < 2:
        return None
    down = metric.direction == Direction.DOWN
    first_target = targets[-1] if down else targets[0]
    first_stage = next(o for o in stages if o.metric is not None and o.metric.target == first_target)
    first_deadline = _deadline_of(first_stage, catalogue)
    handover = first_deadline + HANDOVER_GRACE if first_deadline is not None else None
    if down:
        above = [t for t in targets if t > metric.target]
        low, high = metric.target, above[0] if above else math.inf
    else:
        below = [t for t in targets if t < metric.target]
        low, high = (below[-1] if below else -math.inf) + 1e-9, metric.target + 1e-9
    return Phase(metric.unit, low, high, metric.target == first_target, handover)


def scored(query: Query, features: Features, facts: Bonus, text: str, published_on: dt.date | None,
           weights: Weights = DEFAULT_WEIGHTS) -> float:
    """`score`, and what the rest of the catalogue says of this passage for
    this obligation: a stage long past, an obligation a later one finishes,
    a later agreement's obligation whose obligor goes unnamed, the talks that
    made the agreement. One place for the suggestions of one text and for the
    search across sources."""
    value = score(features, weights)
    if (stage_passed(query, published_on) and not facts.target_number and not facts.quantity) or superseded(
            query, text, published_on):
        value *= PASSED_STAGE_FACTOR
    if obligor_unnamed(query, text):
        value *= UNNAMED_OBLIGOR_FACTOR
    if query.beside_a_main_one:
        value *= BESIDE_A_MAIN_ONE_FACTOR
    if about_the_agreements_own_talks(query, text):
        value *= MAKING_OF_THE_AGREEMENT_FACTOR
    if query.actors is not None and not query.actors.named_in(text):
        value *= NO_ACTOR_FACTOR
    if only_as_a_condition(query, text):
        value *= CONDITION_FACTOR
    if document_unnamed(query, text):
        value *= NO_DOCUMENT_FACTOR
    return value


def stage_passed(query: Query, published_on: dt.date | None) -> bool:
    """The first stage of a shared measure, in a text from after its hand-over:
    its withdrawal talk is now the later stage's."""
    phase = query.phase
    return (phase is not None and phase.first and phase.handover is not None and published_on is not None
            and published_on > phase.handover)


# A passage for an obligation of a later agreement that does not name its
# obligor (see `_secondary_obligor`) is scored this much lower: "the Taliban
# freed 200 soldiers" is the main agreement's release, not the Afghan
# government's part in the declaration.
UNNAMED_OBLIGOR_FACTOR = 0.5
# ... and one over the same objects as a main-agreement obligation is scored
# this much lower in any case: analysts put such a passage under the main
# agreement's obligation (on the studied gold, 1 in 9 of the declaration's
# prisoner, talks and counter-terrorism suggestions was marked, at every
# confidence).
BESIDE_A_MAIN_ONE_FACTOR = 0.6


# The talks that made the agreement itself ("signed after 18 months of
# negotiations", "the envoy who negotiated the deal") are not the talks an
# obligation asks for.
_MAKING_OF_THE_AGREEMENT = re.compile(
    r"\bnegotiat\w*\s+(?:the|its|their|this|that|last year's|the February)\s+(?:\w+\s+)?(?:deal|agreement|accord|pact)\b"
    r"|\bsigned\b[^.;]{0,80}\b(?:after|following)\s+(?:more\s+than\s+|nearly\s+|some\s+|about\s+)?"
    r"(?:a\s+year|\d+|\w+)\s+(?:months?|years?)\s+of\s+(?:talks|negotiations)\b"
    r"|\b(?:deal|agreement|accord|pact)\s+(?:was\s+)?(?:negotiated|signed|reached)\s+(?:\w+\s+){0,3}?after\b",
    re.IGNORECASE,
)
MAKING_OF_THE_AGREEMENT_FACTOR = 0.3


def about_the_agreements_own_talks(query: Query, text: str) -> bool:
    """The passage speaks of the negotiation that produced the agreement, and
    the obligation is one of talks."""
    return bool(query.obligation.objects) and any(
        o.lower() in ("talks", "negotiations", "peace talks") for o in query.obligation.objects
    ) and _MAKING_OF_THE_AGREEMENT.search(text) is not None


def obligor_unnamed(query: Query, text: str) -> bool:
    return query.secondary_obligor_re is not None and query.secondary_obligor_re.search(text) is None


# A passage for a first stage long past, with no count of that stage and not
# its number, or for an obligation superseded by a later one without its own
# numbers, is scored this much lower ("the withdrawal is on track" or "the
# last bases were handed over" in 2021).
PASSED_STAGE_FACTOR = 0.3
# A passage for an obligation that forbids an act, naming none of those the
# act is about (`Actors`) and judging nothing, is scored this much lower:
# someone else's training, funding or meetings.
NO_ACTOR_FACTOR = 0.3
# A passage naming an obligation's act only as the condition of another
# ("the sanctions review promised once talks began") is scored this much
# lower for it.
CONDITION_FACTOR = 0.3
# A passage for an act on the agreement itself that names no agreement
# ("the Council adopted a resolution on humanitarian aid", "the jirga
# approved a resolution") is scored this much lower.
NO_DOCUMENT_FACTOR = 0.3


def _stated_counts(query: Query, quantities: Sequence[Quantity]) -> list[Quantity]:
    """Counts of the shared measure the passage states: levels and targets,
    not changes or the level before."""
    unit = query.phase.unit if query.phase else None
    return [q for q in quantities if q.unit == unit and q.kind != CHANGE and not q.previous]


def _outside_phase(query: Query, quantities: Sequence[Quantity], published_on: dt.date | None) -> bool:
    """The passage states counts of the shared measure and none is this obligation's
    stage. The edge of its stage (the target of the one before) as a target or
    limit does not count against it: "a cut below 8,600" is about the stage
    after 8,600; "down to 8,600" reached is the first stage's."""
    stated = [q for q in _stated_counts(query, quantities)
              if query.phase is None or q.value != query.phase.high or q.kind == LEVEL]
    return query.phase is not None and bool(stated) and not any(
        query.phase.holds(q, published_on) for q in stated)


def _inside_later_phase(query: Query, quantities: Sequence[Quantity], published_on: dt.date | None) -> bool:
    """A count stated in this obligation's stage of a shared measure, when that
    stage is not the first: as telling as its target number ("down to 2,500"
    for the withdrawal that ends at zero)."""
    return query.phase is not None and not query.phase.first and any(
        query.phase.holds(q, published_on) for q in _stated_counts(query, quantities))


def _action_phrases(obligation: Obligation, catalogue: Catalogue, lexicon: Lexicon) -> list[frozenset[str]]:
    """What doing the obligation looks like, as word sets a passage may hold
    in any order: one of its verbs with one of its objects ("the talks
    began", "freed 900 inmates"), and a distinctive name of its obligor with
    one of its verbs ("NATO allies will leave")."""
    def stems_of(words: Sequence[str]) -> list[frozenset[str]]:
        out = []
        for word in words:
            stems = frozenset(lexicon.tokens(word)) - lexicon.common
            if stems:
                out.append(stems)
        return out

    verbs = stems_of(obligation.verbs)
    objects = stems_of(obligation.objects)
    names: list[frozenset[str]] = []
    for party_id in obligation.obligor:
        party = catalogue.party(party_id)
        if party is not None:
            names.extend(s for s in stems_of(party.names()) if len(s) == 1)
    out: list[frozenset[str]] = []
    for verb in verbs:
        for other in (*objects, *names):
            combined = lexicon.phrase_stems(verb | other)
            if len(combined) > 1:
                out.append(combined)
    return out


def _names_pattern(names: Sequence[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)")


# A day within this many days of an obligation's deadline names it: news
# calls the withdrawal due 14 months after 29 February 2020 (29 April) "the
# May 1 deadline".
DEADLINE_SLACK_DAYS = 3
# ... when the text uses the day as a deadline: "by May 1", "after the May 1
# date", "past May 1", "the March 10 target" (not "on March 10 the Council voted").
_AS_A_DEADLINE_BEFORE = re.compile(r"\b(?:by|before|after|past|beyond|until|till)\s+(?:the\s+)?$", re.IGNORECASE)
_AS_A_DEADLINE_AFTER = re.compile(
    r"^\W{0,2}\s*(?:deadline|date|target|cut-?off|timeline|withdrawal|exit|departure|pullout|goal|limit)\b",
    re.IGNORECASE)


def deadline_term(deadline: dt.date) -> str:
    """The term a passage gets for naming this deadline (no word is spelt so)."""
    return f"@deadline:{deadline.isoformat()}"


def deadlines_named(text: str, published_on: dt.date | None, deadlines: Iterable[dt.date]) -> set[dt.date]:
    """Which of `deadlines` the text names as a deadline: a day within
    DEADLINE_SLACK_DAYS of it, used as one. A day given without a year is
    any within a year of the article's date. (Only days written with their
    month, or as ISO dates: "by Tuesday" is left to the observation date.)"""
    wanted = frozenset(deadlines)
    if published_on is None or not wanted:
        return set()
    if not _deadline_months(wanted).search(text):
        return set()  # (cheap: most passages name none of the deadlines' months)
    named: set[dt.date] = set()
    for mention in extract_dates(text, published_on):
        if mention.precision != "day":
            continue
        if not (_AS_A_DEADLINE_BEFORE.search(text, max(0, mention.start - 20), mention.start)
                or _AS_A_DEADLINE_AFTER.search(text[mention.end: mention.end + 30])):
            continue
        with_year = re.search(r"\d{4}", mention.phrase) is not None
        for deadline in wanted:
            days = [mention.date]
            if not with_year:
                days = [d for d in (_same_day(mention.date, year) for year in range(
                    published_on.year - 1, published_on.year + 2)) if d is not None
                    and abs((d - published_on).days) <= 366]
            if any(abs((d - deadline).days) <= DEADLINE_SLACK_DAYS for d in days):
                named.add(deadline)
    return named


@lru_cache(maxsize=16)
def _deadline_months(deadlines: frozenset[dt.date]) -> re.Pattern[str]:
    """The names of the months a day near one of `deadlines` falls in, and ISO dates."""
    months: set[int] = set()
    for deadline in deadlines:
        for shift in (-DEADLINE_SLACK_DAYS, 0, DEADLINE_SLACK_DAYS):
            months.add((deadline + dt.timedelta(days=shift)).month)
    names = []
    for month in sorted(months):
        full = dt.date(2000, month, 1).strftime("%B")
        names.extend([full, full[:3]] + (["Sept"] if month == 9 else []))
    # (case kept: "may" is mostly not the month)
    return re.compile(r"\b(?:" + "|".join(names) + r")\b|\d{4}-\d{2}-\d{2}")


def _same_day(day: dt.date, year: int) -> dt.date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _schedule_pattern(obligation: Obligation, deadline: dt.date | None) -> re.Pattern[str]:
    """Words of the obligation's own deadline ("135 days", "14 months", "by
    July 2020") and general schedule words."""
    words = [_GENERAL_SCHEDULE]
    d = obligation.deadline
    if d.kind == "relative":
        if d.days:
            words.append(rf"{d.days} days")
        if d.months:
            words.append(rf"{d.months} months")
    if deadline is not None and d.kind in ("relative", "absolute"):
        month = deadline.strftime("%B")
        words.append(rf"by (?:mid-|early |late |the end of )?{month}(?: {deadline.year})?")
        words.append(rf"by (?:mid-)?{deadline.year}")
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


# ------------------------------------------------------------------ BM25


def bm25_term(tf: int, length: int, avgdl: float) -> float:
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avgdl))


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def bm25(counts: dict[str, int] | Iterable[tuple[str, int]], length: int, query: Query,
         idf_of: dict[str, float], avgdl: float) -> tuple[float, list[str]]:
    """BM25 of a passage (term counts) and its matched terms, best first."""
    items = counts.items() if isinstance(counts, dict) else counts
    parts: list[tuple[float, str]] = []
    for term, tf in items:
        weight = query.weights.get(term)
        if weight is None:
            continue
        parts.append((weight * idf_of.get(term, 0.0) * bm25_term(tf, length, avgdl), term))
    parts.sort(reverse=True)
    return sum(p for p, _ in parts), [t for _, t in parts]


# -------------------------------------------------------------- neighbours


@dataclass(frozen=True)
class Layout:
    """Where a passage sits: its paragraph, whether it is a heading, and
    whether it continues what came before (a quote, a pronoun, "But")."""

    paragraph: int
    heading: bool
    continues: bool


def layout_of(paragraph: int, heading: bool, text: str) -> Layout:
    return Layout(paragraph, heading, bool(_CONTINUATION.match(text)))


def neighbours(layouts: Sequence[Layout], i: int) -> list[tuple[int, float]]:
    """(index, share) of the passages whose score passage `i` borrows: the
    passages around it in its paragraph, and the end of the paragraph before
    (more if the passage continues it)."""
    near: list[tuple[int, float]] = []
    para = layouts[i].paragraph
    for j, share in ((i - 1, NEIGHBOUR_SHARE), (i + 1, NEIGHBOUR_SHARE), (i - 2, FAR_SHARE), (i + 2, FAR_SHARE)):
        if 0 <= j < len(layouts) and layouts[j].paragraph == para:
            near.append((j, share))
    first_in_paragraph = i == 0 or layouts[i - 1].paragraph != para
    if first_in_paragraph and i > 0 and not layouts[i - 1].heading:
        near.append((i - 1, NEXT_PARAGRAPH_SHARE if layouts[i].continues else FAR_SHARE))
    return near


# ------------------------------------------------------------ the features


@dataclass(frozen=True)
class Bonus:
    """The passage-level facts for one query (besides BM25)."""

    quantities: tuple[Quantity, ...]
    quantity: bool
    target_number: bool
    schedule: bool
    obligor_lead: bool
    quotes_clause: bool
    # A count in this obligation's later stage of a shared measure: it says
    # what the passage is about as plainly as a keyword phrase would.
    stage_count: bool = False


def bonus_facts(query: Query, text: str, found: Sequence[Quantity], folded: str,
                published_on: dt.date | None = None) -> Bonus:
    """Counts in the obligation's unit, its numbers, schedule words, the
    obligor named early, the clause quoted."""
    quantities = tuple(x for x in found if x.unit in query.units and not _another_obligors_count(query, text, x)) \
        if found else ()
    elsewhere = _outside_phase(query, quantities, published_on)
    if elsewhere:
        quantities = ()  # counts of another stage of the measure: not this obligation's
    stage_count = bool(quantities) and _inside_later_phase(query, quantities, published_on)
    if quantities:
        target_number = any(x.value in query.numbers for x in quantities) or stage_count
    else:
        # ("4,500 now, down from 13,000": the baseline it fell from is the other stage's too)
        target_number = bool(query.numbers) and any(
            x.unit is None and x.value in query.numbers and not (elsewhere and x.previous) for x in found)
    schedule = query.deadline is not None and query.schedule.search(text) is not None
    obligor_lead = query.obligor_re is not None and query.obligor_re.search(
        text, 0, max(40, len(text) * 2 // 5)
    ) is not None
    quotes_clause = bool(
        query.clause and len(folded) >= 40 and fuzz.partial_ratio(query.clause, folded, score_cutoff=85)
    )
    return Bonus(quantities, bool(quantities), target_number, schedule, obligor_lead, quotes_clause, stage_count)


def features_for(
    *,
    own_bm25: float,
    phrase: bool,
    near: Sequence[tuple[float, bool, float]],
    facts: Bonus,
    claim: float,
    heading: bool,
    length: int,
) -> Features:
    """The features of a passage given its own BM25 and keyword-phrase hit
    and, for each neighbour, (its BM25, its phrase hit, the share it lends)."""
    return Features(
        bm25=own_bm25,
        phrase=phrase or facts.stage_count,
        near_phrase=any(p for _, p, _ in near),
        context=sum(share * s for s, p, share in near if p),
        quantity=facts.quantity,
        target_number=facts.target_number,
        schedule=facts.schedule,
        obligor_lead=facts.obligor_lead,
        quotes_clause=facts.quotes_clause,
        claim=claim,
        heading=heading,
        short=length < 5,
    )
