"""Initial schema: catalogue, sources, evidence, retractions, status history, search.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agreements",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_table(
        "parties",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_table(
        "obligations",
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("agreement_id", sa.String(100), sa.ForeignKey("agreements.id"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("outlet", sa.Text()),
        sa.Column("author", sa.Text()),
        sa.Column("url", sa.Text()),
        sa.Column("published_on", sa.Date()),
        sa.Column("retrieved_at", sa.DateTime(), nullable=False),
        sa.Column("filename", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("chrome", sa.JSON(), nullable=False),
        sa.Column("added_by", sa.Text(), nullable=False),
    )
    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("obligation_id", sa.String(100), sa.ForeignKey("obligations.id"), nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), nullable=False),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("suffix", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(40), nullable=False),
        sa.Column("claimant", sa.Text()),
        sa.Column("observed_on", sa.Date()),
        sa.Column("value", sa.Float()),
        sa.Column("note", sa.Text()),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_index("ix_evidence_obligation_id", "evidence", ["obligation_id"])
    op.create_index("ix_evidence_source_id", "evidence", ["source_id"])
    op.create_table(
        "evidence_retractions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("evidence_id", sa.Integer(), sa.ForeignKey("evidence.id"), nullable=False, unique=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("retracted_at", sa.DateTime(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("obligation_id", sa.String(100), sa.ForeignKey("obligations.id"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(40), nullable=False),
        sa.Column("confidence", sa.String(10), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("evidence_ids", sa.JSON(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.UniqueConstraint("obligation_id", "seq", name="uq_status_obligation_seq"),
    )
    op.create_index("ix_status_changes_obligation_id", "status_changes", ["obligation_id"])

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # External-content FTS5 index over sources, kept in step by triggers.
        op.execute(
            "CREATE VIRTUAL TABLE sources_fts USING fts5("
            "title, text, content='sources', content_rowid='id', tokenize='porter unicode61')"
        )
        op.execute(
            "CREATE TRIGGER sources_fts_insert AFTER INSERT ON sources BEGIN "
            "INSERT INTO sources_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER sources_fts_delete AFTER DELETE ON sources BEGIN "
            "INSERT INTO sources_fts(sources_fts, rowid, title, text) "
            "VALUES ('delete', old.id, old.title, old.text); END"
        )
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_sources_fts ON sources USING GIN "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS sources_fts_insert")
        op.execute("DROP TRIGGER IF EXISTS sources_fts_delete")
        op.execute("DROP TABLE IF EXISTS sources_fts")
    for table in ("status_changes", "evidence_retractions", "evidence", "sources", "obligations",
                  "parties", "agreements"):
        op.drop_table(table)
