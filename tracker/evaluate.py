"""Score `suggest` against gold files of expected passages (precision@k, recall@k).

A gold file lists articles (a path relative to the gold file's project root,
or absolute) and, for each, the passages an analyst would attach to each
obligation:

    articles:
      - file: seeds/000_66c5ae46b4422667.txt
        published_on: 2020-06-01
        url: https://...            # optional
        gold:
          - obligation: aq-no-cooperation
            quote: "remain close, based on friendship, ..."
            stance: indicates-breach     # optional
            prefix: "..."                # optional, when the quote occurs twice

This module reads files, so it sits beside the service, not in the domain.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tracker.domain.catalogue import parse_catalogue
from tracker.domain.evaluation import MIN_COVER, Score, Span, combine, cover, locate_quote, score_article
from tracker.domain.models import Catalogue
from tracker.domain.suggest import suggest
from tracker.domain.text import chrome_spans
from tracker.errors import InvalidInput


@dataclass
class ArticleResult:
    name: str
    gold: int
    total: Score
    per_obligation: dict[str, Score]
    misses: list[tuple[str, str]]
    missing_quotes: list[str]
    millis: float


@dataclass
class EvaluationResult:
    k: int
    articles: list[ArticleResult] = field(default_factory=list)

    @property
    def overall(self) -> Score:
        return combine(a.total for a in self.articles)


def _load_gold(path: Path) -> dict[str, Any]:
    from tracker.service import read_text_file

    try:
        data = yaml.safe_load(read_text_file(path, what="gold file")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InvalidInput(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML; fix the syntax") from None
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


def evaluate(gold_paths: Sequence[Path], catalogue: Catalogue, *, k: int = 5, only_curated: bool = False) -> EvaluationResult:
    from tracker.service import read_text_file

    if k < 1:
        raise InvalidInput(f"-k must be at least 1 (got {k})")
    result = EvaluationResult(k)
    known = {o.id for o in catalogue.obligations}
    for gold_path in gold_paths:
        data = _load_gold(gold_path)
        base = _project_root_for(gold_path)
        for number, article in enumerate(data["articles"], start=1):
            if not isinstance(article, dict) or "file" not in article:
                raise InvalidInput(f"{gold_path}: article #{number} has no 'file'")
            path = Path(article["file"])
            path = path if path.is_absolute() else base / path
            text = read_text_file(path, what="article")
            published = article.get("published_on")
            if isinstance(published, str):
                published = dt.date.fromisoformat(published)
            gold: list[Span] = []
            missing: list[str] = []
            for item in article.get("gold") or []:
                if only_curated and item.get("origin") == "added":
                    continue
                if item.get("obligation") not in known:
                    raise InvalidInput(f"{gold_path}: unknown obligation '{item.get('obligation')}' in {path.name}")
                where = locate_quote(text, item["quote"], item.get("prefix"))
                if where is None:
                    missing.append(str(item["quote"])[:80])
                    continue
                gold.append(Span(item["obligation"], where[0], where[1], item.get("stance")))
            started = time.perf_counter()
            suggestions = suggest(
                text, catalogue, published_on=published, chrome=chrome_spans(text), top_k=k,
            )
            millis = (time.perf_counter() - started) * 1000
            spans = [Span(s.obligation, s.start, s.end, s.stance) for s in suggestions]
            total, per = score_article(spans, gold, k)
            misses = []
            for g in gold:
                top = [s for s in spans if s.obligation == g.obligation][:k]
                if not any(cover(g, s.start, s.end) >= MIN_COVER for s in top):
                    misses.append((g.obligation, text[g.start:g.end]))
            result.articles.append(ArticleResult(path.name, len(gold), total, per, misses, missing, millis))
    return result


def load_catalogue_file(path: Path) -> Catalogue:
    from tracker.service import read_text_file

    return parse_catalogue(read_text_file(path, what="catalogue"), str(path))
