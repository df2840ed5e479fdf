"""Suggest evidence: passages of an article that bear on an obligation. Pure.

`suggest(text, catalogue, published_on=...)` ranks the sentence-level
passages of ONE article against every obligation of the catalogue and
returns, for each obligation with a passage that clears the threshold, its
best `top_k` passages (fewer when no more clear it), best first overall.
Across many sources, see `tracker.domain.passage_index`.

The pieces, each in its own module:

- `passages`: sentences with their offsets; `lexicon`: words;
- `ranking`: the query, the features and the one `score()` function;
- `quantities`: counts and their kind (level, target, change);
- `observation`: the date of the fact (never after the article, never
  before the agreement); `claimants`: who says it (and via which outlet);
- `stance`: the rules over the catalogue; `calibration`: confidence.

`finish()` turns a ranked passage into a `Suggestion`; the index search uses
it too, so both give the same fields.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import compress

from tracker.domain.calibration import COEFFICIENTS, MIN_CONFIDENCE, confidence, inputs
from tracker.domain.claimants import CONTEXT_CHARS, Claim, Speakers, extract_claim
from tracker.domain.lexicon import COMMON_FACTOR, Lexicon
from tracker.domain.models import Catalogue, Obligation
from tracker.domain.observation import observed_date
from tracker.domain.passages import Passage, split_passages
from tracker.domain.quantities import LEVEL, Quantity, extract_quantities, held_by_allies, holds_a_number
from tracker.domain.ranking import (
    DEFAULT_WEIGHTS,
    K1,
    B,
    Bonus,
    Features,
    Query,
    Weights,
    bm25,
    bonus_facts,
    build_query,
    deadline_term,
    deadlines_named,
    exclusive,
    features_for,
    idf,
    layout_of,
    neighbours,
    phrase_hit_table,
    scored,
)
from tracker.domain.stance import (
    BREACH,
    CONTEXT,
    SUPPORTS,
    StanceRules,
    build_rules,
    decide_stance,
    evaluative_weight,
)
from tracker.domain.text import fold

__all__ = ["BREACH", "CONTEXT", "SUPPORTS", "Suggestion", "finish", "suggest", "with_confidence"]


@dataclass(frozen=True)
class Suggestion:
    """A candidate evidence passage for one obligation.

    `exact == text[start:end]` of the source, verbatim.

    - `level`: the value to store as evidence: a count in the obligation's
      metric unit that the passage states as reached at a time (never a
      target, a plan or a reduction by an amount), else None. `values` is
      `[level]` or `[]` (kept for callers that read a list).
    - `quantities`: every count in the obligation's units, each with its
      kind, unit and approximation, for display.
    - `observed_on`: the date the passage places the fact at, between the
      agreement's signing and the article's date; None when the passage
      gives none (store the article's date then).
    - `claimant`: who asserts it (the speaker, not the outlet that carries
      the words: that is `via`); `claimant_party` the party they speak
      for; `obligor_claim`: it is the obligor's own claim (its denial).
    - `confidence`: calibrated 0..1 (share of such suggestions that were
      gold on eval/gold); `features`: what the score was made of.
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
    level: float | None = None
    quantities: tuple[Quantity, ...] = ()
    confidence: float = 0.0
    claimant_party: str | None = None
    via: str | None = None
    obligor_claim: bool = False
    features: Features = field(default_factory=Features)
    # What `confidence` was computed from (`calibration.INPUTS`): kept so
    # that a model can be refitted on an analyst's decisions.
    confidence_inputs: tuple[float, ...] = ()
    # The obligations whose records show this passage once accepted here:
    # the same act in another agreement (`Catalogue.shares_evidence_with`).
    shared_with: tuple[str, ...] = ()
    # A restatement's suggestion of a passage suggested for the original too
    # (`_originals_first`): accepting either puts it in both records, so the
    # inbox asks about the original only.
    twin: bool = False


_RULES: dict[tuple[int, str], tuple[Catalogue, StanceRules]] = {}


def _rules_of(catalogue: Catalogue, obligation: Obligation, lexicon: Lexicon) -> StanceRules:
    """An obligation's stance rules, built once per catalogue (they depend on nothing else)."""
    key = (id(catalogue), obligation.id)
    cached = _RULES.get(key)
    if cached is not None and cached[0] is catalogue:
        return cached[1]
    if len(_RULES) > 512:
        _RULES.clear()
    rules = build_rules(obligation, catalogue.parties, lexicon)
    _RULES[key] = (catalogue, rules)
    return rules


def finish(
    catalogue: Catalogue,
    query: Query,
    passage: Passage,
    value: float,
    matched: Sequence[str],
    features: Features,
    *,
    quantities: Sequence[Quantity],
    claim: Claim,
    published_on: dt.date | None,
    carried: Claim | None = None,
) -> Suggestion:
    """The suggestion for a ranked passage: stance, date, level, explanation.

    `carried`: the claim of the sentence before in the same paragraph, the
    claimant of a passage that names none ("The report found X. The group
    also trains recruits there.": the report's), after the stance is read."""
    lexicon = Lexicon.for_catalogue(catalogue)
    obligation = query.obligation
    rules = _rules_of(catalogue, obligation, lexicon)
    quantities = [*quantities, *_bare_metric_numbers(passage.text, obligation, quantities)]
    verdict = decide_stance(
        passage.text, rules, claim, quantities, features.quotes_clause, lexicon=lexicon,
        deadline=query.deadline, published_on=published_on, parties=catalogue.parties,
    )
    claim = verdict.claim
    if claim.claimant is None and carried is not None and carried.claimant is not None:
        claim = carried
    when = observed_date(passage.text, quantities, published_on=published_on, earliest=query.signed_on)
    metric = obligation.metric
    levels = [q for q in quantities if q.kind == LEVEL and metric is not None and q.unit == metric.unit
              and not q.is_range and not held_by_allies(passage.text, q)]
    current = [q for q in levels if not q.previous] or levels
    level = float(current[0].value) if current else None
    surface = lexicon.surface_words(passage.text)
    named = deadline_term(query.deadline) if query.deadline is not None else None
    words = [f"its deadline ({query.deadline})" if s == named else surface.get(s, s) for s in matched[:5]]
    parts = [f"terms: {', '.join(words) or '-'}"]
    if quantities:
        parts.append("numbers: " + ", ".join(q.describe() for q in quantities[:3]))
    if when is not None:
        parts.append(f"date: '{when.phrase}' -> {when.date.isoformat()}")
    if claim.claimant:
        parts.append(f"claimant: {claim.claimant}" + (f" via {claim.via}" if claim.via else ""))
    parts.append(f"stance: {verdict.stance} ({verdict.reason})")
    return Suggestion(
        obligation=obligation.id,
        exact=passage.text,
        start=passage.start,
        end=passage.end,
        score=round(value, 3),
        stance=verdict.stance,
        claimant=claim.claimant,
        observed_on=when.date if when else None,
        values=[int(level)] if level is not None else [],
        explanation="; ".join(parts),
        level=level,
        quantities=tuple(quantities),
        claimant_party=claim.party,
        via=claim.via,
        obligor_claim=verdict.obligor_claim,
        features=features,
    )


def _bare_metric_numbers(text: str, obligation: Obligation, known: Sequence[Quantity]) -> list[Quantity]:
    """ "It had reached the level of 8,600": a number without a unit that is
    the obligation's own target is a count of its measure."""
    metric = obligation.metric
    if metric is None:
        return []
    taken = {q.start for q in known}
    return [replace(q, unit=metric.unit) for q in extract_quantities(text)
            if q.unit is None and q.start not in taken and q.value == int(metric.target) and not q.is_range]


def with_confidence(ranked: Sequence[Suggestion], coefficients: Sequence[float] = COEFFICIENTS) -> list[Suggestion]:
    """`ranked` (one obligation's suggestions, best first) with their
    calibrated confidence (`coefficients`: the shipped calibration, or a model
    learned from an analyst's decisions)."""
    best = ranked[0].score if ranked else 0.0
    out = []
    for rank, s in enumerate(ranked, start=1):
        x = inputs(s.score, best, rank, s.features, s.stance != CONTEXT)
        out.append(replace(s, confidence=round(confidence(x, coefficients), 3), confidence_inputs=x))
    return out


@dataclass
class _Doc:
    passage: Passage
    counts: Counter[str]
    length: int


def suggest(
    text: str,
    catalogue: Catalogue,
    *,
    published_on: dt.date | None,
    chrome: tuple[tuple[int, int], ...] = (),
    top_k: int = 5,
    obligation_ids: set[str] | None = None,
    weights: Weights = DEFAULT_WEIGHTS,
    min_confidence: float = MIN_CONFIDENCE,
    learned: Sequence[float] | None = None,
) -> list[Suggestion]:
    """Candidate evidence passages of one article, best first.

    With `learned` coefficients (a model fitted on the analyst's accept and
    reject decisions), confidence comes from them and the list is ordered by
    it: what this analyst accepts rises, what they reject sinks.

    For every obligation (or those in `obligation_ids`), its best `top_k`
    passages whose confidence reaches `min_confidence` (so fewer, or none,
    when nothing else clears it), and none at all when even its best is
    below `OBLIGATION_FLOOR` (unless `min_confidence` is 0: everything).
    The list as a whole is sorted by score (ties: position in the text). A
    passage may appear for several obligations.
    """
    lexicon = Lexicon.for_catalogue(catalogue)
    speakers = Speakers.for_catalogue(catalogue)
    obligations = catalogue.obligations
    docs: list[_Doc] = []
    prepared: list[str] = []
    queries = [build_query(o, catalogue) for o in obligations]
    deadlines = {q.deadline for q in queries if q.deadline is not None}
    for p in split_passages(text, chrome):
        ready = lexicon.prepare(p.text)
        toks = lexicon.tokens_of_prepared(ready)
        if toks:
            toks.extend(deadline_term(d) for d in sorted(deadlines_named(p.text, published_on, deadlines)))
            docs.append(_Doc(p, Counter(toks), len(toks)))
            prepared.append(ready)
    if not docs:
        return []
    n = len(docs)
    avgdl = sum(d.length for d in docs) / n
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.counts.keys())
    # The article-level IDF is noisy for short articles: mix in a constant.
    idf_of = {
        t: 0.7 * idf(c, n) * (COMMON_FACTOR if t in lexicon.common else 1.0)
        + 0.3 * (0.3 if t in lexicon.common else 2.0)
        for t, c in df.items()
    }
    layouts = [layout_of(d.passage.paragraph, d.passage.heading, d.passage.text) for d in docs]
    near = [neighbours(layouts, i) for i in range(n)]
    classes = [lexicon.phrase_stems(d.counts) for d in docs]
    judged: dict[int, float] = {}

    def evaluative(index: int) -> float:
        """How much the passage judges compliance (computed only for passages that may score)."""
        if index not in judged:
            judged[index] = evaluative_weight(prepared[index])
        return judged[index]

    found: dict[int, list[Quantity]] = {}
    claims: dict[int, Claim] = {}
    in_context = speakers.names_a_body(text)

    def quantities_of(index: int) -> list[Quantity]:
        if index not in found:
            found[index] = extract_quantities(docs[index].passage.text)
        return found[index]

    def claim_of(index: int) -> Claim:
        if index not in claims:
            passage = docs[index].passage
            claims[index] = extract_claim(passage.text, text[max(0, passage.start - CONTEXT_CHARS): passage.start],
                                          speakers, in_context=in_context, after=text[passage.end: passage.end + 400])
        return claims[index]

    def carried_claim(index: int) -> Claim | None:
        """The claim of the passage before, in the same paragraph, for a
        passage that names no speaker (see `finish`)."""
        if claim_of(index).claimant is not None or index == 0 \
                or docs[index - 1].passage.paragraph != docs[index].passage.paragraph \
                or docs[index - 1].passage.heading:
            return None
        return claim_of(index - 1)

    rows = _bm25_rows(docs, queries, idf_of, avgdl)
    # Keyword-phrase hits, only where they can matter: passages that score
    # and those up to four places away (their neighbours' neighbours).
    hits = phrase_hit_table(queries, classes, [_dilated(r, 4) for r in rows])
    # The article's affinity to each obligation: the BM25 mass of passages
    # with one of its keyword phrases, relative to the obligation the
    # article is most about.
    strength = [sum(v for v, hit in zip(r, h, strict=True) if hit) for r, h in zip(rows, hits, strict=True)]
    # (a later agreement's obligation beside a main one does not set the scale:
    # it takes nothing from the main one, see `rivals` below)
    top_strength = max((v for v, q in zip(strength, queries, strict=True) if not q.beside_a_main_one),
                       default=0.0) or max(strength, default=0.0) or 1.0
    affinity = [s_ / top_strength for s_ in strength]

    def claim_share(o: int, i: int, attributed: bool) -> float:
        # A judgement of compliance inherits the article's topic: "I
        # totally refute this report" is about whatever the report is about.
        return affinity[o] ** 2 * evaluative(i) / 3.0 * (1.0 if attributed else 0.5)

    # Upper bounds first (every bonus and an attributed claim granted), so
    # that the exact features (numbers, schedule, claimant) are computed
    # only for passages that can still make a top k: linear in the article.
    bounds: list[dict[int, float]] = []
    numbered: dict[int, bool] = {}
    for o in range(len(obligations)):
        query = queries[o]
        bonus_cap = weights.schedule * (query.deadline is not None) + weights.obligor_lead * (query.obligor_re is not None)
        # (a count in its unit, or one of its numbers, needs a number in the passage; a
        # count of a later stage of its measure is worth one of its numbers, see `bonus_facts`)
        later_stage = query.phase is not None and not query.phase.first
        count_cap = weights.quantity * bool(query.units) + weights.target_number * (bool(query.numbers) or later_stage)
        bound: dict[int, float] = {}
        r, h = rows[o], hits[o]
        for i in compress(range(n), _dilated(r, 2)):
            # it, or a neighbour, has a distinctive term of the query (a row
            # is 0 for a passage without one)
            if not (r[i] or any(r[j] for j, _ in near[i])):
                continue
            context = 0.0
            near_hit = False
            for j, share in near[i]:
                if h[j]:
                    context += share * r[j]
                    near_hit = True
            own = r[i]
            if count_cap and i not in numbered:
                numbered[i] = holds_a_number(docs[i].passage.text)
            bonus = bonus_cap + (count_cap if count_cap and numbered[i] else 0.0)
            if query.clause or later_stage:
                # quoting the clause, or a count of a later stage, lifts the gate
                cap = bonus + weights.clause * bool(query.clause)
            else:
                cap = bonus
                if not h[i]:
                    own *= weights.neighbour_gate if near_hit else weights.no_phrase_gate
            value = own + context + cap + (weights.claim * claim_share(o, i, True) if evaluative(i) else 0.0)
            bound[i] = value * (weights.heading if docs[i].passage.heading else 1.0)
        bounds.append(bound)
    exact: dict[tuple[int, int], tuple[float, Features, tuple[Quantity, ...]]] = {}
    all_facts: dict[tuple[int, int], Bonus] = {}
    upper: dict[tuple[int, int], float] = {}

    def facts_of(o: int, i: int) -> Bonus:
        key = (o, i)
        if key not in all_facts:
            text_i, query = docs[i].passage.text, queries[o]
            # (counts matter only to an obligation with a unit or a number of its own)
            found_i = quantities_of(i) if query.units or query.numbers else []
            all_facts[key] = bonus_facts(query, text_i, found_i, fold(text_i) if query.clause else "", published_on)
        return all_facts[key]

    def scored_with(o: int, i: int, attributed: bool) -> tuple[float, Features]:
        doc, facts = docs[i], facts_of(o, i)
        features = features_for(
            own_bm25=rows[o][i], phrase=hits[o][i],
            near=[(rows[o][j], hits[o][j], share) for j, share in near[i]],
            facts=facts, claim=claim_share(o, i, attributed) if evaluative(i) else 0.0,
            heading=doc.passage.heading, length=doc.length,
        )
        return scored(queries[o], features, facts, doc.passage.text, published_on, weights), features

    def upper_score(o: int, i: int) -> float:
        """The exact score if the passage's judgement were attributed: no
        claimant needed (the costliest feature), and never below the exact one."""
        key = (o, i)
        if key in exact:
            return exact[key][0]
        if key not in upper:
            upper[key] = scored_with(o, i, True)[0]
        return upper[key]

    def exact_score(o: int, i: int) -> tuple[float, Features, tuple[Quantity, ...]]:
        key = (o, i)
        if key not in exact:
            attributed = bool(evaluative(i)) and (claim_of(i).party is not None or _is_body(claim_of(i)))
            value, features = scored_with(o, i, attributed)
            exact[key] = (value, features, facts_of(o, i).quantities)
        return exact[key]

    # A later agreement's obligation beside a main one does not make a passage
    # less the main one's: analysts put such passages under the main one.
    rivals = [o for o in range(len(obligations)) if not queries[o].beside_a_main_one]

    best_of: dict[int, float] = {}

    def best_any(i: int) -> float:
        """The passage's best relevance for any obligation (exclusivity)."""
        if i in best_of:
            return best_of[i]
        order = sorted(((bounds[o].get(i, 0.0), o) for o in rivals), reverse=True)
        best = 0.0
        for cap, o in order:
            if cap <= best:
                break
            if upper_score(o, i) > best:
                best = max(best, exact_score(o, i)[0])
        best_of[i] = best
        return best

    def ceiling(i: int, value: float) -> float:
        """The most a passage scoring at most `value` can keep after
        exclusivity, once its best for any obligation is known."""
        best = best_of.get(i)
        return value if best is None else exclusive(value, max(best, value), weights)

    results: list[Suggestion] = []
    # Every obligation, even outside `obligation_ids`: a passage's rivals
    # decide whether it is suggested (`_best_fits`), asked for one or all.
    for o in range(len(obligations)):
        ranked: list[tuple[float, int]] = []

        def out_of_reach(score_: float, ranked: list[tuple[float, int]] = ranked) -> bool:
            """Below the floor, or below a full top k."""
            return score_ < weights.min_score or (len(ranked) >= top_k and score_ < ranked[top_k - 1][0])

        for cap, i in sorted(((b, i) for i, b in bounds[o].items()), key=lambda x: (-x[0], x[1])):
            if out_of_reach(cap):
                break
            # (a passage known to fit another obligation far better cannot make this one's top k)
            if out_of_reach(ceiling(i, cap)) or out_of_reach(ceiling(i, upper_score(o, i))):
                continue
            value = exact_score(o, i)[0]
            if out_of_reach(value):
                continue  # exclusivity only lowers it
            final = exclusive(value, max(best_any(i), value), weights)
            if final >= weights.min_score:
                ranked.append((final, i))
                ranked.sort(key=lambda x: (-x[0], x[1]))
        finished = []
        for final, i in ranked[:top_k]:
            _, features, quantities = exact_score(o, i)
            _, matched = bm25(docs[i].counts, docs[i].length, queries[o], idf_of, avgdl)
            finished.append(finish(
                catalogue, queries[o], docs[i].passage, final, matched, features,
                quantities=quantities, claim=claim_of(i), published_on=published_on, carried=carried_claim(i),
            ))
        coefficients = learned if learned is not None else COEFFICIENTS
        confident = with_confidence(finished, coefficients)
        if min_confidence > 0 and confident and max(s.confidence for s in confident) < OBLIGATION_FLOOR:
            continue  # only weak passing mentions of this obligation
        results.extend(s for s in confident if s.confidence >= min_confidence)
    results = _best_fits(results, catalogue)
    if obligation_ids is not None:
        results = [s for s in results if s.obligation in obligation_ids]
    results = _originals_first(results, catalogue, asked=obligation_ids, top_k=top_k)
    results = [replace(s, shared_with=catalogue.shares_evidence_with(s.obligation)) for s in results]
    if learned is not None:
        results.sort(key=lambda s: (-s.confidence, -s.score, s.start, s.obligation))
    else:
        results.sort(key=lambda s: (-s.score, s.start, s.obligation))
    return results


