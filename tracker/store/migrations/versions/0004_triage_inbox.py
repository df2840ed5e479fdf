"""Suggestions stored at import for triage: open, accepted or rejected (with who, when and why).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "suggestions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("source_id", sa.Integer(), sa.ForeignKey("sources.id"), nullable=False, index=True),
        sa.Column("obligation_id", sa.String(100), sa.ForeignKey("obligations.id"), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("stance", sa.String(40), nullable=False),
        sa.Column("claimant", sa.Text(), nullable=True),
        sa.Column("via", sa.Text(), nullable=True),
        sa.Column("observed_on", sa.Date(), nullable=True),
        sa.Column("level", sa.Float(), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=False),
        # the calibration inputs (calibration.INPUTS): what a model learned from decisions reads
        sa.Column("features", sa.JSON(), nullable=True),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        # open, accepted or rejected; a rejected span is never suggested again for that obligation
        sa.Column("state", sa.String(10), nullable=False, index=True),
        sa.Column("decided_by", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.UniqueConstraint("source_id", "obligation_id", "start", "end", name="uq_suggestion_span"),
    )
    # confidence models fitted on the analysts' decisions (`tracker suggest --retrain`); the newest is used
    op.create_table(
        "ranking_models",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("trained_at", sa.DateTime(), nullable=False),
        sa.Column("trained_by", sa.Text(), nullable=False),
        sa.Column("coefficients", sa.JSON(), nullable=False),
        sa.Column("decisions", sa.Integer(), nullable=False),
        sa.Column("metrics", sa.JSON(), nullable=False),
    )
    # when a source's suggestions were computed (None: not yet; `tracker inbox --index` fills them in)
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("suggested_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("suggested_at")
    op.drop_table("ranking_models")
    op.drop_table("suggestions")
