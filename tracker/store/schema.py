"""SQLAlchemy 2 typed ORM tables. The schema itself is created by Alembic."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class AgreementRow(Base):
    __tablename__ = "agreements"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class PartyRow(Base):
    __tablename__ = "parties"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class CatalogueItemRow(Base):
    """Catalogue lists other than agreements, parties and obligations (monitors, reason codes)."""

    __tablename__ = "catalogue_items"
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class ObligationRow(Base):
    __tablename__ = "obligations"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"))
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)


class SourceRow(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(Text)
    outlet: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str | None] = mapped_column(Text, nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    published_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    retrieved_at: Mapped[dt.datetime] = mapped_column(DateTime)
    filename: Mapped[str | None] = mapped_column(Text, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    chrome: Mapped[list[Any]] = mapped_column(JSON)
    added_by: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10), default="text", server_default="text")
    extractor: Mapped[str | None] = mapped_column(Text, nullable=True)
    original_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    page_starts: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    canonical_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    redirects: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    suggested_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class SourceOriginalRow(Base):
    """A source's bytes as read or downloaded, by their sha256."""

    __tablename__ = "source_originals"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class FeedRow(Base):
    __tablename__ = "feeds"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    name: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    added_by: Mapped[str] = mapped_column(Text)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime)
    pulled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)


class FeedEntryRow(Base):
    __tablename__ = "feed_entries"
    __table_args__ = (UniqueConstraint("feed_id", "entry_id", name="uq_feed_entry"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id"), index=True)
    entry_id: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text, nullable=True)
    title: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[str] = mapped_column(String(10))  # added, present, failed, no-link
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[dt.datetime] = mapped_column(DateTime)


class SuggestionRow(Base):
    """A suggestion computed at import, awaiting (or past) an analyst's decision."""

    __tablename__ = "suggestions"
    __table_args__ = (
        UniqueConstraint("source_id", "obligation_id", "start", "end", name="uq_suggestion_span"),
        # triage order: a page of the inbox is an index range, not a sort
        Index("ix_suggestions_triage_order", "state", "source_id", "score", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    obligation_id: Mapped[str] = mapped_column(ForeignKey("obligations.id"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    exact: Mapped[str] = mapped_column(Text)
    score: Mapped[float] = mapped_column(Float)
    confidence: Mapped[float] = mapped_column(Float)
    stance: Mapped[str] = mapped_column(String(40))
    claimant: Mapped[str | None] = mapped_column(Text, nullable=True)
    via: Mapped[str | None] = mapped_column(Text, nullable=True)
    observed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    level: Mapped[float | None] = mapped_column(Float, nullable=True)
    explanation: Mapped[str] = mapped_column(Text)
    features: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    computed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(10), index=True)
    decided_by: Mapped[str | None] = mapped_column(Text, nullable=True)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class RankingModelRow(Base):
    """Confidence coefficients fitted on the analysts' accept/reject decisions."""

    __tablename__ = "ranking_models"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    trained_at: Mapped[dt.datetime] = mapped_column(DateTime)
    trained_by: Mapped[str] = mapped_column(Text)
    coefficients: Mapped[list[Any]] = mapped_column(JSON)
    decisions: Mapped[int] = mapped_column(Integer)
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON)


class SourceEditRow(Base):
    """One change to a source's metadata, with the value it replaced."""

    __tablename__ = "source_edits"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    field: Mapped[str] = mapped_column(String(20))
    old_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    new_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    edited_by: Mapped[str] = mapped_column(Text)
    edited_at: Mapped[dt.datetime] = mapped_column(DateTime)


class EvidenceRow(Base):
    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    obligation_id: Mapped[str] = mapped_column(ForeignKey("obligations.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(Text)
    suffix: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    stance: Mapped[str] = mapped_column(String(40))
    claimant: Mapped[str | None] = mapped_column(Text, nullable=True)
    observed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class RetractionRow(Base):
    __tablename__ = "evidence_retractions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    retracted_at: Mapped[dt.datetime] = mapped_column(DateTime)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class StatusRow(Base):
    __tablename__ = "status_changes"
    __table_args__ = (
        UniqueConstraint("obligation_id", "assessor", "seq", name="uq_status_obligation_assessor_seq"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    obligation_id: Mapped[str] = mapped_column(ForeignKey("obligations.id"), index=True)
    assessor: Mapped[str] = mapped_column(String(100), default="analyst", server_default="analyst")
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(40))
    confidence: Mapped[str] = mapped_column(String(10))
    effective_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    rationale: Mapped[str] = mapped_column(Text)
    evidence_ids: Mapped[list[Any]] = mapped_column(JSON)
    author: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    reason_code: Mapped[str | None] = mapped_column(String(100), nullable=True)


class CorrectionRow(Base):
    """A new version of an evidence item's reading (append-only, chained)."""

    __tablename__ = "evidence_corrections"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    stance: Mapped[str] = mapped_column(String(40))
    claimant: Mapped[str | None] = mapped_column(Text, nullable=True)
    observed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    corrected_at: Mapped[dt.datetime] = mapped_column(DateTime)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class ReviewRow(Base):
    """A second analyst's approval of, or objection to, a status entry."""

    __tablename__ = "status_reviews"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    obligation_id: Mapped[str] = mapped_column(ForeignKey("obligations.id"), index=True)
    assessor: Mapped[str] = mapped_column(String(100))
    seq: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(10))
    because: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    reviewed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
