"""The participant's rights under UU 27/2022: a copy of everything stored about them, and
erasure of every copy of who they are."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import confirmations
from bot.confirmations import Confirm
from bot.participants.screens import profile as screens
from bot.people import Speaker
from bot.reference import Reference
from bot.screens import Document, Reply, Response, Screen
from bot.screens.confirmations import expired
from storage.models import AuditEntry, Broadcast, Delivery, Dialogue, Participant, Proposal
from storage.queries import audit, comparisons, erasure, personal_data, supports
from storage.queries.comparisons import Answered
from storage.queries.personal_data import PersonalData
from storage.queries.proposals import ANSWER_FIELDS
from storage.queries.supports import Supporter

FILENAME = "rembug-data-saya.json"


class DataRights:
    def __init__(self, reference: Reference) -> None:
        self.reference = reference

    async def export(self, session: AsyncSession, speaker: Speaker, now: datetime) -> Response:
        participant = speaker.participant
        t = speaker.t
        if not await _stores_anything(session, speaker):
            return Response([Reply(Screen(screens.nothing_stored(t)))])
        who = speaker.person.telegram_id
        # Recorded first, so that the file also shows this copy being made.
        if participant is not None:
            audit.record(session, now, "participant.data_exported", participant.id)
        else:  # staff who never took part: named by their id, as for their other actions
            audit.record(session, now, "participant.data_exported", None, by=who)
        data = await personal_data.about(session, who, participant)
        given = await supports.of_participant(session, participant.id) if participant else []
        answered = await comparisons.of_participant(session, participant.id) if participant else []
        document_data = self.document(data, now, given, answered)
        content = json.dumps(document_data, ensure_ascii=False, indent=2).encode()
        summary = _summary(data, sum(a.outcome != "skip" for a in answered))
        document = Document(FILENAME, content, screens.my_data_summary(t, summary))
        return Response([Reply(Screen(""), document=document)])

    async def ask_erase(self, session: AsyncSession, speaker: Speaker, now: datetime) -> Response:
        if not await _stores_anything(session, speaker):
            return Response([Reply(Screen(screens.nothing_stored(speaker.t)))])
        who = speaker.person.telegram_id
        nonce = await confirmations.offer(session, who, Confirm.ERASE, "", now)
        return Response([Reply(screens.confirm_erase(speaker.t, nonce))])

    async def erase(
        self, session: AsyncSession, speaker: Speaker, confirmed: bool, nonce: str, now: datetime
    ) -> Response:
        participant = speaker.participant
        t = speaker.t
        # Yes or no count once, on the newest confirmation: an old "Yes" after a "No" erased.
        who = speaker.person.telegram_id
        if not await confirmations.take(session, who, Confirm.ERASE, "", nonce, now):
            return Response(alert=expired(t))
        if not await _stores_anything(session, speaker):
            return Response([Reply(Screen(screens.nothing_stored(t)), edit=True)])
        if not confirmed:
            return Response([Reply(Screen(screens.erase_kept(t)), edit=True)])
        erased = await erasure.erase_person(session, speaker.person.telegram_id, now)
        audit.record(session, now, "participant.erased", participant.id if participant else None)
        text = screens.erased(t, erased.proposals_kept, erased.staff_roles_ended > 0)
        return Response([Reply(Screen(text), edit=True)])

    def document(
        self,
        data: PersonalData,
        now: datetime,
        given: Sequence[Supporter] = (),
        answered: Sequence[Answered] = (),
    ) -> dict[str, Any]:
        """The JSON file: every row about the person, in words where the database has codes;
        `given`: the proposals they supported instead of repeating them; `answered`: their
        "A atau B?" answers."""
        own_id = data.telegram_id
        profile = data.participant
        return {
            "exported_at": now.isoformat(),
            **(self._profile(profile) if profile else {"telegram_user_id": own_id}),
            "proposals": [_proposal(p, data) for p in data.proposals],
            "supports_given": [
                {"proposal": s.reference, "comment": s.comment, "at": _when(s.created_at)}
                for s in given
            ],
            "pairs_compared": [_answered(a) for a in answered],
            "unfinished_proposal": _draft(data.draft),
            "broadcasts_received": [_received(d, b) for d, b in data.received],
            "activity_log": [_activity(e, own_id) for e in data.activity],
            # "Do these results represent your kecamatan?": yes, partly or no, and a sentence.
            "results_feedback": [
                {
                    "round_id": f.round_id,
                    "kecamatan": f.kecamatan_code,
                    "answer": f.answer,
                    "sentence": f.comment,
                    "at": _when(f.answered_at),
                }
                for f in data.feedback
            ],
            "staff": _staff(data),
        }

    def _profile(self, participant: Participant) -> dict[str, Any]:
        kecamatan = self.reference.kecamatan_by_code(participant.kecamatan_code or "")
        desa = self.reference.desa_by_code(participant.desa_code or "")
        return {
            "telegram_user_id": participant.telegram_user_id,
            "pseudonym": participant.pseudonym,
            "language": participant.locale,
            "consented_at": _when(participant.consented_at),
            "registered_at": _when(participant.registered_at),
            "name": participant.display_name,
            "kecamatan": {
                "code": participant.kecamatan_code,
                "name": kecamatan.name if kecamatan else None,
            },
            "desa": {"code": participant.desa_code, "name": desa.name if desa else None},
            "role": participant.community_role,
            "group": participant.group_name,
            "represents": participant.represents,
            "represents_unit": participant.represents_unit,  # "people" or "households"
            # May OPD staff see the name and group? null: not asked yet, which counts as no.
            "name_visible_to_opd": participant.name_visible,
            "mandate": _mandate(participant),
            "broadcasts": {
                "receives_them": participant.subscribed,  # /berhenti and /langganan
                "blocked_the_bot_at": _when(participant.blocked_at),
                "last_reminded_at": _when(participant.last_reminded_at),
            },
        }


async def _stores_anything(session: AsyncSession, speaker: Speaker) -> bool:
    """A participant, or staff who never took part but whose id is in the database."""
    if speaker.participant is not None:
        return True
    return await erasure.anything_about(session, speaker.person.telegram_id)


def _mandate(participant: Participant) -> dict[str, Any] | None:
    """A coordinator's word on whether this representative speaks for their group."""
    if participant.mandate is None:
        return None
    return {"decision": participant.mandate, "at": _when(participant.mandate_at)}


