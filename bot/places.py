"""Forgiving matching of kecamatan and desa names as participants type them.

``match_places`` finds nothing plausible, one place sure enough to take (decisive), or a short
ranked list of candidates for the bot to offer as buttons — possibly a list of one, when a single
place is only a distant likeness ("Jakarta Pusat" is not "Cikarang Pusat" mistyped).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import Indel

from bot.reference import PLACE_ALIASES_FILE, Kecamatan, Reference, read_data_csv

# Words people put in front of a place name; they carry no information for matching.
_PREFIX_WORDS = frozenset({"kec", "kecamatan", "desa", "ds", "kel", "kelurahan"})
_MIN_LETTERS = 2
_TYPO_DECISIVE = 0.8
_TYPO_MARGIN = 0.1
_TYPO_CANDIDATE = 0.6


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    places: list[Place]
    decisive: bool = False  # exactly one place, close enough to take without asking

    @property
    def place(self) -> Place | None:
        return self.places[0] if self.decisive else None


def normalise(text: str) -> tuple[str, ...]:
    """Lower-case ASCII word tokens of ``text``, with leading prefix words dropped."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isascii() and c.isalnum() else " " for c in letters)
    tokens = cleaned.split()
    while len(tokens) > 1 and tokens[0] in _PREFIX_WORDS:
        tokens = tokens[1:]
    return tuple(tokens)


@cache
def _keys(place: Place) -> tuple[tuple[str, ...], ...]:
    """The name and aliases normalised, once per place (normalising is most of a match's time)."""
    return tuple(normalise(text) for text in (place.name, *place.aliases))


def _is_token_prefix(query: tuple[str, ...], key: tuple[str, ...]) -> bool:
    """Each query token starts a key token, in order ("cik utara" ~ "cikarang utara")."""
    position = 0
    for token in query:
        while position < len(key) and not key[position].startswith(token):
            position += 1
        if position == len(key):
            return False
        position += 1
    return True


def _prefix_coverage(query: tuple[str, ...], key: tuple[str, ...]) -> float:
    if "".join(key).startswith("".join(query)) or _is_token_prefix(query, key):
        return len("".join(query)) / len("".join(key))
    return 0.0


def _best(scores: list[tuple[float, int, Place]], limit: int) -> list[Place]:
    ranked = sorted(scores, key=lambda item: (-item[0], item[1]))
    return [place for _, _, place in ranked[:limit]]


def _exact(compact: str, places: Sequence[Place]) -> list[Place]:
    return [p for p in places if any("".join(key) == compact for key in _keys(p))]


def _by_prefix(query: tuple[str, ...], places: Sequence[Place], limit: int) -> list[Place]:
    scores = [
        (max(_prefix_coverage(query, key) for key in _keys(place)), index, place)
        for index, place in enumerate(places)
    ]
    return _best([s for s in scores if s[0] > 0], limit)


def _typo_scores(compact: str, places: Sequence[Place]) -> list[tuple[float, int, Place]]:
    """(best similarity of a name or alias, index, place) for places at least a candidate.

    The similarity is difflib's ratio, the measure the thresholds were tuned on ("Surabaya" is
    nothing like Sukakarya). RapidFuzz's Indel similarity, 2·LCS / (len(a) + len(b)), is never
    below it, so it first leaves out, in C, the names that cannot reach a candidate.
    """
    owners = [index for index, place in enumerate(places) for _ in _keys(place)]
    keys = ["".join(key) for place in places for key in _keys(place)]
    # The slack keeps a ratio of exactly 0.6 (12 of 20 letters) when floats round differently.
    bound = _TYPO_CANDIDATE - 1e-6
    likely = process.extract(
        compact, keys, scorer=Indel.normalized_similarity, score_cutoff=bound, limit=None
    )
    best: dict[int, float] = {}
    for key, _, position in likely:
        score = SequenceMatcher(None, compact, key, autojunk=False).ratio()
        if score >= _TYPO_CANDIDATE:
            index = owners[position]
            best[index] = max(score, best.get(index, 0.0))
    return [(score, index, places[index]) for index, score in best.items()]


def _by_typo(compact: str, places: Sequence[Place], limit: int) -> Found:
    ranked = sorted(_typo_scores(compact, places), key=lambda s: (-s[0], s[1]))
    if not ranked:
        return Found([])
    runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
    if ranked[0][0] >= _TYPO_DECISIVE and ranked[0][0] - runner_up >= _TYPO_MARGIN:
        return Found([ranked[0][2]], decisive=True)
    return Found(_best(ranked, limit))


def match_places(query: str, places: Sequence[Place], limit: int = 6) -> Found:
    """Places plausibly meant by ``query``, decisive when one is clearly meant."""
    tokens = normalise(query)
    compact = "".join(tokens)
    if sum(c.isalpha() for c in compact) < _MIN_LETTERS:
        return Found([])
    exact = _exact(compact, places) or _by_prefix(tokens, places, limit)
    if exact:
        return Found(exact[:limit], decisive=len(exact) == 1)
    return _by_typo(compact, places, limit)


# --- places from the reference data ------------------------------------------------------


@cache
def place_aliases() -> dict[str, tuple[str, ...]]:
    """Spelling variants by kecamatan or desa code, from bot/data/place_aliases.csv."""
    aliases: dict[str, tuple[str, ...]] = {}
    for row in read_data_csv(PLACE_ALIASES_FILE, ("kode", "alias")):
        aliases[row["kode"]] = (*aliases.get(row["kode"], ()), row["alias"])
    return aliases


def kecamatan_places(ref: Reference) -> list[Place]:
    aliases = place_aliases()
    return [Place(k.code, k.name, aliases.get(k.code, ())) for k in ref.kecamatan]


def desa_places(kecamatan: Kecamatan) -> list[Place]:
    aliases = place_aliases()
    return [Place(d.code, d.name, aliases.get(d.code, ())) for d in kecamatan.desa]
