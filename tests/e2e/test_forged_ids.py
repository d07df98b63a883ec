"""Ids from the client: callback data and deep links with numbers no database column holds.

Ids are INTEGER columns (32-bit on PostgreSQL): 2^31 .. 2^63 once reached the database and
crashed the handler there. Each such tap must be answered exactly like the same button
forged with no number at all, and change nothing.
"""

from __future__ import annotations

from bot.app import RembugApp
from emulator import BotApiEmulator, Reaction

from .journey import Resident, register, resident, submit
from .settings_helpers import settings_with
from .staff import snapshot

ADMIN_ID = 7951
HUGE = (2**31, 2**31 + 7, 2**53 + 1, 2**63 - 1)

# Every callback layout that carries a number, with {} where the number goes.
WITH_AN_ID = (
    "v1:u:o:{}",
    "v1:u:e:{}",
    "v1:u:w:{}",
    "v1:u:W:{}",
    "v1:u:l:{}",
    "v1:o:v:{}",
    "v1:o:h:{}",
    "v1:o:u:{}",
    "v1:o:s:{}",
    "v1:o:S:{}:accepted",
    "v1:r:c:{}",
    "v1:r:C:{}",
    "v1:r:d:{}",
    "v1:r:D:{}",
    "v1:k:rv:{}",
    "v1:k:ry:{}",
    "v1:k:cl:{}",
    "v1:k:pk:rk:{}",
    "v1:k:rk:32.16.05:{}",
    "v1:b:go:{}",
    "v1:b:ed:{}:message",
    "v1:b:x:{}",
    "v1:b:stop:{}",
    "v1:e:o:xlsx:{}:-:000",
    "v1:e:g:xlsx:{}:-:000",
    "v1:e:a:xlsx:{}:-:000",
    "v1:s:{}:a:governance",
    "v1:q:p:{}",
    "v1:q:a:{}:0",
    "v1:q:a:1:{}",
    # Confirmations, with a nonce of the right shape (bot/confirmations.py).
    "v1:u:W:{}:0a1b2c3d",
    "v1:u:K:{}:0a1b2c3d",
    "v1:o:S:{}:accepted:0a1b2c3d",
    "v1:o:B:{}:0a1b2c3d",
    "v1:r:C:{}:0a1b2c3d",
    "v1:r:D:{}:0a1b2c3d",
    "v1:r:L:{}:0a1b2c3d",
    "v1:k:ry:{}:0a1b2c3d",
    "v1:k:rn:{}:0a1b2c3d",
    "v1:b:go:{}:0a1b2c3d",
    "v1:b:x:{}:0a1b2c3d",
    "v1:q:y:{}:c:0a1b2c3d:0",
    "v1:q:n:{}:u:0a1b2c3d:0",
)


settings = settings_with(ADMIN_ID)


async def _tap(admin: Resident, data: str) -> Reaction:
    return await admin.user.press_data(data, expect_reply=True)  # an answer always comes


def _answer(reaction: Reaction) -> str:
    assert reaction.callback_answer is not None, "the tap was not answered"
    return reaction.callback_answer.text or ""


async def test_ids_out_of_range_are_refused_like_any_forged_button(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    admin = resident(emulator, ADMIN_ID, first_name="Admin")
    await register(admin)
    await submit(admin)  # a proposal, so that the forged ids have real neighbours
    await admin.send("/usul")  # and a dialogue in progress, for the step's revision
    before = await snapshot(bot)
    messages = len(admin.user.bot_messages())

    for layout in WITH_AN_ID:
        expected = _answer(await _tap(admin, layout.format("x")))
        assert expected, f"{layout}: a malformed tap is not explained"
        for number in HUGE:
            data = layout.format(number)
            tapped = await _tap(admin, data)
            assert _answer(tapped) == expected, f"{data}: {_answer(tapped)!r}"
            assert tapped.callback_answer is not None and tapped.callback_answer.show_alert
            assert not tapped.messages and not tapped.edits, f"{data} showed something"

    assert len(admin.user.bot_messages()) == messages
    assert await snapshot(bot) == before


async def test_deep_links_that_are_not_ours_change_nothing(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    sari = resident(emulator, 7952)
    await register(sari)
    before = await snapshot(bot)
    unknown = sari.says(
        "This invitation link is not valid. Check that you opened the whole link, or ask the "
        "admin for a new one."
    )
    for payload in ("inv_" + "A" * 60, "inv_abc\x00def", "inv_%27--", "inv_" + "é" * 20):
        reply = await sari.send(f"/start {payload}")
        assert reply.text == unknown, f"{payload!r}: {reply.text!r}"
    assert await snapshot(bot) == before


async def test_a_forged_kecamatan_on_the_privacy_notice_is_asked_for_instead(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    """The notice's "I agree" carries the kecamatan of the link that was opened; one that no
    kecamatan has (and no column of 8 characters holds) used to stop the registration."""
    sari = resident(emulator, 7953)
    await sari.greeted()
    await sari.user.press_data("v1:c:yes:en:" + "9" * 40)
    asked = await sari.send("Sari")
    assert sari.step(2) in asked.text, asked.text  # the kecamatan question, not skipped
    kecamatan = "Which <b>kecamatan</b> do you live in? Tap a button or type its name."
    assert sari.says(kecamatan) in asked.text, asked.text
    at_desa = await sari.pick("Setu")
    assert "Setu" in at_desa.text
