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
# "Step n of N": N depends on the answers (a representative is asked more; a confirmed topic
# answers the perangkat daerah too), so tests check "Step n of" unless they give N.
REGISTRATION_STEPS = None
PROPOSAL_STEPS = None
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

    def step(self, number: int, total: int | None = None) -> str:
        """ "Step 3 of 10"; without `total`, the "Step 3 of " that starts it."""
        if total is not None:
            return self.says("<i>Step {number} of {total}</i>", number=number, total=total)
        return self.says("<i>Step {number} of {total}</i>", number=number, total="§").split("§")[0]

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
        # A tapped answer stays as a short echo ("✓ Very urgent"); the next question follows.
        while reaction.edits and not reaction.messages and _only_echoes(reaction):
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


def _only_echoes(reaction: Reaction) -> bool:
    return all((m.text or "").startswith("✓") and not m.buttons for m in reaction.edits)


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


def plain_texts(reaction: Reaction) -> str:
    """`texts`, as a user reads them (the shown text is already plain; this is for clarity)."""
    return texts(reaction)


def assert_polite_and_unchanged(reaction: Reaction, expected: str) -> None:
    """One short explanation, no new question, no buttons taken away; an earlier explanation
    may go (the new one replaces it), never a question."""
    assert reaction.text == expected, reaction.text
    assert len(reaction.messages) == 1
    assert not reaction.edits
    assert all(not m.buttons for m in reaction.deletions), reaction.deletions


# --- onboarding ------------------------------------------------------------------------


AGREE_NAMED = "✅ I agree, and OPD may see my name"


async def agree(r: Resident, start: str = "/start", named: bool = False) -> Reaction:
    """/start, then ✅ I agree (`named`: the button that also lets OPD staff see the name):
    returns the reaction showing the first registration question."""
    await r.greeted(start)
    button = AGREE_NAMED if named else "✅ I agree"
    agreed = await r.until(await r.tap(button), r.says("What name should we call you?"))
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
    name_visible: bool = False  # naming consent, chosen with the consent (OPD may see the name)


async def register(r: Resident, profile: Profile | None = None, menu: bool = True) -> Reaction:
    """From a first /start through registration. A first visit runs on into the proposal;
    with `menu`, the resident then leaves it (✖️ Cancel) for the main menu."""
    p = profile or Profile()
    await agree(r, named=p.name_visible)
    at_kecamatan = await r.send(p.name)
    assert r.step(2) in at_kecamatan.text
    at_desa = await r.pick(p.kecamatan)
    assert p.kecamatan in at_desa.text, at_desa.text
    await r.pick(p.desa or r.buttons()[0])
    done = await r.tap(p.role)
    if p.role != "Resident":
        assert r.step(5) in done.text
        done = await r.tap("Skip ⏭") if p.group is None else await r.send(p.group)
        done = await r.tap("Skip ⏭") if p.represents is None else await r.send(p.represents)
    done = await r.until(done, r.says(PROBLEM_PROMPT))
    assert r.says(
        "✅ Registered: {name} · {desa}, Kec. {kecamatan} · {role}. Now, your proposal:",
        name=p.name,
        desa="§",
        kecamatan="§",
        role="§",
    ).split("§")[0] in texts(done)
    if not menu:
        return done
    left = await r.tap("✖️ Cancel")
    assert r.t("📝 Send a proposal") in r.buttons(), left.text
    return left


NAMING_NO = "No, only my reference and desa"
NAMING_YES = "Yes, they may see my name"


# --- proposals -------------------------------------------------------------------------


PROBLEM_PROMPT = (
    "What is the <b>problem</b> in your area? Tell us in your own words, "
    "e.g. <i>the drain on our street is blocked and floods when it rains</i>."
)


@dataclass(frozen=True)
class Idea:
    """A proposal's answers. Choice labels are msgids, or data names in the user's language.

    `topic`: the plain label of the element (msgid), confirmed when the bot suggests it and
    picked by hand (group, then element) otherwise; None: "🤷 Not sure"."""

    problem: str = "Sampah numpuk di pinggir kali dekat pasar tiap minggu, baunya sampai ke rumah."
    topic: str | None = "Rubbish and waste"
    dimension: str = "Smart Environment"  # the official name, as /usulanku lists it
    group: str = "Rubbish, flooding, clean water, energy"  # the topic's group, if picked by hand
    agency: str = "Dinas Lingkungan Hidup"  # asked when the topic was not confirmed
    causes: str = "There is no collection point and the truck comes only once a month."
    solution: str = "Put a temporary waste depot at the market and collect twice a week."
    urgency: str = "Very urgent"  # msgid
    time_to_result: str = "Within 3 months"  # msgid
    need: str | None = "Budget"  # msgid; None: Skip
    beneficiaries: str | None = "300 families in RW 03"  # None: Skip
    place: str | None = "Jl. Raya Pasar Setu, behind the fish stalls"
    location: tuple[float, float] | None = (-6.3456, 107.0421)
    photos: int = 1


INDONESIAN_IDEA = Idea(
    dimension="Lingkungan Cerdas",
    causes="Tidak ada tempat pembuangan sementara dan truk datang sebulan sekali.",
    solution="Sediakan depo sampah sementara di pasar dan angkut dua kali seminggu.",
    beneficiaries="300 keluarga di RW 03",
    place="Jl. Raya Pasar Setu, belakang lapak ikan",
)


async def choose_topic(r: Resident, i: Idea, at: Reaction) -> Reaction:
    """The topic question: confirm the suggestion, pick by hand, or not sure; then the
    perangkat daerah when the confirmation did not answer it."""
    if i.topic is None:
        at = await r.tap("🤷 Not sure")
    elif r.t(i.topic) in at.text and r.t("✅ Yes, that's right") in r.buttons():
        return await r.tap("✅ Yes, that's right")
    else:
        if r.t("📋 Another topic") in r.buttons():
            await r.tap("📋 Another topic")
        await r.tap(i.group)
        at = await r.tap(i.topic)
    assert (
        r.says(
            "Which <b>perangkat daerah</b> should handle it? Our suggestions come first; "
            "tap one, type its name, or tap <i>Don't know</i>."
        )
        in at.text
    ), at.text
    return await r.pick(i.agency)


async def propose(r: Resident, idea: Idea | None = None, command: bool = True) -> Reaction:
    """/usul (unless the problem is already asked) and every step up to the review; returns
    the reaction showing the review."""
    i = idea or Idea()
    if command:
        at = await r.send("/usul")
        assert r.step(1) in at.text, at.text
    at = await r.send(i.problem)
    assert not command or r.step(2) in at.text, at.text
    at = await choose_topic(r, i, at)
    if r.t("✍️ Mine is different") in r.buttons():  # similar proposals of the kecamatan
        at = await r.tap("✍️ Mine is different")
    at = await r.send(i.causes)
    at = await r.send(i.solution)
    at = await r.tap(i.urgency)
    at = await r.tap(i.time_to_result)
    at = await (r.tap("Skip ⏭") if i.need is None else r.tap(i.need))
    at = await (r.tap("Skip ⏭") if i.beneficiaries is None else r.send(i.beneficiaries))
    if not (i.place or i.location or i.photos):
        return await r.tap("Skip ⏭")
    if i.place:
        at = await r.send(i.place)
    if i.location:
        at = await r.location(*i.location)
    for _ in range(i.photos):
        at = await r.photo()
    if i.place and i.location and i.photos >= 3:
        return at
    return await r.tap("Next ➡️")


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
