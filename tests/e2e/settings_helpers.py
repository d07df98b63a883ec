"""The settings a test module runs the bot with: its admins, and any other changes."""

from __future__ import annotations

from typing import Any

import pytest

from bot.settings import Settings


def settings_with(*admin_ids: int, **changes: Any) -> Any:
    """A `settings` fixture for a test module: the session's settings with these admins and
    `changes`. In the module: ``settings = settings_with(ADMIN, broadcast_rate=200.0)``."""

    @pytest.fixture
    def settings(settings: Settings) -> Settings:
        return settings.model_copy(update={**changes, "admin_ids": frozenset(admin_ids)})

    return settings
