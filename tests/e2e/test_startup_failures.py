"""`rembug run` that cannot start: one line saying what is wrong and what to do, exit status 1,
the token nowhere in what it prints, the database untouched. Run as an operator runs it."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from emulator import BotApiEmulator, make_token

from .durability_helpers import clean_env, rembug_command, run_cli


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def without_proxy(**env: str) -> dict[str, str]:
    """No proxy from the machine in between (the tests talk to 127.0.0.1)."""
    return {"HTTPS_PROXY": "", "HTTP_PROXY": "", "https_proxy": "", "http_proxy": "", **env}


def assert_one_line(result: subprocess.CompletedProcess[str], token: str, *words: str) -> str:
    """The only output is one line on stderr naming `words`; no traceback, no token."""
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith("rembug: ") and lines[0] in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    assert "Traceback" not in output
    assert token not in output and token.split(":", 1)[1] not in output, "the token was echoed"
    return lines[0]


async def test_an_unreachable_bot_api_url_is_one_line(tmp_path: Path) -> None:
    token = make_token()
    url = f"http://127.0.0.1:{closed_port()}"
    env = without_proxy(BOT_TOKEN=token, TELEGRAM_API_URL=url)
    result = await asyncio.to_thread(run_cli, "run", cwd=tmp_path, **env)
    line = assert_one_line(result, token, "cannot reach", f"TELEGRAM_API_URL={url}")
    assert "Check the address" in line
    assert not (tmp_path / "data").exists(), "the database must not be touched"


async def test_a_rejected_token_is_one_line_without_the_token(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    emulator.revoke_token()
    env = without_proxy(BOT_TOKEN=emulator.token, TELEGRAM_API_URL=emulator.url)
    result = await asyncio.to_thread(run_cli, "run", cwd=tmp_path, **env)
    assert_one_line(result, emulator.token, "rejected BOT_TOKEN", "@BotFather")
    assert not (tmp_path / "data").exists(), "the database must not be touched"


async def test_a_rejected_token_stops_the_webhook_server_too(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    emulator.revoke_token()
    env = without_proxy(
        BOT_TOKEN=emulator.token,
        TELEGRAM_API_URL=emulator.url,
        WEBHOOK_URL="https://rembug.example.go.id/telegram",
        WEBHOOK_SECRET="s3cret",
    )
    result = await asyncio.to_thread(run_cli, "webhook", cwd=tmp_path, **env)
    assert_one_line(result, emulator.token, "rejected BOT_TOKEN")


def test_no_network_is_one_line(tmp_path: Path) -> None:
    """In a network namespace of its own, the machine has no network at all."""
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-rn", "true"], check=False).returncode:
        pytest.skip("needs `unshare -rn` (user namespaces) to take the network away")
    token = make_token()
    result = subprocess.run(
        [unshare, "-rn", *rembug_command(), "run"],
        cwd=tmp_path,
        env=clean_env(**without_proxy(BOT_TOKEN=token)),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    line = assert_one_line(result, token, "cannot reach Telegram at https://api.telegram.org")
    assert "internet connection" in line and "HTTPS_PROXY" in line


def test_a_proxy_that_refuses_is_named(tmp_path: Path) -> None:
    token = make_token()
    proxy = f"http://127.0.0.1:{closed_port()}"
    env = without_proxy(BOT_TOKEN=token, HTTPS_PROXY=proxy, https_proxy=proxy, NO_PROXY="")
    result = run_cli("run", cwd=tmp_path, **env)
    assert_one_line(result, token, "through the proxy", "HTTPS_PROXY")


def test_a_malformed_setting_reads_without_pydantic_wording(tmp_path: Path) -> None:
    result = run_cli("run", cwd=tmp_path, BOT_TOKEN=make_token(), TELEGRAM_API_URL="api.tg.org")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "rembug: TELEGRAM_API_URL is invalid: must start with http:// or https://. "
        "See .env.example."
    )
