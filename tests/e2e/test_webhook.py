"""Webhook mode in-process: the secret check, a burst of updates, bodies that are not updates;
health and metrics on their own address."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from pydantic import SecretStr

from bot.app import RembugApp, build_application
from bot.serve.monitor import serve_metrics
from bot.serve.webhook import MAX_UPDATE_BYTES, SECRET_HEADER, WebhookApp, WebhookServer
from bot.settings import Settings
from emulator import BotApiEmulator
from storage.db import Database
from storage.migrate import upgrade_async

SECRET = "s3cret_for-tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def webhook_settings(settings: Settings) -> Settings:
    port = free_port()
    return settings.model_copy(
        update={
            "webhook_url": f"http://127.0.0.1:{port}/telegram",
            "webhook_secret": SecretStr(SECRET),
            "port": port,
            "metrics_port": free_port(),
        }
    )


def metrics_base(settings: Settings) -> str:
    address = settings.metrics_address()
    assert address is not None
    return f"http://{address[0]}:{address[1]}"


@pytest.fixture
async def server(webhook_settings: Settings) -> AsyncIterator[WebhookServer]:
    await upgrade_async(webhook_settings.database_url)
    served = WebhookServer(build_application(webhook_settings), webhook_settings)
    task = asyncio.create_task(served.run(register=True))
    for _ in range(200):
        if served.started or task.done():
            break
        await asyncio.sleep(0.05)
    assert served.started, "the webhook server did not come up"
    try:
        yield served
    finally:
        served.stop()
        await task


def update(update_id: int, user_id: int, text: str) -> dict[str, object]:
    sender = {"id": user_id, "is_bot": False, "first_name": "Sari", "language_code": "en"}
    message = {
        "message_id": 1,
        "date": 1_760_000_000,
        "chat": {"id": user_id, "type": "private", "first_name": "Sari"},
        "from": sender,
        "text": text,
    }
    return {"update_id": update_id, "message": message}


async def test_the_secret_is_checked_and_updates_arrive_by_webhook(
    emulator: BotApiEmulator, server: WebhookServer
) -> None:
    info = emulator.webhook.info()
    assert info["url"] == server.url
    sari = emulator.user(501, "Sari", "en")
    async with httpx.AsyncClient() as http:
        forged = update(999_000_001, 501, "/start")
        missing = await http.post(server.url, json=forged)
        wrong = await http.post(server.url, json=forged, headers={SECRET_HEADER: "guess"})
        almost = await http.post(server.url, json=forged, headers={SECRET_HEADER: SECRET + "x"})
    assert (missing.status_code, wrong.status_code, almost.status_code) == (403, 403, 403)
    await asyncio.sleep(0.3)
    assert sari.bot_messages() == [], "a refused update must have no effect"
    reply = await sari.send("/start")  # the emulator posts it with the right secret
    assert reply.messages, "the bot answers an update that came by webhook"
    assert emulator.webhook.failures == 0


async def test_a_burst_of_updates_is_answered_once_each(
    emulator: BotApiEmulator, server: WebhookServer
) -> None:
    people = [emulator.user(600 + i, f"Warga {i}", "en") for i in range(40)]
    for person in people:
        await person.send("/start", expect_reply=False)
    for _ in range(200):
        if all(person.bot_messages() for person in people) and not emulator.pending_updates:
            break
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    welcomes = [len(person.bot_messages()) for person in people]
    assert min(welcomes) >= 1, "everyone in the burst is answered"
    assert len(set(welcomes)) == 1, "everyone got the same welcome, once"


async def scrape(
    base: str, path: str, until: Callable[[str], bool], within: float = 10.0
) -> httpx.Response:
    """GET base+path until `until(text)` (the page is renewed about once a second)."""
    async with httpx.AsyncClient() as http:
        for _ in range(int(within / 0.1)):
            try:
                answer = await http.get(base + path)
                if until(answer.text):
                    return answer
            except httpx.TransportError:
                pass  # the listener process is still starting
            await asyncio.sleep(0.1)
    raise AssertionError(f"{base}{path} never showed what was expected")


def value(page: str, name: str) -> float | None:
    found = [line.split()[1] for line in page.splitlines() if line.startswith(f"{name} ")]
    return float(found[0]) if found else None


def counted(page: str) -> bool:
    processed = value(page, "rembug_updates_processed_total")
    refused = value(page, "rembug_webhook_refused_total")
    return bool(processed and refused)


async def test_health_and_metrics_on_their_own_address(
    emulator: BotApiEmulator, server: WebhookServer, webhook_settings: Settings
) -> None:
    await emulator.user(701, "Sari", "en").send("/start")
    async with httpx.AsyncClient() as http:
        await http.post(server.url, json=update(999_000_002, 701, "/start"))  # no secret
    base = metrics_base(webhook_settings)
    health = await scrape(base, "/healthz", lambda text: text == "ok\n")
    page = await scrape(base, "/metrics", counted)
    assert health.status_code == 200
    assert page.headers["content-type"].startswith("text/plain; version=0.0.4")
    lines = page.text.splitlines()
    for name in (
        "rembug_updates_failed_total ",
        'rembug_reply_seconds_bucket{le="+Inf"} ',
        "rembug_reply_seconds_count ",
        "rembug_broadcast_messages_sent_total ",
        "rembug_broadcast_queue_depth 0",
        "rembug_telegram_429_total ",
    ):
        assert any(line.startswith(name) for line in lines), name
    assert "# TYPE rembug_reply_seconds histogram" in lines


async def test_the_webhook_port_serves_neither_metrics_nor_health(server: WebhookServer) -> None:
    """The webhook port faces the internet (through the proxy): nothing there but updates."""
    base = server.url.removesuffix("/telegram")
    async with httpx.AsyncClient() as http:
        health = await http.get(f"{base}/healthz")
        page = await http.get(f"{base}/metrics")
    assert (health.status_code, page.status_code) == (404, 404)


async def test_health_is_503_when_the_database_is_unreachable(webhook_settings: Settings) -> None:
    nowhere = Database("postgresql+asyncpg://rembug@127.0.0.1:9/rembug")  # nothing on port 9
    base = metrics_base(webhook_settings)
    try:
        async with serve_metrics(webhook_settings, nowhere):
            health = await scrape(base, "/healthz", lambda text: "database unreachable" in text)
            page = await scrape(base, "/metrics", lambda text: "rembug_reply_seconds" in text)
    finally:
        await nowhere.dispose()
    assert health.status_code == 503
    assert page.status_code == 200 and "rembug_broadcast_queue_depth" not in page.text


# --- bodies that are not updates ------------------------------------------------------------


def _replies(depth: int) -> dict[str, object]:
    message: dict[str, object] = {"message_id": 1, "date": 1, "chat": {"id": 1, "type": "private"}}
    for _ in range(depth):
        message = {**message, "reply_to_message": message}
    return message


NOT_UPDATES = {
    "nested too deep for JSON": b"[" * 100_000 + b"]" * 100_000,
    "a list": b"[]",
    "a number": b"42",
    "null": b"null",
    "a string": b'"/start"',
    "update_id a string": b'{"update_id": "7"}',
    "update_id true": b'{"update_id": true}',
    "update_id a fraction": b'{"update_id": 1.5}',
    "update_id negative": b'{"update_id": -1}',
    "update_id beyond 64 bits": b'{"update_id": 99999999999999999999999}',
    "message a string": b'{"update_id": 7, "message": "hello"}',
    "date out of range": json.dumps(
        {"update_id": 7, "message": {**_replies(0), "date": 1e300}}
    ).encode(),
    "callback query NaN": b'{"update_id": 7, "callback_query": NaN}',
    "replies nested too deep for PTB": json.dumps(
        {"update_id": 7, "message": _replies(900)}
    ).encode(),
    # These were refused before too; kept so that they stay refused.
    "not JSON": b"this is not json",
    "no update_id": b'{"message": {"text": "hi"}}',
    "message without date and chat": b'{"update_id": 7, "message": {"message_id": 1}}',
}


@pytest.fixture
def web(webhook_settings: Settings) -> RembugApp:
    return build_application(webhook_settings)


@pytest.mark.parametrize("body", NOT_UPDATES.values(), ids=NOT_UPDATES.keys())
async def test_a_body_that_is_not_an_update_gets_400(web: RembugApp, body: bytes) -> None:
    app = WebhookApp(web, "/telegram", SECRET).asgi()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://rembug") as http:
        answer = await http.post("/telegram", content=body, headers={SECRET_HEADER: SECRET})
    assert answer.status_code == 400
    assert web.update_queue.empty(), "nothing is handed to the bot"


async def test_after_bodies_that_are_not_updates_the_bot_still_answers(
    emulator: BotApiEmulator, server: WebhookServer
) -> None:
    async with httpx.AsyncClient() as http:
        for body in NOT_UPDATES.values():
            answer = await http.post(server.url, content=body, headers={SECRET_HEADER: SECRET})
            assert answer.status_code == 400
    reply = await emulator.user(702, "Sari", "en").send("/start")
    assert reply.messages, "the bot still answers a real update"


async def raw_post(url: str, head: bytes, body: bytes, within: float = 5.0) -> bytes:
    """Send the request line and headers and `body`, then read the answer's status line; the
    rest of the body is never sent."""
    host, port = url.split("/")[2].split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(head + body)
        await writer.drain()
        return await asyncio.wait_for(reader.readline(), within)
    finally:
        writer.close()


def request_head(url: str, **headers: str) -> bytes:
    lines = [f"POST /{url.split('/', 3)[3]} HTTP/1.1", "Host: rembug", f"{SECRET_HEADER}: {SECRET}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def test_a_declared_body_over_the_limit_is_refused_before_it_is_sent(
    server: WebhookServer,
) -> None:
    head = request_head(server.url, Content_Type="application/json", Content_Length="10000000")
    status = await raw_post(server.url, head, b"")
    assert status.startswith(b"HTTP/1.1 413"), status


async def test_a_streamed_body_is_refused_once_it_passes_the_limit(server: WebhookServer) -> None:
    chunk = 64 * 1024
    head = request_head(server.url, Content_Type="application/json", Transfer_Encoding="chunked")
    over = MAX_UPDATE_BYTES // chunk + 1  # the body never ends: no closing zero-length chunk
    body = (f"{chunk:x}\r\n".encode() + b" " * chunk + b"\r\n") * over
    status = await raw_post(server.url, head, body)
    assert status.startswith(b"HTTP/1.1 413"), status
