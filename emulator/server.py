"""The aiohttp application: routing, token checks and response envelopes."""

from __future__ import annotations

import re

from aiohttp import web

from emulator import methods_basic, methods_files, methods_messages
from emulator.errors import NOT_FOUND, UNAUTHORIZED, ApiError
from emulator.faults import LOOP
from emulator.params import read_params
from emulator.state import EmulatorState, Handler

TOKEN = re.compile(r"^(\d{1,20}):[A-Za-z0-9_-]{30,50}$")
STATE_KEY = web.AppKey("state", EmulatorState)
MAX_REQUEST = 60 * 1024 * 1024

HANDLERS: dict[str, tuple[str, Handler]] = {
    name.lower(): (name, handler)
    for table in (methods_basic.METHODS, methods_messages.METHODS, methods_files.METHODS)
    for name, handler in table.items()
}


def _error(state: EmulatorState, error: ApiError) -> web.Response:
    state.stats.errors[error.code] += 1
    return web.json_response(error.payload(), status=error.code)


async def handle_api(request: web.Request) -> web.Response:
    state = request.app[STATE_KEY]
    token = TOKEN.match(request.match_info["token"])
    method = request.match_info["method"]
    entry = HANDLERS.get(method.lower())
    state.stats.calls[entry[0] if entry else method] += 1
    if token is None or token.group(0) in state.faults.revoked_tokens:
        return _error(state, UNAUTHORIZED)
    if LOOP in request.query or state.faults.loops(method):
        raise web.HTTPTemporaryRedirect(request.url.with_query({LOOP: "1"}))
    if entry is None:
        return _error(state, NOT_FOUND)
    try:
        params = await read_params(request)
        params.bot_id = int(token.group(1))
        failed = await _planned_failure(state, method)
        if failed is not None:
            return failed
        result = await entry[1](state, params)
    except ApiError as error:
        return _error(state, error)
    return web.json_response({"ok": True, "result": result})


async def _planned_failure(state: EmulatorState, method: str) -> web.Response | None:
    """The error a test planned for this call, or None (after the delay of a slow answer)."""
    failed = await state.faults.play(method)
    if failed is not None:
        state.stats.errors[failed.status] += 1
        if failed.status == 429:
            state.stats.too_many_requests += 1
    return failed


async def handle_file(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE_KEY]
    token = TOKEN.match(request.match_info["token"])
    if token is None or token.group(0) in state.faults.revoked_tokens:
        return _error(state, UNAUTHORIZED)
    stored = state.files_by_path.get(request.match_info["path"])
    if stored is None:
        return web.json_response(
            {"ok": False, "error_code": 404, "description": "Not Found"}, status=404
        )
    content_type = stored.mime_type or "application/octet-stream"
    return web.Response(body=stored.data, content_type=content_type)


def make_app(state: EmulatorState) -> web.Application:
    app = web.Application(client_max_size=MAX_REQUEST)
    app[STATE_KEY] = state
    app.router.add_route("*", "/bot{token}/{method}", handle_api)
    app.router.add_get("/file/bot{token}/{path:.+}", handle_file)
    return app
