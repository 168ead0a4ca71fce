"""entry_sources.page_date: 200 characters (a page's date is kept as the page shows it, with a note)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 16:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entry_sources") as batch:
        batch.alter_column(
            "page_date", existing_type=sa.String(length=64), type_=sa.String(length=200)
        )


def downgrade() -> None:
    # Dates longer than 64 characters are cut to fit the older column.
    op.execute("UPDATE entry_sources SET page_date = substr(page_date, 1, 64)")
    with op.batch_alter_table("entry_sources") as batch:
        batch.alter_column(
            "page_date", existing_type=sa.String(length=200), type_=sa.String(length=64)
        )