def _when(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _proposal(proposal: Proposal, data: PersonalData) -> dict[str, Any]:
    where = ("reference", "round_id", "kecamatan_code", "desa_code")
    fields = (*where, *ANSWER_FIELDS, "location_text", "latitude", "longitude", "photos", "status")
    found: dict[str, Any] = {name: getattr(proposal, name) for name in fields}
    found["status_reason"] = proposal.status_reason
    found["merged_into"] = data.references.get(proposal.merged_into_id or 0)
    found["submitted_at"] = _when(proposal.submitted_at)
    found["updated_at"] = _when(proposal.updated_at)
    found["withdrawn_at"] = _when(proposal.withdrawn_at)
    found["hidden_at"] = _when(proposal.hidden_at)
    found["hidden_reason"] = proposal.hidden_reason
    found["status_history"] = [
        {
            "status": change.status,
            "reason": change.reason,
            "merged_into": data.references.get(change.merged_into_id or 0),
            "changed_at": _when(change.changed_at),
            "you_were_told_at": _when(change.notified_at),
        }
        for change in data.history.get(proposal.id, [])
    ]
    return found


def _draft(dialogue: Dialogue | None) -> dict[str, Any] | None:
    if dialogue is None:
        return None
    return {
        "dialogue": dialogue.flow,
        "step": dialogue.step,
        "answers": dialogue.answers,
        "updated_at": _when(dialogue.updated_at),
    }


def _received(delivery: Delivery, broadcast: Broadcast) -> dict[str, Any]:
    return {
        "kind": broadcast.kind,
        "text": broadcast.text,
        "status": delivery.status,
        "at": _when(delivery.updated_at),
    }


def _activity(entry: AuditEntry, own_id: int | None) -> dict[str, Any]:
    return {
        "at": _when(entry.at),
        "action": entry.action,
        "subject": entry.subject,
        "details": _without_others(entry.details, own_id),
    }


def _without_others(details: dict[str, Any], own_id: int | None) -> dict[str, Any]:
    """Who else acted (an admin's Telegram id, a server login) is their data, not this
    person's: it shows as "staff"."""
    by = details.get("by")
    if by is None or by == own_id:
        return details
    return {**details, "by": "staff"}


def _staff(data: PersonalData) -> dict[str, Any] | None:
    if not (data.staff_roles or data.invitations or data.written):
        return None
    return {
        "roles": [
            {
                "role": r.role,
                "kecamatan_code": r.kecamatan_code,
                "granted_at": _when(r.granted_at),
                "revoked_at": _when(r.revoked_at),
            }
            for r in data.staff_roles
        ],
        "invitations": [
            {"kecamatan_code": i.kecamatan_code, "used_at": _when(i.used_at)}
            for i in data.invitations
        ],
        "broadcasts_written": [
            {"kind": b.kind, "text": b.text, "created_at": _when(b.created_at)}
            for b in data.written
        ],
    }


def _answered(answer: Answered) -> dict[str, Any]:
    """first/second: the pair in stored order; outcome: which one was more important ("tie":
    equally, "skip": skipped); counted: false for a skip or a pair with one's own proposal."""
    return {
        "round_id": answer.round_id,
        "first": answer.first,
        "second": answer.second,
        "outcome": answer.outcome,
        "counted": answer.counted,
        "at": _when(answer.created_at),
    }


def _summary(data: PersonalData, compared: int = 0) -> screens.MyData:
    participant = data.participant
    return screens.MyData(
        participant=participant is not None,
        registered_at=participant.registered_at if participant else None,
        proposals=len(data.proposals),
        status_changes=sum(len(changes) for changes in data.history.values()),
        unfinished=data.draft is not None,
        received=len(data.received),
        subscribed=participant.subscribed if participant else False,
        photos=sum(len(p.photos or []) for p in data.proposals),
        staff_roles=len(data.staff_roles),
        activity=len(data.activity),
        compared=compared,
    )
