"""The response indicator: per perangkat daerah, the proposals assigned to it, how many it has
answered and the share; and the regency's share of OPD that answered at least 80 %
(`RESPONSIVE_SHARE`) of theirs. /tanggapan_pd shows it (callback kind "i": ``i:p:<page>``, a
page of the admins' table); every XLSX export has it as a sheet (bot/export/opd_sheet.py).

Admins see every OPD (a table, lowest share first, and a chart); OPD staff their own line;
roles are read at each command and each tap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.opd import chart
from bot.opd.responses import OPEN_STATUSES, RESPONSIVE_SHARE
from bot.opd.screens import indicator as screens
from bot.people import Speaker
from bot.reference import Reference
from bot.roles import StaffOf
from bot.screens import Photo, Reply, Response, Screen
from bot.screens.figures import share
from storage.queries import indicator as queries
from storage.queries.indicator import Counted

# 80: share() rounds down to whole percent, so "at least 80 %" is the same on both sides.
TARGET_PERCENT = round(RESPONSIVE_SHARE * 100)


@dataclass(frozen=True)
class OpdLine:
    key: str  # Agency.key, as stored in Proposal.agency
    code: str  # the singkatan people know ("Dinkes")
    name: str
    assigned: int
    answered: int

    @property
    def share(self) -> int | None:
        return share(self.answered, self.assigned)

    @property
    def waiting(self) -> int:
        return self.assigned - self.answered

    @property
    def responsive(self) -> bool:
        percent = self.share
        return percent is not None and percent >= TARGET_PERCENT


@dataclass(frozen=True)
class Indicator:
    lines: tuple[OpdLine, ...]  # every OPD of the reference data, in its order

    @property
    def measured(self) -> int:
        """OPD with at least one proposal assigned: the only ones a share can be asked of."""
        return sum(1 for line in self.lines if line.assigned)

    @property
    def responsive(self) -> int:
        return sum(1 for line in self.lines if line.responsive)

    @property
    def share(self) -> int | None:
        return share(self.responsive, self.measured)

    @property
    def assigned(self) -> int:
        return sum(line.assigned for line in self.lines)

    @property
    def answered(self) -> int:
        return sum(line.answered for line in self.lines)

    def lowest_first(self) -> list[OpdLine]:
        """Lowest share first; OPD with nothing assigned last (they have no share)."""
        return sorted(
            self.lines,
            key=lambda line: (line.share is None, line.share or 0, -line.assigned, line.code),
        )

    def line(self, key: str) -> OpdLine | None:
        return next((line for line in self.lines if line.key == key), None)


def indicator(reference: Reference, counts: Mapping[str, Counted]) -> Indicator:
    """Every agency of the reference data, also those with nothing assigned; proposals whose
    agency is not known yet belong to no OPD and are not counted."""
    empty = Counted(0, 0)
    return Indicator(
        tuple(
            OpdLine(a.key, a.code, a.name, *_pair(counts.get(a.key, empty)))
            for a in reference.agencies
        )
    )


def _pair(counted: Counted) -> tuple[int, int]:
    return counted.assigned, counted.answered


async def measure(
    session: AsyncSession,
    reference: Reference,
    *,
    kecamatan_code: str | None = None,
    round_id: int | None = None,
) -> Indicator:
    counts = await queries.per_opd(
        session, OPEN_STATUSES, kecamatan_code=kecamatan_code, round_id=round_id
    )
    return indicator(reference, counts)


@dataclass(frozen=True)
class Plan:
    """What /tanggapan_pd answers: a ready reply, or the admins' table and chart to draw
    after the commit (in a worker thread, as /statistik's charts)."""

    ready: Response
    measured: Indicator | None = None
    t: Translator | None = None


class ResponseIndicator:
    def __init__(self, reference: Reference, staff_of: StaffOf) -> None:
        self.reference = reference
        self.staff_of = staff_of

    async def collect(self, session: AsyncSession, speaker: Speaker) -> Plan:
        t = speaker.t
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if staff.is_admin:
            measured = await measure(session, self.reference)
            return Plan(_say(screens.table(t, measured, 0, TARGET_PERCENT)), measured, t)
        if staff.opd is not None:
            counts = await queries.per_opd(session, OPEN_STATUSES)
            line = indicator(self.reference, counts).line(staff.opd)
            if line is not None:
                return Plan(_say(screens.own_line(t, line, TARGET_PERCENT)))
        return Plan(_say(screens.not_allowed(t)))

    async def render(self, plan: Plan) -> Response:
        """The table, then the chart (when some OPD has proposals assigned)."""
        if plan.measured is None or plan.t is None or not plan.measured.measured:
            return plan.ready
        drawn = await asyncio.to_thread(chart.render, plan.measured, plan.t, TARGET_PERCENT)
        photo = Reply(Screen(""), photo=Photo(drawn.png, drawn.title))
        return Response([*plan.ready.replies, photo])

    async def page(self, session: AsyncSession, speaker: Speaker, number: int | None) -> Response:
        """A tap on ◀️ ▶️ of the table: admins only, checked now; the page edited in place."""
        t = speaker.t
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not staff.is_admin:
            return Response(alert=screens.not_allowed(t))
        measured = await measure(session, self.reference)
        if number is None or number >= screens.page_count(measured):
            return Response(alert=screens.stale(t))
        return Response([Reply(screens.table(t, measured, number, TARGET_PERCENT), edit=True)])


def _say(screen: Screen | str) -> Response:
    return Response([Reply(screen if isinstance(screen, Screen) else Screen(screen))])
