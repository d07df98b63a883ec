"""The playground page in a headless Chromium: what a trainee clicking around would notice.

The tests share one playground and one browser and run in file order: the admin exports the
proposal the participant sent.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import openpyxl

from bot.serve.playground import ADMIN_ID, COORDINATOR_ID, PARTICIPANT_ID
from emulator.media import tiny_jpeg

from .page import REFERENCE, WAIT, Page, plain


def step(page: Page, number: int) -> str:
    return plain(page.t("<i>Step {number} of {total}</i>", number=number, total=12))


def test_participant_sends_a_proposal_by_tapping_and_typing(
    page: Page, story: dict[str, str], tmp_path: Path
) -> None:
    t = page.t
    page.switch(PARTICIPANT_ID)
    page.language("en")
    page.send("/usul")
    page.wait_text(step(page, 1))
    # Telegram HTML arrives as formatting, not as tags.
    italic = page.driver.execute_script(
        "return [...document.querySelectorAll('#chat .row.bot .text i')].map(e => e.textContent)"
    )
    assert step(page, 1) in italic and "<i>" not in page.chat_text()
    page.tap("Smart Environment")
    page.wait_text(step(page, 2))
    page.tap("Waste Management")
    for number, answer in enumerate(
        (
            "Rubbish piles up by the river near the market every week.",
            "There is no collection point and the truck comes once a month.",
            "Put a temporary waste depot at the market, collected twice a week.",
        ),
        start=3,
    ):
        page.wait_text(step(page, number))
        page.send(answer)
    page.wait_text(step(page, 6))
    page.tap(t("Very urgent"))
    page.wait_text(step(page, 7))
    page.tap(t("Within 3 months"))
    page.wait_text(step(page, 8))
    rows = page.bot_rows()
    page.tap("▫️ " + t("Budget"))
    page.until(lambda: "✅ " + t("Budget") in page.buttons(), "the ticked need")
    assert page.bot_rows() == rows, "a toggle edits the question in place"
    page.tap(t("Next ➡️"))
    page.wait_text(step(page, 9))
    page.pick("Dinas Lingkungan Hidup")
    page.wait_text(step(page, 10))
    page.send("300 families in RW 03")
    page.wait_text(step(page, 11))
    page.share_location(-6.2615, 107.153)
    page.wait_text(step(page, 12))
    photo = tmp_path / "river.jpg"
    photo.write_bytes(tiny_jpeg(64))
    page.attach_photo(photo)
    page.wait_text(plain(t.n("{count} photo received.", "{count} photos received.", 1)))
    shown = page.el("#chat .row.me img.photo")
    page.until(lambda: page.driver.execute_script("return arguments[0].naturalWidth", shown) > 0)
    page.tap(t("Done ➡️"))
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
