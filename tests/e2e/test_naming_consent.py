"""Naming consent: may OPD staff see a participant's name and group? Chosen with the consent
(default no; a second "I agree" button says yes), changed in /profil, asked once of those
registered before, in /datasaya, and honoured by identity exports, which say how many names
they withheld."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select, update

from bot.app import RembugApp
from bot.settings import Settings
from emulator import BotApiEmulator
from storage.models import AuditEntry, Participant

from .journey import (
    AGREE_NAMED,
    NAMING_NO,
    NAMING_YES,
    Export,
    Profile,
    agree,
    my_data,
    register,
    resident,
    submit,
    texts,
)
from .staff import db, participant
from .test_export_bot import document_for

pytestmark = pytest.mark.usefixtures("fast_settle")

ADMIN = 7_530_001
QUESTION = "<b>One question about your name</b>"
WITHHELD = "(tidak ditampilkan)"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"admin_ids": frozenset({ADMIN})})


async def not_asked_yet(bot: RembugApp, telegram_id: int) -> None:
    """As if registered before the question existed."""
    async with db(bot) as session:
        statement = update(Participant).where(Participant.telegram_user_id == telegram_id)
        await session.execute(statement.values(name_visible=None))


async def test_chosen_with_the_consent_no_by_default_and_changed_in_the_profile(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    plain_yes = resident(emulator, 7_530_004)
    notice = await plain_yes.greeted("/start")
    assert "without your name, unless you allow it below." in notice.text
    assert plain_yes.buttons()[:3] == [
        plain_yes.t("✅ I agree"),
        plain_yes.t("Not now"),
        plain_yes.t(AGREE_NAMED),
    ]
    await plain_yes.tap("✅ I agree")
    assert (await participant(bot, plain_yes.user.id)).name_visible is False

    r = resident(emulator, 7_530_002)
    await agree(r, named=True)
    assert (await participant(bot, r.user.id)).name_visible is True
    await r.send("Sari")
    await r.pick("Setu")
    await r.press(r.buttons()[0])
    # No naming question in the registration: it came with the consent, one tap for both.
    registered = await r.tap("Resident")
    assert "see your name and group" not in texts(registered)
    await r.tap("✖️ Cancel")  # the proposal a first registration runs on into

    card = await r.send("/profil")
    assert f"Name shown to OPD: {r.t(NAMING_YES)}" in card.text
    assert QUESTION not in texts(card)  # chosen with the consent: never asked again
    await r.tap("Name shown to OPD")
    saved = await r.tap(NAMING_NO)
    assert saved.text.startswith(r.says("✅ Your profile is saved."))
    assert f"Name shown to OPD: {r.t(NAMING_NO)}" in (await r.send("/profil")).text
    exported = await my_data(r)
    assert isinstance(exported, Export) and exported.data["name_visible_to_opd"] is False


async def test_an_existing_participant_is_asked_once_when_idle(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 7_530_003)
    await register(r)
    await not_asked_yet(bot, r.user.id)
    # In the middle of a proposal: not asked, the dialogue goes on.
    await r.send("/usul")
    answered = await r.send("Saluran air di depan pasar tersumbat setiap hujan deras.")
    assert QUESTION not in texts(answered)
    assert (await participant(bot, r.user.id)).name_visible is None
    await r.send("/batal")

    # At the menu: the command is answered first, then the question, once.
    mine = await r.until(await r.send("/usulanku"), r.says(QUESTION))
    assert (mine.messages[-1].text or "").startswith(r.says(QUESTION))
    assert len(mine.messages) >= 2
    assert (await participant(bot, r.user.id)).name_visible is False  # the default, stored
    chosen = await r.tap(NAMING_YES)
    assert chosen.text == r.says(
        "✅ Saved: OPD staff may see your name and group with your proposals."
    )
    assert (await participant(bot, r.user.id)).name_visible is True
    for command in ("/start", "/profil", "hello"):
        assert QUESTION not in texts(await r.send(command)), command
    async with db(bot) as session:
        query = select(func.count()).where(AuditEntry.action == "participant.naming_asked")
        assert await session.scalar(query) == 1


async def test_an_identity_export_shows_only_consenting_names(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    ani, budi, citra = (resident(emulator, 7_530_010 + i) for i in range(3))
    await register(ani, Profile(name="Ani", role="PKK", group="PKK RW 01", name_visible=True))
    await register(budi, Profile(name="Budi", role="PKK", group="PKK RW 02"))
    await register(citra, Profile(name="Citra"))
    await not_asked_yet(bot, citra.user.id)  # never asked: counts as no
    by_person = {"Ani": await submit(ani), "Budi": await submit(budi), "Citra": await submit(citra)}

    admin = resident(emulator, ADMIN, first_name="Admin")
    card = await admin.send("/ekspor")
    await admin.press("▫️ Names and groups", message_id=card.messages[-1].message_id)
    await admin.press("📤 Export", message_id=card.messages[-1].message_id)
    sent = (await document_for(admin)).document
    assert sent is not None and sent.filename.endswith("-identitas.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(sent.data))
    keys, _, *rows = book["Usulan"].values
    named = {r[0]: dict(zip(keys, r, strict=True)) for r in rows}
    assert (named[by_person["Ani"]]["name"], named[by_person["Ani"]]["group"]) == (
        "Ani",
        "PKK RW 01",
    )
    assert (named[by_person["Budi"]]["name"], named[by_person["Budi"]]["group"]) == (
        WITHHELD,
        WITHHELD,
    )
    assert named[by_person["Citra"]]["name"] == WITHHELD
    assert "Budi" not in str(list(book["Usulan"].values))
    summary = {r[0]: r[1] for r in book["Ringkasan"].values if r and r[0]}
    assert summary["Nama tidak ditampilkan"] == 2
