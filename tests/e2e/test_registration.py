"""Consent and registration: typed place names, deep links, declining, names with markup."""

from __future__ import annotations

import pytest

from bot.app import RembugApp
from emulator import BotApiEmulator, Reaction

from .journey import (
    PROBLEM_PROMPT,
    REGISTRATION_STEPS,
    Export,
    Idea,
    Profile,
    Resident,
    agree,
    assert_polite_and_unchanged,
    my_data,
    propose,
    reference_in,
    register,
    resident,
    submit,
    texts,
)

pytestmark = pytest.mark.usefixtures("fast_settle")


DESA_PROMPT = "Which <b>desa/kelurahan</b> in Kecamatan {kecamatan}? Tap a button or type its name."


async def at_kecamatan_step(r: Resident) -> None:
    await agree(r)
    await r.send("Sari")


def desa_prompt(r: Resident, kecamatan: str) -> str:
    return r.says(DESA_PROMPT, kecamatan=kecamatan)


async def at_problem(r: Resident, registered: Reaction) -> Reaction:
    """A first registration runs on into the proposal: wait for its first question."""
    return await r.until(registered, r.says(PROBLEM_PROMPT))


async def to_menu(r: Resident, registered: Reaction) -> None:
    """Leave the proposal a first registration runs on into, for the main menu."""
    await at_problem(r, registered)
    await r.tap("✖️ Cancel")
    assert r.t("📝 Send a proposal") in r.buttons()


async def test_a_typed_kecamatan_name_is_understood(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 2001)
    await at_kecamatan_step(r)
    for typed, kecamatan in [
        ("cikarang utara", "Cikarang Utara"),
        ("Cik Utara", "Cikarang Utara"),
        ("karangbahagia", "Karang Bahagia"),
        ("  SETU ", "Setu"),
        ("Muara Gembong", "Muaragembong"),
    ]:
        reply = await r.send(typed)
        assert desa_prompt(r, kecamatan) in reply.text, typed
        back = await r.tap("⬅️ Back")
        assert r.step(2, REGISTRATION_STEPS) in back.text


async def test_an_ambiguous_kecamatan_offers_candidates(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 2002)
    await at_kecamatan_step(r)
    reply = await r.send("cikarang")
    assert reply.text == r.says("Did you mean one of these? Tap the right one.")
    candidates = reply.messages[-1].button_texts()
    assert {"Cikarang Barat", "Cikarang Utara", "Cikarang Timur"} <= set(candidates)
    assert all(c.startswith("Cikarang") for c in candidates)
    chosen = await r.press("Cikarang Timur")
    assert desa_prompt(r, "Cikarang Timur") in chosen.text


async def test_an_unknown_kecamatan_is_explained_and_the_question_stays(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 2003)
    await at_kecamatan_step(r)
    reply = await r.send("asdfgh")
    expected = r.says(
        "I couldn't find “{text}”. Check the spelling, or tap one of the buttons above.",
        text="asdfgh",
    )
    assert_polite_and_unchanged(reply, expected)
    assert desa_prompt(r, "Setu") in (await r.send("Setu")).text


async def test_desa_can_be_typed_too(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 2004)
    await at_kecamatan_step(r)
    await r.send("Tarumajaya")
    unknown = await r.send("Kampung Rambutan")
    assert unknown.text.startswith("I couldn't find “Kampung Rambutan”")
    at_role = await r.send("segara makmur")
    assert r.says("Which best describes you?") in at_role.text
    await to_menu(r, await r.tap("Resident"))  # a resident is not asked group or headcount
    profile = await r.send("/profil")
    assert "Desa/kelurahan: Sagara Makmur" in profile.text
    assert "Kecamatan: Tarumajaya" in profile.text


async def test_a_deep_link_preselects_the_kecamatan(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 2005)
    await agree(r, start="/start kec_32_16_05")
    at_desa = await r.send("Sari")
    assert desa_prompt(r, "Tambun Utara") in at_desa.text
    assert "Srimukti" in r.buttons()
    await r.press("Srimukti")
    await to_menu(r, await r.tap("Resident"))
    profile = await r.send("/profil")
    assert "Kecamatan: Tambun Utara" in profile.text


