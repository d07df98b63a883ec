"""The live feed: every chat of the playground, streamed to the page over a WebSocket."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from emulator.models import Chat, Signal
from emulator.playground.render import message_json
from emulator.playground.roster import Roster

IDLE = 25.0  # seconds between wake-ups when nothing happens (keeps the loop honest)


class Cursor:
    """How far one page has seen each chat: messages by position, bot events by position."""

    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.people_seen: list[dict[str, Any]] = []
        self.messages: dict[int, int] = {}
        self.events: dict[int, int] = {}

    def chats(self) -> list[Chat]:
        return [person.user.chat for person in self.roster.people()]

    def pending(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        people = [person.to_json() for person in self.roster.people()]
        if people != self.people_seen:
            self.people_seen = people
            out.append({"type": "people", "people": people})
        for chat in self.chats():
            out.extend(self._chat_news(chat))
        return out

    def _chat_news(self, chat: Chat) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        first = chat.id not in self.messages
        for message in chat.messages[self.messages.get(chat.id, 0) :]:
            if not message.deleted:
                out.append({"type": "message", "chat": chat.id, "message": message_json(message)})
        self.messages[chat.id] = len(chat.messages)
        # A page that just arrived sees the chat as it stands; older events are history.
        start = len(chat.events) if first else self.events.get(chat.id, 0)
        for event in chat.events[start:]:
            if event.kind == "edit" and event.message is not None:
                out.append(
                    {"type": "message", "chat": chat.id, "message": message_json(event.message)}
                )
            elif event.kind == "delete" and event.message is not None:
                out.append({"type": "delete", "chat": chat.id, "id": event.message.message_id})
            elif event.kind == "callback_answer" and event.answer and event.answer.text:
                answer = event.answer
                out.append(
                    {
                        "type": "answer",
                        "chat": chat.id,
                        "text": answer.text,
                        "alert": answer.show_alert,
                    }
                )
        self.events[chat.id] = len(chat.events)
        return out


async def wait_any(signals: list[Signal], seen: list[int], seconds: float) -> None:
    """Until one of the signals fires, or `seconds` pass. `seen` holds their versions when
    the caller last looked: a notification since then (while it was sending) counts."""
    if any(signal.version != version for signal, version in zip(signals, seen, strict=True)):
        return
    waiters = [signal.subscribe() for signal in signals]
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for signal, waiter in zip(signals, waiters, strict=True):
            signal.unsubscribe(waiter)


def hello(roster: Roster) -> dict[str, Any]:
    state = roster.emulator.state
    return {"type": "hello", "bot": {"name": state.bot_first_name, "username": state.bot_username}}


async def _stream(ws: web.WebSocketResponse, roster: Roster) -> None:
    cursor = Cursor(roster)
    await ws.send_json(hello(roster))
    while not ws.closed:
        signals = [roster.changed, *(chat.signal for chat in cursor.chats())]
        seen = [signal.version for signal in signals]
        for item in cursor.pending():
            await ws.send_json(item)
        await wait_any(signals, seen, IDLE)


class Feed:
    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.sockets: set[web.WebSocketResponse] = set()

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=30.0)
        await ws.prepare(request)
        self.sockets.add(ws)
        writer = asyncio.create_task(_stream(ws, self.roster))
        try:
            async for message in ws:
                if message.type == WSMsgType.ERROR:
                    break
        finally:
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                await writer
            self.sockets.discard(ws)
        return ws

    async def close_all(self, app: web.Application) -> None:
        for ws in list(self.sockets):
            await ws.close(code=WSCloseCode.GOING_AWAY, message=b"playground stopped")
