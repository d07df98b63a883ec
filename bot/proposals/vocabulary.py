"""From a resident's words to the classifier's terms: everyday spellings fixed, Indonesian
stemming (Sastrawi), Betawi affixes (di-...-in, nge-, ny-) and typos (RapidFuzz) read as the
keyword they most resemble.

A term is what a keyword word and a resident's word are compared by: "kebanjiran",
"banjirnya" and "banjr" all become "banjir". Each distinct word is worked out once and
remembered (bounded), so a sentence of known words costs a few dictionary look-ups.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache, lru_cache

from rapidfuzz import fuzz, process
from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

_WORD = re.compile(r"[a-z]+")
_REDUPLICATION = re.compile(r"(?<=[a-z])2(?![0-9])")  # "bolong2" is "bolong-bolong"
_REMEMBERED_WORDS = 20_000
# Betawi and colloquial affixes Sastrawi does not know; tried only when the plain word and its
# stem match no keyword.
_PREFIXES = ("di", "ke", "nge", "ng", "ny", "m", "n", "")
_SUFFIXES = ("in", "nya", "an", "")
_NASAL_ROOTS = {"ny": ("c", "s"), "ng": ("k", ""), "m": ("p", "b"), "n": ("t",)}


@cache
def _root_words() -> Mapping[str, str]:
    """Sastrawi's dictionary of ~30,000 root words; slow to read (~0.1 s), so once."""
    words: dict[str, str] = StemmerFactory().create_stemmer().delegatedStemmer.dictionary.words
    return words


def stemmer(extra_roots: Iterable[str] = ()) -> Stemmer:
    """A Sastrawi stemmer of its own (a copy of the dictionary, plus extra roots)."""
    dictionary = ArrayDictionary()
    dictionary.words = {**_root_words(), **{word: word for word in extra_roots}}
    return Stemmer(dictionary)


def words_of(text: str) -> list[str]:
    """Lower-case ASCII words, reduplication marks ("anak2") and numbers dropped."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(_REDUPLICATION.sub("", ascii_text.lower()))


class Vocabulary:
    """The keyword words, and how any typed word is read as one of them."""

    def __init__(
        self,
        keyword_words: Iterable[str],
        spellings: Mapping[str, str],
        ignored: frozenset[str],
        known_words: Iterable[str],
        fuzzy: tuple[int, float, float],
    ) -> None:
        self._spellings = spellings
        self._ignored = ignored
        self._fuzzy_min_length, self._fuzzy_cutoff, self._fuzzy_cutoff_known = fuzzy
        spelled = {self._spelled(w) for w in keyword_words} - ignored
        self._stemmer = stemmer(_unreducible(spelled))
        self._written = {word: self._stem(word) for word in spelled}  # as typed -> term
        self._terms = frozenset(self._written.values())
        self._choices = sorted(self._written)
        self._known = frozenset(known_words)
        self._term_cached: Callable[[str], str | None] = lru_cache(maxsize=_REMEMBERED_WORDS)(
            self._term
        )

    def term(self, word: str) -> str | None:
        """The term for one typed word, or None for a word that never counts."""
        return self._term_cached(word)

    def terms_of(self, text: str) -> list[str]:
        """The terms of a text, in order, words that never count left out."""
        return [term for word in words_of(text) if (term := self.term(word)) is not None]

    def keyword_terms(self, keyword: str) -> tuple[str, ...]:
        """A keyword's words as terms, in order, repeated and ignored words left out."""
        terms = (self._written.get(self._spelled(w)) for w in words_of(keyword))
        return tuple(dict.fromkeys(t for t in terms if t is not None))

    # --- one word ------------------------------------------------------------------------

    def _term(self, word: str) -> str | None:
        spelled = self._spelled(word)
        if spelled in self._ignored:
            return None
        if spelled in self._written:
            return self._written[spelled]
        stem = self._stem(spelled)
        if stem in self._ignored:
            return None
        if stem in self._terms:
            return stem
        return self._affixed(spelled) or self._nearest(spelled, stem) or stem

    def _affixed(self, word: str) -> str | None:
        for root in _roots(word):
            if root in self._written:
                return self._written[root]
            if root in self._terms:
                return root
        return None

    def _nearest(self, word: str, stem: str) -> str | None:
        """The keyword word a typo most resembles; a real word needs to be closer still
        ("pasir" is sand, not a mistyped "pasar")."""
        if len(word) < self._fuzzy_min_length or word in self._known:
            return None
        known = self._stemmer.dictionary.contains(word) or stem in self._known
        cutoff = self._fuzzy_cutoff_known if known else self._fuzzy_cutoff
        found = process.extractOne(word, self._choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return self._written[found[0]] if found is not None else None

    def _spelled(self, word: str) -> str:
        return self._spellings.get(word, word)

    def _stem(self, word: str) -> str:
        return str(self._stemmer.stem_word(word))


def _unreducible(words: Iterable[str]) -> list[str]:
    """Keyword words Sastrawi cannot reduce ("mampet", "ktp"), to become roots it knows, so
    that "mampetnya" is "mampet". Words it does reduce are left alone, or "pengangguran" would
    stop meeting "menganggur"."""
    plain = stemmer()
    return [w for w in words if not plain.dictionary.contains(w) and plain.stem_word(w) == w]


def _roots(word: str) -> Iterator[str]:
    """Candidate roots of a colloquially affixed word: "dibersihin" -> "bersih",
    "ngangkut" -> "angkut", "nyapu" -> "sapu"."""
    for suffix in _SUFFIXES:
        if suffix and not word.endswith(suffix):
            continue
        base = word[: len(word) - len(suffix)]
        for prefix in _PREFIXES:
            if prefix and not base.startswith(prefix):
                continue
            rest = base[len(prefix) :]
            if len(rest) < 3 or (not prefix and not suffix):
                continue
            yield rest
            for initial in _NASAL_ROOTS.get(prefix, ()):
                yield initial + rest
