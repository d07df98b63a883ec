"""The choices on the /ekspor card, carried whole in each button's callback data.

Layout: ``v1:e:<action>:<format>:<round id or 0>:<kecamatan code or ->:<flags>`` where flags
are four digits: identity, hidden, withdrawn, photos (XLSX only: a ZIP with the photos; a card
of three digits, sent before photos could be chosen, reads as without). Actions: ``o`` show
the card, ``k`` pick a kecamatan, ``g`` export, ``a`` audit log. Everything is checked again
on the server. The perangkat daerah an OPD member's export is limited to is never in the
data: the server sets it from their role (`Exports`), so no button can ask for another OPD's
proposals.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.export.build import Format, Request
from storage.queries.export import Scope

ACTIONS = ("o", "k", "g", "a")


@dataclass(frozen=True)
class Options:
    format: Format = Format.XLSX
    round_id: int | None = None
    kecamatan: str | None = None
    identity: bool = False
    hidden: bool = False
    withdrawn: bool = False
    photos: bool = False
    agency: str | None = None  # set by the server only (an OPD member's export), never encoded

    @property
    def with_photos(self) -> bool:
        return self.photos and self.format is Format.XLSX

    def encode(self, action: str) -> str:
        flags = f"{int(self.identity)}{int(self.hidden)}{int(self.withdrawn)}{int(self.photos)}"
        place = self.kecamatan or "-"
        return cb.encode(Kind.EXPORT, action, self.format.value, self.round_id or 0, place, flags)

    def request(self) -> Request:
        scope = Scope(self.round_id, self.kecamatan, self.hidden, self.withdrawn, self.agency)
        return Request(self.format, scope, self.identity)

    def changed(self, rounds: list[int], **changes: object) -> Options:
        """The options after a tap: a new format or kecamatan, the next round, a flag flipped."""
        new = self
        if "fmt" in changes:
            new = replace(new, format=Format(str(changes["fmt"])), photos=False)
        if changes.get("round") == "next":
            cycle: list[int | None] = [None, *rounds]
            at = cycle.index(self.round_id) if self.round_id in cycle else 0
            new = replace(new, round_id=cycle[(at + 1) % len(cycle)])
        if "kecamatan" in changes:
            code = str(changes["kecamatan"])
            new = replace(new, kecamatan=None if code == "-" else code)
        if changes.get("identity"):
            new = replace(new, identity=not self.identity)
        if changes.get("hidden"):
            new = replace(new, hidden=not self.hidden)
        if changes.get("withdrawn"):
            new = replace(new, withdrawn=not self.withdrawn)
        if changes.get("photos"):
            new = replace(new, photos=not self.photos)
        return new


Tap = tuple[str, Options]  # (action, the options the card carried)


def parse(data: str | None) -> Tap | None:
    """(action, options) from callback data, or None for anything malformed."""
    return read(cb.decode(data))


def read(decoded: cb.Callback | None) -> Tap | None:
    """(action, options) from decoded callback data, or None when they are not an export's."""
    if decoded is None or decoded.kind is not Kind.EXPORT or len(decoded.fields) != 5:
        return None
    action, fmt, round_field, place, flags = decoded.fields
    round_id = cb.parse_id(round_field)
    if action not in ACTIONS or fmt not in set(Format) or round_id is None:
        return None
    if len(flags) not in (3, 4) or set(flags) - {"0", "1"}:
        return None
    identity, hidden, withdrawn, photos = (f == "1" for f in flags.ljust(4, "0"))
    kecamatan = None if place == "-" else place
    chosen = (identity, hidden, withdrawn, photos and fmt == Format.XLSX)
    options = Options(Format(fmt), round_id or None, kecamatan, *chosen)
    return action, options
