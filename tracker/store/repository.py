"""Every query the tracker runs, over one session, returning domain objects.

The service decides; the repository reads and writes rows. Per-backend SQL
(full-text search) lives here and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tracker.domain import ledger
from tracker.domain.models import (
    Agreement,
    Catalogue,
    Confidence,
    Evidence,
    Obligation,
    Party,
    Source,
    Stance,
    Status,
    StatusChange,
    TextPositionSelector,
    TextQuoteSelector,
)
from tracker.domain.records import EvidenceView, SourceSummary, SourceText
from tracker.domain.report import SourceItem
from tracker.errors import InvalidInput
from tracker.store.chains import append_link, link_of
from tracker.store.schema import (
    AgreementRow,
    EvidenceRow,
    ObligationRow,
    PartyRow,
    RetractionRow,
    SourceRow,
    StatusRow,
)

# An interactive read on PostgreSQL is cancelled on the server after this long,
# so that a costly query never keeps running after its client has gone.
SEARCH_TIMEOUT_MS = 5000
EXPORT_TABLES: tuple[tuple[str, type[Any]], ...] = (
    ("sources", SourceRow), ("evidence", EvidenceRow), ("retractions", RetractionRow),
    ("status_changes", StatusRow),
)


class Repository:
    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def backend(self) -> str:
        return self.session.get_bind().dialect.name

    # -- catalogue -------------------------------------------------------------

    def catalogue(self) -> Catalogue:
        s = self.session
        return Catalogue(
            agreements=tuple(Agreement.model_validate(r.data) for r in s.scalars(select(AgreementRow))),
            parties=tuple(Party.model_validate(r.data) for r in s.scalars(select(PartyRow))),
            obligations=tuple(
                Obligation.model_validate(r.data)
                for r in s.scalars(select(ObligationRow).order_by(ObligationRow.position))
            ),
        )

    def obligation_ids(self) -> list[str]:
        return list(self.session.scalars(select(ObligationRow.id)))

    def obligation_use_count(self, obligation_id: str) -> int:
        """Evidence items and status entries that refer to the obligation."""
        s = self.session
        evidence = s.scalar(select(func.count()).select_from(EvidenceRow).where(EvidenceRow.obligation_id == obligation_id))
        status = s.scalar(select(func.count()).select_from(StatusRow).where(StatusRow.obligation_id == obligation_id))
        return int(evidence or 0) + int(status or 0)

    def delete_obligation(self, obligation_id: str) -> None:
        row = self.session.get(ObligationRow, obligation_id)
        if row is not None:
            self.session.delete(row)
            self.session.flush()

    def upsert_catalogue(self, catalogue: Catalogue) -> None:
        """Insert or update every agreement, party and obligation (in catalogue order)."""
        s = self.session
        for agreement in catalogue.agreements:
            s.merge(AgreementRow(id=agreement.id, data=agreement.model_dump(mode="json")))
        for party in catalogue.parties:
            s.merge(PartyRow(id=party.id, data=party.model_dump(mode="json")))
        s.flush()
        for position, obligation in enumerate(catalogue.obligations):
            s.merge(ObligationRow(
                id=obligation.id, agreement_id=obligation.agreement, position=position,
                data=obligation.model_dump(mode="json"),
            ))
        s.flush()

    # -- sources -----------------------------------------------------------------

    def source_by_sha256(self, digest: str) -> Source | None:
        row = self.session.scalar(select(SourceRow).where(SourceRow.sha256 == digest))
        return _source(row) if row is not None else None

    def insert_source(self, **values: Any) -> Source:
        row = SourceRow(**values)
        self.session.add(row)
        self.session.flush()
        return _source(row)

    def source(self, source_id: int) -> Source | None:
        row = self.session.get(SourceRow, source_id)
        return _source(row) if row is not None else None

    def source_ids(self) -> list[int]:
        return list(self.session.scalars(select(SourceRow.id).order_by(SourceRow.id)))

    def source_summaries(self) -> list[SourceSummary]:
        counts = dict(self.session.execute(
            select(EvidenceRow.source_id, func.count()).group_by(EvidenceRow.source_id)
        ).all())
        rows = self.session.execute(
            select(SourceRow.id, SourceRow.title, SourceRow.outlet, SourceRow.published_on,
                   func.length(SourceRow.text)).order_by(SourceRow.id)
        ).all()
        return [SourceSummary(r[0], r[1], r[2], r[3], int(counts.get(r[0], 0)), int(r[4] or 0)) for r in rows]

    def report_sources(self, ids: set[int]) -> list[SourceItem]:
        """What a report cites of each source (not its text)."""
        if not ids:
            return []
        rows = self.session.execute(
            select(SourceRow.id, SourceRow.title, SourceRow.outlet, SourceRow.author, SourceRow.url,
                   SourceRow.published_on, SourceRow.sha256, SourceRow.retrieved_at)
            .where(SourceRow.id.in_(sorted(ids))).order_by(SourceRow.id)
        ).all()
        return [SourceItem(*row) for row in rows]

    def source_texts(self) -> list[SourceText]:
        rows = self.session.execute(
            select(SourceRow.id, SourceRow.text, SourceRow.published_on, SourceRow.chrome).order_by(SourceRow.id)
        ).all()
        return [SourceText(r[0], r[1], r[2], tuple((int(a), int(b)) for a, b in r[3])) for r in rows]

    def has_records(self) -> bool:
        """True when any source or status entry exists (the database is in use)."""
        s = self.session
        return bool(s.scalar(select(func.count()).select_from(SourceRow))) or bool(
            s.scalar(select(func.count()).select_from(StatusRow))
        )

    # -- evidence ------------------------------------------------------------------

    def append_evidence(self, values: dict[str, Any], *, source_sha256: str) -> Evidence:
        row = append_link(self.session, ledger.EVIDENCE_CHAIN, EvidenceRow, values, source_sha256=source_sha256)
        return _evidence(row, None)

    def evidence(self, evidence_id: int) -> Evidence | None:
        row = self.session.get(EvidenceRow, evidence_id)
        if row is None:
            return None
        retraction = self.session.scalar(select(RetractionRow).where(RetractionRow.evidence_id == evidence_id))
        return _evidence(row, retraction)

    def evidence_ids(self) -> list[int]:
        return list(self.session.scalars(select(EvidenceRow.id).order_by(EvidenceRow.id)))

    def evidence_with_span(self, obligation_id: str, source_id: int, start: int, end: int) -> Evidence | None:
        """Live (unretracted) evidence of this obligation on exactly this span."""
        row = self.session.scalar(
            select(EvidenceRow).outerjoin(RetractionRow, RetractionRow.evidence_id == EvidenceRow.id).where(
                EvidenceRow.obligation_id == obligation_id, EvidenceRow.source_id == source_id,
                EvidenceRow.start == start, EvidenceRow.end == end, RetractionRow.id.is_(None),
            ).order_by(EvidenceRow.id).limit(1)
        )
        return _evidence(row, None) if row is not None else None

    def append_retraction(self, evidence_id: int, *, reason: str, author: str, at: dt.datetime) -> Evidence:
        evidence_row = self.session.get(EvidenceRow, evidence_id)
        assert evidence_row is not None, "the service checks that the evidence exists"
        row = append_link(
            self.session, ledger.RETRACTION_CHAIN, RetractionRow,
            {"evidence_id": evidence_id, "reason": reason, "author": author, "retracted_at": at},
            evidence_hash=evidence_row.hash,
        )
        return _evidence(evidence_row, row)

    def evidence_views(self, obligation_id: str | None = None, source_id: int | None = None) -> list[EvidenceView]:
        query = select(EvidenceRow, SourceRow.title, SourceRow.outlet, RetractionRow).join(
            SourceRow, SourceRow.id == EvidenceRow.source_id
        ).outerjoin(RetractionRow, RetractionRow.evidence_id == EvidenceRow.id).order_by(EvidenceRow.id)
        if obligation_id is not None:
            query = query.where(EvidenceRow.obligation_id == obligation_id)
        if source_id is not None:
            query = query.where(EvidenceRow.source_id == source_id)
        return [EvidenceView(_evidence(r[0], r[3]), r[1], r[2]) for r in self.session.execute(query).all()]

    def all_evidence(self) -> list[Evidence]:
        rows = self.session.execute(
            select(EvidenceRow, RetractionRow).outerjoin(
                RetractionRow, RetractionRow.evidence_id == EvidenceRow.id
            ).order_by(EvidenceRow.id)
        ).all()
        return [_evidence(r[0], r[1]) for r in rows]

    def stance_counts(self, known_by: dt.datetime | None) -> dict[str, Counter[str]]:
        """Live evidence counts by obligation and stance, as recorded by `known_by` (now when None)."""
        query = select(EvidenceRow.obligation_id, EvidenceRow.stance, func.count()).outerjoin(
            RetractionRow, RetractionRow.evidence_id == EvidenceRow.id
        ).group_by(EvidenceRow.obligation_id, EvidenceRow.stance)
        if known_by is None:
            query = query.where(RetractionRow.id.is_(None))
        else:
            query = query.where(EvidenceRow.created_at <= known_by).where(
                (RetractionRow.id.is_(None)) | (RetractionRow.retracted_at > known_by)
            )
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for obligation_id, stance, number in self.session.execute(query):
            counts[obligation_id][stance] = int(number)
        return counts

    # -- status ----------------------------------------------------------------------

    def append_status(self, values: dict[str, Any]) -> StatusChange:
        return _status(append_link(self.session, ledger.STATUS_CHAIN, StatusRow, values))

    def history(self, obligation_id: str) -> list[StatusChange]:
        rows = self.session.scalars(
            select(StatusRow).where(StatusRow.obligation_id == obligation_id).order_by(StatusRow.seq)
        ).all()
        return [_status(r) for r in rows]

    def all_history(self) -> dict[str, list[StatusChange]]:
        rows = self.session.scalars(select(StatusRow).order_by(StatusRow.obligation_id, StatusRow.seq)).all()
        grouped: dict[str, list[StatusChange]] = defaultdict(list)
        for row in rows:
            grouped[row.obligation_id].append(_status(row))
        return grouped

    # -- search ----------------------------------------------------------------------

    def search_sources(self, words: list[str], limit: int) -> list[tuple[int, str, str]]:
        """(source id, title, snippet) of sources holding every word, best first."""
        if self.backend == "sqlite":
            match = " ".join('"' + w.replace('"', "") + '"' for w in words)
            rows = self.session.execute(
                text(
                    "SELECT rowid, title, snippet(sources_fts, 1, '«', '»', '…', 16) FROM sources_fts "
                    "WHERE sources_fts MATCH :q ORDER BY rank LIMIT :n"
                ),
                {"q": match, "n": limit},
            ).all()
            return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]
        try:
            self.session.execute(text(f"SET LOCAL statement_timeout = {SEARCH_TIMEOUT_MS}"))
            rows = self.session.execute(
                text(
                    "SELECT id, title, ts_headline('english', text, plainto_tsquery('english', :q), "
                    "'StartSel=«, StopSel=», MaxWords=20, MinWords=8') FROM sources "
                    "WHERE to_tsvector('english', coalesce(title, '') || ' ' || text) @@ plainto_tsquery('english', :q) "
                    "ORDER BY ts_rank(to_tsvector('english', coalesce(title, '') || ' ' || text), "
                    "plainto_tsquery('english', :q)) DESC LIMIT :n"
                ),
                {"q": " ".join(words), "n": limit},
            ).all()
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) == "57014":  # query_canceled: the statement timeout
                raise InvalidInput(
                    f"the search took longer than {SEARCH_TIMEOUT_MS // 1000} s and was stopped; use fewer, more specific words"
                ) from None
            raise
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    # -- integrity ---------------------------------------------------------------------

    def source_digests(self) -> list[tuple[int, str, str]]:
        """(id, stored sha256, text) of every source."""
        return [(r.id, r.sha256, r.text) for r in self.session.scalars(select(SourceRow).order_by(SourceRow.id))]

    def evidence_links(self) -> list[tuple[ledger.ChainLink, Evidence]]:
        sha = dict(self.session.execute(select(SourceRow.id, SourceRow.sha256)).all())
        rows = self.session.scalars(select(EvidenceRow).order_by(EvidenceRow.id)).all()
        return [
            (link_of(ledger.EVIDENCE_CHAIN, r, f"evidence {r.id}", source_sha256=sha.get(r.source_id, "")),
             _evidence(r, None))
            for r in rows
        ]

    def retraction_links(self) -> list[ledger.ChainLink]:
        hashes = dict(self.session.execute(select(EvidenceRow.id, EvidenceRow.hash)).all())
        rows = self.session.scalars(select(RetractionRow).order_by(RetractionRow.id)).all()
        return [
            link_of(ledger.RETRACTION_CHAIN, r, f"retraction {r.id} (of evidence {r.evidence_id})",
                    evidence_hash=hashes.get(r.evidence_id, ""))
            for r in rows
        ]

    def status_links(self) -> dict[str, list[tuple[int, ledger.ChainLink]]]:
        """Per obligation, (seq, link) of each status entry in seq order."""
        rows = self.session.scalars(
            select(StatusRow).order_by(StatusRow.obligation_id, StatusRow.seq, StatusRow.id)
        ).all()
        grouped: dict[str, list[tuple[int, ledger.ChainLink]]] = defaultdict(list)
        for r in rows:
            grouped[r.obligation_id].append(
                (r.seq, link_of(ledger.STATUS_CHAIN, r, f"entry {r.seq} ({r.effective_on} {r.status})"))
            )
        return grouped

    # -- export / import ------------------------------------------------------------------

    def export_tables(self) -> dict[str, list[dict[str, Any]]]:
        s = self.session
        out: dict[str, list[dict[str, Any]]] = {
            "agreements": [r.data for r in s.scalars(select(AgreementRow))],
            "parties": [r.data for r in s.scalars(select(PartyRow))],
            "obligations": [r.data for r in s.scalars(select(ObligationRow).order_by(ObligationRow.position))],
        }
        for key, model in EXPORT_TABLES:
            out[key] = [_row_dict(r) for r in s.scalars(select(model).order_by(model.id))]
        return out

    def import_rows(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Insert exported rows as they are (ids and hashes kept); the caller has checked them."""
        for key, model in EXPORT_TABLES:
            for item in tables.get(key, []):
                self.session.add(model(**_from_row_dict(model, item)))
            self.session.flush()
        if self.backend == "postgresql":
            for table in ("sources", "status_changes"):
                self.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                ))


