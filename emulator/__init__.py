"""An in-process Telegram Bot API emulator for tests and benchmarks."""

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
