"""Every query the tracker runs, over one session, returning domain objects.

The service decides; the repository reads and writes rows. Per-backend SQL
(full-text search) lives here and nowhere else.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from tracker.domain import ledger
from tracker.domain.models import (
    ANALYST,
    Agreement,
    Assessor,
    Catalogue,
    Confidence,
    Evidence,
    EvidenceCorrection,
    Obligation,
    Party,
    ReasonCode,
    Source,
    SourceEdit,
    Stance,
    Status,
    StatusChange,
    StatusReview,
    TextPositionSelector,
    TextQuoteSelector,
    Verdict,
)
from tracker.domain.records import (
    EvidenceView,
    FeedInfo,
    InboxSource,
    SourceSummary,
    SourceText,
    StoredSuggestion,
)
from tracker.domain.report import SourceItem
from tracker.errors import InvalidInput
from tracker.store.chains import append_link, link_of
from tracker.store.schema import (
    AgreementRow,
    CatalogueItemRow,
    CorrectionRow,
    EvidenceRow,
    FeedEntryRow,
    FeedRow,
    ObligationRow,
    PartyRow,
    RankingModelRow,
    RetractionRow,
    ReviewRow,
    SourceEditRow,
    SourceOriginalRow,
    SourceRow,
    StatusRow,
    SuggestionRow,
)

# An interactive read on PostgreSQL is cancelled on the server after this long,
# so that a costly query never keeps running after its client has gone.
SEARCH_TIMEOUT_MS = 5000
EXPORT_TABLES: tuple[tuple[str, type[Any]], ...] = (
    ("sources", SourceRow), ("evidence", EvidenceRow), ("retractions", RetractionRow),
    ("status_changes", StatusRow), ("corrections", CorrectionRow), ("reviews", ReviewRow),
    ("source_edits", SourceEditRow), ("suggestions", SuggestionRow), ("ranking_models", RankingModelRow),
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
        items: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in s.scalars(select(CatalogueItemRow).order_by(CatalogueItemRow.kind, CatalogueItemRow.position)):
            items[row.kind].append(row.data)
        return Catalogue(
            agreements=tuple(Agreement.model_validate(r.data) for r in s.scalars(select(AgreementRow))),
            parties=tuple(Party.model_validate(r.data) for r in s.scalars(select(PartyRow))),
            obligations=tuple(
                Obligation.model_validate(r.data)
                for r in s.scalars(select(ObligationRow).order_by(ObligationRow.position))
            ),
            monitors=tuple(Assessor.model_validate(d) for d in items["monitors"]),
            reason_codes=tuple(ReasonCode.model_validate(d) for d in items["reason_codes"]),
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
        s.execute(delete(CatalogueItemRow))
        for position, monitor in enumerate(catalogue.monitors):
            s.add(CatalogueItemRow(kind="monitors", id=monitor.id, position=position, data=monitor.model_dump(mode="json")))
        for position, code in enumerate(catalogue.reason_codes):
            s.add(CatalogueItemRow(kind="reason_codes", id=code.id, position=position, data=code.model_dump(mode="json")))
        s.flush()

    # -- sources -----------------------------------------------------------------

    def source_by_sha256(self, digest: str) -> Source | None:
        row = self.session.scalar(select(SourceRow).where(SourceRow.sha256 == digest))
        return _source(row) if row is not None else None

    def source_by_original(self, digest: str) -> Source | None:
        row = self.session.scalar(select(SourceRow).where(SourceRow.original_sha256 == digest).limit(1))
        return _source(row) if row is not None else None

    def keep_original(self, digest: str, media_type: str, data: bytes) -> None:
        """Store an original once (content-addressed)."""
        if self.session.get(SourceOriginalRow, digest) is None:
            self.session.add(SourceOriginalRow(sha256=digest, media_type=media_type, size=len(data), data=data))
            self.session.flush()

    def original(self, digest: str) -> tuple[str, bytes] | None:
        row = self.session.get(SourceOriginalRow, digest)
        return (row.media_type, bytes(row.data)) if row is not None else None

    def edit_source(self, source_id: int, changes: dict[str, Any], *, reason: str | None, by: str,
                    at: dt.datetime) -> list[SourceEdit]:
        """Apply metadata changes, logging each field's old and new value."""
        row = self.session.get(SourceRow, source_id)
        assert row is not None
        edits: list[SourceEdit] = []
        for field_name, new in changes.items():
            old = getattr(row, field_name)
            if old == new:
                continue
            setattr(row, field_name, new)
            entry = SourceEditRow(
                source_id=source_id, field=field_name, old_value=_text_of(old), new_value=_text_of(new),
                reason=reason, edited_by=by, edited_at=at,
            )
            self.session.add(entry)
            self.session.flush()
            edits.append(_source_edit(entry))
        return edits

    def source_edits(self, source_id: int | None = None) -> list[SourceEdit]:
        query = select(SourceEditRow).order_by(SourceEditRow.id)
        if source_id is not None:
            query = query.where(SourceEditRow.source_id == source_id)
        return [_source_edit(r) for r in self.session.scalars(query)]

    def source_by_url(self, url: str) -> Source | None:
        row = self.session.scalar(
            select(SourceRow).where((SourceRow.url == url) | (SourceRow.canonical_url == url)).limit(1))
        return _source(row) if row is not None else None

    # -- feeds ------------------------------------------------------------------------

    def insert_feed(self, *, url: str, name: str, title: str | None, by: str, at: dt.datetime) -> FeedInfo:
        row = FeedRow(url=url, name=name, title=title, added_by=by, added_at=at)
        self.session.add(row)
        self.session.flush()
        return self._feed_info(row)

    def feeds(self) -> list[FeedInfo]:
        return [self._feed_info(r) for r in self.session.scalars(select(FeedRow).order_by(FeedRow.id))]

    def feed_by_url(self, url: str) -> FeedInfo | None:
        row = self.session.scalar(select(FeedRow).where(FeedRow.url == url))
        return self._feed_info(row) if row is not None else None

    def _feed_info(self, row: FeedRow) -> FeedInfo:
        counts = dict(self.session.execute(
            select(FeedEntryRow.state, func.count()).where(FeedEntryRow.feed_id == row.id).group_by(FeedEntryRow.state)
        ).all())
        return FeedInfo(
            id=row.id, url=row.url, name=row.name, title=row.title, etag=row.etag, last_modified=row.last_modified,
            added_at=row.added_at, pulled_at=row.pulled_at, last_error=row.last_error,
            entries={str(k): int(v) for k, v in counts.items()},
        )

    def update_feed(self, feed_id: int, **values: Any) -> None:
        row = self.session.get(FeedRow, feed_id)
        assert row is not None
        for key, value in values.items():
            setattr(row, key, value)
        self.session.flush()

    def feed_entry_states(self, feed_id: int) -> dict[str, str]:
        return dict(self.session.execute(
            select(FeedEntryRow.entry_id, FeedEntryRow.state).where(FeedEntryRow.feed_id == feed_id)).all())

    def failed_feed_entries(self, feed_id: int) -> list[tuple[str, str | None, str | None]]:
        return [tuple(r) for r in self.session.execute(  # type: ignore[misc]
            select(FeedEntryRow.entry_id, FeedEntryRow.link, FeedEntryRow.title)
            .where(FeedEntryRow.feed_id == feed_id, FeedEntryRow.state == "failed").order_by(FeedEntryRow.id))]

    def record_feed_entry(self, feed_id: int, entry_id: str, *, link: str | None, title: str | None, state: str,
                          source_id: int | None, error: str | None, at: dt.datetime) -> None:
        row = self.session.scalar(
            select(FeedEntryRow).where(FeedEntryRow.feed_id == feed_id, FeedEntryRow.entry_id == entry_id))
        if row is None:
            row = FeedEntryRow(feed_id=feed_id, entry_id=entry_id, link=link, title=title, attempts=0, seen_at=at,
                               state=state)
            self.session.add(row)
        row.state, row.source_id, row.error = state, source_id, error
        row.attempts += 1
        self.session.flush()

    # -- triage inbox -------------------------------------------------------------------

    def unsuggested_source_ids(self) -> list[int]:
        return list(self.session.scalars(
            select(SourceRow.id).where(SourceRow.suggested_at.is_(None)).order_by(SourceRow.id)))

    def store_suggestions(self, source_id: int, rows: list[dict[str, Any]], at: dt.datetime) -> int:
        """Keep new suggestions as open (a span already decided or kept is left as it is)."""
        known = set(self.session.execute(
            select(SuggestionRow.obligation_id, SuggestionRow.start, SuggestionRow.end)
            .where(SuggestionRow.source_id == source_id)).all())
        new = [{**row, "source_id": source_id, "computed_at": at, "state": "open"} for row in rows
               if (row["obligation_id"], row["start"], row["end"]) not in known]
        # (one multi-row insert and an update, not an object per row and the
        # source loaded with its text: this runs once per imported source)
        if new:
            self.session.execute(insert(SuggestionRow), new)
        self.session.execute(update(SourceRow).where(SourceRow.id == source_id).values(suggested_at=at))
        return len(new)

    def evidence_spans(self, source_id: int) -> set[tuple[str, int, int]]:
        return {(r[0], int(r[1]), int(r[2])) for r in self.session.execute(
            select(EvidenceRow.obligation_id, EvidenceRow.start, EvidenceRow.end)
            .where(EvidenceRow.source_id == source_id))}

    def take_suggestion(self, obligation_id: str, source_id: int, start: int, end: int, *, evidence_id: int,
                        by: str, at: dt.datetime) -> None:
        """Evidence stored for a span that awaited triage settles it as accepted."""
        row = self.session.scalar(select(SuggestionRow).where(
            SuggestionRow.obligation_id == obligation_id, SuggestionRow.source_id == source_id,
            SuggestionRow.start == start, SuggestionRow.end == end, SuggestionRow.state == "open"))
        if row is not None:
            row.state, row.decided_by, row.decided_at, row.evidence_id = "accepted", by, at, evidence_id
            self.session.flush()

    def ranking_model(self) -> tuple[tuple[float, ...], dict[str, Any]] | None:
        """The newest learned confidence model: (coefficients, its record), or None."""
        row = self.session.scalar(select(RankingModelRow).order_by(RankingModelRow.id.desc()).limit(1))
        if row is None:
            return None
        info = {"id": row.id, "trained_at": row.trained_at, "trained_by": row.trained_by,
                "decisions": row.decisions, "metrics": row.metrics}
        return tuple(float(v) for v in row.coefficients), info

    def save_ranking_model(self, coefficients: Sequence[float], *, decisions: int, metrics: dict[str, Any],
                           by: str, at: dt.datetime) -> int:
        row = RankingModelRow(trained_at=at, trained_by=by, coefficients=list(coefficients), decisions=decisions,
                              metrics=metrics)
        self.session.add(row)
        self.session.flush()
        return row.id

    def rejected_spans(self) -> set[tuple[int, str, int, int]]:
        return {(int(r[0]), r[1], int(r[2]), int(r[3])) for r in self.session.execute(
            select(SuggestionRow.source_id, SuggestionRow.obligation_id, SuggestionRow.start, SuggestionRow.end)
            .where(SuggestionRow.state == "rejected"))}

    def suggestion_states(self, source_id: int) -> dict[tuple[str, int, int], str]:
        return {
            (r[0], int(r[1]), int(r[2])): str(r[3]) for r in self.session.execute(
                select(SuggestionRow.obligation_id, SuggestionRow.start, SuggestionRow.end, SuggestionRow.state)
                .where(SuggestionRow.source_id == source_id))
        }

    def inbox_sources(self, limit: int | None = None) -> list[InboxSource]:
        """Sources with open suggestions, by id; the first `limit` of them."""
        counts = (
            select(SuggestionRow.source_id.label("source_id"), func.count().label("open"))
            .where(SuggestionRow.state == "open")
            .group_by(SuggestionRow.source_id)
            .order_by(SuggestionRow.source_id)
        )
        if limit is not None:
            counts = counts.limit(limit)
        per_source = counts.subquery()
        rows = self.session.execute(
            select(SourceRow.id, SourceRow.title, SourceRow.outlet, SourceRow.published_on, per_source.c.open)
            .join(per_source, per_source.c.source_id == SourceRow.id)
            .order_by(SourceRow.id)
        ).all()
        return [InboxSource(r[0], r[1], r[2], r[3], int(r[4])) for r in rows]

    def inbox_counts(self) -> tuple[int, int]:
        """(sources with open suggestions, open suggestions)."""
        row = self.session.execute(
            select(func.count(func.distinct(SuggestionRow.source_id)), func.count())
            .where(SuggestionRow.state == "open")
        ).one()
        return int(row[0] or 0), int(row[1] or 0)

    def open_suggestions_after(self, after: tuple[int, float, int] | None, limit: int) -> list[StoredSuggestion]:
        """Open suggestions in triage order (source, best first, id) after the
        key (source id, score, id) of the last one shown: a page of the inbox."""
        query = select(SuggestionRow).where(SuggestionRow.state == "open")
        if after is not None:
            source_id, score, row_id = after
            query = query.where(or_(
                SuggestionRow.source_id > source_id,
                and_(SuggestionRow.source_id == source_id, or_(
                    SuggestionRow.score < score, and_(SuggestionRow.score == score, SuggestionRow.id > row_id)))
            ))
        query = query.order_by(SuggestionRow.source_id, SuggestionRow.score.desc(), SuggestionRow.id).limit(limit)
        return [_stored_suggestion(r) for r in self.session.scalars(query)]

    def source_titles(self, source_ids: Iterable[int]) -> dict[int, str]:
        ids = sorted(set(source_ids))
        if not ids:
            return {}
        return {int(r[0]): str(r[1]) for r in self.session.execute(
            select(SourceRow.id, SourceRow.title).where(SourceRow.id.in_(ids)))}

    def open_count(self) -> int:
        return int(self.session.scalar(
            select(func.count()).select_from(SuggestionRow).where(SuggestionRow.state == "open")) or 0)

    def stored_suggestions(self, source_id: int | None = None, *, state: str | None = "open") -> list[StoredSuggestion]:
        query = select(SuggestionRow)
        if source_id is not None:
            query = query.where(SuggestionRow.source_id == source_id)
        if state is not None:
            query = query.where(SuggestionRow.state == state)
        query = query.order_by(SuggestionRow.source_id, SuggestionRow.score.desc(), SuggestionRow.id)
        return [_stored_suggestion(r) for r in self.session.scalars(query)]

    def stored_suggestion(self, suggestion_id: int) -> StoredSuggestion | None:
        row = self.session.get(SuggestionRow, suggestion_id)
        return _stored_suggestion(row) if row is not None else None

    def decide_suggestion(self, suggestion_id: int, state: str, *, by: str, at: dt.datetime, reason: str | None,
                          evidence_id: int | None = None) -> None:
        row = self.session.get(SuggestionRow, suggestion_id)
        assert row is not None
        row.state, row.decided_by, row.decided_at, row.reason, row.evidence_id = state, by, at, reason, evidence_id
        self.session.flush()

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
                   func.length(SourceRow.text), SourceRow.url, SourceRow.kind).order_by(SourceRow.id)
        ).all()
        return [
            SourceSummary(r[0], r[1], r[2], r[3], int(counts.get(r[0], 0)), int(r[4] or 0), r[5], r[6] or "text")
            for r in rows
        ]

    def report_sources(self, ids: set[int]) -> list[SourceItem]:
        """What a report cites of each source (not its text)."""
        if not ids:
            return []
        rows = self.session.execute(
            select(SourceRow.id, SourceRow.title, SourceRow.outlet, SourceRow.author, SourceRow.url,
                   SourceRow.published_on, SourceRow.sha256, SourceRow.retrieved_at, SourceRow.page_starts)
            .where(SourceRow.id.in_(sorted(ids))).order_by(SourceRow.id)
        ).all()
        return [
            SourceItem(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7],
                       page_starts=tuple(int(p) for p in row[8] or ()))
            for row in rows
        ]

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

    def evidence_views(
        self, obligation_id: str | tuple[str, ...] | None = None, source_id: int | None = None,
    ) -> list[EvidenceView]:
        """Evidence with its source's title and outlet: of one obligation (or
        several, in one query), of one source, or all."""
        query = select(EvidenceRow, SourceRow.title, SourceRow.outlet, RetractionRow).join(
            SourceRow, SourceRow.id == EvidenceRow.source_id
        ).outerjoin(RetractionRow, RetractionRow.evidence_id == EvidenceRow.id).order_by(EvidenceRow.id)
        if isinstance(obligation_id, tuple):
            query = query.where(EvidenceRow.obligation_id.in_(obligation_id))
        elif obligation_id is not None:
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

    def history(self, obligation_id: str, assessor: str | None = ANALYST) -> list[StatusChange]:
        """One obligation's entries by one assessor (None: every assessor), in order."""
        query = select(StatusRow).where(StatusRow.obligation_id == obligation_id)
        if assessor is not None:
            query = query.where(StatusRow.assessor == assessor)
        rows = self.session.scalars(query.order_by(StatusRow.assessor, StatusRow.seq)).all()
        return [_status(r) for r in rows]

    def all_history(self, assessor: str | None = ANALYST) -> dict[str, list[StatusChange]]:
        """Every obligation's entries by one assessor (None: every assessor)."""
        query = select(StatusRow)
        if assessor is not None:
            query = query.where(StatusRow.assessor == assessor)
        rows = self.session.scalars(query.order_by(StatusRow.obligation_id, StatusRow.assessor, StatusRow.seq)).all()
        grouped: dict[str, list[StatusChange]] = defaultdict(list)
        for row in rows:
            grouped[row.obligation_id].append(_status(row))
        return grouped

    def status_entry(self, obligation_id: str, assessor: str, seq: int) -> StatusChange | None:
        row = self.session.scalar(select(StatusRow).where(
            StatusRow.obligation_id == obligation_id, StatusRow.assessor == assessor, StatusRow.seq == seq))
        return _status(row) if row is not None else None

    # -- corrections and reviews --------------------------------------------------------

    def append_correction(self, evidence_id: int, values: dict[str, Any]) -> EvidenceCorrection:
        evidence_row = self.session.get(EvidenceRow, evidence_id)
        assert evidence_row is not None, "the service checks that the evidence exists"
        row = append_link(
            self.session, ledger.CORRECTION_CHAIN, CorrectionRow, {**values, "evidence_id": evidence_id},
            evidence_hash=evidence_row.hash,
        )
        return _correction(row)

    def corrections(self, evidence_ids: set[int] | None = None) -> list[EvidenceCorrection]:
        """Corrections (of these evidence items, or all), oldest first."""
        query = select(CorrectionRow).order_by(CorrectionRow.id)
        if evidence_ids is not None:
            if not evidence_ids:
                return []
            query = query.where(CorrectionRow.evidence_id.in_(sorted(evidence_ids)))
        return [_correction(r) for r in self.session.scalars(query)]

    def append_review(self, values: dict[str, Any], *, entry_hash: str) -> StatusReview:
        row = append_link(self.session, ledger.REVIEW_CHAIN, ReviewRow, values, entry_hash=entry_hash)
        return _review(row)

    def reviews(self, obligation_id: str | None = None) -> list[StatusReview]:
        query = select(ReviewRow).order_by(ReviewRow.id)
        if obligation_id is not None:
            query = query.where(ReviewRow.obligation_id == obligation_id)
        return [_review(r) for r in self.session.scalars(query)]

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
        """Per chain, (seq, link) of each status entry in seq order. The analyst's
        chains are named by the obligation id; another assessor's chains by
        `obligation@assessor`."""
        rows = self.session.scalars(
            select(StatusRow).order_by(StatusRow.obligation_id, StatusRow.assessor, StatusRow.seq, StatusRow.id)
        ).all()
        grouped: dict[str, list[tuple[int, ledger.ChainLink]]] = defaultdict(list)
        for r in rows:
            name = r.obligation_id if r.assessor == ANALYST else f"{r.obligation_id}@{r.assessor}"
            grouped[name].append(
                (r.seq, link_of(ledger.STATUS_CHAIN, r, f"entry {r.seq} ({r.effective_on} {r.status})"))
            )
        return grouped

    def correction_links(self) -> list[ledger.ChainLink]:
        hashes = dict(self.session.execute(select(EvidenceRow.id, EvidenceRow.hash)).all())
        rows = self.session.scalars(select(CorrectionRow).order_by(CorrectionRow.id)).all()
        return [
            link_of(ledger.CORRECTION_CHAIN, r, f"correction {r.id} (of evidence {r.evidence_id})",
                    evidence_hash=hashes.get(r.evidence_id, ""))
            for r in rows
        ]

    def review_links(self) -> list[ledger.ChainLink]:
        entries = {
            (r.obligation_id, r.assessor, r.seq): r.hash
            for r in self.session.scalars(select(StatusRow))
        }
        rows = self.session.scalars(select(ReviewRow).order_by(ReviewRow.id)).all()
        return [
            link_of(ledger.REVIEW_CHAIN, r, f"review {r.id} (of {r.obligation_id} entry {r.seq})",
                    entry_hash=entries.get((r.obligation_id, r.assessor, r.seq), ""))
            for r in rows
        ]

    # -- export / import ------------------------------------------------------------------

    def export_tables(self) -> dict[str, list[dict[str, Any]]]:
        s = self.session
        out: dict[str, list[dict[str, Any]]] = {
            "agreements": [r.data for r in s.scalars(select(AgreementRow))],
            "parties": [r.data for r in s.scalars(select(PartyRow))],
            "obligations": [r.data for r in s.scalars(select(ObligationRow).order_by(ObligationRow.position))],
        }
        for kind in ("monitors", "reason_codes"):
            out[kind] = [r.data for r in s.scalars(
                select(CatalogueItemRow).where(CatalogueItemRow.kind == kind).order_by(CatalogueItemRow.position))]
        for key, model in EXPORT_TABLES:
            out[key] = [_row_dict(r) for r in s.scalars(select(model).order_by(model.id))]
        out["originals"] = [
            {"sha256": r.sha256, "media_type": r.media_type, "size": r.size,
             "data": base64.b64encode(r.data).decode("ascii")}
            for r in s.scalars(select(SourceOriginalRow).order_by(SourceOriginalRow.sha256))
        ]
        return out

    def import_rows(self, tables: dict[str, list[dict[str, Any]]]) -> None:
        """Insert exported rows as they are (ids and hashes kept); the caller has checked them."""
        for item in tables.get("originals", []):
            self.keep_original(item["sha256"], item["media_type"], base64.b64decode(item["data"]))
        for key, model in EXPORT_TABLES:
            for item in tables.get(key, []):
                self.session.add(model(**_from_row_dict(model, item)))
            self.session.flush()
        if self.backend == "postgresql":
            for table in ("sources", "status_changes", "source_edits", "suggestions", "ranking_models"):
                self.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                ))


