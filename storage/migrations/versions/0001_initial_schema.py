"""Initial schema, with one default consultation round open from the start."""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("actor_participant_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pseudonym", sa.String(length=12), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=True),
        sa.Column("locale", sa.String(length=5), nullable=False),
        sa.Column("consented_at", UtcDateTime(), nullable=False),
        sa.Column("display_name", sa.String(length=60), nullable=True),
        sa.Column("kecamatan_code", sa.String(length=8), nullable=True),
        sa.Column("desa_code", sa.String(length=13), nullable=True),
        sa.Column("community_role", sa.String(length=24), nullable=True),
        sa.Column("group_name", sa.String(length=100), nullable=True),
        sa.Column("represents", sa.Integer(), nullable=True),
        sa.Column("registered_at", UtcDateTime(), nullable=True),
        sa.Column("erased_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pseudonym"),
        sa.UniqueConstraint("telegram_user_id"),
    )
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participants_kecamatan_code"), ["kecamatan_code"], unique=False
        )

    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("processed_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("update_id"),
    )
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_processed_updates_processed_at"), ["processed_at"], unique=False
        )

    op.create_table(
        "reference_counters",
        sa.Column("kecamatan_code", sa.String(length=8), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kecamatan_code"),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("opens_at", UtcDateTime(), nullable=False),
        sa.Column("closes_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=12), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=8), nullable=False),
        sa.Column("desa_code", sa.String(length=13), nullable=False),
        sa.Column("dimension", sa.String(length=24), nullable=False),
        sa.Column("sub_element", sa.String(length=24), nullable=False),
        sa.Column("problem", sa.Text(), nullable=False),
        sa.Column("causes", sa.Text(), nullable=False),
        sa.Column("solution", sa.Text(), nullable=False),
        sa.Column("urgency", sa.String(length=12), nullable=False),
        sa.Column("time_to_result", sa.String(length=12), nullable=False),
        sa.Column("needs", sa.JSON(), nullable=False),
        sa.Column("agency", sa.String(length=32), nullable=False),
        sa.Column("beneficiaries", sa.String(length=200), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=True),
        sa.Column("longitude", sa.Float(), nullable=True),
        sa.Column("photos", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("submitted_at", UtcDateTime(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.Column("withdrawn_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposals_kecamatan_code"), ["kecamatan_code"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_proposals_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_proposals_round_id"), ["round_id"], unique=False)

    op.create_table(
        "dialogues",
        sa.Column("owner_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("flow", sa.String(length=16), nullable=False),
        sa.Column("step", sa.String(length=24), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("preset", sa.JSON(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=True),
        sa.Column("question_message_id", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
        ),
        sa.PrimaryKeyConstraint("owner_id"),
    )

    rounds = sa.table(
        "rounds",
        sa.column("name", sa.String),
        sa.column("opens_at", UtcDateTime()),
        sa.column("closes_at", UtcDateTime()),
    )
    op.bulk_insert(
        rounds,
        [{"name": "Putaran 1", "opens_at": datetime(2026, 1, 1, tzinfo=UTC), "closes_at": None}],
    )


def downgrade() -> None:
    op.drop_table("dialogues")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_round_id"))
        batch_op.drop_index(batch_op.f("ix_proposals_participant_id"))
        batch_op.drop_index(batch_op.f("ix_proposals_kecamatan_code"))

    op.drop_table("proposals")
    op.drop_table("rounds")
    op.drop_table("reference_counters")
    with op.batch_alter_table("processed_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_processed_updates_processed_at"))

    op.drop_table("processed_updates")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participants_kecamatan_code"))

    op.drop_table("participants")
    op.drop_table("audit_log")
