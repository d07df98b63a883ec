"""Staff classify a proposal: its dimension and element (residents may send one as "not
sure"), and its perangkat daerah when it is not known. Admins for every kecamatan,
coordinators for their own; the role and the kecamatan are checked at the moment each tap
runs, never taken from the button. Every change goes to the audit log with the old and the
new values; a tap that changes nothing (a double tap) records nothing.

Callback layout (kind "y"):
  y:l:<page>                        the list of unclassified proposals
  y:v:<id>                          a proposal's classification card, with suggestions
  y:d:<id>                          choose the dimension (plain words)
  y:e:<id>:<dimension>              choose the element of that dimension
  y:c:<id>:<dimension>:<element>    classify as
  y:a:<id>:<page>                   choose the perangkat daerah
  y:A:<id>:<agency key | unknown>   set it
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import callbacks as cb
from bot.dialogue.answers import Problem
from bot.dialogue.problems import explain
from bot.people import Speaker
from bot.proposals.classifier import Suggestions, classify
from bot.proposals.screens import classification as screens
from bot.proposals.topics import UNKNOWN_AGENCY
from bot.reference import Agency, Reference
from bot.roles import Staff, StaffOf
from bot.screens import Reply, Response, Screen
from storage.models import Proposal
from storage.queries import audit, proposals
from storage.queries import classification as queries


def place_of(reference: Reference, proposal: Proposal) -> str:
    """ "Desa X, Kecamatan Y" as staff read it on a card."""
    kecamatan = reference.kecamatan_by_code(proposal.kecamatan_code)
    desa = reference.desa_by_code(proposal.desa_code)
    names = [place.name for place in (desa, kecamatan) if place is not None]
    return ", ".join(names) or proposal.kecamatan_code


class Classification:
    def __init__(
        self,
        reference: Reference,
        staff_of: StaffOf,
        clock: Callable[[], datetime],
        classifier: Callable[[str], Suggestions] = classify,
    ) -> None:
        self.reference = reference
        self.staff_of = staff_of
        self.clock = clock
        self.classifier = classifier

    # --- what the handlers call ------------------------------------------------------------

    async def listing(
        self, session: AsyncSession, speaker: Speaker, page: int = 0, edit: bool = False
    ) -> Response:
        """/klasifikasi, and the list button: the unclassified proposals this person may see."""
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not staff.uses_kecamatan_tools:
            return _refuse(screens.not_allowed(speaker.t), edit)
        codes = _scope(staff)
        total = await queries.count_unclassified(session, codes)
        page = min(max(page, 0), screens.pages(total) - 1)
        found = await queries.unclassified(
            session, codes, page * screens.PER_PAGE, screens.PER_PAGE
        )
        items = [(p.id, p.reference, p.problem) for p in found]
        return Response([Reply(screens.listing(speaker.t, items, total, page), edit=edit)])

    async def waiting(self, session: AsyncSession, staff: Staff) -> int:
        """How many unclassified proposals this staff member may classify (for menus)."""
        return await queries.count_unclassified(session, _scope(staff))

    async def button(self, session: AsyncSession, speaker: Speaker, tap: cb.Callback) -> Response:
        action, args = tap.action, tap.args
        if action == "l" and len(args) == 1 and tap.number(0) is not None:
            return await self.listing(session, speaker, tap.number(0) or 0, edit=True)
        proposal_id = tap.number(0) if args else None
        if proposal_id is None or action not in _ARITY or len(args) != _ARITY[action]:
            return Response(alert=explain(Problem("stale"), None, speaker.t))
        staff = await self.staff_of(session, speaker.person.telegram_id)
        proposal = await proposals.get(session, proposal_id)
        if (
            proposal is None
            or not staff.uses_kecamatan_tools
            or not staff.may_coordinate(proposal.kecamatan_code)
        ):
            return Response(alert=screens.not_allowed(speaker.t))
        if action == "v":
            return self._card(speaker, proposal)
        if action == "d":
            screen = screens.dimension_picker(
                speaker.t, self.reference, proposal.id, proposal.reference
            )
            return _edit(screen)
        if action == "e":
            return self._elements(speaker, proposal, args[1])
        if action == "c":
            return self._classify(session, speaker, staff, proposal, args[1], args[2])
        if action == "a":
            return self._agencies(speaker, proposal, tap.number(1))
        return self._set_agency(session, speaker, staff, proposal, args[1])

    # --- screens ---------------------------------------------------------------------------

    def _card(self, speaker: Speaker, proposal: Proposal, done: str | None = None) -> Response:
        found = self.classifier(proposal.problem)
        view = screens.ClassifyView(
            proposal.id,
            proposal.reference,
            place_of(self.reference, proposal),
            proposal.problem,
            proposal.dimension,
            proposal.sub_element,
            self.reference.agency(proposal.agency),
            tuple((e.dimension, e.element) for e in found.elements[: screens.SUGGESTED + 1]),
        )
        return _edit(screens.card(speaker.t, self.reference, view, done))

    def _elements(self, speaker: Speaker, proposal: Proposal, dimension: str) -> Response:
        if self.reference.dimension(dimension) is None:
            return Response(alert=explain(Problem("stale"), None, speaker.t))
        screen = screens.element_picker(
            speaker.t, self.reference, proposal.id, proposal.reference, dimension
        )
        return _edit(screen)

    def _agencies(self, speaker: Speaker, proposal: Proposal, page: int | None) -> Response:
        found = self.classifier(proposal.problem)
        suggested = [
            a for s in found.agencies[: screens.SUGGESTED] if (a := self.reference.agency(s.key))
        ]
        ordered = [*suggested, *(a for a in self.reference.agencies if a not in suggested)]
        count = screens.agency_pages(len(ordered))
        page = min(max(page or 0, 0), count - 1)
        current = self.reference.agency(proposal.agency)
        screen = screens.agency_picker(
            speaker.t, proposal.id, proposal.reference, current, ordered, len(suggested), page
        )
        return _edit(screen)

    # --- changes ---------------------------------------------------------------------------

    def _classify(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        proposal: Proposal,
        dimension: str,
        element: str,
    ) -> Response:
        t = speaker.t
        found = self.reference.dimension(dimension)
        if found is None or found.sub_element(element) is None:
            return Response(alert=explain(Problem("stale"), None, t))
        old = {"dimension": proposal.dimension, "element": proposal.sub_element}
        new = {"dimension": dimension, "element": element}
        if old == new:
            return Response(alert=screens.already_classified(t, proposal.reference))
        now = self.clock()
        proposal.dimension, proposal.sub_element, proposal.updated_at = dimension, element, now
        audit.record(
            session,
            now,
            "proposal.classified",
            None,
            proposal.reference,
            by=staff.telegram_id,
            old=old,
            new=new,
        )
        done = screens.classified(t, self.reference, dimension, element)
        return self._card(speaker, proposal, done)

    def _set_agency(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, proposal: Proposal, key: str
    ) -> Response:
        t = speaker.t
        agency: Agency | None = None
        if key != UNKNOWN_AGENCY:
            agency = self.reference.agency(key)
            if agency is None:
                return Response(alert=explain(Problem("stale"), None, t))
        value = agency.key if agency else UNKNOWN_AGENCY
        if self.reference.agency(proposal.agency) == agency:
            return Response(alert=screens.already_agency(t, proposal.reference))
        now = self.clock()
        old, proposal.agency, proposal.updated_at = proposal.agency, value, now
        audit.record(
            session,
            now,
            "proposal.agency_set",
            None,
            proposal.reference,
            by=staff.telegram_id,
            old=old,
            new=value,
        )
        return self._card(speaker, proposal, screens.agency_set(t, agency))


# How many fields after the action each proposal action takes (the id first).
_ARITY = {"v": 1, "d": 1, "e": 2, "c": 3, "a": 2, "A": 2}


def _scope(staff: Staff) -> frozenset[str] | None:
    """The kecamatan whose proposals this person may classify; None: all (an admin)."""
    return None if staff.is_admin else staff.kecamatan


def _edit(screen: Screen) -> Response:
    return Response([Reply(screen, edit=True)])


def _refuse(text: str, from_button: bool) -> Response:
    return Response(alert=text) if from_button else Response([Reply(Screen(text))])
