"""The playground page as a person sees it, and the playground server for the tests."""

from __future__ import annotations

import asyncio
import contextlib
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.i18n import translator
from bot.serve.playground import playground
from bot.settings import Settings
from emulator import parse_html

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
WAIT = 20.0
REFERENCE = re.compile(r"\b[A-Z]{3}-\d{4}\b")
NEWEST_BUTTON = """
const label = arguments[0];
const rows = [...document.querySelectorAll('#chat .row.bot')].reverse();
for (const row of rows) {
  for (const b of row.querySelectorAll('.inline-kb button')) if (b.textContent === label) return b;
}
return null;
"""
NEWEST_BUTTONS = """
const rows = [...document.querySelectorAll('#chat .row.bot')].reverse();
const row = rows.find((r) => r.querySelector('.inline-kb button'));
return row ? [...row.querySelectorAll('.inline-kb button')].map((b) => b.textContent) : [];
"""


def plain(html_text: str) -> str:
    return parse_html(html_text).text


class Served:
    """The playground (`rembug playground`'s own code) on a loop in a background thread."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.stack = contextlib.AsyncExitStack()
        self.url = ""

    def __enter__(self) -> Served:
        self.thread.start()
        self.url = self._run(self._enter())
        return self

    def __exit__(self, *exc: object) -> None:
        self._run(self.stack.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()

    async def _enter(self) -> str:
        base = Settings(_env_file=None, default_locale="id")  # type: ignore[call-arg]
        return await self.stack.enter_async_context(playground(base, 0, str(self.db)))

    def _run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(60)


class Page:
    """What a person sees and does on the playground page."""

    def __init__(self, driver: Any, url: str) -> None:
        self.driver = driver
        self.url = url
        self.t = translator("en")

    def open(self) -> None:
        self.driver.get(self.url)
        self.until(
            lambda: (
                self.driver.execute_script(
                    "return document.querySelectorAll('#person option').length"
                )
                >= 3
            )
        )

    def until(self, condition: Callable[[], Any], what: str = "the page") -> Any:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            found = condition()
            if found:
                return found
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; chat shows:\n{self.chat_text()}")

    def el(self, css: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def chat_text(self) -> str:
        return str(self.driver.execute_script("return document.getElementById('chat').innerText"))

    def bot_rows(self) -> int:
        return int(
            self.driver.execute_script("return document.querySelectorAll('#chat .row.bot').length")
        )

    def wait_text(self, text: str) -> None:
        self.until(lambda: text in self.chat_text(), repr(text))

    def switch(self, person_id: int) -> None:
        from selenium.webdriver.support.select import Select

        Select(self.el("#person")).select_by_value(str(person_id))
        self.until(lambda: self.driver.execute_script("return state.current") == person_id)

    def language(self, code: str) -> None:
        self.el(f'.langs button[data-lang="{code}"]').click()
        self.until(
            lambda: "on" in self.el(f'.langs button[data-lang="{code}"]').get_attribute("class")
        )

    def send(self, text: str) -> None:
        box = self.el("#input")
        box.send_keys(text)
        self.el("#send").click()

    def tap(self, label: str) -> None:
        button = self.until(lambda: self.driver.execute_script(NEWEST_BUTTON, label), repr(label))
        button.click()

    def buttons(self) -> list[str]:
        return list(self.driver.execute_script(NEWEST_BUTTONS))

    def pick(self, label: str) -> None:
        """Tap `label`, paging forward with ▶️ until the bot shows it."""
        for _ in range(10):
            if label in self.buttons():
                return self.tap(label)
            before = self.buttons()
            self.tap("▶️")
            self.until(lambda shown=before: self.buttons() != shown, "the next page")
        raise AssertionError(f"{label!r} on no page")

    def share_location(self, latitude: float, longitude: float) -> None:
        self.el("#share-location").click()
        for field, value in (("#latitude", latitude), ("#longitude", longitude)):
            self.el(field).clear()
            self.el(field).send_keys(str(value))
        self.el("#location-send").click()

    def attach_photo(self, path: Path) -> None:
        self.el("#photo-file").send_keys(str(path))

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / name
        self.driver.save_screenshot(str(target))
        return target
