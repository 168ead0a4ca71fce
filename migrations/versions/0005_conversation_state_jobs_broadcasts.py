"""conversation state as a flow and a JSON payload; job claims and leases; broadcasts kept in
the database; an upload kept in its draft

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 10:00:00.000000

`people.step` was a String(32) holding prefixed strings ("axis:<id>", "bc:<id>", "gap:<n>",
"find:<kind>.<t>.<t>.<t>.<page>", "staff:value", ...), too short for some ids. Each row is read
into a flow and a payload; a step that cannot be read becomes no flow (the person is simply back
at the start of the conversation).
"""

import hashlib
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import knowledge.models

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LANGUAGES = ("fr", "en", "nl", "ar", "uk", "ru", "es", "fa")
KINDS = {"s": "space", "o": "office", "g": "organisation", "v": "service"}
STAFF_STEPS = {
    "staff:field": "edit_field",
    "staff:value": "edit_value",
    "staff:confirm": "edit_confirm",
    "staff:import": "import",
}


def _token(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:6]


def _find(step: str, axes: list[str], communes: list[str]) -> dict[str, object] | None:
    """The filters of an old `find:` step (values were kept as 6-character tokens)."""
    parts = step.removeprefix("find:").split(".")
    if len(parts) != 5 or not parts[4].isdigit():
        return None
    kind, axis, commune, language, page = parts

    def value(choices: Sequence[str], wanted: str) -> str | None:
        return next((c for c in choices if wanted and _token(c) == wanted), None)

    return {
        "kind": KINDS.get(kind),
        "axis": value(axes, axis),
        "commune": value(communes, commune),
        "language": value(LANGUAGES, language),
        "page": int(page),
    }


def _state(step: str, axes: list[str], communes: list[str]) -> tuple[str | None, dict[str, object]]:
    if step == "commune":
        return "commune", {}
    if step == "ticket":
        return "ticket", {}
    if step in STAFF_STEPS:
        return STAFF_STEPS[step], {}
    if step.startswith("axis:"):
        return "browsing", {"axis": step.removeprefix("axis:")}
    if step.startswith("bc:"):
        return "broadcast", {"axis": step.removeprefix("bc:")}
    if step.startswith("gap:") and step.removeprefix("gap:").isdigit():
        return "gap_entry", {"gap": int(step.removeprefix("gap:"))}
    if step.startswith("find:"):
        filters = _find(step, axes, communes)
        if filters is not None:
            return "find", filters
    return None, {}


def upgrade() -> None:
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("flow", sa.String(length=24), nullable=True))
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=True))
    connection = op.get_bind()
    axes = list(connection.execute(sa.text("SELECT id FROM entries WHERE kind = 'axis'")).scalars())
    communes = list(connection.execute(sa.text("SELECT id FROM communes")).scalars())
    rows = connection.execute(sa.text("SELECT id, step FROM people WHERE step IS NOT NULL"))
    for person_id, step in rows.all():
        flow, payload = _state(step, axes, communes)
        connection.execute(
            sa.text("UPDATE people SET flow = :flow, payload = :payload WHERE id = :id"),
            {"flow": flow, "payload": json.dumps(payload), "id": person_id},
        )
    connection.execute(sa.text("UPDATE people SET payload = '{}' WHERE payload IS NULL"))
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.alter_column("payload", existing_type=sa.JSON(), nullable=False)
        batch_op.drop_column("step")

    with op.batch_alter_table("staff_drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("file_data", sa.LargeBinary(), nullable=True))

    op.create_table(
        "job_runs",
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("at", knowledge.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("job", "period", name=op.f("pk_job_runs")),
    )
    op.create_table(
        "job_leases",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("expires_at", knowledge.models.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_leases")),
    )
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("axis_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("status_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("status_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", knowledge.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", knowledge.models.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["axis_id"],
            ["entries.id"],
            name=op.f("fk_broadcasts_axis_id_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
    )
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_broadcasts_axis_id"), ["axis_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_broadcasts_created_at"), ["created_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_broadcasts_finished_at"), ["finished_at"], unique=False
        )
    op.create_table(
        "broadcast_deliveries",
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'blocked', 'failed')",
            name=op.f("ck_broadcast_deliveries_status"),
        ),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcasts.id"],
            name=op.f("fk_broadcast_deliveries_broadcast_id_broadcasts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_broadcast_deliveries_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("broadcast_id", "person_id", name=op.f("pk_broadcast_deliveries")),
    )
    with op.batch_alter_table("broadcast_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_broadcast_deliveries_person_id"), ["person_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("broadcast_deliveries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_broadcast_deliveries_person_id"))
    op.drop_table("broadcast_deliveries")
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_broadcasts_finished_at"))
        batch_op.drop_index(batch_op.f("ix_broadcasts_created_at"))
        batch_op.drop_index(batch_op.f("ix_broadcasts_axis_id"))
    op.drop_table("broadcasts")
    op.drop_table("job_leases")
    op.drop_table("job_runs")
    with op.batch_alter_table("staff_drafts", schema=None) as batch_op:
        batch_op.drop_column("file_data")

    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.add_column(sa.Column("step", sa.String(length=32), nullable=True))
    # Only the states that fit the old column come back; the others become no step.
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, flow, payload FROM people WHERE flow IS NOT NULL")
    )
    back = {v: k for k, v in STAFF_STEPS.items()} | {"commune": "commune", "ticket": "ticket"}
    for person_id, flow, payload in rows.all():
        data = json.loads(payload) if isinstance(payload, str) else (payload or {})
        step = back.get(flow)
        if flow == "browsing":
            step = f"axis:{data.get('axis')}"
        elif flow == "broadcast":
            step = f"bc:{data.get('axis')}"
        elif flow == "gap_entry":
            step = f"gap:{data.get('gap')}"
        if step is not None and len(step) <= 32:
            connection.execute(
                sa.text("UPDATE people SET step = :step WHERE id = :id"),
                {"step": step, "id": person_id},
            )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_column("payload")
        batch_op.drop_column("flow")