# A passage suggested for an obligation is dropped when another obligation's
# suggestion of the same passage is more confident by more than this: it fits
# the other one (measured on eval/gold: precision@5 0.37 -> 0.39 on the
# studied set and 0.59 -> 0.63 on the tuned one, recall 0.75 kept / -0.01).
RIVAL_MARGIN = 0.4
# An obligation whose best passage in the article is below this confidence
# gets no suggestion there at all: one weak passing mention is rarely what an
# analyst marks (on the studied gold, 8% of such suggestions were; dropping
# them moved precision@5 0.41 -> 0.44 for recall 0.83 -> 0.82, where a
# higher per-suggestion threshold costs recall point for point). 0.3 on the
# first calibration's scale; 0.2 on today's, fitted on more writers.
OBLIGATION_FLOOR = 0.2


# A restatement's twin is offered only beside an original at least this
# confident. Analysts mark the restatement too on about 1 twin in 3, and
# less often the weaker the original (on the studied files: 0.17 of twins
# below 0.5, 0.38 above; all twins R@5 0.656 -> 0.714 for P@5 0.493 ->
# 0.467, these 0.700 for 0.483).
TWIN_MIN_CONFIDENCE = 0.5


def _best_fits(results: list[Suggestion], catalogue: Catalogue) -> list[Suggestion]:
    """Leave out suggestions of a passage that fits another obligation far
    better; an obligation and its restatement are not rivals (see
    `_originals_first`)."""
    by_span: dict[tuple[int, int], list[Suggestion]] = {}
    for s in results:
        by_span.setdefault((s.start, s.end), []).append(s)

    def related(a: str, b: str) -> bool:
        oa, ob = catalogue.obligation(a), catalogue.obligation(b)
        return bool(oa and ob and (oa.restates == b or ob.restates == a))

    kept: list[Suggestion] = []
    for s in results:
        rivals = [r.confidence for r in by_span[(s.start, s.end)]
                  if r.obligation != s.obligation and not related(r.obligation, s.obligation)]
        if not rivals or s.confidence >= max(rivals) - RIVAL_MARGIN:
            kept.append(s)
    return kept


