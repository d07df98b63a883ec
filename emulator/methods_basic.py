"""getMe, getUpdates, the webhook methods, bot commands and chat actions."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from emulator.errors import bad_request
from emulator.params import Params
from emulator.state import EmulatorState, Handler

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


async def get_me(state: EmulatorState, p: Params) -> Any:
    return {
        **state.bot_json(p.bot_id),
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


async def get_updates(state: EmulatorState, p: Params) -> Any:
    queue = state.updates
    limit = min(max(p.get_int("limit") or 100, 1), 100)
    timeout = max(p.get_float("timeout") or 0.0, 0.0)
    poll = state.webhook.begin_poll(p.connected)  # 409 with a webhook or another poller
    try:
        queue.confirm(p.get_int("offset"))
        queue.set_allowed(p.get_json("allowed_updates"))
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            batch = queue.take(limit)
            if batch or state.closing:
                break
            if not await queue.signal.wait(deadline - loop.time()):
                batch = queue.take(limit)
                break
    finally:
        state.webhook.end_poll(poll)
    state.stats.updates_delivered += len(batch)
    return batch


async def set_webhook(state: EmulatorState, p: Params) -> Any:
    url = p.get_str("url") or ""
    if p.get_bool("drop_pending_updates"):
        state.updates.drop_all()
    if not url:
        state.webhook.delete()
        return True
    state.updates.set_allowed(p.get_json("allowed_updates"))
    state.webhook.set(url, p.get_str("secret_token"), p.get_int("max_connections"))
    return True


async def delete_webhook(state: EmulatorState, p: Params) -> Any:
    if p.get_bool("drop_pending_updates"):
        state.updates.drop_all()
    state.webhook.delete()
    return True


async def get_webhook_info(state: EmulatorState, p: Params) -> Any:
    return state.webhook.info()


def _scope_key(p: Params) -> tuple[str, str]:
    scope = p.get_json("scope") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope JSON object")
    language = p.get_str("language_code") or ""
    if language and not _LANGUAGE.match(language):
        raise bad_request("invalid language code specified")
    return json.dumps(scope, sort_keys=True), language


def scope_key(language_code: str | None, scope: dict[str, Any] | None = None) -> tuple[str, str]:
    return json.dumps(scope or {"type": "default"}, sort_keys=True), language_code or ""


def _parse_commands(raw: Any) -> list[tuple[str, str]]:
    if not isinstance(raw, list):
        raise bad_request("can't parse commands JSON object")
    if len(raw) > 100:
        raise bad_request("too many commands specified")
    commands: list[tuple[str, str]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand JSON object")
        command = str(item.get("command", "")).removeprefix("/")
        description = str(item.get("description", ""))
        if not _COMMAND.match(command):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description.strip()) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        commands.append((command, description))
    return commands


async def set_my_commands(state: EmulatorState, p: Params) -> Any:
    commands = _parse_commands(p.get_json("commands"))
    key = _scope_key(p)
    if commands:
        state.commands[key] = commands
    else:
        state.commands.pop(key, None)
    return True


async def get_my_commands(state: EmulatorState, p: Params) -> Any:
    commands = state.commands.get(_scope_key(p), [])
    return [{"command": c, "description": d} for c, d in commands]


async def delete_my_commands(state: EmulatorState, p: Params) -> Any:
    state.commands.pop(_scope_key(p), None)
    return True


async def send_chat_action(state: EmulatorState, p: Params) -> Any:
    state.chat(p.get_str("chat_id"))
    if p.get_str("action") not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")
    return True


METHODS: dict[str, Handler] = {
    "getMe": get_me,
    "getUpdates": get_updates,
    "setWebhook": set_webhook,
    "deleteWebhook": delete_webhook,
    "getWebhookInfo": get_webhook_info,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
    "sendChatAction": send_chat_action,
}
