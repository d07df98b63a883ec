"""A proposal's status: the codes stored in Proposal.status, and their labels.

One module for everyone who reads or writes a status: the participant's /usulanku, the
admins' status changes and `rembug import-status`, and the exports. The codes are stable
(they are stored, and they are what the export's ``status`` column holds and what
import-status reads back); the labels are translated with ``t(label(code))``.
"""

from __future__ import annotations

from enum import StrEnum

from bot.i18n import N_


class Status(StrEnum):
    SUBMITTED = "submitted"  # diterima sistem, belum dibahas
    ACCEPTED = "accepted"  # diterima untuk dibahas
    PRIORITIZED = "prioritized"  # diprioritaskan sebagai quick win
    MERGED = "merged"  # digabung dengan usulan lain (Proposal.merged_into_id)
    DECLINED = "declined"  # tidak dilanjutkan (Proposal.status_reason)
    IMPLEMENTED = "implemented"  # dilaksanakan
    WITHDRAWN = "withdrawn"  # ditarik oleh pesertanya


LABELS: dict[Status, str] = {
    Status.SUBMITTED: N_("Received"),
    Status.ACCEPTED: N_("Accepted for discussion"),
    Status.PRIORITIZED: N_("Prioritised as a quick win"),
    Status.MERGED: N_("Merged with another proposal"),
    Status.DECLINED: N_("Not taken forward"),
    Status.IMPLEMENTED: N_("Implemented"),
    Status.WITHDRAWN: N_("Withdrawn"),
}

CODES: tuple[str, ...] = tuple(s.value for s in Status)

# What an admin may set (withdrawal is the participant's own act; submitted is the start).
SETTABLE: tuple[Status, ...] = (
    Status.ACCEPTED,
    Status.PRIORITIZED,
    Status.MERGED,
    Status.DECLINED,
    Status.IMPLEMENTED,
)


def parse(code: str) -> Status | None:
    """The status for a code (as typed in a spreadsheet: spaces and case ignored), or None."""
    try:
        return Status(code.strip().lower())
    except ValueError:
        return None


def label(code: str) -> str:
    """The untranslated label (an English msgid) of a code; unknown codes stay as they are."""
    status = parse(code)
    return LABELS[status] if status is not None else code
