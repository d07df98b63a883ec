"""Similar proposals are joined, not repeated: after the problem, a resident sees up to three
visible proposals of their kecamatan that say the same thing, and may support one instead.

``similarity`` is pure: both texts are read as the classifier reads them (everyday spellings
fixed, Sastrawi stems, Betawi affixes, typos of keyword words; bot/proposals/vocabulary.py),
then compared as a weighted soft overlap of their terms. Words of the classifier's keywords
("banjir", "sampah") weigh less than the rest (places, landmarks: "Karangraharja", "SDN"),
because two proposals of one element share the former anyway and differ by the latter. A
term missing on one side may still match a near spelling on the other ("karangraharja" and
"karangrahaja").

The threshold is tuned on tests/data/similar_pairs.csv with bench/similar.py: a match is
shown only above it, and a wrong match costs more than a missed one (an extra step with an
irrelevant proposal is what made Decidim drop its comparator), so it is chosen for precision.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache, lru_cache

from rapidfuzz import fuzz
from sqlalchemy.ext.asyncio import AsyncSession

from bot.proposals.classifier import (
    all_keywords,
    default_classifier,
    package_keywords,
    place_names,
    vocabulary_of,
)
from bot.proposals.vocabulary import words_of
from bot.reference import load_reference
from storage.queries import audit
from storage.queries import supports as queries

SIMILARITY_THRESHOLD: float = 0.5
# Without an element to narrow the candidates, text alone must say more.
UNCLASSIFIED_THRESHOLD: float = 0.65
PROBLEM_LENGTH = 140  # characters of a problem shown on a phone

_MIN_TERM = 3  # shorter terms ("jl", "no") say nothing
_FUZZY_MIN = 5  # terms at least this long may match a near spelling
_FUZZY_CUTOFF = 85.0
_PREFIX_MATCH = 0.9
_KEYWORD_WEIGHT = 1.5
_OTHER_WEIGHT = 1.0
_PLACE_WEIGHT = 1.5
_OTHER_PLACE = 0.5
_REMEMBERED_TEXTS = 4_096


@dataclass(frozen=True)
class SimilarProposal:
    proposal_id: int
    reference: str  # e.g. "CKU-0042"
    problem: str  # the problem text, shortened for a phone (≤ 140 chars, ends with …)
    supports: int  # supports so far
    score: float


class SupportOutcome(StrEnum):
    ADDED = "added"
    ALREADY = "already"  # this person supports it already: nothing changed
    OWN = "own"  # their own proposal: it counts once, as theirs
    GONE = "gone"  # hidden, withdrawn, merged, missing, or of another kecamatan
    CLOSED = "closed"  # its round no longer takes proposals (nor supports)


# --- pure scoring --------------------------------------------------------------------------


class _Reader:
    """The classifier's vocabulary, which of its terms are keyword terms, and place names."""

    def __init__(self) -> None:
        reference = load_reference()
        data = package_keywords()
        self.vocabulary = vocabulary_of(data, reference)
        self.keyword_terms = frozenset(
            term for k in all_keywords(data) for term in self.vocabulary.keyword_terms(k.text)
        )
        names = place_names(reference)
        # A place as one word ("Tridaya Sakti" is "tridayasakti"): names are typed both ways.
        self.places = frozenset("".join(words_of(name)) for name in names) - data.ignored
        self.terms: Callable[[str], tuple[str, ...]] = lru_cache(maxsize=_REMEMBERED_TEXTS)(
            self._terms
        )

    def _terms(self, text: str) -> tuple[str, ...]:
        """The text's terms, each once; a place name as it is written, not stemmed, its
        words joined ("karang raharja" is the place "karangraharja")."""
        words = words_of(text[:2_000])
        terms: list[str] = []
        index = 0
        while index < len(words):
            pair = "".join(words[index : index + 2])
            if index + 1 < len(words) and pair in self.places:
                terms.append(pair)
                index += 2
                continue
            word = words[index]
            term = word if word in self.places else self.vocabulary.term(word)
            if term is not None and len(term) >= _MIN_TERM:
                terms.append(term)
            index += 1
        return tuple(dict.fromkeys(terms))

    def weight(self, term: str) -> float:
        if term in self.places:
            return _PLACE_WEIGHT
        return _KEYWORD_WEIGHT if term in self.keyword_terms else _OTHER_WEIGHT


@cache
def _reader() -> _Reader:
    return _Reader()


def prepare_reading() -> None:
    """Build the classifier and the similarity's reader now (a few tenths of a second: the
    keyword file, Sastrawi's dictionary), at start-up: built on first use, they held up the
    first proposal after a restart, and every reply waiting behind it."""
    default_classifier()
    _reader()


