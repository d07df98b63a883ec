"""/siaran: compose a broadcast with a guided dialogue, check it, preview it, send or schedule.

A finished dialogue becomes a *draft* Broadcast (no Delivery rows yet). The author sees the
preview, the count and any problem; "Send"/"Schedule" re-checks everything and hands it to
the worker, which writes the rows when it is due.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import confirmations, telegram_html
from bot.broadcast import screens
from bot.broadcast.script import BROADCAST, REGENCY
from bot.confirmations import Confirm
from bot.dialogue.model import OptionContext
from bot.dialogue.runner import Dialogues, Owner, Turn
from bot.i18n import Translator
from bot.moments import parse_when
from bot.people import Speaker
from bot.reference import Reference
from bot.roles import Staff, StaffOf
from bot.screens import Reply, Response, Screen, esc
from bot.screens.confirmations import expired
from storage.models import Broadcast
from storage.queries import audit
from storage.queries import broadcast as queries

Clock = Callable[[], datetime]


@dataclass(eq=False)
class Composer:
    reference: Reference
    dialogues: Dialogues
    staff_of: StaffOf
    clock: Clock
    tz: tzinfo
    wake: Callable[[], None]

    async def begin(self, session: AsyncSession, speaker: Speaker) -> Response:
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not staff.uses_kecamatan_tools:
            return Response([Reply(Screen(screens.not_allowed(speaker.t)))])
        allowed = [REGENCY] if staff.is_admin else sorted(staff.kecamatan)
        preset: dict[str, Any] = {"allowed": allowed}
        if len(allowed) == 1 and allowed[0] != REGENCY:
            preset["kecamatan"] = allowed[0]
        owner = Owner(speaker.person.telegram_id, speaker.t.locale)
        return await self.dialogues.begin(session, owner, BROADCAST, self.clock(), preset)

    async def finished(
        self, session: AsyncSession, speaker: Speaker, turn: Turn, now: datetime
    ) -> Response:
        """The dialogue's finisher: save the draft, then show preview and summary."""
        answers = dict(turn.state.answers)
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not _may_reach(staff, answers.get("kecamatan")):
            return Response([Reply(Screen(screens.not_allowed(turn.t)), edit=turn.from_button)])
        draft = await self._draft(session, speaker, answers, now)
        retire = None if turn.from_button else turn.row.question_message_id
        return await self._show(session, speaker, draft, turn.t, turn.from_button, retire)

    async def abandoned(self, session: AsyncSession, speaker: Speaker, turn: Turn) -> Response:
        """Back out of changing one answer: the draft stays as it was."""
        draft = await self._own_draft(session, speaker, turn.state.answers.get("draft"))
        if draft is None:
            return Response([Reply(Screen(screens.gone(turn.t)), edit=turn.from_button)])
        return await self._show(session, speaker, draft, turn.t, turn.from_button, None)

    async def change(
        self, session: AsyncSession, speaker: Speaker, draft_id: int, step: str
    ) -> Response:
        draft = await self._own_draft(session, speaker, draft_id)
        if draft is None or not BROADCAST.has_step(step):
            return Response(alert=screens.gone(speaker.t))
        answers = {**draft.audience["form"], "draft": draft.id}
        owner = Owner(speaker.person.telegram_id, speaker.t.locale)
        now = self.clock()
        # The summary on screen no longer shows what would be sent: a new one will.
        await confirmations.expire(session, owner.telegram_id, Confirm.BROADCAST, now)
        return await self.dialogues.begin_edit(session, owner, BROADCAST, step, answers, now)

    async def discard(
        self, session: AsyncSession, speaker: Speaker, draft_id: int, nonce: str
    ) -> Response:
        draft = await self._own_draft(session, speaker, draft_id)
        if draft is None:
            return Response(alert=screens.gone(speaker.t))
        if not await self._confirmed(session, speaker, draft, nonce):
            return Response(alert=expired(speaker.t))
        draft.status = "discarded"
        return Response([Reply(screens.discarded(speaker.t), edit=True)])

    async def go(
        self,
        session: AsyncSession,
        speaker: Speaker,
        draft_id: int,
        chat_id: int,
        message_id: int,
        nonce: str,
    ) -> Response:
        t, now = speaker.t, self.clock()
        draft = await self._own_draft(session, speaker, draft_id)
        if draft is None:
            return Response(alert=screens.gone(t))
        staff = await self.staff_of(session, speaker.person.telegram_id)
        if not _may_reach(staff, draft.kecamatan_code or REGENCY):
            return Response(alert=screens.not_allowed(t))
        if not await self._confirmed(session, speaker, draft, nonce):
            return Response(alert=expired(t))
        when, problems = self._problems(draft.audience["form"], t, now)
        if problems:
            return await self._show(session, speaker, draft, t, True, None)
        draft.status, draft.scheduled_at = "scheduled", when or now
        draft.progress_chat_id, draft.progress_message_id = chat_id, message_id
        audit.record(session, now, "broadcast.queued", None, str(draft.id), by=staff.telegram_id)
        self.wake()
        screen = screens.scheduled(t, draft, when) if when else screens.queued(t, draft)
        return Response([Reply(screen, edit=True)])

    async def _confirmed(
        self, session: AsyncSession, speaker: Speaker, draft: Broadcast, nonce: str
    ) -> bool:
        """Send and Discard count on the newest summary of the draft only, once."""
        author, now = speaker.person.telegram_id, self.clock()
        kind = Confirm.BROADCAST
        return await confirmations.take(session, author, kind, str(draft.id), nonce, now)

    async def _draft(
        self, session: AsyncSession, speaker: Speaker, answers: dict[str, Any], now: datetime
    ) -> Broadcast:
        draft = await self._own_draft(session, speaker, answers.pop("draft", None))
        place = answers.get("kecamatan")
        return await queries.save_draft(
            session,
            draft,
            speaker.person.telegram_id,
            now,
            kecamatan_code=None if place == REGENCY else str(place),
            text=str(answers.get("message", "")),
            with_propose_button=answers.get("button") == "yes",
            audience={
                "mode": answers.get("audience"),
                "desa": list(answers.get("desa") or []),
                "roles": list(answers.get("roles") or []),
                "locale": speaker.t.locale,
                "form": answers,
            },
        )

    async def _own_draft(
        self, session: AsyncSession, speaker: Speaker, draft_id: object
    ) -> Broadcast | None:
        if not isinstance(draft_id, int):
            return None
        draft = await queries.get(session, draft_id)
        author = speaker.person.telegram_id
        if draft is None or draft.status != "draft" or draft.author_telegram_id != author:
            return None
        return draft

    async def _show(
        self,
        session: AsyncSession,
        speaker: Speaker,
        draft: Broadcast,
        t: Translator,
        edit: bool,
        retire: int | None,
    ) -> Response:
        now = self.clock()
        when, problems = self._problems(draft.audience["form"], t, now)
        count = await queries.count_audience(session, draft.kecamatan_code, draft.audience, now)
        if not count:
            problems.append(t("Nobody matches these recipients yet."))
        author, kind = speaker.person.telegram_id, Confirm.BROADCAST
        nonce = await confirmations.offer(session, author, kind, str(draft.id), now)
        summary = screens.Summary(
            draft.id,
            nonce,
            self._place(draft, t),
            self._audience(draft, t),
            count,
            when,
            draft.with_propose_button,
            problems,
        )
        replies = [Reply(Screen(screens.preview_intro(t)), edit=edit)]
        if telegram_html.check(draft.text).problem is None:
            replies.append(Reply(screens.message(draft, t)))
        replies.append(Reply(screens.summary(t, summary)))
        return Response(replies, retire=retire)

    def _problems(
        self, form: dict[str, Any], t: Translator, now: datetime
    ) -> tuple[datetime | None, list[str]]:
        problems = []
        checked = telegram_html.check(str(form.get("message", "")))
        if checked.problem is not None:
            problems.append(markup_problem(t, checked))
        if form.get("timing") != "later":
            return None, problems
        typed = str(form.get("when", ""))
        when = parse_when(typed, now, self.tz)
        if when is None:
            problems.append(
                t(
                    "I couldn't read the time “{text}”. Type it like <i>28/11 08.00</i> or "
                    "<i>besok 08:00</i> (WIB): tap <b>Time</b>.",
                    text=_plain(typed),
                )
            )
        elif when <= now:
            problems.append(t("{when} has already passed: tap <b>Time</b>.", when=t.datetime(when)))
        return when, problems

    def _place(self, draft: Broadcast, t: Translator) -> str:
        if draft.kecamatan_code is None:
            return t("Whole Kabupaten Bekasi")
        found = self.reference.kecamatan_by_code(draft.kecamatan_code)
        return t("Kecamatan {name}", name=found.name if found else draft.kecamatan_code)

    def _audience(self, draft: Broadcast, t: Translator) -> str:
        form = draft.audience["form"]
        ctx = OptionContext(form, self.reference, t)
        labels = {}
        for step_id in ("audience", "desa", "roles"):
            options = BROADCAST.step(step_id).options
            labels.update({o.key: o.label for o in (options(ctx) if options else [])})
        chosen = [labels.get(k, k) for k in [*draft.audience["desa"], *draft.audience["roles"]]]
        main = labels.get(str(draft.audience["mode"]), "")
        return f"{main}: {', '.join(chosen)}" if chosen else main


