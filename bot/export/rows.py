"""From a database row to what the files hold: codes resolved to Indonesian names.

`Labels` is built once per export (plain dict look-ups per row: this runs 100,000 times).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue.scripts import COMMUNITY_ROLES
from bot.i18n import N_, translator
from bot.proposals import statuses
from bot.proposals.script import NEEDS, TIME_TO_RESULT, UNKNOWN_AGENCY, URGENCY
from bot.reference import Reference
from storage.queries.export import BASE_FIELDS, HIDDEN_FIELDS, IDENTITY_FIELDS

# Indonesia keeps no daylight saving time: WIB is UTC+7 all year.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
MAP_URL = "https://www.google.com/maps?q={latitude},{longitude}"
UNCLASSIFIED = N_("Not classified yet")  # msgid of the name of a missing dimension or element
# In place of a name (and group) the participant did not let OPD staff see (naming consent).
WITHHELD = "(tidak ditampilkan)"
UNITS = {"people": "orang", "households": "KK"}
MANDATES = {"confirmed": "✔ dikonfirmasi", "declined": "ditolak"}

Value = str | int | float | dt.datetime | None
Pair = dict[str, str | None]


@dataclass(frozen=True)
class Labels:
    """Indonesian names for every code a proposal row holds."""

    kecamatan: dict[str, str]
    desa: dict[str, str]
    dimensions: dict[str, str]
    sub_elements: dict[tuple[str, str], str]
    agencies: dict[str, str]
    urgency: dict[str, str]
    time_to_result: dict[str, str]
    needs: dict[str, str]
    roles: dict[str, str]
    statuses: dict[str, str]
    unclassified: str = "Belum diklasifikasi"

    @classmethod
    def indonesian(cls, reference: Reference) -> Labels:
        t = translator("id")
        agencies = {a.key: a.name for a in reference.agencies}
        agencies[UNKNOWN_AGENCY] = t("Don't know")
        return cls(
            kecamatan={k.code: k.name for k in reference.kecamatan},
            desa={d.code: d.name for k in reference.kecamatan for d in k.desa},
            dimensions={d.key: d.name_id for d in reference.dimensions},
            sub_elements={
                (d.key, s.key): s.name_id for d in reference.dimensions for s in d.sub_elements
            },
            agencies=agencies,
            urgency={k: t(v) for k, v in URGENCY.items()},
            time_to_result={k: t(v) for k, v in TIME_TO_RESULT.items()},
            needs={k: t(v) for k, v in NEEDS.items()},
            roles={k: t(v) for k, v in COMMUNITY_ROLES.items()},
            statuses={s.value: t(label) for s, label in statuses.LABELS.items()},
            unclassified=t(UNCLASSIFIED),
        )

    def dimension(self, code: str | None) -> str:
        if code is None:
            return self.unclassified
        return self.dimensions.get(code, code)

    def sub_element(self, dimension: str | None, code: str | None) -> str:
        if code is None:
            return self.unclassified
        return self.sub_elements.get((dimension or "", code), code)


def _wib(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.astimezone(WIB) if moment is not None else None


def _map_link(latitude: float | None, longitude: float | None) -> str | None:
    if latitude is None or longitude is None:
        return None
    return MAP_URL.format(latitude=f"{latitude:.6f}", longitude=f"{longitude:.6f}")


class RowBuilder:
    """Turns a row of `storage.queries.export.proposal_rows` into flat values or JSON."""

    def __init__(self, labels: Labels, identity: bool, hidden: bool) -> None:
        self.labels = labels
        self.fields = BASE_FIELDS + (IDENTITY_FIELDS if identity else ())
        self.fields += HIDDEN_FIELDS if hidden else ()

    def values(self, row: Sequence[Any]) -> dict[str, Any]:
        return dict(zip(self.fields, row, strict=True))

    def flat(self, row: Sequence[Any]) -> list[Value]:
        """Values in the order of `columns.columns_for`; dates are aware WIB datetimes."""
        v = self.values(row)
        lb = self.labels
        needs = v["needs"] or []
        out: list[Value] = [
            v["reference"],
            _wib(v["submitted_at"]),
            v["round_id"],
            v["round_name"],
            v["kecamatan_code"],
            lb.kecamatan.get(v["kecamatan_code"], v["kecamatan_code"]),
            v["desa_code"],
            lb.desa.get(v["desa_code"], v["desa_code"]),
            v["dimension"],
            lb.dimension(v["dimension"]),
            v["sub_element"],
            lb.sub_element(v["dimension"], v["sub_element"]),
            v["problem"],
            v["causes"],
            v["solution"],
            lb.urgency.get(v["urgency"], v["urgency"]),
            lb.time_to_result.get(v["time_to_result"], v["time_to_result"]),
            ", ".join(lb.needs.get(n, n) for n in needs),
            v["agency"],
            lb.agencies.get(v["agency"], v["agency"]),
            v["beneficiaries"],
            v["status"],
            lb.statuses.get(v["status"], v["status"]),
            v["status_reason"],
            v["merged_into"],
            v["latitude"],
            v["longitude"],
            _map_link(v["latitude"], v["longitude"]),
            len(v["photos"] or []),
            v["pseudonym"],
            int(v["supports"] or 0),
            v["represents"],
            UNITS.get(v["represents_unit"] or "") if v["represents"] is not None else None,
            MANDATES.get(v["mandate"] or ""),
        ]
        if "name" in v:
            role = v["community_role"]
            name, group = _shown(v)
            out += [name, lb.roles.get(role, role) if role else None, group]
        if "hidden_at" in v:
            out += [_wib(v["hidden_at"]), v["hidden_reason"]]
        return out

    def nested(self, row: Sequence[Any]) -> dict[str, Any]:
        """One JSON object: every coded value as {"code", "name"}, dates in ISO 8601 (WIB)."""
        v = self.values(row)
        lb = self.labels

        def pair(code: str | None, names: dict[str, str]) -> Pair:
            return {"code": code, "name": names.get(code, code) if code else None}

        submitted = _wib(v["submitted_at"])
        data: dict[str, Any] = {
            "reference": v["reference"],
            "submitted_at": submitted.isoformat() if submitted else None,
            "round": {"id": v["round_id"], "name": v["round_name"]},
            "kecamatan": pair(v["kecamatan_code"], lb.kecamatan),
            "desa": pair(v["desa_code"], lb.desa),
            "dimension": {"code": v["dimension"], "name": lb.dimension(v["dimension"])},
            "sub_element": {
                "code": v["sub_element"],
                "name": lb.sub_element(v["dimension"], v["sub_element"]),
            },
            "problem": v["problem"],
            "causes": v["causes"],
            "solution": v["solution"],
            "urgency": pair(v["urgency"], lb.urgency),
            "time_to_result": pair(v["time_to_result"], lb.time_to_result),
            "needs": [pair(n, lb.needs) for n in v["needs"] or []],
            "agency": pair(v["agency"], lb.agencies),
            "beneficiaries": v["beneficiaries"],
            "status": {
                **pair(v["status"], lb.statuses),
                "reason": v["status_reason"],
                "merged_into": v["merged_into"],
            },
            "location": _location(v["latitude"], v["longitude"]),
            "photos": len(v["photos"] or []),
            "participant": {"pseudonym": v["pseudonym"], **_represents(v)},
            "supports": int(v["supports"] or 0),
        }
        if "name" in v:
            name, group = _shown(v)
            data["participant"].update(
                name=name, role=pair(v["community_role"], lb.roles), group=group
            )
        if "hidden_at" in v:
            hidden = _wib(v["hidden_at"])
            data["hidden"] = {
                "at": hidden.isoformat() if hidden else None,
                "reason": v["hidden_reason"],
            }
        return data


def _shown(v: dict[str, Any]) -> tuple[str | None, str | None]:
    """Name and group as an identity export shows them: only with the participant's yes
    (the rule of bot/participants/naming.visible_to_opd; an erased name is None already)."""
    if v["name"] is None or v["name_visible"] is True:
        return v["name"], v["group_name"]
    return WITHHELD, WITHHELD if v["group_name"] else None


def _represents(v: dict[str, Any]) -> dict[str, Any]:
    count = v["represents"]
    unit = v["represents_unit"] or "people"
    return {
        "represents": {"count": count, "unit": unit} if count is not None else None,
        "mandate": v["mandate"],
    }


def supporter_flat(row: Sequence[Any]) -> list[Value]:
    """A row of `storage.queries.export.stream_supporters`, in `columns.supporter_columns`
    order; the date in WIB; a name only with the supporter's yes."""
    reference, pseudonym, comment, created_at, *identity = row
    out: list[Value] = [reference, pseudonym, comment, _wib(created_at)]
    if identity:
        name, visible = identity
        out.append(name if name is None or visible is True else WITHHELD)
    return out


def _location(latitude: float | None, longitude: float | None) -> dict[str, Any] | None:
    if latitude is None or longitude is None:
        return None
    return {"latitude": latitude, "longitude": longitude, "map_url": _map_link(latitude, longitude)}
