"""The OPD desk (/meja): an OPD member sees only its proposals, unanswered first, filters
them, opens one (photos in the chat, the typed place, a name only with consent), answers,
revises and forwards it; the author and the supporter are told once per tanggapan each, in
their language, whatever is tapped twice or delivered again; /usulanku shows the history."""

from __future__ import annotations

import pytest

from bot.app import RembugApp
from emulator import BotApiEmulator, Reaction

from .broadcast_helpers import eventually
from .desk_helpers import (
    DISHUB,
    DISHUB_NAME,
    DLH,
    DLH_NAME,
    OPD_A,
    OPD_B,
    TYPED_PLACE,
    agency_of,
    at_the_card,
    audit_trail,
    notices_owed,
    opd_member,
    open_card,
    received,
    seed_desk,
    set_author,
    stored_responses,
)
from .journey import Resident, texts

pytestmark = pytest.mark.usefixtures("fast_settle")


def button_data(person: Resident, label: str) -> tuple[int, str]:
    """The message id and callback data of the newest button labelled `label`."""
    for message in sorted(person.user.bot_messages(), key=lambda m: -m.message_id):
        for row in message.buttons:
            for button in row:
                if button.text == label and button.callback_data:
                    return message.message_id, button.callback_data
    raise AssertionError(f"no button {label!r}")


async def confirm_and_save(member: Resident, reaction: Reaction) -> Reaction:
    """The draft is shown once more; *Save* stores it."""
    await member.until(reaction, member.t("✅ Save"))
    return await member.tap("✅ Save")


