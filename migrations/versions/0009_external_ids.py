"""entries: identifiers in other directories (external_ids: the HSDS UUID, a register's number)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain column with a default: SQLite adds it without rebuilding the table.
    op.add_column(
        "entries",
        sa.Column("external_ids", sa.JSON(), server_default=sa.text("'{}'"), nullable=False),
    )


def downgrade() -> None:
    op.execute("ALTER TABLE entries DROP COLUMN external_ids")
