"""Webhook delivery and the one-poller rule of the emulator, over HTTP."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from aiohttp import web

from emulator import BotApiEmulator


async def call(emu: BotApiEmulator, method: str, **params: Any) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as http:
        return await http.post(f"{emu.url}/bot{emu.token}/{method}", json=params)


async def receiver() -> tuple[web.AppRunner, str, list[tuple[str | None, dict[str, Any]]]]:
    got: list[tuple[str | None, dict[str, Any]]] = []
    failures = [1]  # the first request fails: the update must come again

    async def hook(request: web.Request) -> web.Response:
        if failures:
            failures.pop()
            return web.Response(status=500)
        got.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        return web.Response()

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}/hook", got


async def test_updates_are_posted_with_the_secret_and_retried() -> None:
    async with BotApiEmulator() as emu:
        runner, url, got = await receiver()
        try:
            answer = await call(emu, "setWebhook", url=url, secret_token="abc_DEF-1")
            assert answer.json() == {"ok": True, "result": True}
            refused = await call(emu, "getUpdates")
            assert (
                refused.status_code == 409 and "webhook is active" in refused.json()["description"]
            )
            await emu.user(11, "Sari").send("halo", expect_reply=False)
            for _ in range(100):
                if got:
                    break
                await asyncio.sleep(0.05)
            assert [(secret, body["message"]["text"]) for secret, body in got] == [
                ("abc_DEF-1", "halo")
            ]
            info = (await call(emu, "getWebhookInfo")).json()["result"]
            assert info["url"] == url and info["pending_update_count"] == 0
            assert "500" in info["last_error_message"]
            bad = await call(emu, "setWebhook", url=url, secret_token="no spaces")
            assert bad.status_code == 400
            assert (await call(emu, "deleteWebhook")).json()["result"] is True
            assert (await call(emu, "getUpdates")).status_code == 200
        finally:
            await runner.cleanup()


async def test_a_second_concurrent_poller_gets_409() -> None:
    async with BotApiEmulator() as emu:
        first = asyncio.create_task(call(emu, "getUpdates", timeout=2))
        await asyncio.sleep(0.3)
        second = await call(emu, "getUpdates", timeout=0)
        assert second.status_code == 409
        assert "only one bot instance" in second.json()["description"]
        assert (await first).status_code == 200
        assert (await call(emu, "getUpdates", timeout=0)).status_code == 200
