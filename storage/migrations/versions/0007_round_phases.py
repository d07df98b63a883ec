"""Issue 13, round phases: pengumpulan → prioritas → hasil dates on rounds, the "A atau B?"
comparisons and the answers to "do these results represent your kecamatan?"."""

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("results_at", UtcDateTime(), nullable=True))
        batch.add_column(
            sa.Column("late_to_next", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("invited_at", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("results_queued_at", UtcDateTime(), nullable=True))
        batch.add_column(sa.Column("phases_by", sa.BigInteger(), nullable=True))
    # Rounds closed before phases existed are over: they count as in hasil, with nothing owed.
    op.execute(
        "UPDATE rounds SET results_at = closes_at, invited_at = closes_at,"
        " results_queued_at = closes_at WHERE closes_at IS NOT NULL"
        " AND closes_at <= CURRENT_TIMESTAMP"
    )
    _comparisons()
    op.create_table(
        "result_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=8), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.String(length=8), nullable=False),
        sa.Column("comment", sa.String(length=300), nullable=True),
        sa.Column("answered_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["rounds.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("round_id", "participant_id"),
    )
    op.create_index("ix_result_feedback_kecamatan_code", "result_feedback", ["kecamatan_code"])


def _comparisons() -> None:
    op.create_table(
        "comparisons",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("kecamatan_code", sa.String(length=8), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=True),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=8), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["rounds.id"]),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"]),
        sa.ForeignKeyConstraint(["first_id"], ["proposals.id"]),
        sa.ForeignKeyConstraint(["second_id"], ["proposals.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "first_id", "second_id"),
    )
    op.create_index("ix_comparisons_round_kecamatan", "comparisons", ["round_id", "kecamatan_code"])


def downgrade() -> None:
    op.drop_table("result_feedback")
    op.drop_table("comparisons")
    with op.batch_alter_table("rounds") as batch:
        for column in (
            "phases_by",
            "results_queued_at",
            "invited_at",
            "late_to_next",
            "results_at",
        ):
            batch.drop_column(column)