async def test_desk_lists_its_own_proposals_unanswered_first_and_filters(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    await seed_desk(emulator, bot)
    rina = await opd_member(emulator, bot, OPD_A, DLH)

    desk = await rina.send("/meja")
    text = desk.text
    assert rina.says("<b>Desk of {agency}</b>", agency=DLH_NAME) in text
    waiting = "{count} proposal waits for your tanggapan."
    assert rina.t.n(waiting, "{count} proposals wait for your tanggapan.", 2) in text
    order = [text.index(ref) for ref in ("CBT-0003", "SET-0002", "SET-0001")]
    assert order == sorted(order), text  # unanswered (newest first), then the answered one
    for elsewhere in ("SET-0004", "SET-0005", "SET-0006"):  # Dishub's, hidden, withdrawn
        assert elsewhere not in text
    assert "⏳ CBT-0003" in text and "✅ SET-0001" in text

    await rina.tap("📍 Kecamatan")
    assert set(rina.buttons()) >= {"Setu", "Cibitung"}
    cibitung = await rina.press("Cibitung")
    assert "CBT-0003" in cibitung.text and "SET-0002" not in cibitung.text
    assert rina.says("Showing: {filters}", filters="Kecamatan Cibitung") in cibitung.text

    await rina.tap("🗂 Dimension")
    economy = await rina.press(rina.t("Jobs, small businesses, markets"))
    assert "CBT-0003" in economy.text and "Kecamatan Cibitung" in economy.text
    await rina.tap("🗂 Dimension")
    await rina.tap("All dimensions")
    await rina.tap("📍 Kecamatan")
    everything = await rina.tap("All kecamatan")
    assert "SET-0002" in everything.text and "CBT-0003" in everything.text


async def test_opening_shows_photos_the_place_and_a_name_only_with_consent(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    seeded = await seed_desk(emulator, bot)
    rina = await opd_member(emulator, bot, OPD_A, DLH)

    opened = await open_card(rina, "SET-0002")
    photos = [m for m in opened.messages if m.photo is not None]
    assert [m.caption for m in photos] == [
        rina.says(
            "{reference} · photo {number} of {count}", reference="SET-0002", number=n, count=2
        )
        for n in (1, 2)
    ]
    assert [m.file_id for m in photos] == list(seeded.photos)  # the resident's own photos
    shown = texts(opened)
    assert TYPED_PLACE in shown and rina.says("📍 location shared") in shown
    assert "-6.35" not in shown and "107.04" not in shown  # never bare coordinates
    assert rina.says("Sampah menumpuk di pinggir kali dekat pasar")[:30] in shown
    assert rina.says("<b>Proposed by:</b> {author}", author=rina.t("name not shared")) in shown
    assert "Warga Nomor 1" not in shown and "PKK RW 01" not in shown
    assert rina.t("📍 Map") in rina.buttons()  # the map point opens from a button
    assert rina.t.n("👍 {count} support", "👍 {count} supports", 1) in shown

    await set_author(
        bot,
        seeded.author_id,
        name_visible=True,
        mandate="confirmed",
        represents=40,
        represents_unit="people",
    )
    again = await rina.until(await rina.tap("⬅️ Desk"), "SET-0002")
    reopened = await rina.until(await rina.press("SET-0002"), rina.says("Your tanggapan:"))
    shown = texts(reopened)
    assert rina.says("<b>Proposed by:</b> {author}", author="Warga Nomor 1 (PKK RW 01)") in shown
    mandate = "✔ mandate confirmed by the coordinator: speaks for {people}"
    assert rina.says(mandate, people="40 people") in shown, again.text


async def test_answer_revise_forward_each_told_once_in_their_language(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    seeded, rina = await at_the_card(emulator, bot)
    new = seeded.ids["new"]

    # A quick win needs no explanation; the draft is confirmed before it is saved.
    asked = await rina.tap("⚡ " + rina.t("Could be a quick win"))
    assert rina.says(
        "Tanggapan to <b>{reference}</b>: <b>{label}</b>.",
        reference="SET-0002",
        label=rina.t("Could be a quick win"),
    ) in texts(asked)
    shown = await rina.until(await rina.tap("Skip ⏭"), rina.t("✅ Save"))
    assert rina.says("Save this tanggapan to <b>{reference}</b>?", reference="SET-0002") in texts(
        shown
    )
    assert rina.t.n("{count} person will be told.", "{count} people will be told.", 2) in texts(
        shown
    )
    message_id, save = button_data(rina, rina.t("✅ Save"))
    saved = await rina.tap("✅ Save")
    assert rina.says("✅ Tanggapan saved. We are telling the resident and the supporters.") in (
        saved.text
    )
    twice = await rina.user.press_data(save, message_id=message_id)  # a double tap
    assert twice.callback_answer is not None and twice.callback_answer.text == rina.says(
        "This confirmation has expired, so nothing was changed. Please start again."
    )
    await emulator.redeliver(saved.update_id)  # Telegram delivers the tap again
    first = await stored_responses(bot, new)
    assert [(r.opd_code, r.kind, r.explanation) for r in first] == [(DLH, "quick_win", None)]

    author_line = seeded.author.says(
        "💬 <b>{agency}</b> answered your proposal <b>{reference}</b>:",
        agency=DLH_NAME,
        reference="SET-0002",
    )
    supporter_line = seeded.supporter.says(
        "💬 <b>{agency}</b> answered proposal <b>{reference}</b>, which you support:",
        agency=DLH_NAME,
        reference="SET-0002",
    )
    await eventually(lambda: received(seeded.author, author_line) == 1, 10, "the author's notice")
    await eventually(lambda: received(seeded.supporter, supporter_line) == 1, 10, "supporter's")
    assert seeded.author.t("Bisa jadi quick win") == "Bisa jadi quick win"  # in Indonesian
    assert "Bisa jadi quick win" in seeded.author.last().text
    assert "Could be a quick win" in seeded.supporter.last().text  # in English

    # A revision: the programme that exists already, and why.
    await rina.tap("📂 " + rina.t("A programme already exists"))
    await rina.send("Program Kali Bersih 2026")
    words = "Kali di Setu masuk jadwal angkut sampah Program Kali Bersih mulai Januari."
    revised = await confirm_and_save(rina, await rina.send(words))
    history = revised.text
    assert rina.t("Could be a quick win") in history, history
    assert history.index(rina.t("A programme already exists")) < history.index(
        rina.t("Could be a quick win")
    ), history  # newest first

    # Not ours: the right OPD is chosen from the list; the proposal moves to its desk.
    await rina.tap("↪️ " + rina.t("Not our responsibility"))
    await rina.pick(DISHUB_NAME)
    reason = "Jalan dan angkutan di pasar adalah urusan Dinas Perhubungan."
    shown = await rina.until(await rina.send(reason), rina.t("✅ Save"))
    assert rina.says("<b>Passed to:</b> {agency}", agency=DISHUB_NAME) in texts(shown)
    moved = await rina.tap("✅ Save")
    assert (
        rina.says(
            "✅ <b>{reference}</b> is passed to {agency} and has left your desk. We are telling "
            "the resident and the supporters.",
            reference="SET-0002",
            agency=DISHUB_NAME,
        )
        in moved.text
    )
    assert await agency_of(bot, new) == DISHUB
    trail = await audit_trail(bot, "proposal.forwarded")
    assert [(e.subject, e.details) for e in trail] == [
        ("SET-0002", {"by": OPD_A, "old": DLH, "new": DISHUB})
    ]
    assert "SET-0002" not in (await rina.send("/meja")).text  # left A's desk at once
    gone = await rina.user.press_data(f"v1:j:v:{new}")
    assert gone.callback_answer is not None and gone.callback_answer.text == rina.says(
        "Sorry, this proposal is not on your desk (it may have been passed to another one)."
    )
    budi = await opd_member(emulator, bot, OPD_B, DISHUB, "Budi")
    assert "SET-0002" in (await budi.send("/meja")).text  # and is on B's

    kept = await stored_responses(bot, new)
    assert [r.kind for r in kept] == ["quick_win", "existing", "not_ours"]
    assert kept[1].programme == "Program Kali Bersih 2026" and kept[1].explanation == words
    assert kept[2].forwarded_to == DISHUB
    people = (seeded.author_id, seeded.supporter_id)
    assert await notices_owed(bot) == sorted((r.id, p) for r in kept for p in people)
    await eventually(lambda: received(seeded.author, "SET-0002") == 3, 10, "three notices")
    await eventually(lambda: received(seeded.supporter, "SET-0002") == 3, 10, "three notices")
    assert seeded.author.says("Usulan ini diteruskan ke {agency}.", agency=DISHUB_NAME) in (
        seeded.author.last().text
    )

    # The author reads the whole history in /usulanku, newest first.
    author = seeded.author
    await author.send("/usulanku")
    label = next(b for b in author.buttons() if b.startswith("SET-0002"))
    card = (await author.press(label)).text
    assert author.says("<b>Tanggapan of the perangkat daerah</b> (newest first)") in card
    newest = card.index("Bukan kewenangan kami")  # within the screen: older ones as they fit
    earlier = author.t.n("…and {count} earlier", "…and {count} earlier", 2)
    assert "Sudah ada programnya" in card[newest:] or earlier in card[newest:], card
    assert DLH_NAME in card and DISHUB_NAME in card and reason[:30] in card


async def test_a_draft_not_saved_leaves_no_trace(emulator: BotApiEmulator, bot: RembugApp) -> None:
    seeded, rina = await at_the_card(emulator, bot)
    asked = await rina.tap("📅 " + rina.t("For next year's programme"))
    assert rina.t("Skip ⏭") not in rina.buttons(), asked.text  # the explanation is needed
    short = await rina.send("ok")
    assert rina.t("✅ Save") not in rina.buttons(), short.text  # too short: asked again
    await rina.until(await rina.send("Masuk rencana kerja dinas tahun 2027."), rina.t("✅ Save"))
    message_id, save = button_data(rina, rina.t("✅ Save"))
    kept = await rina.tap("✖️ Don't save")
    assert rina.says("Nothing was saved.") in kept.text
    assert rina.says("Your tanggapan:") in kept.text  # the card again, to answer otherwise
    late = await rina.user.press_data(save, message_id=message_id)
    assert late.callback_answer is not None and late.callback_answer.text == rina.says(
        "This confirmation has expired, so nothing was changed. Please start again."
    )
    assert await stored_responses(bot, seeded.ids["new"]) == []
    assert await notices_owed(bot) == []
