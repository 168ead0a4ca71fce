"""people: when the commune was last asked; question counts: the place a person was sent to

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import knowledge.models

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "commune_asked_at", knowledge.models.UTCDateTime(timezone=True), nullable=True
            )
        )
    with op.batch_alter_table("question_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_question_events_entry_id"), ["entry_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("question_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_question_events_entry_id"))
        batch_op.drop_column("entry_id")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("commune_asked_at")
