"""Suggest, from a resident's problem in their own words, the smart-city dimension, the
element and the perangkat daerah: keywords and phrases from bot/data/problem_keywords.yaml,
matched on stemmed, spelling-fixed, typo-tolerant terms (bot/proposals/vocabulary.py).

Pure: no network, no database, no Telegram. Build once (``default_classifier()``), then each
``classify(text)`` costs tens of microseconds for words seen before.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from bot.proposals.keywords import Keyword, KeywordData, load_keywords
from bot.proposals.vocabulary import Vocabulary, words_of
from bot.reference import Reference, load_reference

MAX_TEXT = 2_000  # characters read; a problem longer than that says enough in its start
_KNOWN_WORD_CUTOFF = 90.0  # a real word is read as a keyword only one letter away from it
_Key = TypeVar("_Key", str, int)


@dataclass(frozen=True)
class Scored:
    key: str  # a dimension key, or an Agency.key
    score: float


@dataclass(frozen=True)
class ElementScore:
    dimension: str
    element: str
    score: float


@dataclass(frozen=True)
class Suggestions:
    """Best first, only what scored above zero. ``confident`` is False when nothing matched
    well enough to offer: the proposal may then stay unclassified."""

    dimensions: tuple[Scored, ...]
    elements: tuple[ElementScore, ...]
    agencies: tuple[Scored, ...]
    matched: tuple[str, ...]  # the keywords found, as written in the data file
    confident: bool


@dataclass(frozen=True)
class _Rule:
    """One keyword of one element (``element`` >= 0) or one perangkat daerah."""

    terms: tuple[str, ...]
    weight: float
    text: str
    element: int = -1
    agency: str = ""


class Classifier:
    def __init__(self, data: KeywordData, reference: Reference) -> None:
        self._tuning = data.tuning
        self._elements = data.elements
        self._vocabulary = vocabulary_of(data, reference)
        self._rules = _rules(data, self._vocabulary)
        self._by_term: dict[str, list[_Rule]] = defaultdict(list)
        for rule in self._rules:
            for term in rule.terms:
                self._by_term[term].append(rule)

    def classify(self, text: str) -> Suggestions:
        terms = self._vocabulary.terms_of(text[:MAX_TEXT])
        found = self._found(terms)
        elements = self._element_scores(found)
        agencies = self._agency_scores(found, elements)
        ranked = [
            ElementScore(self._elements[i].dimension, self._elements[i].element, s)
            for i, s in _ranked(elements)
        ]
        best = ranked[0].score if ranked else 0.0
        return Suggestions(
            dimensions=_dimensions(ranked),
            elements=tuple(ranked),
            agencies=tuple(Scored(k, s) for k, s in _ranked(agencies)),
            matched=tuple(dict.fromkeys(rule.text for rule in found)),
            confident=best >= self._tuning.confident_score,
        )

    def _found(self, terms: list[str]) -> list[_Rule]:
        positions: dict[str, list[int]] = defaultdict(list)
        for position, term in enumerate(terms):
            positions[term].append(position)
        candidates = {id(r): r for t in positions for r in self._by_term.get(t, ())}
        window = self._tuning.phrase_window
        return [r for r in candidates.values() if _near(r.terms, positions, window)]

    def _element_scores(self, found: Iterable[_Rule]) -> dict[int, float]:
        scores: dict[int, float] = defaultdict(float)
        for rule in found:
            if rule.element >= 0:
                scores[rule.element] += rule.weight
        return scores

    def _agency_scores(
        self, found: Iterable[_Rule], elements: Mapping[int, float]
    ) -> dict[str, float]:
        scores: dict[str, float] = defaultdict(float)
        for rule in found:
            if rule.agency:
                scores[rule.agency] += rule.weight
        shares = self._tuning.agency_shares
        for index, score in elements.items():
            for agency, share in zip(self._elements[index].agencies, shares, strict=False):
                scores[agency] += score * share
        return scores


@cache
def default_classifier() -> Classifier:
    """The classifier on the package's data, built once (Sastrawi's dictionary, ~0.2 s)."""
    return Classifier(package_keywords(), load_reference())


@cache
def package_keywords() -> KeywordData:
    """The package's keyword file, read once (the classifier and the similarity share it)."""
    return load_keywords(load_reference())


