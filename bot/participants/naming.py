"""Naming consent (UU PDP: minimum shown): OPD staff see a participant's name and group only
when the participant said yes. Not asked yet (None) counts as no."""

from __future__ import annotations

from storage.models import Participant


def visible_to_opd(participant: Participant) -> bool:
    return participant.name_visible is True and participant.erased_at is None
