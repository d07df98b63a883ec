"""The whole participant journey, in English and in Indonesian."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from bot.app import RembugApp
from emulator import BotApiEmulator

from .journey import (
    INDONESIAN_IDEA,
    REFERENCE,
    REGISTRATION_STEPS,
    Idea,
    Resident,
    plain,
    propose,
    reference_in,
    resident,
)

pytestmark = pytest.mark.usefixtures("fast_settle")


ABBREVIATIONS = Path(__file__).parents[2] / "bot" / "data" / "kecamatan_abbreviations.csv"


def abbreviation(kecamatan_code: str) -> str:
    with ABBREVIATIONS.open(encoding="utf-8") as rows:
        return {r["kecamatan_kode"]: r["singkatan"] for r in csv.DictReader(rows)}[kecamatan_code]


async def walk_the_journey(r: Resident, idea: Idea, kecamatan: str, kecamatan_code: str) -> None:
    """Everything after the welcome: consent, registration, a proposal, edit, withdraw."""
    agreed = await r.tap("✅ I agree")
    assert r.says("What name should we call you?") in agreed.text
    assert r.t("⬅️ Back") not in r.buttons()  # the first question has nothing to go back to

    at_kecamatan = await r.send("Sari Wulandari")
    assert r.says("Which <b>kecamatan</b> do you live in? Tap a button or type its name.") in (
        at_kecamatan.text
    )
    assert kecamatan not in r.buttons()  # it is on page 2
    assert "1/2" in r.buttons()
    page_two = await r.press("▶️")
    assert "2/2" in page_two.text or "2/2" in r.buttons()
    at_desa = await r.press(kecamatan)
    assert (
        r.says(
            "Which <b>desa/kelurahan</b> in Kecamatan {kecamatan}? Tap a button or type its name.",
            kecamatan=kecamatan,
        )
        in at_desa.text
    )
    desa = r.buttons()[0]
    at_role = await r.press(desa)
    assert r.says("Which best describes you?") in at_role.text
    at_group = await r.tap("Community leader")
    assert r.step(5, REGISTRATION_STEPS) in at_group.text
    at_number = await r.tap("Skip ⏭")
    assert r.step(6, REGISTRATION_STEPS) in at_number.text
    registered = await r.send("40")
    assert (
        r.says(
            "✅ Thank you, {name}! You are registered.\n\nNow you can send your first proposal.",
            name="Sari Wulandari",
        )
        in registered.text
    )

    review = await propose(r, idea)
    shown = review.text
    assert r.says("<b>Please check your proposal</b>") in shown
    for answer in (
        idea.dimension,
        idea.sub_element,
        idea.problem,
        idea.causes,
        idea.solution,
        r.t(idea.urgency),
        r.t(idea.time_to_result),
        ", ".join(r.t(n) for n in idea.needs),
        idea.agency,
        idea.beneficiaries,
        r.t.n("{count} photo", "{count} photos", idea.photos),
    ):
        assert answer in shown, answer
    assert idea.location is not None
    assert f"{idea.location[0]:.5f}, {idea.location[1]:.5f}" in shown

    sent = await r.tap("✅ Send proposal")
    reference = reference_in(sent.text)
    assert REFERENCE.match(reference)
    assert reference.startswith(abbreviation(kecamatan_code) + "-")
    assert r.t("📝 Send another proposal") in sent.edits[-1].button_texts()

    listing = await r.send("/usulanku")
    assert reference in listing.text
    assert r.t("Received") in listing.text
    opened = await r.press(f"{reference} · {idea.dimension}")
    assert r.says("<b>Proposal {reference}</b>", reference=reference) in opened.text
    assert idea.problem in opened.text

    review = await r.tap("✏️ Edit")
    assert r.t(idea.urgency) in review.text
    assert r.t("✅ Save changes") in r.buttons()
    await r.tap("✏️ Change an answer")
    question = await r.tap("Urgency")
    assert r.says("Current answer: {answer}", answer=r.t(idea.urgency)) in question.text
    back_at_review = await r.tap("Can wait")
    assert f"{r.t('Urgency')}: {r.t('Can wait')}" in back_at_review.text
    saved = await r.tap("✅ Save changes")
    assert (
        r.says("✅ Your changes to proposal <b>{reference}</b> are saved.", reference=reference)
        in saved.text
    )

    await r.send("/usulanku")
    reopened = await r.press(f"{reference} · {idea.dimension}")
    assert r.t("Can wait") in reopened.text
    confirm = await r.tap("🗑 Withdraw")
    assert (
        r.says(
            "Withdraw proposal <b>{reference}</b>? It will no longer be discussed.",
            reference=reference,
        )
        in confirm.text
    )
    withdrawn = await r.tap("Yes, withdraw")
    assert r.says("Proposal <b>{reference}</b> is withdrawn.", reference=reference) in (
        withdrawn.text
    )
    listing = await r.send("/usulanku")
    assert f"{reference} · {idea.dimension} · {r.t('Withdrawn')}" in listing.text


async def test_whole_journey_in_english(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 1001, "en")
    greeted = await r.greeted()
    welcome, notice = greeted.messages
    assert welcome.text is not None and welcome.text.startswith("👋 Welcome to Rembug!")
    assert notice.text is not None
    assert "UU No. 27 Tahun 2022" in notice.text and "Do you agree?" in notice.text
    assert notice.button_texts() == ["✅ I agree", "Not now", "🌐 Bahasa Indonesia / English"]

    await walk_the_journey(r, Idea(), "Cikarang Pusat", "32.16.20")


async def test_whole_journey_in_indonesian(emulator: BotApiEmulator, bot: RembugApp) -> None:
    r = resident(emulator, 1002, "id")
    greeted = await r.greeted()
    welcome, notice = greeted.messages
    assert welcome.text == plain(
        r.t(
            "👋 <b>Welcome to Rembug!</b>\n\n"
            "Kabupaten Bekasi is drafting its smart city masterplan, "
            "<i>“Mewujudkan Kabupaten Bekasi yang SMART”</i>. Before the regency's offices "
            "(perangkat daerah) choose <b>quick-win</b> programmes — ones people can feel "
            "within months — we want to hear from you: which problems matter where you live, "
            "what causes them, and what you propose.\n\n"
            "Your proposal goes under one of six dimensions: Governance, Branding, Economy, "
            "Living, Society and Environment. It takes about 10 minutes."
        )
    )
    assert notice.button_texts()[:2] == [r.t("✅ I agree"), r.t("Not now")]

    await walk_the_journey(r, INDONESIAN_IDEA, "Serang Baru", "32.16.21")