def _may_reach(staff: Staff, place: object) -> bool:
    if place == REGENCY:
        return staff.is_admin
    return isinstance(place, str) and staff.may_coordinate(place)


def _plain(text: str) -> str:
    return esc(text[:40])


def markup_problem(t: Translator, checked: telegram_html.Checked) -> str:
    problem, detail = checked.problem, checked.detail
    if problem == "too_long":
        return t(
            "The message is too long: {length} characters, Telegram allows 4,096. "
            "Shorten it: tap <b>Message</b>.",
            length=t.number(int(detail)),
        )
    if problem == "unknown_tag":
        return t(
            "Telegram does not know the tag &lt;{tag}&gt;. Use b, i, u, s, a, code or "
            "blockquote: tap <b>Message</b>.",
            tag=detail,
        )
    if problem in ("unclosed_tag", "unexpected_end"):
        return t(
            "The tag &lt;{tag}&gt; is not opened and closed properly: tap <b>Message</b>.",
            tag=detail,
        )
    if problem == "empty":
        return t("The message has no visible text: tap <b>Message</b>.")
    return t(
        "The message has a stray &lt;, &gt; or &amp;. Write them as &amp;lt; &amp;gt; "
        "&amp;amp;, or fix the tag: tap <b>Message</b>."
    )
