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
    Idea,
    Resident,
    plain,
    plain_texts,
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
    assert r.step(2) in at_kecamatan.text
    assert r.says("Which <b>kecamatan</b> do you live in? Tap a button or type its name.") in (
        at_kecamatan.text
    )
    first_page = [b for b in r.buttons() if b not in ("1/2", "▶️", "⬅️ Back", r.t("⬅️ Back"))]
    shown = [b for b in first_page if not b.startswith("✖️")]
    assert shown == sorted(shown), shown  # alphabetical: Babelan, Bojongmangu, …
    at_desa = await r.pick(kecamatan)
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
    assert r.step(5) in at_group.text  # a representative is asked for their group
    at_number = await r.tap("Skip ⏭")
    assert r.step(6) in at_number.text
    registered = await r.until(await r.send("sekitar 200 KK"), r.step(7))
    recap = r.says(
        "✅ Registered: {name} · {desa}, Kec. {kecamatan} · {role}. Now, your proposal:",
        name="Sari Wulandari",
        desa=desa,
        kecamatan=kecamatan,
        role=r.t("Community leader"),
    )
    assert recap in plain_texts(registered)
    # One counter for the whole first visit: the proposal goes on from the registration.
    assert r.step(7) in registered.text

    review = await propose(r, idea, command=False)
    shown = review.text
    assert r.says("<b>Please check your proposal</b>") in shown
    for answer in (
        r.t(idea.topic or ""),
        idea.problem,
        idea.causes,
        idea.solution,
        r.t(idea.urgency),
        r.t(idea.time_to_result),
        r.t(idea.need or ""),
        idea.agency,
        idea.beneficiaries or "",
        idea.place or "",
        r.says("📍 location shared"),
        r.t.n("{count} photo", "{count} photos", idea.photos),
    ):
        assert answer in shown, answer
    assert idea.location is not None
    assert f"{idea.location[0]:.5f}" not in shown  # a place, never bare coordinates

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
    answers = (await r.press(f"{reference} · {idea.dimension}")).text
    if r.t("📄 The whole proposal") in r.buttons():  # a card too full for every answer
        assert r.t("Can wait") not in answers
        answers = (await r.tap("📄 The whole proposal")).text
        assert len(plain(answers)) <= 600
        await r.tap("⬅️ Back to the proposal")
    assert r.t("Can wait") in answers
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
    assert notice.button_texts() == [
        "✅ I agree",
        "Not now",
        "✅ I agree, and OPD may see my name",
        "🌐 Bahasa Indonesia / English",
    ]

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
