"""Reference data: kecamatan and desa, smart city dimensions, agencies (OPD).

The files live in ``bot/data/`` as package data and are read on first use only.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

WILAYAH_FILE = "bekasi_wilayah.csv"
ABBREVIATIONS_FILE = "kecamatan_abbreviations.csv"
DIMENSIONS_FILE = "smart_city_dimensions.yaml"
AGENCIES_FILE = "bekasi_opd.csv"
PLACE_ALIASES_FILE = "place_aliases.csv"

DIMENSION_COUNT = 6
SUB_ELEMENTS_PER_DIMENSION = 3
DESA_KINDS = ("desa", "kelurahan")

_KECAMATAN_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}")
_DESA_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")
_ABBREVIATION = re.compile(r"[A-Z]{3}")
_PAYLOAD = re.compile(r"kec_([0-9]{2})_([0-9]{2})_([0-9]{2})")
_MAX_PAYLOAD_LENGTH = 64


class ReferenceDataError(ValueError):
    """A data file in bot/data/ does not have the expected shape."""


def _pick(locale: str, text_id: str, text_en: str) -> str:
    return text_en if locale == "en" else text_id


@dataclass(frozen=True)
class Desa:
    code: str  # "32.16.05.2001"
    name: str
    kind: str  # "desa" | "kelurahan"
    kecamatan_code: str


@dataclass(frozen=True)
class Kecamatan:
    code: str  # "32.16.05"
    name: str
    abbreviation: str  # made for this project, see bot/data/README.md
    desa: tuple[Desa, ...]


@dataclass(frozen=True)
class SubElement:
    key: str
    name_id: str
    name_en: str

    def name(self, locale: str) -> str:
        return _pick(locale, self.name_id, self.name_en)


@dataclass(frozen=True)
class Dimension:
    key: str
    label: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str
    aliases: tuple[str, ...]
    sub_elements: tuple[SubElement, ...]

    def name(self, locale: str) -> str:
        return _pick(locale, self.name_id, self.name_en)

    def description(self, locale: str) -> str:
        return _pick(locale, self.description_id, self.description_en)

    def sub_element(self, key: str) -> SubElement | None:
        return next((s for s in self.sub_elements if s.key == key), None)


@dataclass(frozen=True)
class Agency:
    code: str  # the singkatan, e.g. "Dinkes" or "Satpol PP"
    name: str

    @property
    def key(self) -> str:
        """The code as stored and sent in buttons: letters, digits, _ . - only."""
        return re.sub(r"[^A-Za-z0-9_.\-]", "_", self.code)


@dataclass(frozen=True)
class Reference:
    kecamatan: tuple[Kecamatan, ...]
    dimensions: tuple[Dimension, ...]
    agencies: tuple[Agency, ...]

    def kecamatan_by_code(self, code: str) -> Kecamatan | None:
        return next((k for k in self.kecamatan if k.code == code), None)

    def kecamatan_by_abbreviation(self, abbreviation: str) -> Kecamatan | None:
        wanted = abbreviation.upper()
        return next((k for k in self.kecamatan if k.abbreviation == wanted), None)

    def desa_by_code(self, code: str) -> Desa | None:
        kecamatan = self.kecamatan_by_code(code.rpartition(".")[0])
        if kecamatan is None:
            return None
        return next((d for d in kecamatan.desa if d.code == code), None)

    def dimension(self, key: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.key == key), None)

    def agency(self, code: str) -> Agency | None:
        """The agency with this key or singkatan."""
        return next((a for a in self.agencies if code in (a.key, a.code)), None)


# --- reading files -------------------------------------------------------------------------


def read_data_text(name: str) -> str:
    return resources.files("bot").joinpath("data", name).read_text(encoding="utf-8")


def read_data_csv(name: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    """Rows of a CSV in bot/data/, values stripped; lines starting with '#' are comments."""
    lines = [line for line in read_data_text(name).splitlines() if not line.startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = set(columns) - set(reader.fieldnames or ())
    if missing:
        raise ReferenceDataError(f"{name}: missing column(s) {sorted(missing)}")
    rows = [{c: (row.get(c) or "").strip() for c in columns} for row in reader]
    for number, row in enumerate(rows, start=2):
        empty = [c for c in columns if not row[c]]
        if empty:
            raise ReferenceDataError(f"{name}: row {number} has empty {empty}")
    return rows


def _require_unique(name: str, what: str, values: Iterable[str]) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ReferenceDataError(f"{name}: duplicate {what} {value!r}")
        seen.add(value)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ReferenceDataError(message)


# --- kecamatan and desa --------------------------------------------------------------------


def _load_abbreviations() -> dict[str, str]:
    rows = read_data_csv(ABBREVIATIONS_FILE, ("kecamatan_kode", "singkatan"))
    _require_unique(ABBREVIATIONS_FILE, "kecamatan code", (r["kecamatan_kode"] for r in rows))
    _require_unique(ABBREVIATIONS_FILE, "abbreviation", (r["singkatan"] for r in rows))
    for row in rows:
        _require(
            _ABBREVIATION.fullmatch(row["singkatan"]) is not None,
            f"{ABBREVIATIONS_FILE}: {row['singkatan']!r} is not three uppercase letters",
        )
    return {r["kecamatan_kode"]: r["singkatan"] for r in rows}


def _desa_from_row(row: Mapping[str, str]) -> Desa:
    code, kecamatan_code = row["kode"], row["kecamatan_kode"]
    _require(
        _KECAMATAN_CODE.fullmatch(kecamatan_code) is not None,
        f"{WILAYAH_FILE}: bad kecamatan code {kecamatan_code!r}",
    )
    _require(
        _DESA_CODE.fullmatch(code) is not None and code.startswith(kecamatan_code + "."),
        f"{WILAYAH_FILE}: bad desa code {code!r} for kecamatan {kecamatan_code!r}",
    )
    _require(row["jenis"] in DESA_KINDS, f"{WILAYAH_FILE}: {code}: bad jenis {row['jenis']!r}")
    return Desa(code=code, name=row["nama"], kind=row["jenis"], kecamatan_code=kecamatan_code)


def _load_kecamatan() -> tuple[Kecamatan, ...]:
    rows = read_data_csv(WILAYAH_FILE, ("kode", "kecamatan_kode", "kecamatan", "nama", "jenis"))
    _require(bool(rows), f"{WILAYAH_FILE}: no rows")
    _require_unique(WILAYAH_FILE, "desa code", (r["kode"] for r in rows))
    names: dict[str, str] = {}
    desa: dict[str, list[Desa]] = {}
    for row in rows:
        item = _desa_from_row(row)
        name = names.setdefault(item.kecamatan_code, row["kecamatan"])
        _require(name == row["kecamatan"], f"{WILAYAH_FILE}: {item.kecamatan_code} has two names")
        desa.setdefault(item.kecamatan_code, []).append(item)
    _require_unique(WILAYAH_FILE, "kecamatan name", names.values())
    abbreviations = _load_abbreviations()
    _require(
        set(abbreviations) == set(names),
        f"{ABBREVIATIONS_FILE}: kecamatan codes differ from {WILAYAH_FILE}: "
        f"{sorted(set(abbreviations) ^ set(names))}",
    )
    return tuple(
        Kecamatan(
            code=code,
            name=names[code],
            abbreviation=abbreviations[code],
            desa=tuple(sorted(desa[code], key=lambda d: d.name)),
        )
        # Alphabetical, as a person looks for their own in a list (the codes follow the BPS
        # numbering, which no resident knows).
        for code in sorted(names, key=lambda code: names[code])
    )


# --- dimensions ----------------------------------------------------------------------------


def _text(item: Mapping[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    _require(
        isinstance(value, str) and bool(value.strip()), f"{DIMENSIONS_FILE}: {where}: no {key}"
    )
    return str(value).strip()


def mapping_in(source: str, value: object, where: str) -> Mapping[str, Any]:
    """`value` read from the data file `source`, which must hold a mapping there."""
    if not isinstance(value, Mapping):
        raise ReferenceDataError(f"{source}: {where} is not a mapping")
    return value


def list_in(source: str, value: object, where: str) -> list[Any]:
    """`value` read from the data file `source`, which must hold a list there."""
    if not isinstance(value, list):
        raise ReferenceDataError(f"{source}: {where} is not a list")
    return value


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    return mapping_in(DIMENSIONS_FILE, value, where)


def _list(value: object, where: str) -> list[Any]:
    return list_in(DIMENSIONS_FILE, value, where)


def _sub_element(raw: object, where: str) -> SubElement:
    item = _mapping(raw, where)
    return SubElement(
        key=_text(item, "key", where),
        name_id=_text(item, "name_id", where),
        name_en=_text(item, "name_en", where),
    )


def _dimension(raw: object, index: int) -> Dimension:
    item = _mapping(raw, f"dimension #{index + 1}")
    key = _text(item, "key", f"dimension #{index + 1}")
    subs = tuple(
        _sub_element(s, f"{key} sub-element")
        for s in _list(item.get("sub_elements"), f"{key}.sub_elements")
    )
    _require(
        len(subs) == SUB_ELEMENTS_PER_DIMENSION,
        f"{DIMENSIONS_FILE}: {key} has {len(subs)} sub-elements, "
        f"expected {SUB_ELEMENTS_PER_DIMENSION}",
    )
    _require_unique(DIMENSIONS_FILE, f"{key} sub-element key", (s.key for s in subs))
    aliases = _list(item.get("aliases", []), f"{key}.aliases")
    return Dimension(
        key=key,
        label=_text(item, "label", key),
        name_id=_text(item, "name_id", key),
        name_en=_text(item, "name_en", key),
        description_id=_text(item, "description_id", key),
        description_en=_text(item, "description_en", key),
        aliases=tuple(str(a).strip() for a in aliases if str(a).strip()),
        sub_elements=subs,
    )


def _load_dimensions() -> tuple[Dimension, ...]:
    document = _mapping(yaml.safe_load(read_data_text(DIMENSIONS_FILE)), "the document")
    raw = _list(document.get("dimensions"), "dimensions")
    dimensions = tuple(_dimension(item, index) for index, item in enumerate(raw))
    _require(
        len(dimensions) == DIMENSION_COUNT,
        f"{DIMENSIONS_FILE}: {len(dimensions)} dimensions, expected {DIMENSION_COUNT}",
    )
    _require_unique(DIMENSIONS_FILE, "dimension key", (d.key for d in dimensions))
    return dimensions


# --- agencies ------------------------------------------------------------------------------


def _load_agencies() -> tuple[Agency, ...]:
    rows = read_data_csv(AGENCIES_FILE, ("singkatan", "nama"))
    _require(bool(rows), f"{AGENCIES_FILE}: no rows")
    _require_unique(AGENCIES_FILE, "agency code", (r["singkatan"] for r in rows))
    agencies = tuple(Agency(code=r["singkatan"], name=r["nama"]) for r in rows)
    _require_unique(AGENCIES_FILE, "agency key", (a.key for a in agencies))
    return agencies


# --- public --------------------------------------------------------------------------------


@cache
def load_reference() -> Reference:
    """All reference data, read and validated once; raises ReferenceDataError if malformed."""
    return Reference(
        kecamatan=_load_kecamatan(),
        dimensions=_load_dimensions(),
        agencies=_load_agencies(),
    )


def kecamatan_payload(code: str) -> str:
    """Deep-link payload for a kecamatan code: "32.16.05" -> "kec_32_16_05"."""
    return "kec_" + code.replace(".", "_")


def parse_kecamatan_payload(payload: str) -> str | None:
    """Kecamatan code from a deep-link payload ("kec_32_16_05"), or None if unknown/malformed."""
    if len(payload) > _MAX_PAYLOAD_LENGTH:
        return None
    match = _PAYLOAD.fullmatch(payload)
    if match is None:
        return None
    code = ".".join(match.groups())
    return code if load_reference().kecamatan_by_code(code) is not None else None
