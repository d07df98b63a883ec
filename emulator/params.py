"""Request decoding: query string, urlencoded, JSON and multipart, with typed getters."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web

from emulator.errors import ApiError, bad_request


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    content_type: str | None


@dataclass
class Params:
    """Raw request fields; form values stay strings until a getter decodes them."""

    values: dict[str, Any] = field(default_factory=dict)
    uploads: dict[str, Upload] = field(default_factory=dict)
    bot_id: int = 0
    # Whether the client is still connected (a killed bot's long poll must not count).
    connected: Callable[[], bool] = lambda: True

    def has(self, name: str) -> bool:
        return name in self.values or name in self.uploads

    def get_str(self, name: str) -> str | None:
        value = self.values.get(name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return json.dumps(value)

    def get_int(self, name: str) -> int | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise bad_request(f'field "{name}" must be a valid Number') from None

    def get_float(self, name: str) -> float | None:
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be a valid Number') from None

    def get_bool(self, name: str) -> bool:
        value = self.values.get(name)
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)

    def get_json(self, name: str) -> Any:
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        if value == "":
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {name} JSON object") from None

    def input_file(self, name: str) -> Upload | str | None:
        """An uploaded part, or a string (file_id / URL); attach:// is resolved."""
        if name in self.uploads:
            return self.uploads[name]
        value = self.get_str(name)
        if value is not None and value.startswith("attach://"):
            attached = self.uploads.get(value.removeprefix("attach://"))
            if attached is None:
                raise bad_request(f"file {value} not found in the request")
            return attached
        return value


async def read_params(request: web.Request) -> Params:
    params = Params(values=dict(request.query))
    params.connected = lambda: request.transport is not None and not request.transport.is_closing()
    if request.method != "POST" or not request.body_exists:
        return params
    content_type = request.content_type
    if content_type == "application/json":
        await _read_json(request, params)
    elif content_type == "multipart/form-data":
        await _read_multipart(request, params)
    else:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, str):
                params.values[key] = value
    return params


async def _read_json(request: web.Request, params: Params) -> None:
    try:
        body = await request.json()
    except ValueError:
        raise bad_request("can't parse JSON encoded request") from None
    if not isinstance(body, dict):
        raise ApiError(400, "Bad Request: JSON object expected")
    params.values.update(body)


async def _read_multipart(request: web.Request, params: Params) -> None:
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            return
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        if part.filename is not None:
            data = await part.read(decode=False)
            content_type = part.headers.get("Content-Type")
            params.uploads[part.name] = Upload(part.filename, bytes(data), content_type)
        else:
            params.values[part.name] = await part.text()
