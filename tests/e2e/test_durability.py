"""Durability: what a participant notices when Telegram, the network or the host misbehave.

Redelivered updates, double taps, old and forged buttons, 429 floods, a SIGKILLed process
and a misconfigured `rembug` command. Everything is checked from the chat, as the user sees it.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

from bot.app import RembugApp
from emulator import BotApiEmulator, Limits, Message, SimUser

from .durability_helpers import (
    APOLOGY,
    BUSY,
    FIRST_VISIT,
    MENU,
    PROPOSAL,
    RECAP,
    REFERENCE,
    REGISTRATION,
    RESUMED,
    STALE,
    BotProcess,
    answer_from,
    consent,
    current_question,
    last_message_id,
    run_cli,
    settle,
    step_number,
    texts,
    wait_button,
    wait_for,
    wait_step,
)


def english(emu: BotApiEmulator, user_id: int, name: str = "Siti") -> SimUser:
    return emu.user(user_id, name, language_code="en")


def count(user: SimUser, fragment: str) -> int:
    return sum(fragment in text for text in texts(user))


def no_apology(user: SimUser) -> None:
    assert count(user, APOLOGY) == 0, user.chat.describe()


async def double_tap(user: SimUser, button: str) -> list[str]:
    """The same button pressed twice at once; then, once the bot has settled, the two popups
    (an empty text: the tap that counted)."""
    first, second = await asyncio.gather(user.press(button), user.press(button))
    await settle(user)
    return sorted((r.callback_answer.text or "") for r in (first, second) if r.callback_answer)


async def registered(user: SimUser) -> SimUser:
    """Registered, and out of the proposal the first visit runs on into (✖️ Cancel)."""
    await consent(user)
    await answer_from(user, FIRST_VISIT, 1, len(REGISTRATION))
    await wait_for(user, RECAP)
    await wait_step(user, len(REGISTRATION) + 1, len(FIRST_VISIT))  # the problem
    await user.press("✖️ Cancel")
    await wait_button(user, MENU)
    return user


async def proposal_until(user: SimUser, last: int) -> Message:
    """/usul, then answers 1..last; waits until question last+1 is shown, and returns it."""
    await user.send("/usul")
    for number in range(1, last + 1):
        await wait_step(user, number, len(PROPOSAL))
        await PROPOSAL[number - 1].act(user)
    return await wait_step(user, last + 1, len(PROPOSAL))


# --- 1. a redelivered update has one effect ---------------------------------------------


async def test_redelivered_name_answer_is_applied_once(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    user = english(emulator, 7101)
    await consent(user)
    answered = await user.send("Siti Aminah")
    assert step_number(answered.text) == 2

    again = await emulator.redeliver(answered.update_id, expect_reply=False)
    assert again.events == [], "a redelivered update must not be answered again"

    # Updates of one person are handled in order: once the probe is answered, the redelivered
    # update has been dealt with. Applied twice, "Siti Aminah" would have been rejected as a
    # kecamatan and the probe would not land on the desa question.
    probe = await user.send("Tarumajaya")
    assert step_number(probe.text) == 3 and "Tarumajaya" in probe.text
    assert [m.text for m in probe.messages] == [probe.text]
    assert count(user, "Step 2 of ") == 1
    assert count(user, "I couldn't find") == 0
    no_apology(user)


async def test_redelivered_answers_tap_and_command_change_nothing(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    user = await registered(english(emulator, 7102))
    total = len(PROPOSAL)
    started = await user.send("/usul")
    await wait_step(user, 1, total)
    await PROPOSAL[0].act(user)
    await wait_step(user, 2, total)
    tapped = await PROPOSAL[1].act(user)  # the topic, picked by hand: its last tap
    await wait_step(user, 3, total)
    agency = await PROPOSAL[2].act(user)
    await wait_step(user, 4, total)
    await settle(user)
    messages_before = len(user.bot_messages())
    edits_before = emulator.stats.edits[user.chat.id]

    # The text answer, the button tap and even /usul (which would start the proposal over).
    for update_id in (agency.update_id, tapped.update_id, started.update_id):
        again = await emulator.redeliver(update_id, expect_reply=False)
        assert again.events == [], f"update {update_id} was handled twice"

    assert len(user.bot_messages()) == messages_before
    assert emulator.stats.edits[user.chat.id] == edits_before
    probe = await PROPOSAL[3].act(user)
    assert step_number(probe.text) == 5, user.chat.describe()

    await answer_from(user, PROPOSAL, 5)
    review = (await wait_for(user, "Please check your proposal")).text or ""
    for answer in PROPOSAL:
        assert answer.shown in review, f"{answer.step}: {answer.shown!r} missing from\n{review}"
    no_apology(user)


# --- 2. double taps, old buttons, forged data --------------------------------------------


async def test_double_taps_are_recorded_once(emulator: BotApiEmulator, bot: RembugApp) -> None:
    user = english(emulator, 7201)
    await user.send("/start")

    assert await double_tap(user, "✅ I agree") == ["", STALE]
    total = len(FIRST_VISIT)
    assert count(user, "Step 1 of ") == 1, user.chat.describe()

    await answer_from(user, FIRST_VISIT, 1, 3)
    await wait_step(user, 4)
    # A choice tapped twice: one answer, the dialogue one step further, a popup for the second.
    role = "Karang Taruna (youth group)"
    first, second = await asyncio.gather(user.press(role), user.press(role))
    answers = [r.callback_answer for r in (first, second)]
    assert all(a is not None for a in answers), "every tap gets its spinner stopped"
    assert sorted(a.text or "" for a in answers if a) == ["", STALE]
    assert step_number(current_question(user).text or "") == 5
    # Skip tapped twice must not also skip the next (optional) question.
    await asyncio.gather(user.press("Skip ⏭"), user.press("Skip ⏭"))
    await settle(user)
    assert step_number(current_question(user).text or "") == 6, user.chat.describe()
    await user.send("40")
    await wait_for(user, RECAP)

    # The first visit runs on into the proposal. "What it needs most" is a single choice now
    # (it was a toggle list): tapped twice, it is answered once and the optional question
    # after it (who benefits) is not answered or skipped by the second tap.
    needs = FIRST_VISIT.index(next(a for a in FIRST_VISIT if a.step == "needs")) + 1
    await answer_from(user, FIRST_VISIT, 7, needs - 1)
    await wait_step(user, needs, total)
    assert await double_tap(user, "Budget") == ["", STALE]
    assert step_number(current_question(user).text or "") == needs + 1, user.chat.describe()
    await answer_from(user, FIRST_VISIT, needs + 1, total - 1)
    # The place step's Next tapped twice: one review, the second tap only explains.
    await wait_step(user, total, total)
    await user.send_location(-6.2, 107.1)
    await wait_button(user, "Next ➡️")
    assert await double_tap(user, "Next ➡️") == ["", STALE]
    assert count(user, "Please check your proposal") == 1, user.chat.describe()
    assert "Budget" in (await wait_for(user, "Please check your proposal")).text

    assert await double_tap(user, "✅ Send proposal") == ["", STALE]
    assert count(user, "Your proposal is in") == 1
    listing = await user.send("/usulanku")
    assert len(REFERENCE.findall(listing.text)) == 1, listing.text

    # "Send another proposal" tapped twice: one new proposal, the second tap only explains.
    assert await double_tap(user, "📝 Send another proposal") == ["", BUSY]
    assert count(user, f"Step 1 of {len(PROPOSAL)}") == 1, user.chat.describe()
    no_apology(user)


async def test_buttons_of_old_messages_explain_and_change_nothing(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    user = english(emulator, 7202)
    await user.send("/start")
    notice = user.last_bot_message()
    agree = next(b.callback_data for row in notice.buttons for b in row if b.text == "✅ I agree")
    decline = next(b.callback_data for row in notice.buttons for b in row if b.text == "Not now")
    await user.press("✅ I agree")
    await wait_step(user, 1)
    await user.send("Siti Aminah")
    kecamatan_question = await wait_step(user, 2)
    back = next(
        b.callback_data for row in kecamatan_question.buttons for b in row if "Back" in b.text
    )
    await user.send("Tarumajaya")
    await wait_step(user, 3)

    async def stale_tap(data: str | None, message_id: int, explanation: str = STALE) -> None:
        assert data is not None
        before_messages = len(user.bot_messages())
        before_edits = emulator.stats.edits[user.chat.id]
        tap = await user.press_data(data, message_id=message_id)
        assert tap.callback_answer is not None and tap.callback_answer.text == explanation, tap
        assert tap.callback_answer.show_alert
        assert len(user.bot_messages()) == before_messages
        assert emulator.stats.edits[user.chat.id] == before_edits

    # "Back" on the kecamatan question, after the kecamatan was answered.
    await stale_tap(back, kecamatan_question.message_id)
    # "I agree" / "Not now" on the privacy notice, after consenting.
    await stale_tap(agree, notice.message_id)
    await stale_tap(decline, notice.message_id)
    assert step_number(current_question(user).text or "") == 3

    # The first visit runs on from the registration into the proposal.
    await answer_from(user, FIRST_VISIT, 3)
    review = await wait_for(user, "Please check your proposal")
    send = next(b.callback_data for row in review.buttons for b in row if "Send" in b.text)
    await user.press("✅ Send proposal")
    await wait_for(user, "Your proposal is in")
    # The review's "Send" again, after it was sent: no second proposal.
    await stale_tap(send, review.message_id)

    # Half-way through a new proposal, "Send another proposal" on the old thank-you message
    # must not throw the answers away.
    thanks = await wait_button(user, "📝 Send another proposal")
    await user.press("📝 Send another proposal")
    await wait_step(user, 1, len(PROPOSAL))
    await PROPOSAL[0].act(user)
    await wait_step(user, 2, len(PROPOSAL))
    again = next(b.callback_data for row in thanks.buttons for b in row)
    await stale_tap(again, thanks.message_id, BUSY)
    assert step_number(current_question(user).text or "") == 2

    listing = await user.send("/usulanku")
    assert len(REFERENCE.findall(listing.text)) == 1, listing.text
    no_apology(user)


async def test_forged_callback_data_is_explained_and_harmless(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    owner = english(emulator, 7203, "Budi")
    await consent(owner)
    await answer_from(owner, FIRST_VISIT)
    await wait_for(owner, "Please check your proposal")
    await owner.press("✅ Send proposal")
    listing = await owner.send("/usulanku")
    open_data = listing.messages[0].buttons[0][0].callback_data
    assert open_data is not None and open_data.startswith("v1:u:o:")
    other_id = open_data.rsplit(":", 1)[1]

    user = await registered(english(emulator, 7204))
    question = await proposal_until(user, 1)  # the topic

    forged = [
        "v1:s:999:a:x",
        "v1:s:99999999999999999999:a:governance",
        "v1:s:abc:a:x",
        "garbage",
        "",
        "v2:m:propose",
        "v1:" + "s:1:a:" + "x" * 60,  # over 64 bytes
        "v1:s:1:a:" + "x" * 41,  # a field too long
        "v1:s:1:a:<b>",
        "v1:c:yes:xx:-",
        "v1:l:fr",
        "v1:p:nonsense",
        "v1:d:maybe",
        f"v1:u:o:{other_id}",
        f"v1:u:e:{other_id}",
        f"v1:u:W:{other_id}",
        "v1:u:o:99999999999999999999",
        "v1:u:o:-1",
    ]
    for data in forged:
        before = len(user.bot_messages())
        tap = await user.press_data(data, message_id=question.message_id)
        answer = tap.callback_answer
        assert answer is not None and answer.text, f"{data!r}: no explanation"
        assert APOLOGY not in answer.text, f"{data!r} crashed a handler"
        assert len(user.bot_messages()) == before, f"{data!r} sent something"
        assert tap.edits == [], f"{data!r} changed a message"

    # Still at the same question, still answering; the owner's proposal is untouched.
    assert step_number(current_question(user).text or "") == 2
    await PROPOSAL[1].act(user)
    await wait_step(user, 3, len(PROPOSAL))
    no_apology(user)
    mine = await owner.send("/usulanku")
    assert "Received" in mine.text and "Withdrawn" not in mine.text
    no_apology(owner)


# --- 3. 429: every reply still arrives ---------------------------------------------------


async def test_flood_limits_delay_replies_but_lose_or_repeat_none(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    user = await registered(english(emulator, 7301))
    await proposal_until(user, 2)  # the problem, and the topic picked by hand
    emulator.stats.reset()
    emulator.limits = Limits(enabled=True, per_chat_per_second=5.0, per_chat_burst=3)
    chat = user.chat.id
    total = len(PROPOSAL)
    started = time.monotonic()

    # A quick typer: three answers sent at once (each gets a new question and retires the old).
    typed = [PROPOSAL[n].shown for n in (3, 4)]
    await asyncio.gather(*(user.send(text, expect_reply=False) for text in ["Dinkes", *typed]))
    await wait_step(user, 6, total, within=20)
    # A quick tapper: each tap as soon as the next question shows (the tapped one becomes an
    # echo, the next question a new message). They were toggles of one question before; the
    # dialogue now has single choices in a row.
    tapped = ["Can wait", "Within 3 months", "Partnership"]
    for number, label in enumerate(tapped, start=6):
        await wait_button(user, label, within=20)
        await user.press(label)
        await wait_step(user, number + 1, total, within=20)
    await user.send(PROPOSAL[8].shown, expect_reply=False)
    await wait_step(user, 10, total, within=20)
    await settle(user)
    elapsed = time.monotonic() - started
    stats = emulator.stats

    assert stats.too_many_requests > 0, "the limits were never hit"
    assert stats.errors[429] == stats.too_many_requests
    # Every reply arrived exactly once: seven new questions, seven edits (four retired
    # keyboards of typed answers, three echoes of taps), three tap popups closed.
    assert stats.messages_sent[chat] == 7, user.chat.describe()
    assert stats.edits[chat] == 7, user.chat.describe()
    assert stats.callback_answers == 3
    questions = [n for t in texts(user) if f"of {total}" in t and (n := step_number(t)) is not None]
    # Typed answers leave their question; a tapped one leaves only its echo ("✓ Can wait").
    assert questions[-5:] == [3, 4, 5, 9, 10], user.chat.describe()
    echoes = [t for t in texts(user) if t.startswith("✓ ")]
    assert echoes[-3:] == [f"✓ {label}" for label in tapped], user.chat.describe()
    assert len(echoes) == len(set(echoes)), user.chat.describe()
    no_apology(user)

    emulator.limits = Limits()
    await answer_from(user, PROPOSAL, 10)
    review = (await wait_for(user, "Please check your proposal")).text or ""
    for shown in ["Dinas Kesehatan", *typed, *tapped, PROPOSAL[8].shown]:
        assert shown in review, f"{shown!r} missing from\n{review}"
    assert elapsed < 15, f"the flood took {elapsed:.1f}s"


# --- 4. SIGKILL and restart ----------------------------------------------------------------


async def test_sigkill_keeps_every_acknowledged_answer(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    user = english(emulator, 7401)
    process = BotProcess(emulator, tmp_path)
    rng = random.Random()
    try:
        process.start()
        await process.ready(user)
        await registered(user)
        await proposal_until(user, 3)  # the answer to question 3 is acknowledged by question 4

        process.kill()
        process.start()
        await process.ready(user)
        resumed = await user.send("/start")
        assert RESUMED in resumed.text or any(RESUMED in (m.text or "") for m in resumed.messages)
        assert step_number(current_question(user).text or "") == 4, user.chat.describe()

        # Answers flowing: two sent at once, SIGKILL at a random moment while they are being
        # received, handled or answered (a few milliseconds each).
        sends = asyncio.gather(
            *(user.send(PROPOSAL[n].shown, expect_reply=False) for n in (3, 4)),
            return_exceptions=True,
        )
        await asyncio.sleep(rng.uniform(0.0, 0.05))
        asked = [
            n
            for t in texts(user)
            if f"of {len(PROPOSAL)}" in t and (n := step_number(t)) is not None
        ]
        acknowledged = max(asked) - 1
        process.kill()
        await sends
        process.start()
        await process.ready(user)  # updates left unconfirmed by the dead process come first
        after = last_message_id(user)
        await user.send("/start")
        question = await wait_for(user, f"of {len(PROPOSAL)}", after=after)
        at = step_number(question.text or "")
        assert at is not None and acknowledged + 1 <= at <= 6, (acknowledged, at)
        print(f"killed with answers 1-{acknowledged} acknowledged; resumed at {at}")

        await answer_from(user, PROPOSAL, at)
        review = (await wait_for(user, "Please check your proposal")).text or ""
        for answer in PROPOSAL:
            assert answer.shown in review, f"{answer.step}: {answer.shown!r} missing\n{review}"
        await user.press("✅ Send proposal")
        done = (await wait_for(user, "Your proposal is in")).text or ""
        assert REFERENCE.search(done) and "TRJ-" in done, done  # registration kept too
        profile = await user.send("/profil")
        for kept in ("Siti Aminah", "Segarajaya", "Karang Taruna RW 05", "40"):
            assert kept in profile.text, profile.text
        no_apology(user)
        assert process.alive(), process.output()
    finally:
        process.kill()


# --- 5. the command line -------------------------------------------------------------------


def test_run_without_token_says_so_in_one_line(tmp_path: Path) -> None:
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "BOT_TOKEN" in lines[0] and "@BotFather" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "data").exists(), "the database must not be touched"


def test_malformed_settings_name_the_variable(tmp_path: Path) -> None:
    cases = {
        "DATABASE_URL": {"DATABASE_URL": "mysql://localhost/rembug"},
        "ADMIN_IDS": {"ADMIN_IDS": "12345,abc"},
        "TELEGRAM_API_URL": {"TELEGRAM_API_URL": "api.telegram.org"},
    }
    for name, env in cases.items():
        result = run_cli("run", cwd=tmp_path, BOT_TOKEN="123:abc", **env)
        assert result.returncode == 2, (name, result)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0], (name, result.stderr)
        assert "Traceback" not in result.stderr


def test_help_and_db_upgrade(tmp_path: Path) -> None:
    for args in (("--help",), ("run", "--help"), ("db", "upgrade", "--help")):
        result = run_cli(*args, cwd=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
        assert "usage: rembug" in result.stdout

    database = tmp_path / "nested" / "folder" / "rembug.db"
    url = f"sqlite+aiosqlite:///{database}"
    result = run_cli("db", "upgrade", cwd=tmp_path, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    assert database.is_file() and database.stat().st_size > 0
    again = run_cli("db", "upgrade", cwd=tmp_path, DATABASE_URL=url)
    assert again.returncode == 0, again.stderr

    default = run_cli("db", "upgrade", cwd=tmp_path)  # the default: ./data/rembug.db
    assert default.returncode == 0, default.stderr
    assert (tmp_path / "data" / "rembug.db").is_file()
