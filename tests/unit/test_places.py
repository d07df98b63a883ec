from __future__ import annotations

import pytest

from bot.places import (
    Found,
    Place,
    desa_places,
    kecamatan_places,
    match_places,
    normalise,
    place_aliases,
)
from bot.reference import Kecamatan, Reference, load_reference


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


@pytest.fixture(scope="module")
def kecamatan(ref: Reference) -> list[Place]:
    return kecamatan_places(ref)


def _kecamatan_named(ref: Reference, name: str) -> Kecamatan:
    return next(k for k in ref.kecamatan if k.name == name)


def _names(places: list[Place]) -> list[str]:
    return [p.name for p in places]


def _taken(found: Found) -> str | None:
    """The place the bot takes without asking, if any."""
    return found.place.name if found.place is not None else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("cikarang utara", "Cikarang Utara"),
        ("CIKARANG  UTARA ", "Cikarang Utara"),
        ("Cik Utara", "Cikarang Utara"),
        ("karangbahagia", "Karang Bahagia"),
        ("Karang Bahagia", "Karang Bahagia"),
        ("Kec. Tambun Selatan", "Tambun Selatan"),
        ("kecamatan setu", "Setu"),
        ("muara gembong", "Muaragembong"),
        ("kedungwaringin", "Kedung Waringin"),
        ("cikarng utara", "Cikarang Utara"),
        ("tambon selatan", "Tambun Selatan"),
        ("cibarusa", "Cibarusah"),
        ("serang", "Serang Baru"),
    ],
)
def test_kecamatan_decisive(kecamatan: list[Place], query: str, expected: str) -> None:
    assert _taken(match_places(query, kecamatan)) == expected


@pytest.mark.parametrize(
    ("kecamatan_name", "query", "expected"),
    [
        ("Tarumajaya", "Sagara makmur", "Sagara Makmur"),
        ("Tarumajaya", "Segara Makmur", "Sagara Makmur"),
        ("Tarumajaya", "segaramakmur", "Sagara Makmur"),
        ("Cikarang Pusat", "Pasirranji", "Pasiranji"),
        ("Pebayuran", "sumberreja", "Sumbereja"),
        ("Setu", "cileduk", "Ciledug"),
    ],
)
def test_desa_aliases(ref: Reference, kecamatan_name: str, query: str, expected: str) -> None:
    places = desa_places(_kecamatan_named(ref, kecamatan_name))
    assert _taken(match_places(query, places)) == expected


def test_desa_prefix_word_and_typo(ref: Reference) -> None:
    kecamatan = next(k for k in ref.kecamatan if any(d.name == "Sukamekar" for d in k.desa))
    places = desa_places(kecamatan)
    assert _taken(match_places("ds sukamekar", places)) == "Sukamekar"
    assert _taken(match_places("Desa Sukamkar", places)) == "Sukamekar"


def test_ambiguous_prefix_gives_ranked_candidates(kecamatan: list[Place]) -> None:
    found = match_places("cikarang", kecamatan)
    assert not found.decisive
    result = _names(found.places)
    assert sorted(result) == sorted(n for n in _names(kecamatan) if n.startswith("Cikarang"))
    assert len(result) == 5
    assert sorted(_names(match_places("tambun", kecamatan).places)) == [
        "Tambun Selatan",
        "Tambun Utara",
    ]
    assert sorted(_names(match_places("utara", kecamatan).places)) == [
        "Cikarang Utara",
        "Tambun Utara",
    ]


@pytest.mark.parametrize(
    ("query", "offered"),
    [("Jakarta Pusat", ["Cikarang Pusat"]), ("Jakarta", ["Sukakarya"])],
)
def test_a_distant_likeness_is_offered_not_taken(
    kecamatan: list[Place], query: str, offered: list[str]
) -> None:
    """Someone from outside the regency must not be registered in a kecamatan by accident."""
    found = match_places(query, kecamatan)
    assert (found.decisive, _names(found.places)) == (False, offered)


def test_a_likeness_just_at_the_candidate_threshold_is_offered(kecamatan: list[Place]) -> None:
    """A desa typed at the kecamatan question: 12 of 20 letters alike (0.6) still gets a button."""
    found = match_places("Lambang Sari", kecamatan)
    assert (found.decisive, _names(found.places)) == (False, ["Tambelang"])


def test_limit_caps_candidates(ref: Reference) -> None:
    every_desa = [p for k in ref.kecamatan for p in desa_places(k)]
    assert len(match_places("suka", every_desa).places) == 6
    assert len(match_places("suka", every_desa, limit=3).places) == 3


@pytest.mark.parametrize("query", ["asdfgh", "123", "🙂🙂", "", "   ", "x", "qwerty", "kec", "?!"])
def test_garbage_matches_nothing(ref: Reference, kecamatan: list[Place], query: str) -> None:
    every_desa = [p for k in ref.kecamatan for p in desa_places(k)]
    assert match_places(query, kecamatan) == Found([])
    assert match_places(query, every_desa) == Found([])


def test_every_kecamatan_matches_itself(kecamatan: list[Place]) -> None:
    for place in kecamatan:
        assert match_places(place.name, kecamatan) == Found([place], decisive=True)
        assert match_places(place.name.upper(), kecamatan) == Found([place], decisive=True)


def test_every_desa_matches_itself(ref: Reference) -> None:
    every_desa = [p for k in ref.kecamatan for p in desa_places(k)]
    for kec in ref.kecamatan:
        places = desa_places(kec)
        for place in places:
            assert match_places(place.name, places) == Found([place], decisive=True)
            assert match_places(place.name, every_desa) == Found([place], decisive=True)


def test_aliases_point_at_known_places(ref: Reference) -> None:
    for code in place_aliases():
        assert ref.kecamatan_by_code(code) or ref.desa_by_code(code), code


def test_normalise_drops_prefix_words_and_punctuation() -> None:
    assert normalise("Kec. Tambun-Selatan!") == ("tambun", "selatan")
    assert normalise("Ds. Sukamékar") == ("sukamekar",)
    assert normalise("desa") == ("desa",)
