"""The main menu, help and language choice."""

from __future__ import annotations

from dataclasses import dataclass

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.screens import Button, Screen

# The buttons of other features' own screens: /prioritas's start (bot/priorities/screens.py)
# and a round's results (bot/results/screens.py); each checks the phase again when tapped.
PRIORITISE = cb.encode(Kind.PRIORITISE, "go")

COMMANDS = ("usul", "usulanku", "profil", "bahasa", "bantuan", "batal", "datasaya", "hapusdata")


def command_descriptions(t: Translator) -> list[tuple[str, str]]:
    return [
        ("start", t("Start or restart")),
        ("usul", t("Send a proposal")),
        ("usulanku", t("My proposals and their status")),
        ("prioritas", t("A or B? Choose the priorities")),
        ("hasil", t("My kecamatan's results")),
        ("profil", t("See or change my profile")),
        ("bahasa", t("Change language")),
        ("bantuan", t("Help")),
        ("batal", t("Stop the current question")),
        ("datasaya", t("Download my data")),
        ("hapusdata", t("Erase my personal data")),
        ("berhenti", t("Stop receiving broadcasts")),
        ("langganan", t("Receive broadcasts again")),
    ]


@dataclass(frozen=True)
class RoundsNow:
    """What the rounds ask of residents now (bot.phases): a round being prioritised, the
    newest round whose results are out (their ids), whether one collects proposals."""

    prioritising: int | None = None
    results: int | None = None
    collecting: bool = True


def main_menu(t: Translator, intro: str | None = None, now: RoundsNow | None = None) -> Screen:
    text = intro or t("What would you like to do?")
    keyboard = [
        *_round_rows(t, now or RoundsNow()),
        [
            Button(t("📋 My proposals"), cb.encode(Kind.MENU, "mine")),
            Button(t("👤 Profile"), cb.encode(Kind.MENU, "profile")),
        ],
        [Button(t("❓ Help"), cb.encode(Kind.MENU, "help"))],
    ]
    return Screen(text, keyboard)


def _round_rows(t: Translator, now: RoundsNow) -> list[list[Button]]:
    """ "A atau B?" first while it runs; the results before sending a proposal only while no
    round collects proposals. The buttons are those of /prioritas and /hasil."""
    rows: list[list[Button]] = []
    if now.prioritising is not None:
        rows.append([Button(t("⚖️ A or B? Choose the priorities"), PRIORITISE)])
    propose = [Button(t("📝 Send a proposal"), cb.encode(Kind.MENU, "propose"))]
    if now.results is None:
        return [*rows, propose]
    results = [Button(t("📊 My kecamatan's results"), cb.encode(Kind.RESULTS, "b", now.results))]
    return [*rows, propose, results] if now.collecting else [*rows, results, propose]


def help_screen(t: Translator) -> Screen:
    lines = [t("<b>Rembug — help</b>"), ""]
    lines += [f"/{command} — {description}" for command, description in command_descriptions(t)]
    lines += [
        "",
        t(
            "Every question has <b>Back</b> and <b>Cancel</b> buttons; optional ones have "
            "<b>Skip</b>. Your answers are saved as you go, so you can stop and continue later."
        ),
    ]
    return Screen("\n".join(lines))


def language_menu(t: Translator) -> Screen:
    keyboard = [
        [
            Button("🇮🇩 Bahasa Indonesia", cb.encode(Kind.LANGUAGE, "id")),
            Button("🇬🇧 English", cb.encode(Kind.LANGUAGE, "en")),
        ]
    ]
    return Screen(t("Choose your language:"), keyboard)


def language_set(t: Translator) -> str:
    return t("Done — I will speak English from now on.")


def group_intro(t: Translator, bot_username: str) -> Screen:
    text = t(
        "Hello! I am Rembug, the bot for the smart city consultation of Kabupaten Bekasi. "
        "To keep your answers private I only collect them in a private chat. "
        "Tap the button to start."
    )
    url = f"https://t.me/{bot_username}?start=grup"
    return Screen(text, [[Button(t("💬 Open a private chat"), url=url)]])


def private_buttons_only(t: Translator) -> str:
    return t("Please use my buttons in a private chat with me.")


def cancelled(t: Translator) -> str:
    return t("Stopped. Proposals you already sent are safe.")


def nothing_to_cancel(t: Translator) -> str:
    return t("There is nothing to stop right now.")


def unknown_command(t: Translator) -> str:
    return t("I don't know that command. Send /bantuan to see what I can do.")


def apology(t: Translator) -> str:
    return t("Sorry, something went wrong on our side. Please try again in a moment.")


def edit_not_taken(t: Translator) -> str:
    return t(
        "Changing an earlier message doesn't change your answers. To change an answer, tap "
        "<b>⬅️ Back</b> in the current question, or <b>✏️ Change an answer</b> on the summary "
        "before sending."
    )
