"""entries: audience, local instances, always open, confidence, staff note; their sources

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Columns with a constraint are added in plain SQL that SQLite and PostgreSQL both accept:
# Alembic would rebuild the table on SQLite (batch mode), and dropping `entries` there, with
# foreign keys on, would cascade into every table that hangs off it.
_CONSTRAINED_COLUMNS = (
    "audience VARCHAR(16) DEFAULT 'both' NOT NULL"
    " CONSTRAINT ck_entries_audience CHECK (audience IN ('public', 'professionals', 'both'))",
    "local_of VARCHAR(64) CONSTRAINT fk_entries_local_of_entries REFERENCES entries (id)",
    "confidence VARCHAR(8)"
    " CONSTRAINT ck_entries_confidence CHECK (confidence IN ('high', 'medium'))",
)
# What migration 0005 assumes of entries written before it (documents.py says the same).
_AUDIENCE_BY_KIND = """
UPDATE entries SET audience = CASE kind
    WHEN 'space' THEN 'professionals'
    WHEN 'action' THEN 'professionals'
    WHEN 'office' THEN 'public'
    WHEN 'service' THEN 'public'
    ELSE 'both'
END
"""


def upgrade() -> None:
    for column in _CONSTRAINED_COLUMNS:
        op.execute(f"ALTER TABLE entries ADD COLUMN {column}")
    op.add_column(
        "entries",
        sa.Column("always_open", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column("entries", sa.Column("staff_note", sa.Text(), nullable=True))
    op.create_index(op.f("ix_entries_local_of"), "entries", ["local_of"], unique=False)
    op.execute(_AUDIENCE_BY_KIND)
    op.create_table(
        "entry_sources",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entry_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("read_on", sa.Date(), nullable=False),
        sa.Column("page_date", sa.String(length=64), nullable=True),
        sa.Column("facts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name=op.f("fk_entry_sources_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_sources")),
    )
    op.create_index(op.f("ix_entry_sources_entry_id"), "entry_sources", ["entry_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_entry_sources_entry_id"), table_name="entry_sources")
    op.drop_table("entry_sources")
    op.drop_index(op.f("ix_entries_local_of"), table_name="entries")
    # SQLite (3.35+) and PostgreSQL drop a column with its own constraints.
    for column in ("staff_note", "always_open", "confidence", "local_of", "audience"):
        op.execute(f"ALTER TABLE entries DROP COLUMN {column}")