# ---------------------------------------------------------------------------
# rows to domain objects


def _source(row: SourceRow) -> Source:
    return Source(
        id=row.id, title=row.title, outlet=row.outlet, author=row.author, url=row.url,
        published_on=row.published_on, retrieved_at=row.retrieved_at, text=row.text, sha256=row.sha256,
        chrome=tuple((int(a), int(b)) for a, b in row.chrome), added_by=row.added_by,
    )


def _evidence(row: EvidenceRow, retraction: RetractionRow | None) -> Evidence:
    return Evidence(
        id=row.id, obligation_id=row.obligation_id, source_id=row.source_id,
        quote=TextQuoteSelector(exact=row.exact, prefix=row.prefix, suffix=row.suffix),
        position=TextPositionSelector(start=row.start, end=row.end), stance=Stance(row.stance),
        claimant=row.claimant, observed_on=row.observed_on, value=row.value, note=row.note,
        author=row.author, created_at=row.created_at,
        retracted_at=retraction.retracted_at if retraction else None,
        retraction_reason=retraction.reason if retraction else None,
        retracted_by=retraction.author if retraction else None,
    )


def _status(row: StatusRow) -> StatusChange:
    return StatusChange(
        id=row.id, obligation_id=row.obligation_id, seq=row.seq, status=Status(row.status),
        confidence=Confidence(row.confidence), effective_on=row.effective_on, recorded_at=row.recorded_at,
        rationale=row.rationale, evidence_ids=tuple(int(i) for i in row.evidence_ids), author=row.author,
        prev_hash=row.prev_hash, hash=row.hash,
    )


def _row_dict(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in row.__table__.columns:
        value = getattr(row, column.key)
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        out[column.key] = value
    return out


def _from_row_dict(model: Any, item: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in model.__table__.columns:
        value = item.get(column.key)
        if value is not None:
            python_type = column.type.python_type if hasattr(column.type, "python_type") else None
            if python_type is dt.datetime and isinstance(value, str):
                value = dt.datetime.fromisoformat(value)
            elif python_type is dt.date and isinstance(value, str):
                value = dt.date.fromisoformat(value)
        out[column.key] = value
    return out
