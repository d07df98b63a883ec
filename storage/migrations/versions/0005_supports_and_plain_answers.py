"""Issue 11: supports of similar proposals, unclassified proposals, a typed location, counts
of households, and the one error message that the next error replaces.
"""

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.create_table(
        "supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("comment", sa.String(length=200), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"]),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("proposal_id", "participant_id"),
    )
    with op.batch_alter_table("supports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_supports_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_supports_proposal_id"), ["proposal_id"], unique=False)
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.add_column(sa.Column("location_text", sa.String(length=200), nullable=True))
        for column, length in (("dimension", 24), ("sub_element", 24), ("beneficiaries", 200)):
            batch_op.alter_column(column, existing_type=sa.String(length=length), nullable=True)
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.add_column(sa.Column("represents_unit", sa.String(length=12), nullable=True))
    with op.batch_alter_table("dialogues", schema=None) as batch_op:
        batch_op.add_column(sa.Column("error_message_id", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dialogues", schema=None) as batch_op:
        batch_op.drop_column("error_message_id")
    with op.batch_alter_table("participants", schema=None) as batch_op:
        batch_op.drop_column("represents_unit")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_column("location_text")
    op.drop_table("supports")
