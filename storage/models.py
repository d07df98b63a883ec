"""SQLAlchemy models. Places are stored as Kemendagri codes, never as free text."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UtcDateTime


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UtcDateTime(), dict[str, Any]: JSON}


class Participant(Base):
    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Pseudonym used in exports; it survives erasure so proposals stay countable.
    pseudonym: Mapped[str] = mapped_column(String(12), unique=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    locale: Mapped[str] = mapped_column(String(5))
    consented_at: Mapped[datetime]
    display_name: Mapped[str | None] = mapped_column(String(60))
    kecamatan_code: Mapped[str | None] = mapped_column(String(8), index=True)
    desa_code: Mapped[str | None] = mapped_column(String(13))
    community_role: Mapped[str | None] = mapped_column(String(24))
    group_name: Mapped[str | None] = mapped_column(String(100))
    represents: Mapped[int | None] = mapped_column(Integer)
    # What `represents` counts: "people" or "households" ("sekitar 200 KK" is kept as 200 KK).
    represents_unit: Mapped[str | None] = mapped_column(String(12))
    registered_at: Mapped[datetime | None]
    erased_at: Mapped[datetime | None]
    # /berhenti and /langganan: broadcasts and reminders respect this.
    subscribed: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Set when Telegram answers 403 (the person blocked the bot); cleared when they come back.
    blocked_at: Mapped[datetime | None]
    last_reminded_at: Mapped[datetime | None]
    # May OPD staff see the name and group with the proposals? None: not asked yet (counts as no).
    name_visible: Mapped[bool | None] = mapped_column(Boolean)
    # A coordinator's word on a representative's mandate: "confirmed" | "declined" | None.
    mandate: Mapped[str | None] = mapped_column(String(12))
    mandate_by: Mapped[int | None] = mapped_column(BigInteger)
    mandate_at: Mapped[datetime | None]


class ConsultationRound(Base):
    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(Text)
    opens_at: Mapped[datetime]
    # The end of the collection (pengumpulan) phase; prioritas follows until results_at.
    closes_at: Mapped[datetime | None]
    # The start of the results (hasil) phase; None: not set yet (prioritas goes on).
    results_at: Mapped[datetime | None]
    # A proposal sent after collection goes to the next round instead of being refused.
    late_to_next: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Claims: the prioritas invitation and the results are queued once per round.
    invited_at: Mapped[datetime | None]
    results_queued_at: Mapped[datetime | None]
    # The admin who last set this round's dates or moved its phase: a phase that begins by
    # its date is announced in their name, and the progress goes to them.
    phases_by: Mapped[int | None] = mapped_column(BigInteger)


class Proposal(Base):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(12), unique=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"), index=True)
    kecamatan_code: Mapped[str] = mapped_column(String(8), index=True)
    desa_code: Mapped[str] = mapped_column(String(13))
    # None until classified: a resident may answer "Tidak yakin"; staff classify it later.
    dimension: Mapped[str | None] = mapped_column(String(24))
    sub_element: Mapped[str | None] = mapped_column(String(24))
    problem: Mapped[str] = mapped_column(Text)
    causes: Mapped[str] = mapped_column(Text)
    solution: Mapped[str] = mapped_column(Text)
    urgency: Mapped[str] = mapped_column(String(12))
    time_to_result: Mapped[str] = mapped_column(String(12))
    needs: Mapped[list[str]] = mapped_column(JSON)
    agency: Mapped[str] = mapped_column(String(32), index=True)
    # When the proposal reached its current perangkat daerah (submission, or a forward).
    assigned_at: Mapped[datetime | None]
    beneficiaries: Mapped[str | None] = mapped_column(String(200))
    # Where, in the resident's words ("Jl. Raya Karangraharja depan SDN 02"); a shared
    # location may come with it or instead of it.
    location_text: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    photos: Mapped[list[str]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(24))
    submitted_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    withdrawn_at: Mapped[datetime | None]
    status_reason: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    hidden_at: Mapped[datetime | None]
    hidden_reason: Mapped[str | None] = mapped_column(Text)


class Support(Base):
    """A resident joining a similar proposal in their kecamatan instead of repeating it."""

    __tablename__ = "supports"
    __table_args__ = (UniqueConstraint("proposal_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    comment: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]


class ReferenceCounter(Base):
    """Last reference sequence number per kecamatan (CKU-0042)."""

    __tablename__ = "reference_counters"

    kecamatan_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer)


class Dialogue(Base):
    """Where someone is in a guided dialogue; the source of truth, not PTB's memory.

    Keyed by Telegram user id: staff (coordinators, admins) use dialogues too, and they need
    not be registered participants.
    """

    __tablename__ = "dialogues"

    owner_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    flow: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(24))
    mode: Mapped[str] = mapped_column(String(8))
    revision: Mapped[int] = mapped_column(Integer)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    preset: Mapped[list[str]] = mapped_column(JSON)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    question_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The last "that answer didn't fit" message: the next one replaces it instead of piling up.
    error_message_id: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]


class PendingConfirmation(Base):
    """Per person, the newest confirmation screen of each kind that may still be answered
    (bot/confirmations.py): {kind: {"subject": …, "nonce": …}}. A tap uses its nonce up."""

    __tablename__ = "pending_confirmations"

    owner_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    pending: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime]


class ProcessedUpdate(Base):
    """Telegram update ids already handled, so a redelivered update has one effect."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime] = mapped_column(index=True)


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor_participant_id: Mapped[int | None] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(48))
    subject: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


