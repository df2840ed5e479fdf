"""An index in triage order, so that a page of a large inbox is read without sorting every open suggestion.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_suggestions_triage_order", "suggestions", ["state", "source_id", "score", "id"])


def downgrade() -> None:
    op.drop_index("ix_suggestions_triage_order", table_name="suggestions")
