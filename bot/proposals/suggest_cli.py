"""`rembug suggest "TEXT"`: what the problem classifier (bot/proposals/classifier.py) makes of
a text, as JSON, for tuning bot/data/problem_keywords.yaml. No database, no network."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.proposals.classifier import Suggestions, default_classifier
from bot.reference import Reference, ReferenceDataError, load_reference
from bot.settings import Settings

TOP = 3


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "suggest",
        help="print, as JSON, the dimension, element and perangkat daerah suggested for a "
        "problem text (for tuning bot/data/problem_keywords.yaml)",
    )
    parser.add_argument("text", nargs="+", help="the problem, as a resident would write it")
    parser.add_argument("--top", type=int, default=TOP, help=f"how many of each ({TOP})")
    parser.set_defaults(action=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    text = " ".join(args.text).strip()
    if not text:
        print("rembug: give the problem text to classify", file=sys.stderr)
        return 2
    try:
        reference = load_reference()
        found = default_classifier().classify(text)
    except ReferenceDataError as error:
        print(f"rembug: {error}", file=sys.stderr)
        return 2
    print(
        json.dumps(as_json(text, found, reference, max(args.top, 1)), ensure_ascii=False, indent=2)
    )
    return 0


def as_json(text: str, found: Suggestions, reference: Reference, top: int) -> dict[str, Any]:
    return {
        "text": text,
        "confident": found.confident,
        "dimensions": [_dimension(s.key, s.score, reference) for s in found.dimensions[:top]],
        "elements": [
            _element(e.dimension, e.element, e.score, reference) for e in found.elements[:top]
        ],
        "agencies": [_agency(s.key, s.score, reference) for s in found.agencies[:top]],
        "matched": list(found.matched),
    }


def _dimension(key: str, score: float, reference: Reference) -> dict[str, Any]:
    dimension = reference.dimension(key)
    assert dimension is not None  # the classifier's data is checked against the reference
    return {
        "key": key,
        "name_id": dimension.name_id,
        "name_en": dimension.name_en,
        "score": round(score, 2),
    }


def _element(dimension_key: str, key: str, score: float, reference: Reference) -> dict[str, Any]:
    dimension = reference.dimension(dimension_key)
    element = dimension.sub_element(key) if dimension is not None else None
    assert element is not None
    return {
        "dimension": dimension_key,
        "key": key,
        "name_id": element.name_id,
        "name_en": element.name_en,
        "score": round(score, 2),
    }


def _agency(key: str, score: float, reference: Reference) -> dict[str, Any]:
    agency = reference.agency(key)
    assert agency is not None
    return {"key": agency.key, "code": agency.code, "name": agency.name, "score": round(score, 2)}
