"""entries: identifiers in other directories (external_ids: the HSDS UUID, a register's number)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
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
