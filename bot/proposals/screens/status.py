"""What participants and admins read about status changes."""

from __future__ import annotations

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import N_, Translator
from bot.proposals.screens.cards import status_label
from bot.proposals.status_rules import Refusal
from bot.proposals.statuses import Status
from bot.screens import Button, Screen, esc

WHAT_IT_MEANS = {
    Status.ACCEPTED: N_("It will be discussed with the perangkat daerah."),
    Status.PRIORITIZED: N_("It was chosen as a quick-win programme. Thank you!"),
    Status.MERGED: N_(
        "It covers the same need as proposal <b>{other}</b>, so the two go forward together."
    ),
    Status.DECLINED: N_("It will not be taken forward."),
    Status.IMPLEMENTED: N_("It has been carried out. Thank you for your idea!"),
}


def notice(
    t: Translator, reference: str, status: str, reason: str | None, other: str | None
) -> Screen:
    """The message a participant gets, in their own language, when an admin sets a status."""
    lines = [
        t(
            "📣 News about your proposal <b>{reference}</b>: its status is now <b>{status}</b>.",
            reference=esc(reference),
            status=status_label(t, status),
        )
    ]
    known = {s.value: s for s in WHAT_IT_MEANS}
    if status in known:
        lines.append(t(WHAT_IT_MEANS[known[status]], other=esc(other or "—")))
    if reason:
        lines.append(t("Note: {reason}", reason=esc(reason)))
    lines.append(t("Its whole history is in /usulanku."))
    keyboard = [[Button(t("📋 My proposals"), cb.encode(Kind.MENU, "mine"))]]
    return Screen("\n\n".join(lines), keyboard)


REFUSALS = {
    Refusal.NOT_FOUND: N_("There is no proposal {reference}."),
    Refusal.WITHDRAWN: N_("Proposal {reference} was withdrawn by its author."),
    Refusal.NOT_SETTABLE: N_("That status can't be set by an admin."),
    Refusal.NEEDS_REASON: N_("“Not taken forward” needs a reason for the participant."),
    Refusal.REASON_TOO_LONG: N_("The reason is too long (at most 500 characters)."),
    Refusal.NEEDS_TARGET: N_("“Merged” needs the number of the other proposal."),
    Refusal.TARGET_NOT_FOUND: N_("There is no proposal {other} to merge into."),
    Refusal.TARGET_ITSELF: N_("A proposal can't be merged into itself."),
    Refusal.UNCHANGED: N_("Proposal {reference} already has that status."),
}


def refusal(t: Translator, why: Refusal, reference: str, other: str | None = None) -> str:
    return t(REFUSALS[why], reference=esc(reference), other=esc(other or "—"))
