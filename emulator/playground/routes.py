"""The playground's HTTP side: the page, its control API, files and the live feed."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web
from aiohttp.typedefs import Handler

from emulator.models import Chat, Message
from emulator.playground.feed import Feed
from emulator.playground.roster import Person, Roster
from emulator.sim import SimUser

STATIC = Path(str(files("emulator") / "static"))
# Cross-site pages cannot add a custom header without a preflight we never grant.
GUARD_HEADER = "X-Playground"
MAX_TEXT = 4096
MAX_PHOTO = 10 * 1024 * 1024


class BadInput(ValueError):
    pass


class Api:
    def __init__(self, roster: Roster) -> None:
        self.roster = roster

    def person(self, request: web.Request) -> Person:
        try:
            return self.roster.get(int(request.match_info["person"]))
        except (KeyError, ValueError):
            raise web.HTTPNotFound(text="no such person") from None

    async def new_person(self, request: web.Request) -> web.Response:
        body = await _json(request)
        person = self.roster.new_person(str(body.get("name", "")), str(body.get("language", "")))
        return web.json_response(person.to_json())

    async def language(self, request: web.Request) -> web.Response:
        person = self.person(request)
        body = await _json(request)
        await self.roster.set_language(person.id, str(body.get("language", "")))
        return web.json_response(person.to_json())

    async def text(self, request: web.Request) -> web.Response:
        user = self.person(request).user
        text = str((await _json(request)).get("text", ""))
        if not text.strip() or len(text) > MAX_TEXT:
            raise BadInput(f"a message has 1 to {MAX_TEXT} characters")
        await user.send(text, expect_reply=False)
        return web.json_response({"ok": True})

    async def press(self, request: web.Request) -> web.Response:
        user = self.person(request).user
        body = await _json(request)
        message, data = _button(
            user.chat, body.get("message_id"), body.get("row"), body.get("column")
        )
        await user.press_data(data, message_id=message.message_id, expect_reply=False)
        return web.json_response({"ok": True})

    async def location(self, request: web.Request) -> web.Response:
        user = self.person(request).user
        body = await _json(request)
        try:
            latitude, longitude = float(body["latitude"]), float(body["longitude"])
        except (KeyError, TypeError, ValueError):
            raise BadInput("latitude and longitude are numbers") from None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise BadInput("latitude is -90…90 and longitude -180…180")
        await user.send_location(latitude, longitude, expect_reply=False)
        return web.json_response({"ok": True})

    async def photo(self, request: web.Request) -> web.Response:
        user = self.person(request).user
        form = await request.post()
        upload = form.get("photo")
        if not isinstance(upload, web.FileField):
            raise BadInput("no photo in the form")
        data = upload.file.read()
        if not data or len(data) > MAX_PHOTO:
            raise BadInput("a photo has up to 10 MB")
        caption = str(form.get("caption") or "").strip() or None
        await user.send_photo(caption, data, expect_reply=False)
        return web.json_response({"ok": True})

    async def commands(self, request: web.Request) -> web.Response:
        user = self.person(request).user
        found = menu_commands(self.roster, user)
        return web.json_response([{"command": c, "description": d} for c, d in found])


def menu_commands(roster: Roster, user: SimUser) -> list[tuple[str, str]]:
    """The command menu Telegram shows in this chat: the most specific scope that has one."""
    language = user.info.language_code
    scopes: list[dict[str, Any]] = [
        {"type": "chat", "chat_id": user.id},
        {"type": "all_private_chats"},
        {"type": "default"},
    ]
    for scope in scopes:
        for lang in (language, None):
            found = roster.emulator.commands(lang, scope)
            if found:
                return found
    return []


def _button(chat: Chat, message_id: Any, row: Any, column: Any) -> tuple[Message, str]:
    """The callback data of a button the bot really showed; the page only names a position."""
    try:
        message = chat.find(int(message_id))
        button = message.buttons[int(row)][int(column)] if message else None
    except (TypeError, ValueError, IndexError):
        button = None
    if message is None or not message.from_bot or button is None or not button.callback_data:
        raise BadInput("that button is not in the chat any more")
    return message, button.callback_data


async def _json(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadInput("the body must be JSON") from None
    if not isinstance(body, dict):
        raise BadInput("the body must be a JSON object")
    return body


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith("/playground/api/"):
        return await handler(request)
    if request.method != "GET" and request.headers.get(GUARD_HEADER) != "1":
        raise web.HTTPForbidden(text="playground requests come from the playground page")
    try:
        return await handler(request)
    except (BadInput, ValueError, LookupError) as error:
        return web.json_response({"ok": False, "error": str(error)}, status=400)


def file_handler(roster: Roster) -> Any:
    async def serve_file(request: web.Request) -> web.Response:
        stored = roster.emulator.state.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound(text="no such file")
        headers = {"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"}
        if request.query.get("download") == "1":
            name = stored.filename or stored.file_path.rsplit("/", 1)[-1]
            ascii_name = name.encode("ascii", "replace").decode().replace('"', "_")
            headers["Content-Disposition"] = (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            )
        mime = stored.mime_type or "application/octet-stream"
        return web.Response(body=stored.data, content_type=mime, headers=headers)

    return serve_file


async def index(request: web.Request) -> web.FileResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


def install(app: web.Application, roster: Roster) -> None:
    api = Api(roster)
    feed = Feed(roster)
    app.middlewares.append(guard)
    app.on_shutdown.append(feed.close_all)
    app.router.add_get("/", index)
    app.router.add_static("/static/", STATIC)
    app.router.add_get("/playground/feed", feed.handle)
    app.router.add_get("/playground/files/{file_id}", file_handler(roster))
    app.router.add_get("/playground/api/people/{person}/commands", api.commands)
    app.router.add_post("/playground/api/people", api.new_person)
    for action in ("language", "text", "press", "location", "photo"):
        app.router.add_post(f"/playground/api/people/{{person}}/{action}", getattr(api, action))
