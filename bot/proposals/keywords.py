"""The classifier's data, bot/data/problem_keywords.yaml, read and checked against the
reference data (every element and perangkat daerah it names must exist).

Plain data only: how the words are matched is bot/proposals/classifier.py's business.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from bot.reference import Reference, ReferenceDataError, list_in, mapping_in, read_data_text

KEYWORDS_FILE = "problem_keywords.yaml"
WORD_WEIGHT = 1.0
EXTRA_WORD_WEIGHT = 0.5  # a phrase is more telling than each of its words


@dataclass(frozen=True)
class Keyword:
    text: str  # as written in the file
    weight: float


@dataclass(frozen=True)
class Tuning:
    confident_score: float
    phrase_window: int
    fuzzy_min_length: int
    fuzzy_cutoff: float
    agency_shares: tuple[float, ...]


@dataclass(frozen=True)
class ElementWords:
    dimension: str
    element: str
    agencies: tuple[str, ...]  # Agency.key, most likely first
    keywords: tuple[Keyword, ...]


@dataclass(frozen=True)
class KeywordData:
    tuning: Tuning
    spellings: Mapping[str, str]
    ignored: frozenset[str]
    elements: tuple[ElementWords, ...]
    agencies: Mapping[str, tuple[Keyword, ...]]  # Agency.key -> its keywords


def load_keywords(reference: Reference) -> KeywordData:
    """The package's keyword file, checked; raises ReferenceDataError naming the problem."""
    return parse_keywords(read_data_text(KEYWORDS_FILE), reference)


def parse_keywords(text: str, reference: Reference) -> KeywordData:
    try:
        document = _mapping(yaml.safe_load(text), "the document")
    except yaml.YAMLError as error:
        raise ReferenceDataError(f"{KEYWORDS_FILE}: not YAML: {error}") from None
    return KeywordData(
        tuning=_tuning(_mapping(document.get("tuning"), "tuning")),
        spellings=_spellings(_mapping(document.get("spellings", {}), "spellings")),
        ignored=frozenset(_words(document.get("ignore", []), "ignore")),
        elements=_elements(_mapping(document.get("elements"), "elements"), reference),
        agencies=_agencies(_mapping(document.get("agencies"), "agencies"), reference),
    )


def default_weight(text: str) -> float:
    return WORD_WEIGHT + EXTRA_WORD_WEIGHT * (len(text.split()) - 1)


# --- sections ------------------------------------------------------------------------------


def _tuning(raw: Mapping[str, Any]) -> Tuning:
    shares = _list(raw.get("agency_shares"), "tuning.agency_shares")
    return Tuning(
        confident_score=_number(raw, "confident_score"),
        phrase_window=int(_number(raw, "phrase_window")),
        fuzzy_min_length=int(_number(raw, "fuzzy_min_length")),
        fuzzy_cutoff=_number(raw, "fuzzy_cutoff"),
        agency_shares=tuple(_as_number(s, "tuning.agency_shares") for s in shares),
    )


def _spellings(raw: Mapping[str, Any]) -> dict[str, str]:
    spellings = {str(k).strip().lower(): str(v).strip().lower() for k, v in raw.items()}
    for written, meant in spellings.items():
        _require(
            bool(meant) and " " not in meant and written != meant,
            f"spellings: {written!r} -> {meant!r} must name one other word",
        )
    return spellings


def _elements(raw: Mapping[str, Any], reference: Reference) -> tuple[ElementWords, ...]:
    found: list[ElementWords] = []
    for dimension_key, elements in raw.items():
        dimension = reference.dimension(str(dimension_key))
        _require(dimension is not None, f"elements: unknown dimension {dimension_key!r}")
        for element_key, entry in _mapping(elements, f"elements.{dimension_key}").items():
            where = f"elements.{dimension_key}.{element_key}"
            _require(
                dimension is not None and dimension.sub_element(str(element_key)) is not None,
                f"{where}: unknown element",
            )
            item = _mapping(entry, where)
            found.append(
                ElementWords(
                    dimension=str(dimension_key),
                    element=str(element_key),
                    agencies=_agency_keys(item.get("agencies", []), f"{where}.agencies", reference),
                    keywords=_keywords(item.get("keywords"), f"{where}.keywords"),
                )
            )
    return tuple(found)


def _agencies(raw: Mapping[str, Any], reference: Reference) -> dict[str, tuple[Keyword, ...]]:
    found: dict[str, tuple[Keyword, ...]] = {}
    for code, keywords in raw.items():
        agency = reference.agency(str(code))
        _require(agency is not None, f"agencies: unknown perangkat daerah {code!r}")
        if agency is not None:
            found[agency.key] = _keywords(keywords, f"agencies.{code}")
    return found


def _agency_keys(raw: object, where: str, reference: Reference) -> tuple[str, ...]:
    keys = []
    for code in (str(c).strip() for c in _list(raw, where)):
        agency = reference.agency(code)
        _require(agency is not None, f"{where}: unknown perangkat daerah {code!r}")
        if agency is not None:
            keys.append(agency.key)
    return tuple(keys)


def _keywords(raw: object, where: str) -> tuple[Keyword, ...]:
    """Items are "text" (default weight) or {"text": weight}."""
    keywords = []
    for item in _list(raw, where):
        if isinstance(item, Mapping):
            _require(len(item) == 1, f"{where}: {dict(item)!r} must be one 'text: weight'")
            ((text, weight),) = item.items()
            keywords.append(Keyword(_keyword_text(text, where), _as_number(weight, where)))
        else:
            text = _keyword_text(item, where)
            keywords.append(Keyword(text, default_weight(text)))
    return tuple(keywords)


# --- values --------------------------------------------------------------------------------


def _keyword_text(raw: object, where: str) -> str:
    text = " ".join(str(raw).lower().split())
    _require(bool(text), f"{where}: an empty keyword")
    return text


def _words(raw: object, where: str) -> list[str]:
    return [str(w).strip().lower() for w in _list(raw, where) if str(w).strip()]


def _number(raw: Mapping[str, Any], key: str) -> float:
    return _as_number(raw.get(key), f"tuning.{key}")


def _as_number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ReferenceDataError(f"{KEYWORDS_FILE}: {where}: {value!r} is not a number >= 0")
    return float(value)


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    return mapping_in(KEYWORDS_FILE, value, where)


def _list(value: object, where: str) -> list[Any]:
    return list_in(KEYWORDS_FILE, value, where)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ReferenceDataError(f"{KEYWORDS_FILE}: {message}")
