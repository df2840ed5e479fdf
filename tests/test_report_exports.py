"""Linked-data exports: the evidence as W3C Web Annotations and the verdicts as
schema.org ClaimReviews, checked against the required fields of each
vocabulary, and the annotations read back into a tracker with the same sources."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from test_report_support import SINCE, make_tracker, rich_tracker
from trackers import run_tracker

from tracker.domain.claimreview import PAM_SCALE, claim_reviews
from tracker.domain.webannotation import (
    ANNO_CONTEXT,
    AnnotatedSource,
    AnnotationError,
    annotation_collection,
    match_sources,
    parse_annotations,
)
from tracker.service import SourceInput, Tracker

ROOT = Path(__file__).resolve().parent.parent

# Required by the Web Annotation Data Model (W3C Recommendation, 2017): an
# Annotation has @context, id, type "Annotation" and at least one target; a
# SpecificResource target has a source; a TextQuoteSelector has exact; a
# TextPositionSelector has non-negative integer start and end.
WEB_ANNOTATION = {
    "type": "object",
    "required": ["@context", "id", "type", "first", "total"],
    "properties": {
        "@context": {"anyOf": [{"const": ANNO_CONTEXT}, {"type": "array", "contains": {"const": ANNO_CONTEXT}}]},
        "type": {"const": "AnnotationCollection"},
        "first": {
            "type": "object", "required": ["id", "type", "items"],
            "properties": {"type": {"const": "AnnotationPage"}, "items": {"type": "array", "items": {"$ref": "#/$defs/anno"}}},
        },
    },
    "$defs": {
        "anno": {
            "type": "object",
            "required": ["id", "type", "target", "motivation"],
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z][a-z0-9+.-]*:"},
                "type": {"const": "Annotation"},
                "motivation": {"enum": ["assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
                                        "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
                                        "tagging"]},
                "created": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$"},
                "body": {"type": "array", "items": {"type": "object", "required": ["type", "value"],
                                                    "properties": {"type": {"const": "TextualBody"}}}},
                "target": {
                    "type": "object", "required": ["source", "selector"],
                    "properties": {
                        "source": {"type": "string", "pattern": "^(https?://|urn:sha256:[0-9a-f]{64}$)"},
                        "selector": {"type": "array", "minItems": 2, "prefixItems": [
                            {"type": "object", "required": ["type", "exact"],
                             "properties": {"type": {"const": "TextQuoteSelector"}, "exact": {"type": "string", "minLength": 1}}},
                            {"type": "object", "required": ["type", "start", "end"],
                             "properties": {"type": {"const": "TextPositionSelector"},
                                            "start": {"type": "integer", "minimum": 0}, "end": {"type": "integer", "minimum": 1}}},
                        ]},
                    },
                },
            },
        },
    },
}

# schema.org ClaimReview as fact-check publishers mark it up: claimReviewed,
# reviewRating (with alternateName; numeric ratings carry best and worst),
# url, author, datePublished and the Claim reviewed.
CLAIM_REVIEW = {
    "type": "object", "required": ["@context", "@graph"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@graph": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["@type", "url", "claimReviewed", "reviewRating", "author", "datePublished", "itemReviewed"],
            "properties": {
                "@type": {"const": "ClaimReview"},
                "claimReviewed": {"type": "string", "minLength": 10},
                "author": {"type": "object", "required": ["@type", "name"],
                           "properties": {"@type": {"enum": ["Organization", "Person"]}}},
                "datePublished": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                "reviewRating": {
                    "type": "object", "required": ["@type", "alternateName"],
                    "properties": {"@type": {"const": "Rating"}, "ratingValue": {"type": "integer", "minimum": 0, "maximum": 3},
                                   "bestRating": {"const": 3}, "worstRating": {"const": 0}},
                    "dependentRequired": {"ratingValue": ["bestRating", "worstRating"]},
                },
                "itemReviewed": {"type": "object", "required": ["@type", "author", "datePublished"],
                                 "properties": {"@type": {"const": "Claim"}}},
            },
        }},
    },
}


def _check(document: Any, schema: dict[str, Any]) -> None:
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert not errors, [f"{e.json_path}: {e.message[:200]}" for e in errors[:5]]


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Tracker, dict[str, int]]]:
    tracker, ids = rich_tracker(tmp_path_factory.mktemp("exports"))
    yield tracker, ids
    tracker.close()


def _annotations(tracker: Tracker) -> dict[str, Any]:
    evidence = tracker.all_evidence()
    sources = {}
    for source_id in {e.source_id for e in evidence}:
        s = tracker.source(source_id)
        sources[source_id] = AnnotatedSource(s.id, s.url, s.sha256, s.title)
    return annotation_collection(evidence, sources, label="test", generated_at=dt.datetime(2021, 2, 1, 9, 30))


def test_annotations_have_the_required_fields(rich: tuple[Tracker, dict[str, int]]) -> None:
    tracker, ids = rich
    document = _annotations(tracker)
    _check(document, WEB_ANNOTATION)
    items = document["first"]["items"]
    standing = [e for e in tracker.all_evidence() if not e.retracted]
    assert document["total"] == len(items) == len(standing)
    assert len({a["id"] for a in items}) == len(items)
    troops = next(a for a in items if a.get("tracker:value") == 8600)
    assert troops["target"]["source"] == "https://time.com/5844865/afghanistan-peace-deal-taliban-al-qaeda/"
    quote, position = troops["target"]["selector"]
    text = tracker.source(next(e.source_id for e in standing if e.value == 8600)).text
    assert text[position["start"]:position["end"]] == quote["exact"]
    assert troops["tracker:claimant"] == "Reuters" and troops["tracker:observedOn"] == "2020-05-25"
    assert {"classifying", "tagging", "commenting"} <= {b["purpose"] for b in troops["body"]}
    assert ids["photo"] not in {a["tracker:evidenceId"] for a in items}


def test_a_source_without_url_is_targeted_by_its_hash(tmp_path: Path) -> None:
    tracker = make_tracker(f"sqlite:///{tmp_path / 'x.db'}", seeds=False)
    source = tracker.add_source(SourceInput(text="A note of our own\n\nThe talks opened on a Saturday.\n", name="n.txt"))
    tracker.add_evidence("intra-afghan-talks", source.id, "The talks opened on a Saturday.", stance="supports-compliance")
    document = _annotations(tracker)
    _check(document, WEB_ANNOTATION)
    sha = tracker.source(source.id).sha256
    assert document["first"]["items"][0]["target"]["source"] == f"urn:sha256:{sha}"
    tracker.close()


def test_annotations_round_trip_into_a_tracker_with_the_same_sources(
    rich: tuple[Tracker, dict[str, int]], tmp_path: Path
) -> None:
    """What `tracker import FILE` does with an annotation document, through the service API."""
    tracker, _ = rich
    document = json.loads(json.dumps(_annotations(tracker)))  # as written to and read from a file
    target = make_tracker(f"sqlite:///{tmp_path / 'copy.db'}", seeds=False)
    for s in tracker.list_sources():  # the same sources, added in another order
        full = tracker.source(s.id)
        target.add_source(SourceInput(text=full.text, name=f"{s.id}.txt", title=full.title, outlet=full.outlet,
                                      url=full.url, published_on=full.published_on))
    inputs = parse_annotations(document)
    sources = [AnnotatedSource(s.id, target.source(s.id).url, target.source(s.id).sha256) for s in target.list_sources()]
    for item, source_id in zip(inputs, match_sources(inputs, sources), strict=True):
        target.add_evidence(
            item.obligation_id, source_id, item.exact, prefix=item.prefix, suffix=item.suffix, start=item.start,
            end=item.end, stance=item.stance, claimant=item.claimant, observed_on=item.observed_on, value=item.value,
            note=item.note, created_at=item.created_at,
        )

    def key(tracker_: Tracker, e: Any) -> tuple[Any, ...]:
        sha = tracker_.source(e.source_id).sha256
        return (e.obligation_id, sha, e.position.start, e.position.end, e.quote.exact, e.stance.value, e.claimant,
                e.observed_on, e.value, e.note, e.created_at)

    original = sorted(key(tracker, e) for e in tracker.all_evidence() if not e.retracted)
    copied = sorted(key(target, e) for e in target.all_evidence())
    assert copied == original
    # Exported again, the same annotations (same ids, same targets).
    again = _annotations(target)["first"]["items"]
    assert sorted(a["id"] for a in again) == sorted(a["id"] for a in document["first"]["items"])
    target.close()


def test_annotations_that_cannot_be_read_say_which_and_why() -> None:
    with pytest.raises(AnnotationError, match="annotation 1: the target has no TextQuoteSelector"):
        parse_annotations({"type": "Annotation", "target": {"source": "https://example.org/a", "selector": []}})
    with pytest.raises(AnnotationError, match="unknown stance 'maybe'"):
        parse_annotations([{"type": "Annotation", "tracker:obligation": "x", "tracker:stance": "maybe",
                            "target": {"source": "urn:x", "selector": {"type": "TextQuoteSelector", "exact": "a"}}}])
    inputs = parse_annotations({"type": "Annotation", "tracker:obligation": "x",
                                "target": {"source": "https://example.org/missing",
                                           "selector": {"type": "TextQuoteSelector", "exact": "a"}}})
    with pytest.raises(AnnotationError, match=re.escape("example.org/missing, which is not among this tracker's sources")):
        match_sources(inputs, [AnnotatedSource(1, "https://example.org/other", "0" * 64)])


def test_claimreview_maps_status_onto_the_pam_scale(rich: tuple[Tracker, dict[str, int]]) -> None:
    tracker, _ = rich
    report = tracker.report(since=SINCE)
    document = claim_reviews(report, publisher="Example Desk", base_url="https://example.org/doha.html")
    _check(document, CLAIM_REVIEW)
    reviews = {r["url"].split("#")[1]: r for r in document["@graph"]}
    assessed = {i.id for i in report.items if i.status not in ("not-assessed", "superseded")}
    assert set(reviews) == assessed
    for item in report.items:
        if item.id not in reviews:
            continue
        rating = reviews[item.id]["reviewRating"]
        assert rating["alternateName"] == item.status
        if item.status in PAM_SCALE:
            assert rating["ratingValue"] == PAM_SCALE[item.status]
            assert (rating["bestRating"], rating["worstRating"]) == (3, 0)
        else:
            assert item.status == "disputed" and "ratingValue" not in rating
    assert reviews["us-drawdown-8600"]["reviewRating"]["ratingValue"] == 3
    assert reviews["prisoner-release"]["reviewRating"]["ratingValue"] == 2
    assert reviews["full-withdrawal-14-months"]["reviewRating"]["ratingValue"] == 1
    talks = reviews["intra-afghan-talks"]
    assert talks["itemReviewed"]["author"] == [{"@type": "Organization", "name": "Taliban"}]
    assert talks["author"]["name"] == "Example Desk" and talks["url"] == "https://example.org/doha.html#intra-afghan-talks"
    assert any(c.get("url", "").startswith("https://time.com/") for c in talks["citation"])


def _cli(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_tracker(db, *args, ok=False, author="desk")


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('cli') / 't.db'}"
    assert _cli(db, "init").returncode == 0
    return db


def test_cli_exports_both_linked_data_formats(cli_db: str, tmp_path: Path) -> None:
    annotations = tmp_path / "evidence.jsonld"
    done = _cli(cli_db, "export", "--format", "annotations", "-o", str(annotations))
    assert done.returncode == 0, done.stderr
    _check(json.loads(annotations.read_text(encoding="utf-8")), WEB_ANNOTATION)
    reviews = tmp_path / "verdicts.jsonld"
    done = _cli(cli_db, "export", "--format", "claimreview", "--as-of", "2020-06-01", "-o", str(reviews))
    assert done.returncode == 0, done.stderr
    assert "16 obligation(s) without a verdict" in done.stderr
    document = json.loads(reviews.read_text(encoding="utf-8"))
    _check(document, CLAIM_REVIEW)
    assert {r["author"]["name"] for r in document["@graph"]} == {"desk"}
    bad = _cli(cli_db, "export", "--format", "claimreview", "--base-url", "javascript:alert(1)")
    assert bad.returncode == 1 and "not an http(s) URL" in bad.stderr and "Traceback" not in bad.stderr


def test_cli_csv_evidence_rows(cli_db: str) -> None:
    done = _cli(cli_db, "report", "--format", "csv", "--rows", "evidence", "--as-of", "2020-06-01")
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0].split(",")
    assert {"quote", "claimant", "outlet", "observed_on", "url"} <= set(header)
    wrong = _cli(cli_db, "report", "--format", "md", "--rows", "evidence")
    assert wrong.returncode == 1 and "--rows is for CSV" in wrong.stderr


def test_cli_import_reads_an_annotation_export(cli_db: str, tmp_path: Path) -> None:
    annotations = tmp_path / "evidence.jsonld"
    assert _cli(cli_db, "export", "--format", "annotations", "-o", str(annotations)).returncode == 0
    fresh = f"sqlite:///{tmp_path / 'fresh.db'}"
    assert _cli(fresh, "init", "--no-seeds").returncode == 0
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    assert _cli(fresh, "sources", "add", *seeds).returncode == 0  # the same texts, without their URLs
    done = _cli(fresh, "import", str(annotations))
    assert done.returncode == 0, done.stderr
    before = json.loads(_cli(cli_db, "show", "aq-no-cooperation", "--format", "json").stdout)["evidence"]
    after = json.loads(_cli(fresh, "show", "aq-no-cooperation", "--format", "json").stdout)["evidence"]
    assert sorted((e["exact"], e["stance"], e["claimant"]) for e in after) == sorted(
        (e["exact"], e["stance"], e["claimant"]) for e in before)
