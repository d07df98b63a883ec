"""/batal, /bantuan, /bahasa, /start mid-dialogue, and the published command lists."""

from __future__ import annotations

import pytest

from bot.app import RembugApp
from bot.i18n import translator
from emulator import BotApiEmulator

from .journey import (
    PRIVATE_SCOPE,
    PROBLEM_PROMPT,
    Idea,
    Profile,
    agree,
    plain,
    register,
    resident,
)

pytestmark = pytest.mark.usefixtures("fast_settle")


COMMANDS = ["start", "usul", "usulanku", "profil", "bahasa", "bantuan", "batal", "datasaya"]
COMMANDS += ["hapusdata"]
DESCRIPTIONS = [
    "Start or restart",
    "Send a proposal",
    "My proposals and their status",
    "See or change my profile",
    "Change language",
    "Help",
    "Stop the current question",
    "Download my data",
    "Erase my personal data",
]


async def test_cancel_leaves_the_dialogue(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 7001)
    nothing = await r.send("/batal")
    assert nothing.text == "There is nothing to stop right now."

    await register(r)
    await r.send("/usul")
    await r.send(Idea().problem)  # the topic question, with its buttons
    question = r.user.bot_messages()[-1]
    assert question.buttons
    cancelled = await r.send("/batal")
    assert cancelled.text == "Stopped. Proposals you already sent are safe."
    assert r.t("📝 Send a proposal") in cancelled.messages[-1].button_texts()
    assert not question.buttons  # the abandoned question's buttons are gone

    later = await r.send("The village office opens only two days a week.")
    assert later.text == "What would you like to do?"
    assert r.t("📋 My proposals") in r.buttons()

    # ✖️ Cancel on a question does the same, in place.
    await r.send("/usul")
    stopped = await r.tap("✖️ Cancel")
    assert stopped.edits and stopped.text == "Stopped. Proposals you already sent are safe."


async def test_start_mid_dialogue_resumes_it(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 7002)
    await agree(r)
    await r.send("Sari")
    resumed = await r.until(await r.send("/start"), r.step(2))
    assert resumed.messages[0].text == "Let's continue where you left off."
    assert r.step(2) in resumed.text
    help_screen = await r.send("/bantuan")
    assert "Rembug — help" in help_screen.text
    assert "Kecamatan: Setu" not in help_screen.text
    desa = await r.send("Setu")  # the question is still the kecamatan
    assert "Kecamatan Setu" in desa.text


async def test_help_lists_the_commands(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 7003)
    shown = await r.send("/bantuan")
    lines = shown.text.splitlines()
    assert lines[0] == "Rembug — help"
    for command, description in zip(COMMANDS, DESCRIPTIONS, strict=True):
        assert f"/{command} — {description}" in lines
    assert (await r.send("/help")).text == shown.text


async def test_language_switch_changes_the_next_texts(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    english, indonesian = translator("en"), translator("id")
    r = resident(emulator, 7004, "id")
    await register(r, Profile(role="Resident"))
    help_id = (await r.send("/bantuan")).text

    menu = await r.send("/bahasa")
    assert menu.text == plain(indonesian("Choose your language:"))
    assert r.buttons() == ["🇮🇩 Bahasa Indonesia", "🇬🇧 English"]
    switched = await r.press("🇬🇧 English")
    assert switched.text == "Done — I will speak English from now on."
    help_en = (await r.send("/bantuan")).text
    assert help_en.startswith("Rembug — help")
    assert "/usul — Send a proposal" in help_en
    proposal = await r.send("/usul")
    assert "Step 1 of " in proposal.text
    assert plain(english(PROBLEM_PROMPT)) in proposal.text
    topic = await r.send(Idea().problem)
    assert english("Rubbish and waste") in topic.text
    assert english("✅ Yes, that's right") in r.buttons()
    await r.send("/batal")

    await r.send("/bahasa")
    back = await r.press("🇮🇩 Bahasa Indonesia")
    assert back.text == plain(indonesian("Done — I will speak English from now on."))
    assert (await r.send("/bantuan")).text == help_id
    proposal = await r.send("/usul")
    step_one = plain(indonesian("<i>Step {number} of {total}</i>", number=1, total="§"))
    assert step_one.split("§")[0] in proposal.text
    assert plain(indonesian(PROBLEM_PROMPT)) in proposal.text
    topic = await r.send(Idea().problem)
    assert indonesian("Rubbish and waste") in topic.text
    assert indonesian("✅ Yes, that's right") in r.buttons()
    assert english("✖️ Cancel") in r.buttons() or indonesian("✖️ Cancel") in r.buttons()


async def test_commands_are_published_in_both_languages(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    # `rembug run` (run_polling) calls post_init; the `bot` fixture starts the application
    # by hand, so do what run_polling does.
    assert bot.post_init is not None
    await bot.post_init(bot)
    for locale in ("en", "id"):
        t = translator(locale)
        published = dict(emulator.commands(locale, PRIVATE_SCOPE))
        for command, description in zip(COMMANDS, DESCRIPTIONS, strict=True):
            assert published[command] == t(description), (locale, command)
    # Everyone else (no or another language) gets the Indonesian list.
    assert emulator.commands(None, PRIVATE_SCOPE) == emulator.commands("id", PRIVATE_SCOPE)
