"""A short, versioned codec for callback_data. It comes from the client: parse strictly.

Layout: ``v1:<kind>:<field>:<field>...``, at most 64 bytes, fields of ``[A-Za-z0-9_.-]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

VERSION = "v1"
MAX_BYTES = 64
# Ids are SQL INTEGER columns: 32-bit on PostgreSQL, which refuses a larger number outright.
MAX_ID = 2**31 - 1
_FIELD = re.compile(r"[A-Za-z0-9_.\-]{1,40}")


class Kind(StrEnum):
    STEP = "s"  # a dialogue action: s:<revision>:<action>:<argument>
    CONSENT = "c"  # c:<yes|no|lang>:<locale>:<kecamatan code or ->
    LANGUAGE = "l"  # l:<locale>
    MENU = "m"  # m:<item>
    PROFILE = "p"  # p:<field>
    MINE = "u"  # u:<action>:<proposal id>
    ERASE = "d"  # d:<yes|no>
    # Staff features; each owns its own field layout (documented in its handler module).
    COORDINATION = "k"  # invitations, coordinators, progress (rekap)
    BROADCAST = "b"  # broadcasts and reminders
    ROUND = "r"  # consultation rounds
    MODERATION = "o"  # hide/unhide, proposal status
    CLASSIFY = "y"  # classify a proposal (dimension, element, perangkat daerah)
    EXPORT = "e"  # exports
    STATS = "t"  # statistics and charts
    DESK = "j"  # the OPD desk: proposals of one perangkat daerah, tanggapan
    INDICATOR = "i"  # the OPD response indicator (admins; each OPD its own line)
    SHORTLIST = "q"  # the quick-win shortlist, choosing quick wins (admins)
    MANDATE = "g"  # coordinators confirm or decline a representative's mandate
    NAMING = "n"  # naming consent: may OPD staff see my name and group
    PRIORITISE = "a"  # "A atau B?": a:<action>:<a id>:<b id> (bot/priorities/screens.py)
    RESULTS = "h"  # a round's results per kecamatan, the feedback on them (bot/results)


class StepAction(StrEnum):
    ANSWER = "a"
    TOGGLE = "t"
    DONE = "n"
    SKIP = "s"
    BACK = "b"
    CANCEL = "x"
    PAGE = "p"
    HELP = "h"
    SUBMIT = "k"
    EDIT_LIST = "e"
    EDIT_STEP = "E"
    REVIEW = "r"
    CONFIRM = "c"  # take the suggested topic
    BROWSE = "v"  # show the topics of one group ("-": the groups)


@dataclass(frozen=True)
class Callback:
    kind: Kind
    fields: tuple[str, ...]

    @property
    def action(self) -> str:
        """The first field: what the button does (every staff kind starts with it)."""
        return self.fields[0] if self.fields else ""

    @property
    def args(self) -> tuple[str, ...]:
        """The fields after the action."""
        return self.fields[1:]

    def number(self, index: int) -> int | None:
        """args[index] as an id or page number; None when it is missing or not one."""
        args = self.args
        if not -len(args) <= index < len(args):
            return None
        return parse_id(args[index])


def encode(kind: Kind, *fields: str | int) -> str:
    parts = [str(field) for field in fields]
    for part in parts:
        if not _FIELD.fullmatch(part):
            raise ValueError(f"callback field not encodable: {part!r}")
    data = ":".join([VERSION, kind.value, *parts])
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
    return data


def decode(data: str | None) -> Callback | None:
    """The parsed callback, or None for anything malformed, foreign or of an old version."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != VERSION:
        return None
    try:
        kind = Kind(parts[1])
    except ValueError:
        return None
    fields = tuple(parts[2:])
    if not all(_FIELD.fullmatch(field) for field in fields):
        return None
    return Callback(kind, fields)


def parse_id(field: str) -> int | None:
    """A database id (or page number) from callback data, or None when no column could hold it."""
    if not field.isascii() or not field.isdigit() or len(field) > len(str(MAX_ID)):
        return None
    value = int(field)
    return value if value <= MAX_ID else None


def step(revision: int, action: StepAction, argument: str | int = "-") -> str:
    return encode(Kind.STEP, revision, action.value, argument)


@dataclass(frozen=True)
class StepCallback:
    revision: int
    action: StepAction
    argument: str


def parse_step(callback: Callback) -> StepCallback | None:
    if callback.kind is not Kind.STEP or len(callback.fields) != 3:
        return None
    revision, action, argument = callback.fields
    number = parse_id(revision)
    if number is None:
        return None
    try:
        return StepCallback(number, StepAction(action), argument)
    except ValueError:
        return None