def _dilated(row: Sequence[float], reach: int) -> bytearray:
    """1 for each passage within `reach` places of one that scores (non-zero)."""
    n = len(row)
    marks = bytearray(n)
    ones = b"\x01" * (2 * reach + 1)
    for k in compress(range(n), row):
        lo, hi = max(0, k - reach), min(n, k + reach + 1)
        marks[lo:hi] = ones[: hi - lo]
    return marks


def _names(catalogue: Catalogue, agreement_id: str) -> list[str]:
    agreement = catalogue.agreement(agreement_id)
    return [n.lower() for n in (agreement.short_title, *agreement.names) if n] if agreement else []


def _originals_first(results: list[Suggestion], catalogue: Catalogue, *,
                     asked: set[str] | None = None, top_k: int = 5) -> list[Suggestion]:
    """An obligation and its restatement in another agreement are one act.

    - A passage that fits both and names neither agreement is suggested for
      both when the original's confidence reaches `TWIN_MIN_CONFIDENCE`:
      the original first, the restatement right after as its `twin`, read
      as the original is (its stance and level) with the restatement's own
      confidence.
    - One that names the restating agreement puts the restatement first, and
      is the restatement's alone if it does not name the original's
      agreement too ("the resolution also welcomed the joint declaration").
    - One that only the restatement's ranking finds, naming neither, goes to
      the original (the act's record) while the original has fewer than
      `top_k`: the restatement's words ("135 days") found it, but it is the
      main agreement's act (as the restatement's own, right 1 time in 6).

    Asked for the restatement alone (`asked`, without its original), its
    suggestions stand as they are."""
    present = {(s.start, s.end, s.obligation): s for s in results}
    per_obligation = Counter(s.obligation for s in results)
    dropped: set[tuple[int, int, str]] = set()
    out: list[Suggestion] = []
    for s in results:
        obligation = catalogue.obligation(s.obligation)
        restated = obligation.restates if obligation else None
        if obligation is None or restated is None:
            out.append(s)
            continue
        text = s.exact.lower()
        names_restating = any(n in text for n in _names(catalogue, obligation.agreement))
        original = present.get((s.start, s.end, restated))
        if original is None:
            if names_restating or (asked is not None and restated not in asked):
                out.append(s)
            elif per_obligation[restated] < top_k:
                per_obligation[restated] += 1
                out.append(replace(s, obligation=restated))
            continue
        if not names_restating:
            # (analysts often mark such a passage under both; the record shows it under both)
            if original.confidence >= TWIN_MIN_CONFIDENCE:
                out.append(replace(original, obligation=s.obligation, score=round(original.score - 0.001, 3),
                                   confidence=s.confidence, twin=True))
            continue
        s = replace(s, score=max(s.score, round(original.score + 0.001, 3)))
        restated_one = catalogue.obligation(original.obligation)
        if restated_one and not any(n in text for n in _names(catalogue, restated_one.agreement)):
            dropped.add((original.start, original.end, original.obligation))
        out.append(s)
    return [s for s in out if (s.start, s.end, s.obligation) not in dropped]


