"""Use case: prove the record is untouched (verify), and move it whole (export, import)."""

from __future__ import annotations

import hashlib
from typing import Any

from tracker.domain import ledger
from tracker.domain.anchoring import reanchor
from tracker.domain.backup import BackupError, parse_backup
from tracker.domain.webannotation import (
    AnnotatedSource,
    AnnotationError,
    is_annotation_document,
    match_sources,
    parse_annotations,
)
from tracker.errors import InvalidInput, TrackerError
from tracker.service.catalogue import upsert_catalogue
from tracker.service.context import Context
from tracker.service.evidence import prepare_evidence
from tracker.service.models import VerifyResult
from tracker.service.sources import get_source
from tracker.store.repository import Repository


def verify(ctx: Context, expect: dict[str, str] | None = None) -> VerifyResult:
    """Check every hash chain, every source hash and every evidence anchor.

    `expect` maps chain names to heads printed by an earlier verify: each must
    still be in its chain. That catches what no check inside the database
    can: entries deleted from the end of a chain."""
    result = VerifyResult()
    with ctx.store.read() as repo:
        digests = repo.source_digests()
        evidence_links = repo.evidence_links()
        retraction_links = repo.retraction_links()
        correction_links = repo.correction_links()
        review_links = repo.review_links()
        status_links = repo.status_links()
    texts = {sid: text for sid, _, text in digests}
    for sid, stored, text in digests:
        if hashlib.sha256(text.encode("utf-8")).hexdigest() != stored:
            result.problems.append(f"source {sid}: its text no longer matches its sha256 (changed after import)")
    for _, item in evidence_links:
        source_text = texts.get(item.source_id)
        if source_text is None:
            result.problems.append(f"evidence {item.id}: its source {item.source_id} is missing")
            continue
        anchor = reanchor(source_text, item.quote, item.position)
        if anchor is None:
            result.problems.append(f"evidence {item.id}: its quote can no longer be found in source {item.source_id}")
        elif anchor.method != "position":
            result.problems.append(
                f"evidence {item.id}: its quote moved in source {item.source_id} "
                f"(found by {anchor.method} match at {anchor.start}-{anchor.end})"
            )
    for name, links in (("evidence", [link for link, _ in evidence_links]), ("retractions", retraction_links),
                        ("corrections", correction_links), ("reviews", review_links)):
        problems, head = ledger.check_chain(name, links)
        result.problems.extend(problems)
        result.heads[name] = head
        result.members[name] = {link.stored_hash for link in links}
        result.counts[name] = len(links)
    combined = hashlib.sha256()
    for obligation_id in sorted(status_links):
        entries = status_links[obligation_id]
        for expected, (seq, _) in enumerate(entries, start=1):
            if seq != expected:
                result.problems.append(
                    f"status history of {obligation_id}: entry {expected} is missing or out of order (found seq {seq})"
                )
                break
        links = [link for _, link in entries]
        problems, head = ledger.check_chain(f"status history of {obligation_id}", links)
        result.problems.extend(problems)
        combined.update(f"{obligation_id}:{head}\n".encode())
        result.chain_heads[f"status/{obligation_id}"] = head
        result.members[f"status/{obligation_id}"] = {link.stored_hash for link in links}
    result.heads["status"] = combined.hexdigest()
    result.counts["status"] = sum(len(v) for v in status_links.values())
    result.counts["sources"] = len(digests)
    _check_kept_heads(result, expect or {})
    return result


def _check_kept_heads(result: VerifyResult, expect: dict[str, str]) -> None:
    per_obligation = any(key.startswith("status/") for key in expect)
    for name, kept in expect.items():
        if name == "status":
            if not per_obligation and kept != result.heads["status"]:
                result.problems.append(
                    "status: the kept digest no longer matches; keep the status/<obligation> lines to check each history"
                )
        elif kept != ledger.GENESIS and kept not in result.members.get(name, set()):
            result.problems.append(
                f"{name}: the head you kept ({kept[:12]}…) is no longer in the chain "
                "(entries were deleted from its end, or the chain was replaced)"
            )


def export_data(ctx: Context) -> dict[str, Any]:
    with ctx.store.read() as repo:
        tables = repo.export_tables()
    return {"format": "tracker-export", "version": 1, "schema": ctx.store.revision(), **tables}


def import_annotations(ctx: Context, data: Any) -> dict[str, int]:
    """Add the evidence of a W3C Web Annotation export to a tracker that has its
    sources (matched by text hash, then URL). Every item is checked before any is
    written; items already present (same obligation, source and span) are skipped,
    so importing the same file twice adds nothing the second time."""
    try:
        inputs = parse_annotations(data)
        with ctx.store.read() as repo:
            known = [AnnotatedSource(s.id, s.url, s.sha256, s.title) for s in repo.report_sources(set(repo.source_ids()))]
        source_ids = match_sources(inputs, known)
    except AnnotationError as exc:
        raise InvalidInput(str(exc)) from None
    planned = []
    for number, (item, source_id) in enumerate(zip(inputs, source_ids, strict=True), start=1):
        source = get_source(ctx, source_id)
        try:
            values = prepare_evidence(
                ctx, item.obligation_id, source, item.exact, prefix=item.prefix, suffix=item.suffix,
                stance=item.stance, claimant=item.claimant, observed_on=item.observed_on, value=item.value,
                note=item.note, start=item.start, end=item.end, created_at=item.created_at,
            )
        except TrackerError as exc:
            raise InvalidInput(f"annotation {number}: {exc}") from None
        planned.append((values, source.sha256))

    def work(repo: Repository) -> dict[str, int]:
        added = skipped = 0
        for values, sha in planned:
            if repo.evidence_with_span(values["obligation_id"], values["source_id"], values["start"], values["end"]):
                skipped += 1
                continue
            repo.append_evidence(values, source_sha256=sha)
            added += 1
        return {"evidence": added, "already present": skipped}

    return ctx.store.write(work)


def import_data(ctx: Context, data: Any) -> dict[str, int]:
    """Load an export into an empty database, keeping ids and hashes. The whole
    document is checked first (types, references, hashes, chains); a bad backup
    is refused with its first problem and nothing is written."""
    if is_annotation_document(data):
        return import_annotations(ctx, data)
    try:
        backup = parse_backup(data)
    except BackupError as exc:
        raise InvalidInput(str(exc)) from None
    tables = backup.tables()
    if ctx.store.revision() is None:
        ctx.store.upgrade()  # only once the backup is known to be good

    def work(repo: Repository) -> dict[str, int]:
        if repo.has_records():
            raise InvalidInput("the database is not empty; import into a new database (--db) instead")
        upsert_catalogue(repo, backup.catalogue(), "the export")
        repo.import_rows(tables)
        return {key: len(rows) for key, rows in tables.items()}

    counts = ctx.store.write(work)
    ctx.forget_catalogue()
    return counts
