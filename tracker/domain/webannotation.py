"""Evidence as W3C Web Annotations (JSON-LD), and back.

`annotation_collection` writes one Annotation per evidence item: its target is
the source's URL (or `urn:sha256:<text hash>` for a source without one) with a
TextQuoteSelector and a TextPositionSelector; the stance, the obligation and
the note are bodies; claimant, observed date and value are `tracker:` terms.
`parse_annotations` reads such a document back into `AnnotationInput`s, and
`match_sources` finds each one's source among a tracker's sources (by text
hash first, then by URL). Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.domain.models import Evidence, Stance

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
VOCAB = "urn:tracker:vocab:"
CONTEXT: list[Any] = [ANNO_CONTEXT, {"tracker": VOCAB}]
_NAMESPACE = uuid.UUID("0b7d3a52-6b5f-4c1e-9a57-4f1f3c2a9e10")


class AnnotationError(ValueError):
    """A document that is not a set of tracker annotations; the message says which item and why."""


@dataclass(frozen=True)
class AnnotatedSource:
    id: int
    url: str | None
    sha256: str
    title: str = ""


@dataclass(frozen=True)
class AnnotationInput:
    """One evidence item read from an annotation, before its source is resolved."""

    obligation_id: str
    source: str  # the target's source IRI
    source_sha256: str | None
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None
    stance: str
    claimant: str | None
    observed_on: dt.date | None
    value: float | None
    note: str | None
    created_at: dt.datetime | None


def source_iri(source: AnnotatedSource) -> str:
    return source.url.strip() if source.url and source.url.strip() else f"urn:sha256:{source.sha256}"


def annotation_id(evidence: Evidence, source: AnnotatedSource) -> str:
    """A stable id: the same passage, obligation and stance give the same id in any tracker."""
    key = f"{source.sha256}:{evidence.position.start}:{evidence.position.end}:{evidence.obligation_id}:{evidence.stance.value}"
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def annotation(evidence: Evidence, source: AnnotatedSource) -> dict[str, Any]:
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "classifying", "value": evidence.stance.value, "format": "text/plain"},
        {"type": "TextualBody", "purpose": "tagging", "value": evidence.obligation_id, "format": "text/plain"},
    ]
    if evidence.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": evidence.note, "format": "text/plain"})
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": evidence.quote.exact}
    if evidence.quote.prefix:
        quote["prefix"] = evidence.quote.prefix
    if evidence.quote.suffix:
        quote["suffix"] = evidence.quote.suffix
    item: dict[str, Any] = {
        "id": annotation_id(evidence, source),
        "type": "Annotation",
        "motivation": "assessing",
        "created": evidence.created_at.isoformat(timespec="seconds") + "Z",
        "creator": {"type": "Person", "name": evidence.author},
        "body": bodies,
        "target": {
            "type": "SpecificResource",
            "source": source_iri(source),
            "selector": [
                quote,
                {"type": "TextPositionSelector", "start": evidence.position.start, "end": evidence.position.end},
            ],
            "tracker:sourceSha256": source.sha256,
        },
        "tracker:obligation": evidence.obligation_id,
        "tracker:stance": evidence.stance.value,
        "tracker:evidenceId": evidence.id,
    }
    if source.title:
        item["target"]["tracker:sourceTitle"] = source.title
    if evidence.claimant:
        item["tracker:claimant"] = evidence.claimant
    if evidence.observed_on:
        item["tracker:observedOn"] = evidence.observed_on.isoformat()
    if evidence.value is not None:
        item["tracker:value"] = int(evidence.value) if float(evidence.value).is_integer() else evidence.value
    return item


def annotation_collection(
    evidence: Sequence[Evidence], sources: Mapping[int, AnnotatedSource], *, label: str, generated_at: dt.datetime
) -> dict[str, Any]:
    """Every standing (not retracted) evidence item as one AnnotationCollection."""
    items = [annotation(e, sources[e.source_id]) for e in sorted(evidence, key=lambda e: e.id) if not e.retracted]
    stamp = generated_at.isoformat(timespec="seconds")
    collection_id = f"urn:uuid:{uuid.uuid5(_NAMESPACE, label + stamp)}"
    return {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "created": stamp + "Z",
        "total": len(items),
        "first": {"id": collection_id + ":page1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


# -- reading back -----------------------------------------------------------


def is_annotation_document(data: Any) -> bool:
    if isinstance(data, list):
        return bool(data) and all(isinstance(d, dict) and _has_type(d, "Annotation") for d in data)
    if not isinstance(data, dict):
        return False
    return any(_has_type(data, t) for t in ("AnnotationCollection", "AnnotationPage", "Annotation"))


def _has_type(node: dict[str, Any], name: str) -> bool:
    kind = node.get("type", node.get("@type"))
    return kind == name or (isinstance(kind, list) and name in kind)


def _items(data: Any) -> list[Any]:
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise AnnotationError("not a Web Annotation document; give a file from `tracker export --format annotations`")
    if _has_type(data, "Annotation"):
        return [data]
    if _has_type(data, "AnnotationPage"):
        items = data.get("items")
    elif _has_type(data, "AnnotationCollection"):
        first = data.get("first")
        items = first.get("items") if isinstance(first, dict) else None
    else:
        items = None
    if not isinstance(items, list):
        raise AnnotationError("no annotations found (expected an AnnotationCollection whose first page lists items)")
    return items


def _text(node: dict[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
    value = node.get(key)
    if value is None or value == "":
        if required:
            raise AnnotationError(f"{where}: '{key}' is missing")
        return None
    if not isinstance(value, str):
        raise AnnotationError(f"{where}: '{key}' must be text")
    return value


def _body_value(item: dict[str, Any], purpose: str) -> str | None:
    bodies = item.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if isinstance(body, dict) and body.get("purpose") == purpose and isinstance(body.get("value"), str):
            return str(body["value"])
    return None


def _parse_one(item: Any, number: int) -> AnnotationInput:
    where = f"annotation {number}"
    if not isinstance(item, dict) or not _has_type(item, "Annotation"):
        raise AnnotationError(f"{where} is not an Annotation")
    target = item.get("target")
    if isinstance(target, list) and target:
        target = target[0]
    if not isinstance(target, dict):
        raise AnnotationError(f"{where}: the target must name a source and selectors")
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id")
    if not isinstance(source, str) or not source:
        raise AnnotationError(f"{where}: the target has no source")
    selectors = target.get("selector", [])
    selectors = selectors if isinstance(selectors, list) else [selectors]
    quote = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextQuoteSelector"), None)
    position = next((s for s in selectors if isinstance(s, dict) and s.get("type") == "TextPositionSelector"), None)
    if quote is None:
        raise AnnotationError(f"{where}: the target has no TextQuoteSelector")
    exact = _text(quote, "exact", where, required=True) or ""
    start = end = None
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            raise AnnotationError(f"{where}: TextPositionSelector needs whole numbers 0 <= start < end")
    obligation = _text(item, "tracker:obligation", where) or _body_value(item, "tagging")
    if not obligation:
        raise AnnotationError(f"{where}: no obligation (tracker:obligation or a tagging body)")
    stance = _text(item, "tracker:stance", where) or _body_value(item, "classifying") or Stance.CONTEXT.value
    if stance not in {s.value for s in Stance}:
        raise AnnotationError(f"{where}: unknown stance '{stance}'; use {', '.join(s.value for s in Stance)}")
    observed = _text(item, "tracker:observedOn", where)
    try:
        observed_on = dt.date.fromisoformat(observed) if observed else None
    except ValueError:
        raise AnnotationError(f"{where}: tracker:observedOn '{observed}' is not a YYYY-MM-DD date") from None
    value = item.get("tracker:value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise AnnotationError(f"{where}: tracker:value must be a number")
    created = _text(item, "created", where)
    try:
        created_at = dt.datetime.fromisoformat(created.replace("Z", "+00:00")).replace(tzinfo=None) if created else None
    except ValueError:
        raise AnnotationError(f"{where}: created '{created}' is not an ISO date-time") from None
    return AnnotationInput(
        obligation_id=obligation, source=source, source_sha256=_text(target, "tracker:sourceSha256", where),
        exact=exact, prefix=_text(quote, "prefix", where) or "", suffix=_text(quote, "suffix", where) or "",
        start=start, end=end, stance=stance, claimant=_text(item, "tracker:claimant", where),
        observed_on=observed_on, value=float(value) if value is not None else None,
        note=_body_value(item, "commenting"), created_at=created_at,
    )


def parse_annotations(data: Any) -> list[AnnotationInput]:
    """The evidence inputs of a Web Annotation document (collection, page, list or one annotation)."""
    return [_parse_one(item, number) for number, item in enumerate(_items(data), start=1)]


def match_sources(inputs: Sequence[AnnotationInput], sources: Sequence[AnnotatedSource]) -> list[int]:
    """The id of each input's source: same text hash first, then same URL (or urn:sha256)."""
    by_sha = {s.sha256: s.id for s in sources}
    by_iri = {source_iri(s): s.id for s in sources}
    ids = []
    for number, item in enumerate(inputs, start=1):
        found = by_sha.get(item.source_sha256 or "")
        if found is None:
            found = by_iri.get(item.source.strip())
        if found is None and item.source.startswith("urn:sha256:"):
            found = by_sha.get(item.source.removeprefix("urn:sha256:"))
        if found is None:
            raise AnnotationError(
                f"annotation {number} targets {item.source}, which is not among this tracker's sources; "
                "add that source first (tracker sources add)"
            )
        ids.append(found)
    return ids
