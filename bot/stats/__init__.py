"""/statistik and /target: charts of participation for admins (the regency, per kecamatan)
and coordinators (their kecamatan, per desa). The numbers are read in the unit of work; the
charts are drawn afterwards in a worker thread, so the event loop keeps serving others."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dialogue.answers import parse_count
from bot.i18n import Translator
from bot.people import Speaker
from bot.places import kecamatan_places, match_places
from bot.priorities.screens import ranking_button
from bot.priorities.standings import ranking_screen
from bot.reference import Reference
from bot.roles import Staff, StaffOf
from bot.screens import Keyboard, Photo, Reply, Response, Screen
from bot.stats import charts, data, screens
from storage.queries import audit, mandates
from storage.queries import stats as queries

TARGET_MAX = 1_000_000
REGENCY = "-"  # the ranking's button when no kecamatan is chosen yet
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Plan:
    """What to draw (or a ready answer), gathered inside the unit of work."""

    t: Translator
    overview: data.Overview | None = None
    keyboard: Keyboard = field(default_factory=list)
    ready: Response | None = None


class Statistics:
    def __init__(self, reference: Reference, staff_of: StaffOf, clock: Clock) -> None:
        self.reference = reference
        self.staff_of = staff_of
        self.clock = clock

    async def collect(self, session: AsyncSession, speaker: Speaker, wanted: str | None) -> Plan:
        """The numbers for /statistik, of what the sender may see now."""
        t = speaker.t
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not staff.is_staff:
            return Plan(t, ready=_say(screens.not_allowed(t)))
        code = self._kecamatan(wanted) if wanted else self._default(staff)
        if wanted and (code is None or not staff.may_coordinate(code)):
            return Plan(t, ready=_say(screens.unknown_kecamatan(t, wanted)))
        overview = await self.overview(session, t, code)
        mine = sorted(self.reference.kecamatan, key=lambda k: k.name)
        others = [(k.code, k.name) for k in mine if staff.may_coordinate(k.code) and k.code != code]
        return Plan(t, overview, screens.chooser(t, others))

    async def overview(
        self, session: AsyncSession, t: Translator, kecamatan_code: str | None
    ) -> data.Overview:
        return data.overview(
            self.reference,
            t.locale,
            await queries.participants_by_place(session, kecamatan_code),
            await queries.proposals_by_place_and_dimension(session, kecamatan_code),
            await queries.targets(session),
            kecamatan_code,
            unclassified=t("Not classified yet"),
            supports=await queries.supports_total(session, kecamatan_code),
            mandates=await self._mandates(session, kecamatan_code),
        )

    async def _mandates(
        self, session: AsyncSession, kecamatan_code: str | None
    ) -> tuple[int, int, int]:
        found = mandates.total(
            list((await mandates.per_kecamatan(session, kecamatan_code)).values())
        )
        return found.representatives, found.confirmed, found.people_confirmed

    async def render(self, plan: Plan) -> Response:
        if plan.ready is not None or plan.overview is None:
            return plan.ready or Response()
        drawn = await asyncio.to_thread(charts.render, plan.overview, plan.t)
        text = screens.summary(plan.t, plan.overview)
        photos = [Reply(Screen(""), photo=Photo(c.png, c.title)) for c in drawn]
        chooser = [Reply(Screen(screens.pick_kecamatan(plan.t), plan.keyboard))]
        ranked = ranking_button(plan.t, plan.overview.kecamatan_code or REGENCY)
        priorities = Reply(Screen(screens.priorities_intro(plan.t), [[ranked]]))
        return Response(
            [Reply(Screen(text)), *photos, *(chooser if plan.keyboard else []), priorities]
        )

    async def priorities(self, session: AsyncSession, speaker: Speaker, wanted: str) -> Response:
        """The residents' ranking ("A atau B?") of one kecamatan; `wanted` "-": choose one
        (admins, or coordinators of several). Roles read as it runs."""
        t = speaker.t
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not staff.is_staff:
            return Response(alert=screens.not_allowed(t))
        mine = [k for k in self.reference.kecamatan if staff.may_coordinate(k.code)]
        if wanted == REGENCY and len(mine) != 1:
            places = [(k.code, k.name) for k in sorted(mine, key=lambda k: k.name)]
            return Response(
                [
                    Reply(
                        Screen(screens.pick_kecamatan(t), screens.ranking_chooser(places)),
                        edit=True,
                    )
                ]
            )
        code = mine[0].code if wanted == REGENCY and mine else wanted
        if not staff.may_coordinate(code) or self.reference.kecamatan_by_code(code) is None:
            return Response(alert=screens.unknown_kecamatan(t, code))
        screen = await ranking_screen(session, self.reference, t, code, self.clock())
        return Response([Reply(screen)])

    async def set_target(
        self, session: AsyncSession, speaker: Speaker, words: list[str]
    ) -> Response:
        """/target [kecamatan number]: admins only, checked as it runs."""
        t, now = speaker.t, self.clock()
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not staff.is_admin:
            return _say(screens.admins_only(t))
        if not words:
            return await self._targets(session, t)
        count = parse_count(words[-1]) if len(words) > 1 else None
        code = self._kecamatan(" ".join(words[:-1])) if len(words) > 1 else None
        kecamatan = self.reference.kecamatan_by_code(code) if code else None
        if count is None or kecamatan is None or count > TARGET_MAX:
            return _say(screens.target_usage(t))
        if count == 0:
            await queries.remove_target(session, kecamatan.code)
            text = screens.target_removed(t, kecamatan.name)
        else:
            previous = await queries.set_target(
                session, kecamatan.code, count, staff.telegram_id, now
            )
            text = screens.target_set(t, kecamatan.name, count, previous)
        details = {"participants": count, "by": staff.telegram_id}
        audit.record(session, now, "target.set", None, kecamatan.code, **details)
        return _say(text)

    async def _targets(self, session: AsyncSession, t: Translator) -> Response:
        now = await queries.participants_by_place(session)
        goals = await queries.targets(session)
        lines = [(k.name, goals.get(k.code), now.get(k.code, 0)) for k in self.reference.kecamatan]
        return Response([Reply(screens.targets(t, lines))])

    def _kecamatan(self, text: str) -> str | None:
        if self.reference.kecamatan_by_code(text.strip()) is not None:
            return text.strip()
        found = match_places(text, kecamatan_places(self.reference)).place
        return found.code if found is not None else None

    def _default(self, staff: Staff) -> str | None:
        """Admins see the regency; a coordinator their (first) kecamatan."""
        if staff.is_admin or not staff.kecamatan:
            return None
        return min(staff.kecamatan)


def _say(text: str) -> Response:
    return Response([Reply(Screen(text))])
