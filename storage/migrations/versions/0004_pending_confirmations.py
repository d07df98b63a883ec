"""Pending confirmations in a table of their own (they were kept in `dialogues`, in a row under
the person's negated Telegram id).
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    op.create_table(
        "pending_confirmations",
        sa.Column("owner_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("pending", sa.JSON(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("owner_id"),
    )
    op.execute(
        "INSERT INTO pending_confirmations (owner_id, pending, updated_at) "
        "SELECT -owner_id, answers, updated_at FROM dialogues WHERE flow = 'confirm'"
    )
    op.execute("DELETE FROM dialogues WHERE flow = 'confirm'")


def downgrade() -> None:
    # Unanswered confirmation screens simply expire: their buttons then say so.
    op.drop_table("pending_confirmations")
