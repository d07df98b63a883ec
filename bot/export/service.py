"""/ekspor in the bot: who may export what, the options card, and building the file.

Admins export anything. Coordinators export their own kecamatan only, pseudonymous and
without hidden proposals: names are for the regency's admins (UU 27/2022, data minimum).
OPD staff export the proposals assigned to their perangkat daerah only (the scope comes from
their role, read as the tap runs), without hidden ones; with names only of the participants
who let OPD staff see them (bot/participants/naming.py). Someone who is both a coordinator
and OPD staff exports as a coordinator.
Withdrawn proposals are left out unless asked for: the SKPD should not weigh them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import utc_now
from bot.export import screens
from bot.export.audit_log import audit_to_file
from bot.export.build import Progress, export_to_file, off_loop
from bot.export.commands import AUDIT_ACTION, AUDIT_LOG_ACTION
from bot.export.files import fit_upload
from bot.export.options import Options, Tap
from bot.export.photos import FileSource, pack, photos_of
from bot.export.rows import WIB
from bot.i18n import Translator
from bot.people import Speaker
from bot.reference import Reference
from bot.roles import Staff, StaffOf
from bot.screens import Reply, Response, Screen
from storage.queries import audit
from storage.queries import export as queries

UPLOAD_LIMIT = 50 * 1000 * 1000  # Bot API sendDocument limit


@dataclass
class Job:
    """One export being built for one person; `audit_log` jobs export the audit log."""

    owner: int
    t: Translator
    options: Options
    audit_log: bool = False
    count: int = 0
    folder: Path | None = None  # made when the build starts, removed by finish()


@dataclass(frozen=True)
class Outcome:
    path: Path | None  # None: too big to send
    rows: int
    size: int
    zipped: bool = False
    photos: int = 0  # with photos: how many are in the ZIP
    missing: int = 0  # with photos: how many could not be fetched


class Exports:
    def __init__(
        self,
        reference: Reference,
        database_url: str,
        staff_of: StaffOf,
        upload_limit: int = UPLOAD_LIMIT,
        clock: Callable[[], dt.datetime] = utc_now,
        files: FileSource | None = None,
    ) -> None:
        self.reference = reference
        self.database_url = database_url
        self.staff_of = staff_of
        self.upload_limit = upload_limit
        self.clock = clock
        self.files = files  # None: no Bot API to fetch photos from (the command line)
        self.running: set[int] = set()

    async def menu(self, session: AsyncSession, speaker: Speaker) -> Response:
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not (staff.is_staff or staff.is_opd):
            return Response([Reply(Screen(screens.not_allowed(speaker.t)))])
        return Response([Reply(await self._card(session, speaker.t, staff, Options()))])

    async def press(
        self, session: AsyncSession, speaker: Speaker, parsed: Tap | None
    ) -> tuple[Response, Job | None]:
        """A tap on the card (None: data that is no card's); roles are read now, as it runs."""
        t = speaker.t
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not (staff.is_staff or staff.is_opd):
            return Response(alert=screens.not_allowed(t)), None
        if parsed is None or not self._valid(parsed[1]):
            return Response(alert=screens.stale(t)), None
        action, options = parsed[0], _scoped(staff, parsed[1])
        if not _permitted(staff, options) or (action == "a" and not staff.is_admin):
            return Response(alert=screens.not_allowed(t)), None
        if action == "k":
            return Response([Reply(self._picker(t, staff, options), edit=True)]), None
        if action == "o":
            return Response([Reply(await self._card(session, t, staff, options), edit=True)]), None
        return await self._start(session, speaker, staff, options, audit_log=action == "a")

    def _valid(self, options: Options) -> bool:
        code = options.kecamatan
        return code is None or self.reference.kecamatan_by_code(code) is not None

    async def _card(self, session: AsyncSession, t: Translator, staff: Staff, o: Options) -> Screen:
        o = _within(staff, o)
        rounds = await queries.rounds(session)
        round_ids = [r for r, _ in rounds]

        def encode(action: str, **changes: object) -> str:
            return (o.changed(round_ids, **changes) if changes else o).encode(action)

        names = dict(rounds)
        kecamatan = self.reference.kecamatan_by_code(o.kecamatan or "")
        agency = self.reference.agency(o.agency) if o.agency else None
        return screens.options_card(
            t,
            encode,
            fmt=o.format.value,
            round_label=names.get(o.round_id or 0) or t("All rounds"),
            kecamatan_label=kecamatan.name if kecamatan else t("All kecamatan"),
            identity=o.identity,
            hidden=o.hidden,
            withdrawn=o.withdrawn,
            photos=o.with_photos,
            count=await queries.count(session, o.request().scope),
            is_admin=staff.is_admin,
            agency_label=agency.name if agency else None,
        )

    def _picker(self, t: Translator, staff: Staff, o: Options) -> Screen:
        opd = _opd_scope(staff) is not None  # within their OPD's proposals, any kecamatan
        choices = [
            (k.code, k.name)
            for k in self.reference.kecamatan
            if opd or staff.may_coordinate(k.code)
        ]

        def encode(action: str, **changes: object) -> str:
            return o.changed([], **changes).encode(action)

        return screens.kecamatan_picker(t, encode, choices, staff.is_admin or opd)

    async def _start(
        self, session: AsyncSession, speaker: Speaker, staff: Staff, o: Options, audit_log: bool
    ) -> tuple[Response, Job | None]:
        t, owner = speaker.t, staff.telegram_id
        if owner in self.running:
            return Response(alert=screens.busy(t)), None
        count = 0 if audit_log else await queries.count(session, o.request().scope)
        if not audit_log and count == 0:
            return Response(alert=screens.nothing(t)), None
        actor = speaker.participant.id if speaker.participant else None
        now = self.clock()
        if audit_log:
            audit.record(session, now, AUDIT_LOG_ACTION, actor, "csv", via="bot", by=owner)
        else:
            details = _details(o, owner, count)
            audit.record(session, now, AUDIT_ACTION, actor, o.format.value, **details)
        return Response(), Job(owner, t, o, audit_log, count)

    def hold(self, job: Job) -> None:
        """The owner's one export slot, taken once the tap has committed; finish() frees it.

        (Updates of one person are handled one at a time, so nothing can take the slot
        between press() seeing it free and this.)"""
        self.running.add(job.owner)

    async def build(self, job: Job, progress: Progress, photos: Progress) -> Outcome:
        """Builds the file off the event loop; fits it to the upload limit. `progress` hears
        of the proposals written, `photos` of the photos fetched."""
        job.folder = Path(tempfile.mkdtemp(prefix="rembug-export-"))
        path = job.folder / self.filename(job)
        if job.audit_log:
            rows = await off_loop(audit_to_file(self.database_url, path))
        else:
            now = self.clock()
            request = job.options.request()
            work = export_to_file(self.database_url, self.reference, request, path, now, progress)
            rows = (await off_loop(work)).rows
            if job.options.with_photos and self.files is not None:
                return await self._with_photos(job, path, rows, photos)
        fitted, zipped = await fit_upload(path, self.upload_limit)
        size = (fitted or path).stat().st_size
        return Outcome(fitted, rows, size, zipped)

    async def _with_photos(self, job: Job, xlsx: Path, rows: int, progress: Progress) -> Outcome:
        wanted = await off_loop(photos_of(self.database_url, job.options.request().scope))
        assert self.files is not None
        packed = await pack(xlsx, wanted, self.files, self.upload_limit, progress)
        return Outcome(packed.path, rows, packed.size, False, packed.photos, packed.missing)

    def finish(self, job: Job) -> None:
        self.running.discard(job.owner)
        if job.folder is not None:
            shutil.rmtree(job.folder, ignore_errors=True)

    def filename(self, job: Job) -> str:
        stamp = self.clock().astimezone(WIB).strftime("%Y%m%d-%H%M")
        if job.audit_log:
            return f"rembug-audit-{stamp}.csv"
        o = job.options
        parts = ["rembug-usulan", stamp]
        kecamatan = self.reference.kecamatan_by_code(o.kecamatan or "")
        if kecamatan is not None:
            parts.append(kecamatan.abbreviation.lower())
        if o.agency:
            parts.append("pd-" + o.agency.lower())
        if o.round_id:
            parts.append(f"putaran{o.round_id}")
        if o.identity:
            parts.append("identitas")
        return "-".join(parts) + "." + o.format.value


def _details(o: Options, owner: int, count: int) -> dict[str, object]:
    return {
        "via": "bot",
        "by": owner,
        "identity": o.identity,
        "round_id": o.round_id,
        "kecamatan": o.kecamatan,
        "hidden": o.hidden,
        "withdrawn": o.withdrawn,
        "agency": o.agency,
        "photos": o.with_photos,
        "rows": count,
    }


def _opd_scope(staff: Staff) -> str | None:
    """The perangkat daerah whose proposals alone this person may export (None: not OPD-only)."""
    return staff.opd if not staff.is_admin and not staff.is_coordinator else None


def _scoped(staff: Staff, o: Options) -> Options:
    """The options with the agency the server allows, whatever the button said."""
    return replace(o, agency=_opd_scope(staff))


def _permitted(staff: Staff, o: Options) -> bool:
    if staff.is_admin:
        return True
    if o.agency is not None:  # OPD staff: names follow each participant's consent
        return not o.hidden
    return not o.identity and not o.hidden and o.kecamatan in staff.kecamatan


def _within(staff: Staff, o: Options) -> Options:
    """A coordinator's card starts on their own kecamatan; an OPD member's holds their OPD's."""
    o = _scoped(staff, o)
    if staff.is_admin or o.kecamatan in staff.kecamatan:
        return o
    if o.agency is not None:
        return replace(o, hidden=False)
    return replace(o, kecamatan=min(staff.kecamatan), identity=False, hidden=False)
