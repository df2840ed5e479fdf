"""Score `suggest` against gold files of expected passages.

A gold file lists articles, each a file (a path relative to the folder that
holds `eval/`, or absolute) or a `text` written in the gold file itself,
and for each the passages an analyst would attach to each obligation:

    articles:
      - file: seeds/000_66c5ae46b4422667.txt     # or: name: ..., text: |
        published_on: 2020-06-01
        gold:
          - obligation: aq-no-cooperation
            quote: "remain close, based on friendship, ..."
            stance: indicates-breach     # optional
            prefix: "..."                # optional, when the quote occurs twice
            claimant: ...                # optional: the expected claimant
            via: ...                     # optional: the outlet that carries it
            observed_on: 2020-05-25      # optional (null: no date from the text)
            level: 8600                  # optional (null: no level)
            approximation: nearly        # optional

Besides precision@k and recall@k it measures, on the gold passages found,
how often the claimant, the outlet, the observation date, the level and
the approximation are the expected ones; it counts the suggestions whose
observation is dated after their article; and it pairs every suggestion's
score and confidence with whether it was gold (calibration).

This module reads files, so it sits beside the service, not in the domain.
`format_report(result)` gives the text that `tracker eval suggest` prints.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tracker.domain.calibration import INPUTS, MIN_CONFIDENCE, fit_logistic, reliability
from tracker.domain.catalogue import parse_catalogue
from tracker.domain.claimants import Speakers, same_speaker
from tracker.domain.evaluation import MIN_COVER, Score, Span, combine, cover, locate_quote, score_article
from tracker.domain.models import Catalogue
from tracker.domain.passages import Passage, split_passages
from tracker.domain.ranking import DEFAULT_WEIGHTS, Weights
from tracker.domain.suggest import Suggestion, suggest
from tracker.domain.text import chrome_spans, unify_newlines
from tracker.domain.yamlsafe import YamlProblem, load_yaml
from tracker.errors import InvalidInput

CHECKED_FIELDS = ("claimant", "via", "observed_on", "level", "approximation")
# The date the record holds once the suggestion is accepted: the observation
# date, or the article's when the passage gives none (so a writer who gives
# the article's date to an undated sentence about the present agrees).
STORED_DATE = "stored_on"


@dataclass
class FieldCheck:
    """How often a field of the suggestion that found a gold passage was right."""

    right: int = 0
    total: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class ArticleResult:
    name: str
    gold: int
    total: Score
    per_obligation: dict[str, Score]
    misses: list[tuple[str, str]]
    missing_quotes: list[str]
    millis: float
    stance_misses: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class EvaluationResult:
    k: int
    articles: list[ArticleResult] = field(default_factory=list)
    fields: dict[str, FieldCheck] = field(
        default_factory=lambda: {f: FieldCheck() for f in (*CHECKED_FIELDS, STORED_DATE)})
    # (confidence, its inputs, was it gold) for every suggestion returned.
    scored: list[tuple[float, tuple[float, ...], bool]] = field(default_factory=list)
    dated_after_article: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        return combine(a.total for a in self.articles)


def _load_gold(path: Path) -> dict[str, Any]:
    from tracker.service import read_text_file

    try:
        data = load_yaml(read_text_file(path, what="gold file"), str(path)) or {}
    except YamlProblem as exc:
        raise InvalidInput(str(exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise InvalidInput(f"{path}: expected a mapping with an 'articles' list (see `tracker eval suggest --help`)")
    return data


def _project_root_for(gold: Path) -> Path:
    """Article paths are relative to the folder that holds `eval/` (or the gold file's folder)."""
    resolved = gold.resolve()
    for parent in resolved.parents:
        if parent.name == "eval":
            return parent.parent
    return resolved.parent


def _article_text(gold_path: Path, number: int, article: Any) -> tuple[str, str]:
    from tracker.service import read_text_file

    if not isinstance(article, dict) or not ("file" in article or "text" in article):
        raise InvalidInput(f"{gold_path}: article #{number} has neither 'file' nor 'text'; give one")
    if "text" in article:
        return str(article.get("name") or f"{gold_path.stem}#{number}"), unify_newlines(str(article["text"]))
    path = Path(article["file"])
    path = path if path.is_absolute() else _project_root_for(gold_path) / path
    return path.name, unify_newlines(read_text_file(path, what="article"))


def _date(value: Any, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{where}: '{value}' is not a date; write it as YYYY-MM-DD") from None


def _check_fields(result: EvaluationResult, item: dict[str, Any], hit: Suggestion, where: str,
                  catalogue: Catalogue, published: dt.date | None = None) -> None:
    actual: dict[str, Any] = {
        "claimant": hit.claimant,
        "via": hit.via,
        "observed_on": hit.observed_on,
        "level": hit.level,
        "approximation": next((q.approximation for q in hit.quantities if hit.level is not None
                               and q.value == hit.level), None),
    }
    for name in CHECKED_FIELDS:
        if name not in item:
            continue
        expected = item[name]
        if name == "observed_on":
            expected = _date(expected, where)
        if name == "level" and expected is not None:
            expected = float(expected)
        check = result.fields[name]
        check.total += 1
        if name == "claimant":
            right = same_speaker(actual[name], expected, Speakers.for_catalogue(catalogue))
        else:
            right = actual[name] == expected
        if right:
            check.right += 1
        else:
            check.wrong.append(f"{where}: {name} {actual[name]!r}, expected {expected!r}")
        if name == "observed_on" and published is not None:
            stored, wanted = actual[name] or published, expected or published
            result.fields[STORED_DATE].total += 1
            if stored == wanted:
                result.fields[STORED_DATE].right += 1
            else:
                result.fields[STORED_DATE].wrong.append(f"{where}: {STORED_DATE} {stored!r}, expected {wanted!r}")


def _scope(data: dict[str, Any], catalogue: Catalogue) -> set[str] | None:
    """The obligations a gold file judges: those of the agreements its marks are
    for (a gold file made for one agreement says nothing of another's obligations)."""
    agreements: set[str] = set()
    for article in data.get("articles") or []:
        for item in article.get("gold") or []:
            found = catalogue.obligation(str(item.get("obligation")))
            if found is not None:
                agreements.add(found.agreement)
    if not agreements:
        return None
    return {o.id for o in catalogue.obligations if o.agreement in agreements}


def evaluate(
    gold_paths: Sequence[Path], catalogue: Catalogue, *, k: int = 5, only_curated: bool = False,
    min_confidence: float = MIN_CONFIDENCE, weights: Weights = DEFAULT_WEIGHTS, by_act: bool = False,
) -> EvaluationResult:
    """Score `suggest` on the gold files.

    With `by_act`, an obligation and its restatements in another agreement
    count as one (their records share evidence, see
    `Catalogue.shares_evidence_with`): a passage marked under both is one
    gold passage, found by a suggestion for either."""
    if k < 1:
        raise InvalidInput(f"-k must be at least 1 (got {k})")
    result = EvaluationResult(k)
    known = {o.id for o in catalogue.obligations}
    acts = {o.id: (o.restates or o.id) if by_act else o.id for o in catalogue.obligations}
    for gold_path in gold_paths:
        data = _load_gold(gold_path)
        scope = _scope(data, catalogue)
        for number, article in enumerate(data["articles"], start=1):
            name, text = _article_text(gold_path, number, article)
            published = _date(article.get("published_on"), f"{gold_path}: {name}")
            items: list[tuple[Span, dict[str, Any]]] = []
            missing: list[str] = []
            for item in article.get("gold") or []:
                if only_curated and item.get("origin") == "added":
                    continue
                if item.get("obligation") not in known:
                    raise InvalidInput(f"{gold_path}: unknown obligation '{item.get('obligation')}' in {name}")
                where = locate_quote(text, item["quote"], item.get("prefix"))
                if where is None:
                    missing.append(str(item["quote"])[:80])
                    continue
                span = Span(acts[item["obligation"]], where[0], where[1], item.get("stance"))
                if not any((g.obligation, g.start, g.end) == (span.obligation, span.start, span.end) for g, _ in items):
                    items.append((span, item))
            gold = [span for span, _ in items]
            started = time.perf_counter()
            suggestions = suggest(text, catalogue, published_on=published, chrome=chrome_spans(text), top_k=k,
                                  min_confidence=min_confidence, weights=weights, obligation_ids=scope)
            millis = (time.perf_counter() - started) * 1000
            if by_act:
                suggestions = _one_per_act(suggestions, acts)
            spans = [Span(s.obligation, s.start, s.end, s.stance) for s in suggestions]
            total, per = score_article(spans, gold, k)
            misses = []
            stance_misses = []
            for span, item in items:
                top = [s for s in suggestions if s.obligation == span.obligation][:k]
                hits = [s for s in top if cover(span, s.start, s.end) >= MIN_COVER]
                if not hits:
                    misses.append((span.obligation, text[span.start:span.end]))
                    continue
                _check_fields(result, item, hits[0], f"{name} {span.obligation} {item['quote'][:40]!r}", catalogue,
                          published)
                if span.stance is not None and hits[0].stance != span.stance:
                    stance_misses.append((span.obligation, text[span.start:span.end], hits[0].stance, span.stance))
            for s in suggestions:
                is_gold = any(g.obligation == s.obligation and cover(g, s.start, s.end) >= MIN_COVER for g in gold)
                result.scored.append((s.confidence, s.confidence_inputs, is_gold))
                if published is not None and s.observed_on is not None and s.observed_on > published:
                    result.dated_after_article.append(f"{name}: {s.obligation} observed {s.observed_on} > {published}")
            result.articles.append(
                ArticleResult(name, len(gold), total, per, misses, missing, millis, stance_misses)
            )
    return result


def agreement(
    first: Path, second: Path, catalogue: Catalogue, *, k: int = 5, by_act: bool = False,
) -> EvaluationResult:
    """Score a second analyst's marks of the same articles against the first
    one's, as if `suggest` had returned them: each mark of the second widened
    to the passage that holds it (a suggestion is a whole passage), in text
    order, with its stance; then precision@k, recall@k and stance agreement
    as `evaluate` counts them. The figures are the ceiling that analysts'
    own disagreement puts on the metrics, on these articles."""
    result = EvaluationResult(k)
    known = {o.id for o in catalogue.obligations}
    acts = {o.id: (o.restates or o.id) if by_act else o.id for o in catalogue.obligations}
    theirs = {str(a.get("name")): a for a in _load_gold(second)["articles"] if isinstance(a, dict)}
    for number, article in enumerate(_load_gold(first)["articles"], start=1):
        name, text = _article_text(first, number, article)
        other = theirs.get(name)
        if other is None or unify_newlines(str(other.get("text", ""))) != text:
            raise InvalidInput(f"{second}: no article '{name}' with the same text as in {first}; "
                               "give both files the same articles")
        spans: dict[str, list[Span]] = {"first": [], "second": []}
        passages = split_passages(text, chrome_spans(text))
        for side, marks in (("first", article.get("gold") or []), ("second", other.get("gold") or [])):
            for item in marks:
                if item.get("obligation") not in known:
                    raise InvalidInput(f"unknown obligation '{item.get('obligation')}' in {name}")
                where = locate_quote(text, item["quote"], item.get("prefix"))
                if where is None:
                    raise InvalidInput(f"{name}: quote not in the text: {str(item['quote'])[:60]!r}")
                span = Span(acts[item["obligation"]], where[0], where[1], item.get("stance"))
                if side == "second":
                    span = _widened(span, passages)
                if not any((g.obligation, g.start, g.end) == (span.obligation, span.start, span.end)
                           for g in spans[side]):
                    spans[side].append(span)
        second_spans = sorted(spans["second"], key=lambda s: s.start)
        total, per = score_article(second_spans, spans["first"], k)
        result.articles.append(ArticleResult(name, len(spans["first"]), total, per, [], [], 0.0))
    return result


def _widened(span: Span, passages: Sequence[Passage]) -> Span:
    """The span from the start of the passage where `span` starts to the end of
    the one where it ends."""
    start = next((p.start for p in passages if p.start <= span.start < p.end), span.start)
    end = next((p.end for p in passages if p.start < span.end <= p.end), span.end)
    return replace(span, start=start, end=end)


def _one_per_act(suggestions: Sequence[Suggestion], acts: dict[str, str]) -> list[Suggestion]:
    """The suggestions under their act's obligation, a span suggested for
    both an obligation and its restatement kept once (the first)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[Suggestion] = []
    for s in suggestions:
        key = (acts[s.obligation], s.start, s.end)
        if key not in seen:
            seen.add(key)
            out.append(replace(s, obligation=key[0]))
    return out


def load_catalogue_file(path: Path) -> Catalogue:
    from tracker.service import read_text_file

    return parse_catalogue(read_text_file(path, what="catalogue"), str(path))


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def format_summary(result: EvaluationResult, label: str = "ALL (micro)") -> str:
    """One line: R@k, P@k, stance agreement, field accuracies, late dates."""
    overall = result.overall
    fields = "  ".join(f"{name} {_fmt(check.accuracy)}" for name, check in result.fields.items() if check.total)
    return (
        f"{label:40s} {'':4s} {_fmt(overall.recall):>6s} {_fmt(overall.precision):>6s} "
        f"{_fmt(overall.stance_accuracy):>6s}   {fields}   dated after article: {len(result.dated_after_article)}"
    )


def format_calibration(result: EvaluationResult) -> str:
    """The calibration table: for each confidence band, how many
    suggestions were returned, how many were gold, the share gold (which a
    calibrated confidence matches) and the mean confidence in the band."""
    lines = ["confidence   suggestions   gold   share gold   mean confidence"]
    for b in reliability((c, g) for c, _, g in result.scored):
        inside = [c for c, _, _ in result.scored if b.low <= c < b.high]
        mean = sum(inside) / len(inside) if inside else None
        lines.append(f"{b.low:4.1f}-{min(b.high, 1.0):3.1f}   {b.count:11d}   {b.gold:4d}   "
                     f"{_fmt(b.share if b.count else None):>10s}   {_fmt(mean):>15s}")
    return "\n".join(lines)


def fit_confidence(gold_paths: Sequence[Path], catalogue: Catalogue, *, k: int = 5) -> tuple[float, ...]:
    """Refit `calibration.COEFFICIENTS` on the gold files: every suggestion
    (no threshold) against whether it was gold."""
    result = evaluate(gold_paths, catalogue, k=k, min_confidence=0.0)
    rows = [x for _, x, _ in result.scored]
    labels = [g for _, _, g in result.scored]
    return fit_logistic(rows, labels)


def tune_weights(gold_paths: Sequence[Path], catalogue: Catalogue, *, k: int = 5, rounds: int = 2,
                 log: Any = None) -> Weights:
    """Coordinate search over the ranking weights on the gold files: each
    weight in turn is scaled by 0.5, 0.75, 1.33 or 2 and kept where R@k +
    P@k (no confidence threshold) improves."""
    from dataclasses import fields, replace

    def objective(w: Weights) -> float:
        total = evaluate(gold_paths, catalogue, k=k, min_confidence=0.0, weights=w).overall
        return (total.recall or 0.0) + (total.precision or 0.0)

    best = DEFAULT_WEIGHTS
    best_value = objective(best)
    for _ in range(rounds):
        for f in fields(Weights):
            for factor in (0.5, 0.75, 1.33, 2.0):
                trial = replace(best, **{f.name: round(getattr(best, f.name) * factor, 3)})
                value = objective(trial)
                if value > best_value + 1e-9:
                    best, best_value = trial, value
                    if log:
                        log(f"{f.name} = {getattr(best, f.name)}: {value:.3f}")
    return best


def format_coefficients(coefficients: Sequence[float]) -> str:
    return "COEFFICIENTS = (" + ", ".join(f"{c}" for c in coefficients) + ")  # " + ", ".join(INPUTS)


def format_report(result: EvaluationResult, *, per_obligation: bool = False, misses: bool = False,
                  calibration: bool = True) -> str:
    """What `tracker eval suggest` prints: per article R@k, P@k, stance
    agreement and time; the overall line; the calibration table."""
    k = result.k
    out = [f"{'article':40s} {'gold':>4s} {'R@' + str(k):>6s} {'P@' + str(k):>6s} {'stance':>6s} {'ms':>6s}"]
    for article in result.articles:
        total = article.total
        out.append(
            f"{article.name[:40]:40s} {article.gold:4d} {_fmt(total.recall):>6s} {_fmt(total.precision):>6s} "
            f"{_fmt(total.stance_accuracy):>6s} {article.millis:6.0f}"
        )
        for quote in article.missing_quotes:
            out.append(f"  ! gold quote not in {article.name}: {quote!r}")
        if per_obligation:
            for obligation_id, score in article.per_obligation.items():
                out.append(f"    {obligation_id:34s} gold {score.gold:2d} found {score.found:2d} "
                           f"R {_fmt(score.recall)} P {_fmt(score.precision)}")
        if misses:
            for obligation_id, passage in article.misses:
                out.append(f"    MISS {obligation_id}: {' '.join(passage.split())[:100]!r}")
            for obligation_id, passage, got, expected in article.stance_misses:
                out.append(f"    STANCE {obligation_id}: {got} (expected {expected}): {' '.join(passage.split())[:80]!r}")
    out.append(format_summary(result))
    if misses:
        for check in result.fields.values():
            out.extend(f"    FIELD {w}" for w in check.wrong)
        out.extend(f"    LATE {w}" for w in result.dated_after_article)
    if calibration:
        out.append(format_calibration(result))
    return "\n".join(out) + "\n"