# ---------------------------------------------------------------------------
# rows to domain objects


def _text_of(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _stored_suggestion(row: SuggestionRow) -> StoredSuggestion:
    return StoredSuggestion(
        id=row.id, source_id=row.source_id, obligation_id=row.obligation_id, start=row.start, end=row.end,
        exact=row.exact, score=row.score, confidence=row.confidence, stance=row.stance, claimant=row.claimant,
        via=row.via, observed_on=row.observed_on, level=row.level, explanation=row.explanation, state=row.state,
        features=tuple(float(v) for v in row.features or ()),
        decided_by=row.decided_by, decided_at=row.decided_at, reason=row.reason, evidence_id=row.evidence_id,
    )


def _source_edit(row: SourceEditRow) -> SourceEdit:
    return SourceEdit(
        id=row.id, source_id=row.source_id, field=row.field, old_value=row.old_value, new_value=row.new_value,
        reason=row.reason, edited_by=row.edited_by, edited_at=row.edited_at,
    )


def _source(row: SourceRow) -> Source:
    return Source(
        id=row.id, title=row.title, outlet=row.outlet, author=row.author, url=row.url,
        published_on=row.published_on, retrieved_at=row.retrieved_at, text=row.text, sha256=row.sha256,
        chrome=tuple((int(a), int(b)) for a, b in row.chrome), added_by=row.added_by,
        kind=row.kind or "text", extractor=row.extractor, original_sha256=row.original_sha256,
        page_starts=tuple(int(p) for p in row.page_starts or ()), canonical_url=row.canonical_url,
        redirects=tuple(str(u) for u in row.redirects or ()),
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


def _correction(row: CorrectionRow) -> EvidenceCorrection:
    return EvidenceCorrection(
        id=row.id, evidence_id=row.evidence_id, stance=Stance(row.stance), claimant=row.claimant,
        observed_on=row.observed_on, value=row.value, note=row.note, reason=row.reason, author=row.author,
        corrected_at=row.corrected_at, prev_hash=row.prev_hash, hash=row.hash,
    )


def _review(row: ReviewRow) -> StatusReview:
    return StatusReview(
        id=row.id, obligation_id=row.obligation_id, assessor=row.assessor, seq=row.seq,
        verdict=Verdict(row.verdict), because=row.because, author=row.author, reviewed_at=row.reviewed_at,
        prev_hash=row.prev_hash, hash=row.hash,
    )


def _status(row: StatusRow) -> StatusChange:
    return StatusChange(
        id=row.id, obligation_id=row.obligation_id, assessor=row.assessor or ANALYST, reason_code=row.reason_code,
        seq=row.seq, status=Status(row.status),
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
