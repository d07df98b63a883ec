"""The playground page in a headless Chromium: what a trainee clicking around would notice.

The tests share one playground and one browser and run in file order: the admin exports the
proposal the participant sent.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import openpyxl

from bot.serve.playground import ADMIN_ID, COORDINATOR_ID, OPD_ID, PARTICIPANT_ID
from emulator.media import tiny_jpeg

from .page import REFERENCE, WAIT, Page, plain

PROBLEM_PROMPT = (
    "What is the <b>problem</b> in your area? Tell us in your own words, "
    "e.g. <i>the drain on our street is blocked and floods when it rains</i>."
)


def step(page: Page, number: int) -> str:
    """ "Step 3 of ": the total depends on the answers (a confirmed topic answers the
    perangkat daerah too)."""
    return plain(page.t("<i>Step {number} of {total}</i>", number=number, total="§")).split("§")[0]


def test_participant_sends_a_proposal_by_tapping_and_typing(
    page: Page, story: dict[str, str], tmp_path: Path
) -> None:
    t = page.t
    page.switch(PARTICIPANT_ID)
    page.language("en")
    page.send("/usul")
    page.wait_text(step(page, 1))
    page.wait_text(plain(t(PROBLEM_PROMPT)))
    # Telegram HTML arrives as formatting, not as tags.
    italic = page.driver.execute_script(
        "return [...document.querySelectorAll('#chat .row.bot .text i')].map(e => e.textContent)"
    )
    assert any(step(page, 1) in shown for shown in italic) and "<i>" not in page.chat_text()
    # The classifier reads Indonesian (as residents write), whatever the interface language.
    page.send("Sampah numpuk di pinggir kali dekat pasar tiap minggu, baunya sampai ke rumah.")
    page.wait_text(step(page, 2))
    page.wait_text(t("Rubbish and waste"))  # the topic suggested from the problem
    page.tap(t("✅ Yes, that's right"))
    page.wait_text(plain(t("What do you think <b>causes</b> it?")))
    page.send("There is no collection point and the truck comes once a month.")
    page.wait_text(plain(t("What <b>solution or innovation</b> do you propose?")))
    page.send("Put a temporary waste depot at the market, collected twice a week.")
    page.wait_text(plain(t("How <b>urgent</b> is it?")))
    rows = page.bot_rows()
    page.tap(t("Very urgent"))
    # A tapped answer stays as a short echo; the next question is a new message below it.
    page.wait_text(plain(t("How soon could people <b>feel the result</b>?")))
    page.wait_text("✓ " + t("Very urgent"))
    assert page.bot_rows() == rows + 1, "the next question comes as a new message"
    page.tap(t("Within 3 months"))
    page.wait_text(plain(t("What does it <b>need</b> most?")))
    page.tap(t("Budget"))
    page.wait_text(
        plain(t("<b>Who benefits</b>? A short answer, e.g. <i>300 families in RW 03</i>."))
    )
    page.send("300 families in RW 03")
    page.wait_text(step(page, 9))
    page.send("Jl. Raya Cikarang, behind the market")
    page.share_location(-6.2615, 107.153)
    page.wait_text("📍")
    photo = tmp_path / "river.jpg"
    photo.write_bytes(tiny_jpeg(64))
    page.attach_photo(photo)
    page.wait_text(plain(t.n("{count} photo", "{count} photos", 1)))
    shown = page.el("#chat .row.me img.photo")
    page.until(lambda: page.driver.execute_script("return arguments[0].naturalWidth", shown) > 0)
    page.tap(t("Next ➡️"))
    page.wait_text("Jl. Raya Cikarang, behind the market")
    page.tap(t("✅ Send proposal"))
    found = page.until(lambda: REFERENCE.search(page.chat_text()), "the proposal's reference")
    story["reference"] = found.group(0)
    assert page.screenshot("playground.png").stat().st_size > 10_000


def test_admin_exports_and_downloads_an_xlsx(
    page: Page, story: dict[str, str], downloads: Path
) -> None:
    t = page.t
    page.switch(ADMIN_ID)
    page.language("en")
    page.send("/ekspor")
    page.tap(t("📤 Export"))
    link = page.until(
        lambda: page.driver.execute_script("return document.querySelector('#chat .row.bot a.doc')"),
        "the exported document",
    )
    name = link.get_attribute("download")
    assert name.endswith(".xlsx") and name in page.chat_text()
    page.screenshot("playground-export.png")
    link.click()
    saved = downloads / name
    deadline = time.monotonic() + WAIT
    while not saved.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    book = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()), read_only=True)
    cells = [c for row in book["Usulan"].iter_rows(values_only=True) for c in row]
    assert story.get("reference") in cells


def test_each_person_keeps_their_own_chat(page: Page, story: dict[str, str]) -> None:
    t = page.t
    page.el("#new-person").click()
    page.el("#person-name").clear()
    page.el("#person-name").send_keys("Ana")
    page.driver.execute_script("document.getElementById('person-language').value = 'en'")
    page.el("#person-create").click()
    page.until(lambda: "Ana" in page.el("#chat-subtitle").text, "the new person")
    page.send("/start")
    page.tap(t("✅ I agree"))
    page.wait_text(plain(t("What name should we call you?")))

    page.switch(COORDINATOR_ID)
    assert plain(t("What name should we call you?")) not in page.chat_text()
    page.send("/bantuan")
    page.until(lambda: page.bot_rows() >= 1, "the coordinator's help")
    help_text = page.chat_text()

    page.switch(PARTICIPANT_ID)
    assert story.get("reference", "none") in page.chat_text()
    assert "/bantuan" not in page.chat_text()
    page.switch(int(page.driver.execute_script("return state.people.at(-1).id")))
    assert plain(t("What name should we call you?")) in page.chat_text()
    assert help_text not in page.chat_text()


def test_the_opd_person_is_offered_the_desk(page: Page) -> None:
    t = page.t
    page.switch(OPD_ID)
    page.language("en")
    assert "Dinas Lingkungan Hidup" in page.el("#chat-subtitle").text
    page.send("/bantuan")
    page.wait_text("/meja — " + t("Desk: the proposals for your perangkat daerah"))
    assert "/rekap" not in page.chat_text()