def _bm25_rows(docs: Sequence[_Doc], queries: Sequence[Query], idf_of: dict[str, float],
               avgdl: float) -> list[list[float]]:
    """BM25 of every passage for every query, in one pass over each
    passage's terms; 0 for a passage with no distinctive term of the query."""
    by_term: dict[str, list[tuple[int, float, bool]]] = {}
    for number, query in enumerate(queries):
        for term, weight in query.weights.items():
            by_term.setdefault(term, []).append((number, weight, term in query.distinctive))
    rows = [[0.0] * len(docs) for _ in queries]
    for i, d in enumerate(docs):
        norm = K1 * (1 - B + B * d.length / avgdl)
        own = [0.0] * len(queries)
        distinct = [False] * len(queries)
        for term, tf in d.counts.items():
            entries = by_term.get(term)
            if entries is None:
                continue
            part = idf_of.get(term, 0.0) * tf * (K1 + 1) / (tf + norm)
            for number, weight, is_distinctive in entries:
                own[number] += weight * part
                if is_distinctive:
                    distinct[number] = True
        for number in range(len(queries)):
            if distinct[number]:
                rows[number][i] = own[number]
    return rows


def _is_body(claim: Claim) -> bool:
    """A named speaker without a party (a monitoring team, an outlet)."""
    return claim.claimant is not None and claim.party is None
