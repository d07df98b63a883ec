"""The playground in a real headless Chromium: one server and one browser for the whole folder.

The playground runs on its own event loop in a thread, because Selenium's calls block.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .page import Page, Served

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
PHONE = {"deviceMetrics": {"width": 412, "height": 860, "pixelRatio": 2.0}}


def _no_browser(reason: str) -> None:
    message = f"playground browser tests: {reason}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI is set, so this is an error; .ci/run installs them)")
    # Past pytest's capture, so the reason is seen even without -rs.
    sys.__stderr__.write(f"\nSKIPPED {message}\n")
    pytest.skip(message)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[Any]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        _no_browser(
            f"{', '.join(missing)} missing (Debian: apt-get install chromium chromium-driver)"
        )
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a browser
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        _no_browser("selenium is not installed (pip install -e '.[dev]')")
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    options.add_experimental_option("mobileEmulation", PHONE)
    browser = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with Served(tmp_path_factory.mktemp("playground") / "playground.db") as running:
        yield running


@pytest.fixture(scope="module")
def page(driver: Any, served: Served) -> Page:
    opened = Page(driver, served.url)
    opened.open()
    return opened


@pytest.fixture(scope="module")
def story() -> dict[str, str]:
    """What one test leaves for the next (the proposal's reference)."""
    return {}
