"""Erasure that leaves no Telegram id behind: a delivery, a broadcast and an invitation can
outlive the person they name (the columns become nullable); the retention warnings sent to
the admins, each once.
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.alter_column("participant_id", existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=True)
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.alter_column("author_telegram_id", existing_type=sa.BigInteger(), nullable=True)
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.alter_column("created_by", existing_type=sa.BigInteger(), nullable=True)
    op.create_table(
        "retention_warnings",
        sa.Column("erase_on", sa.Date(), nullable=False),
        sa.Column("days_before", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("erase_on", "days_before"),
    )


def downgrade() -> None:
    op.drop_table("retention_warnings")
    # Rows that name nobody any more cannot go back under NOT NULL: 0 stands for "erased".
    op.execute("DELETE FROM deliveries WHERE participant_id IS NULL")
    op.execute("UPDATE invitations SET created_by = 0 WHERE created_by IS NULL")
    op.execute("UPDATE broadcasts SET author_telegram_id = 0 WHERE author_telegram_id IS NULL")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.alter_column("created_by", existing_type=sa.BigInteger(), nullable=False)
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.alter_column("author_telegram_id", existing_type=sa.BigInteger(), nullable=False)
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.alter_column("chat_id", existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column("participant_id", existing_type=sa.Integer(), nullable=False)
