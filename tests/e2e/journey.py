"""Drive Rembug the way a resident does: tap labelled buttons, type answers, read replies.

Labels and expected texts come from the bot's own catalogs through `bot.i18n.translator`,
exactly as the bot renders them, so the same helpers work in English and in Indonesian,
before and after the Indonesian catalog is translated.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any, Unpack

from bot.i18n import Translator, translator
from emulator import BotApiEmulator, Message, Reaction, SimUser, WaitOptions, parse_html

REFERENCE = re.compile(r"^[A-Z]{3}-\d{4}$")
PRIVATE_SCOPE = {"type": "all_private_chats"}
NEXT_PAGE = "▶️"
REGISTRATION_STEPS = 6
PROPOSAL_STEPS = 12
SETTLE = 0.02  # replies to one update follow each other within milliseconds
WAIT = 10.0


def plain(html_text: str) -> str:
    """What a user reads for a piece of Telegram HTML."""
    return parse_html(html_text).text


@dataclass
class Resident:
    """A simulated user plus the translator of the language the bot speaks to them."""

    user: SimUser
    t: Translator

    # --- what the bot says ---------------------------------------------------------------

    def says(self, msgid: str, **params: object) -> str:
        """The plain text the bot shows for `msgid` in this resident's language."""
        return plain(self.t(msgid, **params))

    def step(self, number: int, total: int = PROPOSAL_STEPS) -> str:
        return self.says("<i>Step {number} of {total}</i>", number=number, total=total)

    def last(self) -> Message:
        return self.user.last_bot_message()

    def buttons(self) -> list[str]:
        """The labels of the newest bot message that still has buttons."""
        with_buttons = [m for m in self.user.bot_messages() if m.buttons]
        if not with_buttons:
            return []
        return max(with_buttons, key=lambda m: m.message_id).button_texts()

    # --- what the resident does ----------------------------------------------------------

    async def send(self, text: str, **wait: Unpack[WaitOptions]) -> Reaction:
        return await self._whole(self.user.send(text, **wait))

    async def formatted(self, source: str) -> Reaction:
        """Send text formatted in the Telegram app, written as Telegram HTML."""
        return await self._whole(self.user.send_formatted(source))

    async def location(self, latitude: float, longitude: float) -> Reaction:
        return await self._whole(self.user.send_location(latitude, longitude))

    async def photo(self) -> Reaction:
        return await self._whole(self.user.send_photo())

    async def sticker(self) -> Reaction:
        return await self._whole(self.user.send_sticker())

    async def voice(self) -> Reaction:
        return await self._whole(self.user.send_voice())

    async def tap(self, msgid: str, **wait: Unpack[WaitOptions]) -> Reaction:
        """Tap the button whose label is `msgid` translated into the resident's language."""
        return await self._answered(self.user.press(self.t(msgid), **wait))

    async def press(self, label: str, **wait: Unpack[WaitOptions]) -> Reaction:
        """Tap a button by its literal label (place names, agency names, …)."""
        return await self._answered(self.user.press(label, **wait))

    async def until(self, reaction: Reaction, fragment: str) -> Reaction:
        """Wait for the rest of a reply of several messages, until `fragment` shows
        in a text or as a button label."""
        while fragment not in texts(reaction) and not any(
            fragment in m.button_texts() for m in [*reaction.messages, *reaction.edits]
        ):
            reaction.events.append(await self.user.wait_event(WAIT))
        return reaction

    async def _whole(self, action: Awaitable[Reaction]) -> Reaction:
        """A sent message is never answered by edits alone: an edit is the old question losing
        its buttons (in parallel with the reply, so in either order), and the new question
        follows. Wait for it even when the emulator settled before."""
        reaction = await action
        while reaction.events and not reaction.messages:
            reaction.events.append(await self.user.wait_event(WAIT))
        return reaction

    async def greeted(self, start: str = "/start") -> Reaction:
        """Send /start (or another command) to someone who has not agreed yet: the welcome,
        then the privacy notice with its buttons."""
        return await self.until(await self.send(start), self.t("✅ I agree"))

    async def _answered(self, action: Awaitable[Reaction]) -> Reaction:
        """The bot answers a tap first, then changes the screen; a plain answer (no popup)
        with nothing shown yet means the screen is still on its way."""
        reaction = await action
        answer = reaction.callback_answer
        if answer is not None and not answer.text and not (reaction.messages or reaction.edits):
            reaction.events.append(await self.user.wait_event(WAIT))
        return reaction

    async def pick(self, label: str) -> Reaction:
        """Tap `label` in the newest message, paging forward with ▶️ until it shows."""
        for _ in range(10):
            if label in self.buttons():
                return await self.press(label)
            assert NEXT_PAGE in self.buttons(), f"no {label!r} on any page: {self.buttons()}"
            paged = await self.press(NEXT_PAGE)
            assert paged.edits, "paging should change the question in place"
        raise AssertionError(f"{label!r} not found after 10 pages")


def resident(
    emulator: BotApiEmulator, user_id: int, locale: str = "en", first_name: str = "Sari"
) -> Resident:
    return Resident(emulator.user(user_id, first_name, language_code=locale), translator(locale))


def fast_replies(emulator: BotApiEmulator) -> None:
    """A short settle for tests that drive the bot only through Resident (whose send waits
    for a moved question, and `until` for the rest of a reply of several messages)."""
    emulator.settle = SETTLE


def texts(reaction: Reaction) -> str:
    """Everything the bot showed in reply, new messages and edits, one per line."""
    shown = [*reaction.messages, *reaction.edits]
    return "\n".join(m.text or m.caption or "" for m in shown)


def assert_polite_and_unchanged(reaction: Reaction, expected: str) -> None:
    """One short explanation, no new question, no buttons taken away."""
    assert reaction.text == expected, reaction.text
    assert len(reaction.messages) == 1
    assert not reaction.edits and not reaction.deletions


