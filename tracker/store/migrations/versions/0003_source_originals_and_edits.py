"""Sources keep their original bytes, how their text was made, PDF page starts, and a log of edits; feeds.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Originals are content-addressed and live in the database, so a PostgreSQL
    # tracker holds everything and a better extractor can re-read them later.
    op.create_table(
        "source_originals",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("kind", sa.String(10), nullable=False, server_default="text"))
        batch.add_column(sa.Column("extractor", sa.Text(), nullable=True))
        batch.add_column(sa.Column("original_sha256", sa.String(64), nullable=True))
        batch.add_column(sa.Column("page_starts", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("canonical_url", sa.Text(), nullable=True))
        batch.add_column(sa.Column("redirects", sa.JSON(), nullable=True))
        batch.create_index("ix_sources_original_sha256", ["original_sha256"])
    op.create_table(
        "source_edits",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), nullable=False, index=True),
        sa.Column("field", sa.String(20), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("edited_by", sa.Text(), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("url", sa.Text(), nullable=False, unique=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("added_by", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("pulled_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
    )
    # Every entry seen, so that a second pull adds nothing and a failed entry is tried again.
    op.create_table(
        "feed_entries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("feed_id", sa.Integer(), sa.ForeignKey("feeds.id"), nullable=False, index=True),
        sa.Column("entry_id", sa.Text(), nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("feed_id", "entry_id", name="uq_feed_entry"),
    )


def downgrade() -> None:
    op.drop_table("feed_entries")
    op.drop_table("feeds")
    op.drop_table("source_edits")
    with op.batch_alter_table("sources") as batch:
        batch.drop_index("ix_sources_original_sha256")
        for column in ("redirects", "canonical_url", "page_starts", "original_sha256", "extractor", "kind"):
            batch.drop_column(column)
    op.drop_table("source_originals")
