"""Fixtures shared by the end-to-end tests."""

from __future__ import annotations

import pytest

from emulator import BotApiEmulator

from .journey import fast_replies


@pytest.fixture
def fast_settle(emulator: BotApiEmulator) -> None:
    """A short settle (journey.fast_replies); a module asks for it with
    `pytestmark = pytest.mark.usefixtures("fast_settle")`."""
    fast_replies(emulator)
