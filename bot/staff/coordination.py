"""The coordinator's tools: the menu, participant links with a QR poster, progress (/rekap).

Roles are read afresh for every update and checked here, for commands and buttons alike:
callback data names a kecamatan, but only the roles held now decide whether it may be seen.

Callback layout (kind "k"):
  k:menu                     the coordinator menu
  k:pk:<purpose>:<page>      kecamatan picker; purpose inv | lnk | rk
  k:inv:<kecamatan code>     admin: create a coordinator invitation
  k:lnk:<kecamatan code>     participant link and QR code
  k:rk:<kecamatan code>:<p>  progress of a kecamatan, page p
  k:rr[:<p>]                 progress of the whole regency, page p of its table (admins)
  k:cl:<page>                coordinators (admins)
  k:rv:<role id>             ask to remove a coordinator (admins)
  k:ry:<role id>:<nonce> / k:rn:<role id>:<nonce>   yes / no (bot/confirmations.py)
  k:xi:<token>               cancel an unused coordinator invitation (admins)
  k:po:<page>                admin: which perangkat daerah (OPD) to invite staff for
  k:io:<agency key>          admin: create an OPD staff invitation
  k:ol:<page>                OPD staff (admins)
  k:ov:<role id>             ask to remove an OPD staff member (admins)
  k:oy:<role id>:<nonce> / k:on:<role id>:<nonce>   yes / no
  k:xo:<token>               cancel an unused OPD staff invitation (admins)

OPD staff who coordinate nothing have no business here: their desk is elsewhere (/meja).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot import callbacks as cb
from bot.dialogue.answers import Problem
from bot.dialogue.problems import explain
from bot.i18n import Translator, locale_for, translator
from bot.people import Person, Speaker
from bot.reference import Reference, kecamatan_payload
from bot.roles import Role, Staff, StaffOf
from bot.screens import Document, Reply, Response, Screen
from bot.screens.menu import command_descriptions, help_screen
from bot.staff import rekap as progress
from bot.staff.appointments import Appointments, Changed, deep_link
from bot.staff.qr import poster_png
from bot.staff.screens import appointments as appointment_screens
from bot.staff.screens import coordination as screens
from bot.staff.screens import rekap as progress_screens
from storage.queries import classification, participants

# k:<action> of the staff lists → (whose list, what it does), from appointment_screens.ACTIONS.
STAFF_LIST_VERBS = {
    getattr(actions, verb): (role, verb)
    for role, actions in appointment_screens.ACTIONS.items()
    for verb in ("page", "ask", "yes", "no", "cancel")
}


class Coordination:
    def __init__(
        self, reference: Reference, staff_of: StaffOf, clock: Callable[[], datetime]
    ) -> None:
        self.reference = reference
        self.staff = staff_of
        self.clock = clock
        self.appointments = Appointments(reference, clock)

    def _name(self, code: str) -> str:
        found = self.reference.kecamatan_by_code(code)
        return found.name if found else code

    def _choices(self, staff: Staff) -> list[tuple[str, str]]:
        return [(k.code, k.name) for k in self.reference.kecamatan if staff.may_coordinate(k.code)]

    # --- commands --------------------------------------------------------------------------

    async def menu(self, session: AsyncSession, speaker: Speaker, edit: bool = False) -> Response:
        t = speaker.t
        staff = await self.staff(session, speaker.person.telegram_id)
        if not staff.is_staff:
            return _refuse(screens.not_staff(t), edit)
        names = [self._name(code) for code in sorted(staff.kecamatan)]
        scope = None if staff.is_admin else staff.kecamatan
        waiting = await classification.count_unclassified(session, scope)
        return Response([Reply(screens.menu(t, staff, names, waiting), edit=edit)])

    async def progress(self, session: AsyncSession, speaker: Speaker) -> Response:
        staff = await self.staff(session, speaker.person.telegram_id)
        if staff.is_admin:
            return await self._regency(session, speaker, staff, edit=False)
        return await self._pick(session, speaker, staff, "rk", 0, edit=False)

    async def invite_coordinator(self, session: AsyncSession, speaker: Speaker) -> Response:
        staff = await self.staff(session, speaker.person.telegram_id)
        if not staff.is_admin:
            return _refuse(screens.admins_only(speaker.t), False)
        return await self._pick(session, speaker, staff, "inv", 0, edit=False)

    async def coordinators(self, session: AsyncSession, speaker: Speaker) -> Response:
        staff = await self.staff(session, speaker.person.telegram_id)
        return await self.appointments.listing(
            session, speaker, staff, Role.COORDINATOR, 0, edit=False
        )

    async def invite_opd(self, session: AsyncSession, speaker: Speaker) -> Response:
        """/undang_opd: choose the perangkat daerah, then a one-time link and its QR code."""
        staff = await self.staff(session, speaker.person.telegram_id)
        return self.appointments.opd_picker(speaker, staff, 0, edit=False)

    async def opd_staff(self, session: AsyncSession, speaker: Speaker) -> Response:
        """/opd_list: OPD staff and their unused invitations (admins)."""
        staff = await self.staff(session, speaker.person.telegram_id)
        return await self.appointments.listing(session, speaker, staff, Role.OPD, 0, edit=False)

    async def accept_invitation(
        self, session: AsyncSession, speaker: Speaker, payload: str
    ) -> Changed:
        staff = await self.staff(session, speaker.person.telegram_id)
        return await self.appointments.accept(session, speaker, staff, payload)

    async def help(self, session: AsyncSession, speaker: Speaker) -> Response:
        """/bantuan: the participant's help, and the staff commands for staff."""
        staff = await self.staff(session, speaker.person.telegram_id)
        # Each part a message of its own: joined, they overflow a phone screen (600 characters).
        sections = screens.staff_help(speaker.t, staff)
        return Response([Reply(help_screen(speaker.t)), *(Reply(Screen(s)) for s in sections)])

    async def command_menu(self, session: AsyncSession, person: Person) -> list[tuple[str, str]]:
        """The commands a staff member's own menu lists; empty for everyone else."""
        staff = await self.staff(session, person.telegram_id)
        if not staff.has_staff_menu:
            return []
        held = await participants.by_telegram_id(session, person.telegram_id)
        t = translator(held.locale if held else locale_for(person.language_code))
        return [*command_descriptions(t), *screens.staff_commands(t, staff)]

    # --- buttons ---------------------------------------------------------------------------

    async def button(
        self, session: AsyncSession, speaker: Speaker, tap: cb.Callback, bot_username: str
    ) -> Changed:
        staff = await self.staff(session, speaker.person.telegram_id)
        t = speaker.t
        if not staff.is_staff:
            return Changed(Response(alert=screens.not_staff(t)))
        action, args, number = tap.action, tap.args, tap.number(-1)
        a = self.appointments
        listed = await self._staff_list(session, speaker, staff, tap)
        if listed is not None:
            return listed
        if action == "menu" and not args:
            response = await self.menu(session, speaker, edit=True)
        elif (
            action == "pk"
            and len(args) == 2
            and args[0] in screens.PICKER_PROMPTS
            and number is not None
        ):
            response = await self._pick(
                session, speaker, staff, args[0], number, edit=True, bot_username=bot_username
            )
        elif action == "inv" and len(args) == 1:
            response = await a.invite(
                session, speaker, staff, Role.COORDINATOR, args[0], bot_username
            )
        elif action == "po" and len(args) == 1 and number is not None:
            response = a.opd_picker(speaker, staff, number, edit=True)
        elif action == "io" and len(args) == 1:
            response = await a.invite(session, speaker, staff, Role.OPD, args[0], bot_username)
        elif action == "lnk" and len(args) == 1:
            response = self._participant_link(speaker, staff, args[0], bot_username)
        elif action == "rk" and len(args) == 2 and number is not None:
            response = await self._kecamatan(session, speaker, staff, args[0], number, edit=True)
        elif action == "rr" and (not args or (len(args) == 1 and number is not None)):
            page = number if args and number is not None else 0
            response = await self._regency(session, speaker, staff, edit=True, page=page)
        else:
            response = Response(alert=_stale(t))
        return Changed(response)

    async def _staff_list(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, tap: cb.Callback
    ) -> Changed | None:
        """A button of the coordinators' or the OPD staff's list; None for any other."""
        found = STAFF_LIST_VERBS.get(tap.action)
        if found is None:
            return None
        role, verb = found
        a, args, number = self.appointments, tap.args, tap.number(0)
        if verb in ("yes", "no") and len(args) in (1, 2) and number is not None:
            # Without its nonce (forged, or from before nonces) a "yes" has expired.
            nonce = args[1] if len(args) == 2 else ""
            return await a.decide(session, speaker, staff, (role, number), nonce, verb == "yes")
        if verb == "cancel" and len(args) == 1:
            return Changed(await a.cancel_invitation(session, speaker, staff, role, args[0]))
        if len(args) != 1 or number is None:
            return None
        if verb == "page":
            return Changed(await a.listing(session, speaker, staff, role, number, edit=True))
        if verb == "ask":
            return Changed(await a.ask_revoke(session, speaker, staff, role, number))
        return None

    async def _pick(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        purpose: str,
        page: int,
        edit: bool,
        bot_username: str = "",
    ) -> Response:
        t = speaker.t
        if not staff.is_staff:
            return _refuse(screens.not_staff(t), edit)
        if purpose == "inv" and not staff.is_admin:
            return _refuse(screens.admins_only(t), edit)
        choices = self._choices(staff)
        if len(choices) == 1 and purpose != "inv":
            code = choices[0][0]
            if purpose == "lnk":
                return self._participant_link(speaker, staff, code, bot_username)
            return await self._kecamatan(session, speaker, staff, code, 0, edit)
        return Response([Reply(screens.kecamatan_picker(t, purpose, choices, page), edit=edit)])

    def _participant_link(
        self, speaker: Speaker, staff: Staff, code: str, bot_username: str
    ) -> Response:
        t = speaker.t
        kecamatan = self.reference.kecamatan_by_code(code)
        if kecamatan is None or not staff.may_coordinate(code):
            return Response(alert=screens.not_your_kecamatan(t))
        url = deep_link(bot_username, kecamatan_payload(code))
        filename = f"rembug-qr-{kecamatan.name.lower().replace(' ', '-')}.png"
        document = Document(filename, poster_png(url), screens.qr_caption(t, kecamatan.name))
        return Response(
            [
                Reply(screens.participant_link(t, kecamatan.name, url)),
                Reply(Screen(""), document=document),
            ]
        )

    async def _kecamatan(
        self,
        session: AsyncSession,
        speaker: Speaker,
        staff: Staff,
        code: str,
        page: int,
        edit: bool,
    ) -> Response:
        t = speaker.t
        kecamatan = self.reference.kecamatan_by_code(code)
        if kecamatan is None or not staff.may_coordinate(code):
            return _refuse(screens.not_your_kecamatan(t), edit)
        counts = await progress.read_counts(session, code, self.clock())
        built = progress.build_kecamatan(kecamatan, progress.dimension_keys(self.reference), counts)
        page = min(max(page, 0), progress_screens.pages(built) - 1)
        others = [] if staff.is_admin else [c for c in self._choices(staff) if c[0] != code]
        codes = [k.code for k in self.reference.kecamatan]
        screen = progress_screens.kecamatan_progress(
            t,
            built,
            self.reference.dimensions,
            page,
            counts.round_name,
            others,
            staff.is_admin,
            progress_screens.regency_page_with(codes, code),
        )
        return Response([Reply(screen, edit=edit)])

    async def _regency(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, edit: bool, page: int = 0
    ) -> Response:
        t = speaker.t
        if not staff.is_admin:
            return _refuse(screens.admins_only(t), edit)
        counts = await progress.read_counts(session, None, self.clock())
        built = progress.build_regency(self.reference, counts)
        page = min(max(page, 0), progress_screens.regency_pages(len(built.kecamatan)) - 1)
        screen = progress_screens.regency_progress(t, built, counts.round_name, page)
        return Response([Reply(screen, edit=edit)])


def _refuse(text: str, from_button: bool) -> Response:
    return Response(alert=text) if from_button else Response([Reply(Screen(text))])


def _stale(t: Translator) -> str:
    return explain(Problem("stale"), None, t)