async def test_an_invalid_deep_link_is_ignored(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 2006)
    for payload in ("kec_99_99_99", "<script>", "kec_32_16_05' OR 1=1", "kec_" + "1" * 60):
        greeted = await r.greeted(f"/start {payload}")
        assert greeted.messages[0].text is not None
        assert greeted.messages[0].text.startswith("👋 Welcome to Rembug!"), payload
        assert "Do you agree?" in greeted.text
    await r.tap("✅ I agree")
    at_kecamatan = await r.send("Sari")
    assert r.says("Which <b>kecamatan</b> do you live in? Tap a button or type its name.") in (
        at_kecamatan.text
    )


async def test_not_now_stores_nothing(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 2007)
    await r.greeted()
    declined = await r.tap("Not now")
    assert declined.text.startswith("No problem. We have not stored anything about you.")
    assert await my_data(r) == "We store nothing about you. Send /start to take part."
    again = await r.greeted()
    assert "Do you agree?" in again.text


async def test_the_notice_can_switch_language_before_consent(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 2008, "en")
    await r.greeted()
    switched = await r.tap("🌐 Bahasa Indonesia / English")
    indonesian = resident(emulator, 2008, "id")
    assert switched.edits[-1].button_texts()[0] == indonesian.t("✅ I agree")
    agreed = await indonesian.tap("✅ I agree")
    assert indonesian.says("What name should we call you?") in agreed.text


async def test_markup_in_a_name_is_shown_literally(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 2009)
    name = '<b>Budi & "Ani"</b>'
    # By hand: journey.register reads the recap through the catalog with the name as HTML.
    await agree(r)
    await r.send(name)
    await r.pick("Setu")
    await r.press(r.buttons()[0])
    await r.tap("Community representative")
    await r.send("<i>PKK</i> RW 05 & RT 02")
    done = await at_problem(r, await r.send("40"))
    assert f"✅ Registered: {name} · " in texts(done)
    await r.tap("✖️ Cancel")
    profile = await r.send("/profil")
    assert f"Name: {name}" in profile.text
    assert "Group: <i>PKK</i> RW 05 & RT 02" in profile.text
    back = await r.send("/start")
    assert f"Welcome back, {name}!" in back.text
    exported = await my_data(r)
    assert isinstance(exported, Export)
    assert exported.data["name"] == name


async def test_markup_in_typed_answers_is_shown_literally(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    r = resident(emulator, 2010)
    await at_kecamatan_step(r)
    typed = "<script>alert(1)</script>"
    unknown = await r.send(typed)
    assert unknown.text.startswith(f"I couldn't find “{typed}”.")
    await r.send("Setu")
    await r.press(r.buttons()[0])
    await at_problem(r, await r.tap("Resident"))

    problem = 'The <b>road</b> & the "bridge" are <broken> since 2022'
    idea = Idea(problem=problem, beneficiaries="<i>all</i> & more")
    review = await propose(r, idea, command=False)
    assert f"Problem: {problem}" in review.text
    assert "Beneficiaries: <i>all</i> & more" in review.text
    sent = await r.tap("✅ Send proposal")
    reference = reference_in(sent.text)
    await r.send("/usulanku")
    card = await r.press(f"{reference} · Smart Environment")
    assert f"Problem: {problem}" in card.text


async def test_profile_answers_can_be_changed(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 2011)
    # A representative, so that the profile has a headcount ("Speaks for") to change.
    await register(r, Profile(name="Sari", kecamatan="Setu", role="Community representative"))
    card = await r.send("/profil")
    assert card.text.startswith("Your profile")
    assert {"Name", "Kecamatan", "Desa/kelurahan", "Speaks for"} <= set(r.buttons())

    question = await r.tap("Name")
    assert "Current answer: Sari" in question.text
    saved = await r.send("Sari Wulandari")
    assert saved.text.startswith("✅ Your profile is saved.")
    assert "Name: Sari Wulandari" in (await r.send("/profil")).text

    # A new kecamatan needs a desa in it before the profile is saved.
    await r.tap("Kecamatan")
    at_desa = await r.send("Cibarusah")
    assert desa_prompt(r, "Cibarusah") in at_desa.text
    saved = await r.press(r.buttons()[0])
    assert saved.text.startswith("✅ Your profile is saved.")
    card = await r.send("/profil")
    assert "Kecamatan: Cibarusah" in card.text

    # Back leaves an answer as it was.
    await r.tap("Speaks for")
    unchanged = await r.tap("⬅️ Back")
    assert "Speaks for: 40" in unchanged.text
    left_over = [m for m in r.user.bot_messages() if "⬅️ Back" in m.button_texts()]
    assert left_over == [], "the question left behind still has its buttons"
    reference = await submit(r)
    assert reference.startswith("CBR-")
