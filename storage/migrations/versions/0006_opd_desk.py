"""Issue 12, the perangkat daerah's side: OPD staff and their invitations, tanggapan with their
history, notices owed to participants, chosen quick wins, the daily reminder of unanswered
proposals, naming consent and confirmed mandates."""

import sqlalchemy as sa
from alembic import op

from storage.types import UtcDateTime

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    _responses()
    _notices()
    op.create_table(
        "quick_wins",
        sa.Column("proposal_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("chosen_by", sa.BigInteger(), nullable=True),
        sa.Column("chosen_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"]),
        sa.PrimaryKeyConstraint("proposal_id"),
    )
    op.create_table(
        "opd_reminders",
        sa.Column("opd_code", sa.String(length=32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("opd_code", "day"),
    )
    _columns()


def _responses() -> None:
    op.create_table(
        "responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("opd_code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("programme", sa.String(length=200), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("forwarded_to", sa.String(length=32), nullable=True),
        sa.Column("responded_by", sa.BigInteger(), nullable=True),
        sa.Column("responded_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_responses_proposal_id", "responses", ["proposal_id"])
    op.create_index("ix_responses_opd_code", "responses", ["opd_code"])


def _notices() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["participant_id"], ["participants.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "subject_id", "participant_id"),
    )
    op.create_index("ix_notices_participant_id", "notices", ["participant_id"])
    op.create_index("ix_notices_sent_at", "notices", ["sent_at"])


def _columns() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("name_visible", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("mandate", sa.String(length=12), nullable=True))
        batch.add_column(sa.Column("mandate_by", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("mandate_at", UtcDateTime(), nullable=True))
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("assigned_at", UtcDateTime(), nullable=True))
        batch.create_index("ix_proposals_agency", ["agency"])
    op.execute("UPDATE proposals SET assigned_at = submitted_at")
    with op.batch_alter_table("staff_roles") as batch:
        batch.add_column(sa.Column("opd_code", sa.String(length=32), nullable=True))
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(sa.Column("opd_code", sa.String(length=32), nullable=True))
        batch.alter_column("kecamatan_code", existing_type=sa.String(length=8), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM invitations WHERE kecamatan_code IS NULL")
    op.execute("DELETE FROM staff_roles WHERE role = 'opd'")
    with op.batch_alter_table("invitations") as batch:
        batch.alter_column("kecamatan_code", existing_type=sa.String(length=8), nullable=False)
        batch.drop_column("opd_code")
    with op.batch_alter_table("staff_roles") as batch:
        batch.drop_column("opd_code")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_index("ix_proposals_agency")
        batch.drop_column("assigned_at")
    with op.batch_alter_table("participants") as batch:
        for column in ("mandate_at", "mandate_by", "mandate", "name_visible"):
            batch.drop_column(column)
    for table in ("opd_reminders", "quick_wins", "notices", "responses"):
        op.drop_table(table)
