"""An in-process Telegram Bot API emulator for tests and benchmarks.

emu = BotApiEmulator(limits=Limits(enabled=False))
await emu.start()
# point PTB at base_url=f"{emu.url}/bot", base_file_url=f"{emu.url}/file/bot", token=emu.token
user = emu.user(1001, "Siti", language_code="id")
reaction = await user.send("/start")
await user.press("Setuju")
await emu.stop()
"""

from emulator.core import BotApiEmulator, make_token
from emulator.errors import ApiError
from emulator.markup import Button
from emulator.models import BotEvent, CallbackAnswer, Chat, Document, Message, Stats, UserInfo
from emulator.ratelimit import Limits, TokenBucket
from emulator.sim import SimUser, WaitOptions
from emulator.tghtml import ParsedText, parse_html, utf16_len
from emulator.waiting import NoReply, Reaction, Timing

__all__ = [
    "ApiError",
    "BotApiEmulator",
    "BotEvent",
    "Button",
    "CallbackAnswer",
    "Chat",
    "Document",
    "Limits",
    "Message",
    "NoReply",
    "ParsedText",
    "Reaction",
    "SimUser",
    "Stats",
    "Timing",
    "TokenBucket",
    "UserInfo",
    "WaitOptions",
    "make_token",
    "parse_html",
    "utf16_len",
]