def similarity(a: str, b: str) -> float:
    """How alike two problem statements are, 0 (nothing shared) to 1 (the same terms).
    Two texts that each name a place, and no place in common, are about two places: their
    score is cut by ``_OTHER_PLACE``."""
    reader = _reader()
    terms_a, terms_b = reader.terms(a), reader.terms(b)
    if not terms_a or not terms_b:
        return 0.0
    total = sum(map(reader.weight, terms_a)) + sum(map(reader.weight, terms_b))
    shared = _matched(reader, terms_a, terms_b) + _matched(reader, terms_b, terms_a)
    score = min(1.0, shared / total)
    places_a = {t for t in terms_a if t in reader.places}
    places_b = {t for t in terms_b if t in reader.places}
    if places_a and places_b and not _any_alike(places_a, places_b):
        score *= _OTHER_PLACE
    return round(score, 4)


def _alike(term: str, other: str) -> float:
    """1 for the same term; a near spelling or a shortened name ("tridaya" for
    "tridayasakti") a little less; else 0."""
    if term == other:
        return 1.0
    if min(len(term), len(other)) < _FUZZY_MIN:
        return 0.0
    if term.startswith(other) or other.startswith(term):
        return _PREFIX_MATCH
    ratio = fuzz.ratio(term, other)
    return ratio / 100 if ratio >= _FUZZY_CUTOFF else 0.0


def _any_alike(terms: Iterable[str], others: Iterable[str]) -> bool:
    return any(_alike(t, o) for t in terms for o in others)


def _matched(reader: _Reader, terms: Iterable[str], others: tuple[str, ...]) -> float:
    present = set(others)
    matched = 0.0
    for term in terms:
        best = 1.0 if term in present else max(_alike(term, other) for other in others)
        matched += reader.weight(term) * best
    return matched


def shortened(text: str, length: int = PROBLEM_LENGTH) -> str:
    """One line of at most `length` characters, cut at a word and ending with … when cut."""
    line = " ".join(text.split())
    if len(line) <= length:
        return line
    cut = line[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:-") + "…"


# --- the service ---------------------------------------------------------------------------


async def similar_proposals(
    session: AsyncSession,
    *,
    round_id: int,
    kecamatan_code: str,
    sub_element: str | None,
    problem: str,
    participant_id: int,
    limit: int = 3,
) -> list[SimilarProposal]:
    """Up to `limit` visible proposals of the kecamatan in the round like `problem`, best
    first (a new proposal joins its own round's discussion, not one already held); never the
    person's own; [] when nothing scores at the threshold (then the dialogue adds no step).
    Proposals the person already supports are included (supporting again is ALREADY)."""
    threshold = SIMILARITY_THRESHOLD if sub_element is not None else UNCLASSIFIED_THRESHOLD
    found = await queries.candidates(session, round_id, kecamatan_code, sub_element)
    scored = [
        (score, candidate)
        for candidate in found
        if candidate.participant_id != participant_id
        and (score := similarity(problem, candidate.problem)) >= threshold
    ]
    scored.sort(key=lambda sc: (-sc[0], -sc[1].proposal_id))
    best = scored[:limit]
    counts = await queries.counts(session, (c.proposal_id for _, c in best))
    return [
        SimilarProposal(
            proposal_id=c.proposal_id,
            reference=c.reference,
            problem=shortened(c.problem),
            supports=counts.get(c.proposal_id, 0),
            score=score,
        )
        for score, c in best
    ]


async def add_support(
    session: AsyncSession,
    *,
    participant_id: int,
    proposal_id: int,
    kecamatan_code: str,
    collecting_round_id: int | None,
    comment: str | None,
    now: datetime,
) -> SupportOutcome:
    """Support a proposal, checked now on the server: visible, of the supporter's kecamatan,
    of the round taking proposals now (`collecting_round_id`; None: no round does), not their
    own. A second call (a double tap, a redelivered update) changes nothing."""
    proposal = await queries.visible_proposal(session, proposal_id)
    if proposal is None or proposal.kecamatan_code != kecamatan_code:
        return SupportOutcome.GONE
    if proposal.participant_id == participant_id:
        return SupportOutcome.OWN
    if proposal.round_id != collecting_round_id:
        return SupportOutcome.CLOSED
    if not await queries.add(session, proposal_id, participant_id, comment, now):
        return SupportOutcome.ALREADY
    audit.record(
        session,
        now,
        "proposal.supported",
        participant_id,
        proposal.reference,
        comment=bool((comment or "").strip()),
    )
    return SupportOutcome.ADDED