class StaffRole(Base):
    """An admin granted in the bot, or a coordinator of one kecamatan. Revoked rows stay."""

    __tablename__ = "staff_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    role: Mapped[str] = mapped_column(String(16))  # "admin" | "coordinator" | "opd"
    kecamatan_code: Mapped[str | None] = mapped_column(String(8))
    opd_code: Mapped[str | None] = mapped_column(String(32))  # the Agency.key of an OPD member
    granted_by: Mapped[int | None] = mapped_column(BigInteger)
    granted_at: Mapped[datetime]
    revoked_by: Mapped[int | None] = mapped_column(BigInteger)
    revoked_at: Mapped[datetime | None]


class Invitation(Base):
    """A one-time deep link that makes whoever opens it a coordinator of a kecamatan, or staff
    of one perangkat daerah (OPD)."""

    __tablename__ = "invitations"

    token: Mapped[str] = mapped_column(String(40), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    kecamatan_code: Mapped[str | None] = mapped_column(String(8))
    opd_code: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[int | None] = mapped_column(BigInteger)  # None: the admin was erased
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_by: Mapped[int | None] = mapped_column(BigInteger)
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class Broadcast(Base):
    """A message to many participants; each recipient is a Delivery row written up front."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "broadcast" | "reminder"
    author_telegram_id: Mapped[int | None] = mapped_column(BigInteger)  # None: author erased
    kecamatan_code: Mapped[str | None] = mapped_column(String(8))  # None: the whole regency
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    with_propose_button: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(16), index=True)
    scheduled_at: Mapped[datetime]
    created_at: Mapped[datetime]
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)


class Delivery(Base):
    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "participant_id"),
        Index("ix_deliveries_broadcast_status", "broadcast_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id"))
    # Both None once the recipient is erased: the row still counts, but leads to nobody.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    # pending → sending → sent | failed | blocked; "cancelled" when the broadcast is stopped.
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime]


class ProposalStatusChange(Base):
    """The history a participant sees in /usulanku; the newest row is the current status."""

    __tablename__ = "proposal_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    status: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    changed_by: Mapped[int | None] = mapped_column(BigInteger)
    changed_at: Mapped[datetime]
    notified_at: Mapped[datetime | None]


class KecamatanTarget(Base):
    """How many participants the regency hopes for in a kecamatan (set by admins)."""

    __tablename__ = "kecamatan_targets"

    kecamatan_code: Mapped[str] = mapped_column(String(8), primary_key=True)
    participants: Mapped[int] = mapped_column(Integer)
    updated_by: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime]


class RetentionWarning(Base):
    """An advance warning to the admins that the retention date is near, sent once: the key is
    claimed before sending, so restarts and several workers never send it twice."""

    __tablename__ = "retention_warnings"

    erase_on: Mapped[date] = mapped_column(Date, primary_key=True)
    days_before: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    sent_at: Mapped[datetime]


class Response(Base):
    """A perangkat daerah's tanggapan to a proposal. Revisions are new rows; the newest is
    the current one, and the history is what the participant sees in /usulanku."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"), index=True)
    opd_code: Mapped[str] = mapped_column(String(32), index=True)
    # "quick_win" | "next_year" | "existing" | "not_ours"
    kind: Mapped[str] = mapped_column(String(16))
    programme: Mapped[str | None] = mapped_column(String(200))  # "existing": which programme
    explanation: Mapped[str | None] = mapped_column(Text)
    forwarded_to: Mapped[str | None] = mapped_column(String(32))  # "not_ours": the right OPD
    responded_by: Mapped[int | None] = mapped_column(BigInteger)  # None: the staff was erased
    responded_at: Mapped[datetime]


class Notice(Base):
    """A message the bot owes one participant about one thing (a tanggapan, a chosen quick
    win, a mandate). The unique key makes it once per person whatever is retried; the sender
    claims a row before sending it."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("kind", "subject_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[int] = mapped_column(Integer)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id"), index=True)
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None] = mapped_column(index=True)


class QuickWin(Base):
    """A proposal an admin chose as a quick win."""

    __tablename__ = "quick_wins"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id"), primary_key=True, autoincrement=False
    )
    chosen_by: Mapped[int | None] = mapped_column(BigInteger)
    chosen_at: Mapped[datetime]


class OpdReminder(Base):
    """A reminder of unanswered proposals sent to one OPD's staff on one day: claimed before
    sending, so there is at most one a day whatever restarts or how many workers."""

    __tablename__ = "opd_reminders"

    opd_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    sent_at: Mapped[datetime]


class Comparison(Base):
    """One answer to "A atau B?": a pair of proposals of one kecamatan, as one person saw it.

    The pair is stored in id order (first_id < second_id) so the unique key makes a person's
    pair once whatever the order shown, a double tap or a redelivered update. Skipped pairs are
    rows too (not shown again); only `counted` rows enter the ranking (not a skip, not a vote on
    one's own proposal)."""

    __tablename__ = "comparisons"
    __table_args__ = (
        UniqueConstraint("participant_id", "first_id", "second_id"),
        Index("ix_comparisons_round_kecamatan", "round_id", "kecamatan_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    kecamatan_code: Mapped[str] = mapped_column(String(8))
    # None once the voter is erased: the vote still counts, but leads to nobody.
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    first_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    second_id: Mapped[int] = mapped_column(ForeignKey("proposals.id"))
    # "first" | "second" | "tie" | "skip"
    outcome: Mapped[str] = mapped_column(String(8))
    counted: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[datetime]


class ResultFeedback(Base):
    """A participant's answer to "do these results represent your kecamatan?" (one per round)."""

    __tablename__ = "result_feedback"
    __table_args__ = (UniqueConstraint("round_id", "participant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id"))
    kecamatan_code: Mapped[str] = mapped_column(String(8), index=True)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("participants.id"))
    answer: Mapped[str] = mapped_column(String(8))  # "yes" | "partly" | "no"
    comment: Mapped[str | None] = mapped_column(String(300))
    answered_at: Mapped[datetime]