def classify(text: str) -> Suggestions:
    return default_classifier().classify(text)


# --- building ------------------------------------------------------------------------------


def vocabulary_of(data: KeywordData, reference: Reference) -> Vocabulary:
    """How the classifier reads a text (and the similarity of two proposals, which reads
    them as the classifier does): the keywords' words, spellings, place names kept apart."""
    return Vocabulary(
        keyword_words=_keyword_words(data),
        spellings=data.spellings,
        ignored=data.ignored,
        known_words=_place_words(reference),
        fuzzy=(
            data.tuning.fuzzy_min_length,
            data.tuning.fuzzy_cutoff,
            max(data.tuning.fuzzy_cutoff, _KNOWN_WORD_CUTOFF),
        ),
    )


def _keyword_words(data: KeywordData) -> set[str]:
    return {word for keyword in all_keywords(data) for word in words_of(keyword.text)}


def all_keywords(data: KeywordData) -> Iterable[Keyword]:
    """Every keyword of the data: the elements', then the perangkat daerah's."""
    for element in data.elements:
        yield from element.keywords
    for keywords in data.agencies.values():
        yield from keywords


def _rules(data: KeywordData, vocabulary: Vocabulary) -> list[_Rule]:
    """One rule per distinct keyword of each target; two keywords that read the same
    ("kurang gizi" and "gizi", "kurang" being ignored) count once, at the larger weight."""
    rules: dict[tuple[object, tuple[str, ...]], _Rule] = {}

    def add(target: object, keyword: Keyword, element: int = -1, agency: str = "") -> None:
        terms = vocabulary.keyword_terms(keyword.text)
        if not terms:
            return
        known = rules.get((target, terms))
        if known is None or known.weight < keyword.weight:
            rules[target, terms] = _Rule(terms, keyword.weight, keyword.text, element, agency)

    for index, element in enumerate(data.elements):
        for keyword in element.keywords:
            add(("element", index), keyword, element=index)
    for agency, keywords in data.agencies.items():
        for keyword in keywords:
            add(("agency", agency), keyword, agency=agency)
    return list(rules.values())


def place_names(reference: Reference) -> Iterator[str]:
    """Every kecamatan's name and its desa's."""
    for kecamatan in reference.kecamatan:
        yield kecamatan.name
        yield from (desa.name for desa in kecamatan.desa)


def _place_words(reference: Reference) -> set[str]:
    """Words of kecamatan and desa names: never read as a mistyped keyword."""
    return {word for name in place_names(reference) for word in words_of(name)}


# --- matching ------------------------------------------------------------------------------


def _near(terms: tuple[str, ...], positions: Mapping[str, list[int]], window: int) -> bool:
    """Every term present, all within the window (wider by one per word past two)."""
    if any(term not in positions for term in terms):
        return False
    if len(terms) == 1:
        return True
    span = window + len(terms) - 2
    return any(
        max(chosen) - min(chosen) <= span
        for chosen in itertools.product(*(positions[t] for t in terms))
    )


def _dimensions(elements: list[ElementScore]) -> tuple[Scored, ...]:
    """A dimension scores as its best element, so the first dimension is always the first
    element's: two weak environment words do not outrank one clear road problem."""
    best: dict[str, float] = {}
    for element in elements:
        best.setdefault(element.dimension, element.score)
    return tuple(Scored(key, score) for key, score in best.items())


def _ranked(scores: Mapping[_Key, float]) -> list[tuple[_Key, float]]:
    """Highest first; ties in the order of the keys (the data file's, for elements)."""
    return sorted(((k, s) for k, s in scores.items() if s > 0), key=lambda ks: (-ks[1], ks[0]))
