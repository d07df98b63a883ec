"""The port through which services read files people sent the bot (a proposal's photos): the
Bot API's getFile, then the download. Services never see a telegram.Bot; a file that cannot be
read raises one of the NotDelivered kinds of bot/transport/outbox.py (Refused: Telegram will
not hand it out, e.g. over its 20 MB download limit or an unknown file id)."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import Bot

from bot.transport.outbox import translated_errors

DEFAULT_EXTENSION = "jpg"  # Telegram stores the photos it receives as JPEG


@dataclass(frozen=True)
class Downloaded:
    content: bytes
    extension: str  # of Telegram's file path, lower case, without the dot


class Files:
    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def download(self, file_id: str) -> Downloaded:
        with translated_errors():
            file = await self._bot.get_file(file_id)
            content = bytes(await file.download_as_bytearray())
        return Downloaded(content, _extension(file.file_path))


def _extension(path: str | None) -> str:
    name = (path or "").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not extension.isalnum() or len(extension) > 5:
        return DEFAULT_EXTENSION
    return extension.lower()
