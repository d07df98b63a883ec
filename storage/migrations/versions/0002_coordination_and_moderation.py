"""Roles, invitations, broadcasts with deliveries, proposal status history and moderation,
kecamatan targets; participants can unsubscribe and be marked as having blocked the bot.
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("author_telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=8), nullable=True),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("with_propose_button", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("scheduled_at", UtcDateTime(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("started_at", UtcDateTime(), nullable=True),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.Column("progress_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_broadcasts_status"), ["status"], unique=False)

    op.create_table(
        "invitations",
        sa.Column("token", sa.String(length=40), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=8), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("used_by", sa.BigInteger(), nullable=True),
        sa.Column("used_at", UtcDateTime(), nullable=True),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("token"),
    )
    op.create_table(
        "kecamatan_targets",
        sa.Column("kecamatan_code", sa.String(length=8), nullable=False),
        sa.Column("participants", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kecamatan_code"),
    )
    op.create_table(
        "staff_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=8), nullable=True),
        sa.Column("granted_by", sa.BigInteger(), nullable=True),
        sa.Column("granted_at", UtcDateTime(), nullable=False),
        sa.Column("revoked_by", sa.BigInteger(), nullable=True),
        sa.Column("revoked_at", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("staff_roles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_roles_telegram_user_id"), ["telegram_user_id"], unique=False
        )

    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcasts.id"],
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["participants.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("broadcast_id", "participant_id"),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deliveries_broadcast_status", ["broadcast_id", "status"], unique=False
        )

    op.create_table(
        "proposal_status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("changed_by", sa.BigInteger(), nullable=True),
        sa.Column("changed_at", UtcDateTime(), nullable=False),
        sa.Column("notified_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["proposals.id"],
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("proposal_status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_status_changes_proposal_id"), ["proposal_id"], unique=False
        )

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("subscribed", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column("blocked_at", UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_reminded_at", UtcDateTime(), nullable=True))

    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("hidden_at", UtcDateTime(), nullable=True))
        batch_op.add_column(sa.Column("hidden_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            "fk_proposals_merged_into_id", "proposals", ["merged_into_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        # WARNING: constraint name is None; this directive will fail as
        # rendered.  Add a name, or use a naming convention; see
        # https://alembic.sqlalchemy.org/en/latest/naming.html
        batch_op.drop_constraint("fk_proposals_merged_into_id", type_="foreignkey")
        batch_op.drop_column("hidden_reason")
        batch_op.drop_column("hidden_at")
        batch_op.drop_column("merged_into_id")
        batch_op.drop_column("status_reason")

    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("last_reminded_at")
        batch_op.drop_column("blocked_at")
        batch_op.drop_column("subscribed")

    with op.batch_alter_table("proposal_status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_status_changes_proposal_id"))

    op.drop_table("proposal_status_changes")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_broadcast_status")

    op.drop_table("deliveries")
    with op.batch_alter_table("staff_roles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_roles_telegram_user_id"))

    op.drop_table("staff_roles")
    op.drop_table("kecamatan_targets")
    op.drop_table("invitations")
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_broadcasts_status"))

    op.drop_table("broadcasts")
