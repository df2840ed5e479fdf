"""Load the curated seed corpus: articles, evidence links and status entries.

The seed record is a reconstruction of what an analyst would have recorded
on the articles' publication dates, so evidence is stamped at its article's
date and status entries at their effective date; replaying "as of" an earlier
date therefore shows the tracker as it would have stood then.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tracker.domain.yamlsafe import YamlProblem, load_yaml
from tracker.errors import InvalidInput
from tracker.service import SourceInput, Tracker, read_text_file

NOON = dt.time(12, 0)
SEED_AUTHOR = "seeds/evidence.yaml"


@dataclass(frozen=True)
class SeedResult:
    sources: int
    evidence: int
    status: int
    skipped: bool


@lru_cache(maxsize=4)
def _parsed_index(raw: str, name: str) -> Any:
    """The seed index parsed once per text (the caller gets a copy)."""
    return load_yaml(raw, name)


def load_seeds(tracker: Tracker, folder: Path) -> SeedResult:
    index = folder / "evidence.yaml"
    raw = read_text_file(index, what="seed index")
    try:
        data: dict[str, Any] = copy.deepcopy(_parsed_index(raw, str(index))) or {}
    except YamlProblem as exc:
        raise InvalidInput(str(exc)) from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{index}:1: expected a mapping with sources, evidence and status")
    if tracker.all_evidence() or tracker.all_history():
        return SeedResult(0, 0, 0, skipped=True)
    _check(tracker, folder, index, data)  # refuse a bad seed file before writing anything
    # The curated record is the seed file's, not the person running `init`.
    author, tracker.author = tracker.author, SEED_AUTHOR
    try:
        return _load(tracker, folder, index, data)
    finally:
        tracker.author = author


def _check(tracker: Tracker, folder: Path, index: Path, data: dict[str, Any]) -> None:
    from tracker.domain.anchoring import AnchorError, locate
    from tracker.service import parse_confidence, parse_stance, parse_status

    texts = {item["file"]: read_text_file(folder / item["file"], what="source") for item in data.get("sources", [])}
    keys = set()
    for number, item in enumerate(data.get("evidence", []), start=1):
        where = f"{index}: evidence #{number} ({item.get('key', 'no key')})"
        if item.get("source") not in texts:
            raise InvalidInput(f"{where} names source {item.get('source')}, which is not listed under sources")
        tracker.obligation(item.get("obligation", ""))
        parse_stance(item.get("stance", "context"))
        try:
            locate(texts[item["source"]], item.get("quote") or "", item.get("prefix") or "")
        except AnchorError as exc:
            raise InvalidInput(f"{where}: {exc}") from None
        keys.add(item.get("key") or str(number))
    for item in data.get("status", []):
        tracker.obligation(item.get("obligation", ""))
        parse_status(item.get("status", ""))
        parse_confidence(item.get("confidence", "medium"))
        missing = [k for k in item.get("evidence", []) if k not in keys]
        if missing:
            raise InvalidInput(f"{index}: status of {item['obligation']} cites unknown evidence key '{missing[0]}'")


def _load(tracker: Tracker, folder: Path, index: Path, data: dict[str, Any]) -> SeedResult:

    source_ids: dict[str, int] = {}
    published: dict[str, dt.date | None] = {}
    for item in data.get("sources", []):
        path = folder / item["file"]
        on = item.get("published_on")
        text = read_text_file(path, what="source")
        added = tracker.add_source(SourceInput(
            text=text, name=item["file"], title=item.get("title"),
            outlet=item.get("outlet"), author=item.get("author"), url=item.get("url"), published_on=on,
            original=path.read_bytes(), original_media_type="text/plain",
        ))
        source_ids[item["file"]] = added.id
        published[item["file"]] = on

    keys: dict[str, int] = {}
    for number, item in enumerate(data.get("evidence", []), start=1):
        file = item["source"]
        if file not in source_ids:
            raise InvalidInput(f"{index}: evidence #{number} names source {file}, which is not listed under sources")
        on = published.get(file) or dt.date.today()
        evidence = tracker.add_evidence(
            item["obligation"], source_ids[file], item["quote"], prefix=item.get("prefix") or "",
            stance=item.get("stance", "context"), claimant=item.get("claimant"),
            observed_on=item.get("observed_on"), value=item.get("value"), note=item.get("note"),
            created_at=dt.datetime.combine(on, NOON),
        )
        keys[item.get("key") or str(number)] = evidence.id

    count = 0
    for item in data.get("status", []):
        cited = []
        for key in item.get("evidence", []):
            if key not in keys:
                raise InvalidInput(f"{index}: status of {item['obligation']} cites unknown evidence key '{key}'")
            cited.append(keys[key])
        effective = item["effective_on"]
        tracker.set_status(
            item["obligation"], item["status"], effective=effective, because=item["rationale"],
            evidence_ids=cited, confidence=item.get("confidence", "medium"),
            recorded_at=dt.datetime.combine(effective, NOON), assessor=item.get("assessor"),
            reason_code=item.get("reason_code"),
        )
        count += 1
    return SeedResult(len(source_ids), len(keys), count, skipped=False)
