"""Readings by assessor and reason codes on status entries; evidence corrections; second reviews.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Each assessor (the analyst, a party, a monitor) keeps its own chain per obligation;
    # every existing entry is the analyst's.
    with op.batch_alter_table("status_changes") as batch:
        batch.add_column(sa.Column("assessor", sa.String(100), nullable=False, server_default="analyst"))
        batch.add_column(sa.Column("reason_code", sa.String(100), nullable=True))
        batch.drop_constraint("uq_status_obligation_seq", type_="unique")
        batch.create_unique_constraint("uq_status_obligation_assessor_seq", ["obligation_id", "assessor", "seq"])
    # catalogue lists beyond agreements, parties and obligations: monitors, reason codes
    op.create_table(
        "catalogue_items",
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("id", sa.String(100), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
    )
    op.create_table(
        "evidence_corrections",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("evidence_id", sa.Integer(), sa.ForeignKey("evidence.id"), nullable=False, index=True),
        sa.Column("stance", sa.String(40), nullable=False),
        sa.Column("claimant", sa.Text(), nullable=True),
        sa.Column("observed_on", sa.Date(), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("corrected_at", sa.DateTime(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    op.create_table(
        "status_reviews",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("obligation_id", sa.String(100), sa.ForeignKey("obligations.id"), nullable=False, index=True),
        sa.Column("assessor", sa.String(100), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(10), nullable=False),
        sa.Column("because", sa.Text(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )


def downgrade() -> None:
    op.drop_table("status_reviews")
    op.drop_table("catalogue_items")
    op.drop_table("evidence_corrections")
    with op.batch_alter_table("status_changes") as batch:
        batch.drop_constraint("uq_status_obligation_assessor_seq", type_="unique")
        batch.create_unique_constraint("uq_status_obligation_seq", ["obligation_id", "seq"])
        batch.drop_column("reason_code")
        batch.drop_column("assessor")
