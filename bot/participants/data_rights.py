"""The participant's rights under UU 27/2022: a copy of their data, and erasure."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogue.runner import Owner
from bot.people import Speaker
from bot.proposals.submission import ANSWER_FIELDS
from bot.reference import Reference
from bot.screens import Document, Reply, Response, Screen
from bot.screens import profile as screens
from storage.models import Participant, Proposal
from storage.queries import audit, dialogues, participants
from storage.queries import proposals as queries


class DataRights:
    def __init__(self, reference: Reference) -> None:
        self.reference = reference

    async def export(self, session: AsyncSession, speaker: Speaker, now: datetime) -> Response:
        participant = speaker.participant
        t = speaker.t
        if participant is None:
            return Response([Reply(Screen(screens.nothing_stored(t)))])
        own = await queries.of_participant(session, participant.id)
        content = json.dumps(
            self._document(participant, own, now), ensure_ascii=False, indent=2
        ).encode()
        document = Document("rembug-data-saya.json", content, screens.my_data_caption(t))
        audit.record(session, now, "participant.data_exported", participant.id)
        return Response([Reply(Screen(""), document=document)])

    def ask_erase(self, speaker: Speaker) -> Response:
        if speaker.participant is None:
            return Response([Reply(Screen(screens.nothing_stored(speaker.t)))])
        return Response([Reply(screens.confirm_erase(speaker.t))])

    async def erase(
        self, session: AsyncSession, speaker: Speaker, confirmed: bool, now: datetime
    ) -> Response:
        participant = speaker.participant
        t = speaker.t
        if participant is None:
            return Response([Reply(Screen(screens.nothing_stored(t)), edit=True)])
        if not confirmed:
            return Response([Reply(Screen(screens.erase_kept(t)), edit=True)])
        await dialogues.remove(session, Owner.of(participant).telegram_id)
        participants.erase_identity(participant, now)
        audit.record(session, now, "participant.erased", participant.id)
        return Response([Reply(Screen(screens.erased(t)), edit=True)])

    def _document(
        self, participant: Participant, own: list[Proposal], now: datetime
    ) -> dict[str, Any]:
        kecamatan = self.reference.kecamatan_by_code(participant.kecamatan_code or "")
        desa = self.reference.desa_by_code(participant.desa_code or "")
        return {
            "exported_at": now.isoformat(),
            "telegram_user_id": participant.telegram_user_id,
            "pseudonym": participant.pseudonym,
            "language": participant.locale,
            "consented_at": participant.consented_at.isoformat(),
            "name": participant.display_name,
            "kecamatan": {
                "code": participant.kecamatan_code,
                "name": kecamatan.name if kecamatan else None,
            },
            "desa": {"code": participant.desa_code, "name": desa.name if desa else None},
            "role": participant.community_role,
            "group": participant.group_name,
            "represents": participant.represents,
            "proposals": [_proposal(p) for p in own],
        }


def _proposal(proposal: Proposal) -> dict[str, Any]:
    where = ("reference", "kecamatan_code", "desa_code")
    fields = (*where, *ANSWER_FIELDS, "latitude", "longitude", "status")
    data: dict[str, Any] = {name: getattr(proposal, name) for name in fields}
    data["photos"] = len(proposal.photos or [])
    data["submitted_at"] = proposal.submitted_at.isoformat()
    data["updated_at"] = proposal.updated_at.isoformat()
    return data
