"""How the bot talks HTTP to the Bot API: aiohttp, one JSON body per call.

python-telegram-bot's default transport (httpx, every parameter JSON-encoded on its own and
then form-encoded) was the largest single cost per update in bench/dialogue.py. The Bot API
takes a JSON body as well as a form, so a call without files is one `orjson.dumps` and one
aiohttp request (orjson reads the answers too: a few times faster than `json`); calls with
files stay multipart, as Telegram requires.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlsplit
from urllib.request import getproxies, proxy_bypass

import aiohttp
import orjson
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

from bot.redaction import redact, redact_bytes

JSON_HEADERS = {"Content-Type": "application/json", "User-Agent": BaseRequest.USER_AGENT}
FORM_HEADERS = {"User-Agent": BaseRequest.USER_AGENT}


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` for python-telegram-bot with a keep-alive aiohttp connection pool.

    Timeouts follow PTB's meaning: `read` bounds waiting for the answer (getUpdates passes
    its long-poll time plus this), `connect` covers taking a pooled connection too."""

    def __init__(
        self,
        connections: int = 64,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._connections = connections
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connections, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector)

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        has_files = request_data is not None and request_data.contains_files
        timeout = self._timeout(read_timeout, write_timeout, connect_timeout, has_files)
        body, headers = _body(request_data)
        try:
            async with self._session.request(
                method, url, data=body, headers=headers, timeout=timeout, proxy=proxy_for(url)
            ) as answer:
                payload = await answer.read()
                status = answer.status
        # aiohttp's text can hold the URL, and the URL holds the token (a redirect loop, a
        # connection timeout, an invalid URL): neither the error raised here nor a traceback of
        # it may carry the original, so it is not chained.
        except TimeoutError as error:
            raise TimedOut(f"Timed out ({_described(error)})") from None
        except Exception as error:
            raise NetworkError(_described(error)) from None
        # PTB quotes an answer that is not JSON in its error (a proxy's page may echo the URL).
        return status, payload if status < 300 else redact_bytes(payload)

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        """As PTB's, without logging the whole answer when it is not JSON (it may hold texts)."""
        try:
            parsed: JSONDict = orjson.loads(payload)
        except orjson.JSONDecodeError:
            raise TelegramError("Invalid server response: not JSON") from None
        return parsed

    def _timeout(
        self,
        read: ODVInput[float],
        write: ODVInput[float],
        connect: ODVInput[float],
        has_files: bool,
    ) -> aiohttp.ClientTimeout:
        read_s = self._read if isinstance(read, DefaultValue) else read
        connect_s = self._connect if isinstance(connect, DefaultValue) else connect
        default_write = self._media_write if has_files else self._write
        write_s = default_write if isinstance(write, DefaultValue) else write
        # aiohttp has no write timeout of its own: the total allows for writing and reading.
        total = None if read_s is None or write_s is None else read_s + write_s
        return aiohttp.ClientTimeout(
            total=total, connect=connect_s, sock_connect=connect_s, sock_read=read_s
        )


def _described(error: BaseException) -> str:
    text = redact(str(error))
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def proxy_for(url: str) -> str | None:
    """HTTPS_PROXY / HTTP_PROXY / NO_PROXY, honoured as by PTB's default transport (an office
    network may reach Telegram only through its proxy). Looked up once per host: aiohttp's own
    trust_env reads the environment and ~/.netrc again on every request."""
    parts = urlsplit(url)
    return _proxy_for_host(parts.scheme, parts.hostname or "")


@functools.cache
def _proxy_for_host(scheme: str, host: str) -> str | None:
    if proxy_bypass(host):
        return None
    return getproxies().get(scheme)


def _body(request_data: RequestData | None) -> tuple[Any, dict[str, str]]:
    if request_data is None:
        return None, FORM_HEADERS
    if not request_data.contains_files:
        return orjson.dumps(request_data.parameters), JSON_HEADERS
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        if isinstance(part, tuple):
            filename, content, *mime = part
            form.add_field(name, content, filename=filename, content_type=next(iter(mime), None))
        else:
            form.add_field(name, part)
    return form, FORM_HEADERS
