"""A tanggapan: what a perangkat daerah answers to a proposal. The codes are stored in
Response.kind and exported; the labels are translated with ``t(LABELS[kind])``."""

from __future__ import annotations

from enum import StrEnum

from bot.i18n import N_
from bot.proposals.statuses import Status


class ResponseKind(StrEnum):
    QUICK_WIN = "quick_win"  # Bisa jadi quick win
    NEXT_YEAR = "next_year"  # Masuk program tahun depan
    EXISTING = "existing"  # Sudah ada programnya (Response.programme: which one)
    NOT_OURS = "not_ours"  # Bukan kewenangan kami (Response.forwarded_to: the right OPD)


LABELS: dict[ResponseKind, str] = {
    ResponseKind.QUICK_WIN: N_("Could be a quick win"),
    ResponseKind.NEXT_YEAR: N_("For next year's programme"),
    ResponseKind.EXISTING: N_("A programme already exists"),
    ResponseKind.NOT_OURS: N_("Not our responsibility"),
}

# Every kind but a quick win needs a short typed explanation.
NEEDS_EXPLANATION = frozenset(set(ResponseKind) - {ResponseKind.QUICK_WIN})

# A proposal waits for a tanggapan while it is in play: not withdrawn, merged or declined
# (hidden ones are left out too: Proposal.hidden_at).
OPEN_STATUSES: tuple[str, ...] = (
    Status.SUBMITTED.value,
    Status.ACCEPTED.value,
    Status.PRIORITIZED.value,
    Status.IMPLEMENTED.value,
)

# The regency's response indicator: an OPD counts as responsive once it has answered this
# share of the proposals assigned to it (the workshop's 80 %).
RESPONSIVE_SHARE = 0.8


def parse(code: str) -> ResponseKind | None:
    try:
        return ResponseKind(code)
    except ValueError:
        return None