# --- onboarding ------------------------------------------------------------------------


async def agree(r: Resident, start: str = "/start") -> Reaction:
    """/start, then ✅ I agree: returns the reaction showing the first registration question."""
    await r.greeted(start)
    agreed = await r.until(await r.tap("✅ I agree"), r.says("What name should we call you?"))
    assert r.says("Thank you! First, a few short questions about you.") in texts(agreed)
    assert r.says("What name should we call you?") in agreed.text
    return agreed


@dataclass(frozen=True)
class Profile:
    name: str = "Sari"
    kecamatan: str = "Setu"
    desa: str | None = None  # None: the first desa button
    role: str = "Resident"  # msgid
    group: str | None = None  # None: Skip
    represents: str | None = "40"  # None: Skip


async def register(r: Resident, profile: Profile | None = None) -> Reaction:
    """From a first /start to the main menu after registration."""
    p = profile or Profile()
    await agree(r)
    at_kecamatan = await r.send(p.name)
    assert r.step(2, REGISTRATION_STEPS) in at_kecamatan.text
    at_desa = await r.pick(p.kecamatan)
    assert p.kecamatan in at_desa.text, at_desa.text
    await r.pick(p.desa or r.buttons()[0])
    at_group = await r.tap(p.role)
    assert r.step(5, REGISTRATION_STEPS) in at_group.text
    if p.group is None:
        await r.tap("Skip ⏭")
    else:
        await r.send(p.group)
    if p.represents is None:
        done = await r.tap("Skip ⏭")
    else:
        done = await r.send(p.represents)
    assert r.t("📝 Send a proposal") in r.buttons(), done.text
    return done


# --- proposals -------------------------------------------------------------------------


@dataclass(frozen=True)
class Idea:
    """A proposal's answers. Choice labels are msgids, or data names in the user's language."""

    dimension: str = "Smart Environment"
    sub_element: str = "Waste Management"
    problem: str = "Rubbish piles up by the river near the market every week."
    causes: str = "There is no collection point and the truck comes only once a month."
    solution: str = "Put a temporary waste depot at the market and collect twice a week."
    urgency: str = "Very urgent"  # msgid
    time_to_result: str = "Within 3 months"  # msgid
    needs: tuple[str, ...] = ("Budget", "Partnership")  # msgids
    agency: str = "Dinas Lingkungan Hidup"  # on the third page of OPD
    beneficiaries: str = "300 families in RW 03"
    location: tuple[float, float] | None = (-6.3456, 107.0421)
    photos: int = 1


INDONESIAN_IDEA = Idea(
    dimension="Lingkungan Cerdas",
    sub_element="Tata Kelola Sampah dan Limbah",
    problem="Sampah menumpuk di pinggir kali dekat pasar setiap minggu.",
    causes="Tidak ada tempat pembuangan sementara dan truk datang sebulan sekali.",
    solution="Sediakan depo sampah sementara di pasar dan angkut dua kali seminggu.",
    beneficiaries="300 keluarga di RW 03",
)


async def propose(r: Resident, idea: Idea | None = None) -> Reaction:
    """/usul and every step up to the review; returns the reaction showing the review."""
    i = idea or Idea()
    at = await r.send("/usul")
    assert r.step(1) in at.text, at.text
    at = await r.press(i.dimension)
    assert r.step(2) in at.text and i.dimension in at.text
    at = await r.press(i.sub_element)
    assert r.step(3) in at.text
    at = await r.send(i.problem)
    assert r.step(4) in at.text
    at = await r.send(i.causes)
    assert r.step(5) in at.text
    at = await r.send(i.solution)
    assert r.step(6) in at.text
    at = await r.tap(i.urgency)
    assert r.step(7) in at.text
    at = await r.tap(i.time_to_result)
    assert r.step(8) in at.text
    for need in i.needs:
        toggled = await r.press("▫️ " + r.t(need))
        assert "✅ " + r.t(need) in toggled.edits[-1].button_texts()
    at = await r.tap("Next ➡️")
    assert r.step(9) in at.text
    at = await r.pick(i.agency)
    assert r.step(10) in at.text
    at = await r.send(i.beneficiaries)
    assert r.step(11) in at.text
    if i.location is None:
        at = await r.tap("Skip ⏭")
    else:
        at = await r.location(*i.location)
    assert r.step(12) in at.text
    if i.photos == 0:
        return await r.tap("Skip ⏭")
    for count in range(1, i.photos + 1):
        at = await r.photo()
        if count < 3:
            assert r.t.n("{count} photo received.", "{count} photos received.", count) in at.text
    return at if i.photos >= 3 else await r.tap("Done ➡️")


async def submit(r: Resident, idea: Idea | None = None) -> str:
    """A whole proposal from /usul to ✅ Send proposal; returns its reference."""
    await propose(r, idea)
    sent = await r.tap("✅ Send proposal")
    return reference_in(sent.text)


def reference_in(text: str) -> str:
    found = re.search(r"\b[A-Z]{3}-\d{4}\b", text)
    assert found is not None, f"no reference in {text!r}"
    return found.group(0)


# --- data rights -----------------------------------------------------------------------


@dataclass
class Export:
    caption: str
    data: dict[str, Any] = field(default_factory=dict)


async def my_data(r: Resident) -> Export | str:
    """/datasaya: the exported JSON document, or the text the bot answered instead."""
    reaction = await r.send("/datasaya")
    documents = [m for m in reaction.messages if m.document is not None]
    if not documents:
        return reaction.text
    document = documents[-1].document
    assert document is not None
    assert document.filename.endswith(".json")
    return Export(documents[-1].caption or "", json.loads(document.data))
