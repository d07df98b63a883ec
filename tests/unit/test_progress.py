"""The /rekap figures and tables: counts in, figures and fitting screens out."""

from __future__ import annotations

from bot.i18n import translator
from bot.reference import Kecamatan, load_reference
from bot.screens.figures import share
from bot.staff.rekap import Counts, build_kecamatan, build_regency, dimension_keys
from bot.staff.screens import rekap as screens
from bot.staff.screens.coordination import kecamatan_picker
from bot.stats import data
from bot.stats import screens as stats_screens

REFERENCE = load_reference()


def _setu() -> Kecamatan:
    found = REFERENCE.kecamatan_by_code("32.16.18")
    assert found is not None
    return found


SETU = _setu()  # typed as found, for mypy --strict in every function below
CIJENGKOL, BURANGKENG = "32.16.18.2001", "32.16.18.2003"


def counts(**kwargs: object) -> Counts:
    base: dict[str, object] = {
        "participants": {},
        "contributors": {},
        "proposals": {},
        "targets": {},
    }
    return Counts(**{**base, **kwargs})  # type: ignore[arg-type]


def test_share_rounds_down_and_has_no_value_for_nothing() -> None:
    assert share(2, 3) == 66
    assert share(199, 200) == 99
    assert share(1, 0) is None and share(1, None) is None


def test_rekap_and_statistik_show_the_same_share_of_a_target() -> None:
    """199 of a target of 200 is not yet 100 %, on either screen a coordinator opens."""
    keys = dimension_keys(REFERENCE)
    setu = build_kecamatan(
        SETU, keys, counts(participants={CIJENGKOL: 199}, targets={SETU.code: 200})
    )
    t = translator("en")
    rekap = screens.kecamatan_progress(t, setu, REFERENCE.dimensions, 0, None, [], False)
    overview = data.overview(REFERENCE, "en", {SETU.code: 199}, {}, {SETU.code: 200})
    statistik = stats_screens.summary(t, overview)
    assert "(target 200: 99 %)" in rekap.text
    assert "(99% of the target of 200)" in statistik


def test_kecamatan_figures() -> None:
    built = build_kecamatan(
        SETU,
        dimension_keys(REFERENCE),
        counts(
            participants={CIJENGKOL: 3, BURANGKENG: 1, "32.16.07.2002": 9},
            contributors={CIJENGKOL: 2},
            proposals={(CIJENGKOL, "living"): 2, (CIJENGKOL, "economy"): 1},
            targets={"32.16.18": 40},
        ),
    )
    assert (built.participants, built.contributors, built.proposals) == (4, 2, 3)
    assert built.desa_with_proposal == 1
    assert built.target == 40
    keys = dimension_keys(REFERENCE)
    assert built.per_dimension[keys.index("living")] == 2
    cijengkol = next(d for d in built.desa if d.code == CIJENGKOL)
    assert cijengkol.per_dimension[keys.index("economy")] == 1


def test_regency_adds_up_its_kecamatan() -> None:
    built = build_regency(
        REFERENCE,
        counts(
            participants={CIJENGKOL: 3, "32.16.07.2002": 2}, proposals={(CIJENGKOL, "living"): 2}
        ),
    )
    assert len(built.kecamatan) == 23
    assert built.desa_total == 187
    assert (built.participants, built.proposals, built.desa_with_proposal) == (5, 2, 1)


def test_names_are_shortened_to_keep_columns() -> None:
    assert screens.shorten("Setu", 12) == "Setu"
    assert screens.shorten("Pantai Harapanjaya", 12) == "Pantai Hara…"
    assert len(screens.shorten("Pantai Harapanjaya", 12)) == 12


def test_dimension_abbreviations_are_distinct() -> None:
    for locale in ("id", "en"):
        found = [screens.dimension_abbreviation(d, locale) for d in REFERENCE.dimensions]
        assert len(set(found)) == len(found) == 6


def test_indonesian_abbreviations_are_indonesian() -> None:
    found = [screens.dimension_abbreviation(d, "id") for d in REFERENCE.dimensions]
    assert found == ["Ta", "Pe", "Ek", "Ke", "Ma", "Li"]


def test_every_kecamatan_table_fits_one_message_in_both_languages() -> None:
    keys = dimension_keys(REFERENCE)
    for kecamatan in REFERENCE.kecamatan:
        big = counts(
            participants={d.code: 99999 for d in kecamatan.desa},
            contributors={d.code: 99999 for d in kecamatan.desa},
            proposals={(d.code, k): 12345 for d in kecamatan.desa for k in keys},
            targets={kecamatan.code: 100000},
        )
        built = build_kecamatan(kecamatan, keys, big)
        for locale in ("id", "en"):
            t = translator(locale)
            screen = screens.kecamatan_progress(
                t, built, REFERENCE.dimensions, 0, "Putaran 1", [], True
            )
            assert len(screen.text) < 4096
    regency = screens.regency_progress(translator("id"), build_regency(REFERENCE, counts()), "x")
    assert len(regency.text) < 4096


def test_many_desa_are_paged() -> None:
    keys = dimension_keys(REFERENCE)
    built = build_kecamatan(SETU, keys, counts())
    many = type(built)(built.code, built.name, built.desa * 5, None)  # 55 rows
    assert screens.pages(many) == 8
    t = translator("en")
    last = screens.kecamatan_progress(t, many, REFERENCE.dimensions, 7, None, [], False)
    assert last.keyboard is not None
    assert [b.text for b in last.keyboard[0]] == ["◀️", "Page 8 of 8"]


def test_pages_are_even_and_show_every_desa_once() -> None:
    """Setu's 11 desa: 6 + 5 on two pages, not 7 + 4."""
    built = build_kecamatan(SETU, dimension_keys(REFERENCE), counts())
    shown = [screens.page_of(built, page) for page in range(screens.pages(built))]
    assert [len(p) for p in shown] == [6, 5]
    assert [d.code for p in shown for d in p] == [d.code for d in SETU.desa]


def test_a_desa_row_shows_its_counts_and_its_gaps() -> None:
    keys = dimension_keys(REFERENCE)
    proposals = {(CIJENGKOL, "governance"): 2, (CIJENGKOL, "living"): 12}
    built = build_kecamatan(SETU, keys, counts(participants={CIJENGKOL: 31}, proposals=proposals))
    text = screens.kecamatan_progress(
        translator("id"), built, REFERENCE.dimensions, 0, None, [], False
    ).text
    #                         Pst Usl  T P E K M L
    assert "Cijengkol       31   14 2··+··" in text
    assert "T Tata Kelola, P Pencitraan Daerah" in text


def test_dimension_letters_are_distinct_in_both_languages() -> None:
    assert screens.dimension_letters(REFERENCE.dimensions, "id") == tuple("TPEKML")
    assert screens.dimension_letters(REFERENCE.dimensions, "en") == tuple("GBELSN")


def test_kecamatan_picker_pages_the_23_kecamatan() -> None:
    t = translator("en")
    choices = [(k.code, k.name) for k in REFERENCE.kecamatan]
    first = kecamatan_picker(t, "inv", choices, 0)
    second = kecamatan_picker(t, "inv", choices, 1)
    assert first.keyboard is not None and second.keyboard is not None
    named = [b.text for row in first.keyboard + second.keyboard for b in row]
    assert all(name in named for _, name in choices)
    assert "▶️" in [b.text for b in first.keyboard[-2]]
