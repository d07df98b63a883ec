"""The problem classifier (bot/proposals/classifier.py): the issue's accuracy targets on the
labelled statements of tests/data/, what a resident would notice (slang, typos, nothing
offered for a greeting), the checks on its data file, and `rembug suggest`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.classifier import TARGETS, Statement, accuracy, read_statements
from bot.proposals.classifier import Suggestions, classify
from bot.proposals.keywords import KEYWORDS_FILE, parse_keywords
from bot.reference import ReferenceDataError, load_reference, read_data_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def statements() -> list[Statement]:
    return read_statements()


def first_element(found: Suggestions) -> str:
    return f"{found.elements[0].dimension}.{found.elements[0].element}"


def top_agencies(found: Suggestions) -> list[str]:
    return [a.key for a in found.agencies[:3]]


# --- accuracy -----------------------------------------------------------------------------


def test_the_labelled_set_has_enough_varied_statements(statements: list[Statement]) -> None:
    lengths = [len(s.text.split()) for s in statements]
    assert len(statements) >= 150
    assert min(lengths) <= 2 and max(lengths) >= 15
    assert len({(s.dimension, s.element) for s in statements}) == 18  # every element


@pytest.mark.parametrize("part", ["all", "held out"])
def test_accuracy_reaches_the_issue_targets(statements: list[Statement], part: str) -> None:
    chosen = statements if part == "all" else [s for s in statements if s.held_out]
    figures = accuracy(classify, chosen)
    short = {name: f"{figures[name]:.1%}" for name in TARGETS}
    assert all(figures[name] >= target for name, target in TARGETS.items()), short


def test_the_first_dimension_is_the_first_elements(statements: list[Statement]) -> None:
    """The bot will say "Sampah dan limbah (Lingkungan)": the two must never disagree."""
    for statement in statements:
        found = classify(statement.text)
        assert found.dimensions[0].key == found.elements[0].dimension, statement.text


# --- what a resident notices -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "element", "agency"),
    [
        ("got mampet", "environment.protection", "DSDABMBK"),
        ("jalan bolong", "living.mobility", "DSDABMBK"),
        ("sampah liar", "environment.waste", "DLH"),
        ("lampu jalan mati", "living.mobility", "Dishub"),
        ("banjir tiap ujan", "environment.protection", "DSDABMBK"),
        ("dibenerin dong jalannya ancur", "living.mobility", "DSDABMBK"),
        ("ditebangin pohonnya", "environment.protection", "DLH"),
        ("nyolong motor mulu", "society.security", "Satpol_PP"),
        ("JALAN RUSAK PARAH!!!", "living.mobility", "DSDABMBK"),
    ],
)
def test_everyday_words_and_slang(text: str, element: str, agency: str) -> None:
    found = classify(text)
    assert found.confident
    assert first_element(found) == element
    assert found.agencies[0].key == agency


@pytest.mark.parametrize(
    ("typo", "element"),
    [
        ("sampa liar dimana2", "environment.waste"),
        ("puskesmaz jauh", "living.health"),
        ("jembatn mau ambruk", "living.mobility"),
        ("kebanjirn trs", "environment.protection"),
    ],
)
def test_a_typo_is_read_as_the_word_meant(typo: str, element: str) -> None:
    found = classify(typo)
    assert found.confident and first_element(found) == element


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("pembuangan sampah sembarangan", "buang sampah"),
        ("pengaspalan jalan desa", "aspal"),
        ("pengobatan mahal bgt", "obat"),
    ],
)
def test_a_word_with_affixes_meets_its_root(text: str, keyword: str) -> None:
    """Sastrawi's stemming: "pembuangan" is "buang", not a mistyped "pembangunan"."""
    assert keyword in classify(text).matched


def test_a_real_word_is_not_taken_for_a_typo() -> None:
    """ "pasir" (sand, and many desa names) is one letter from "pasar" (market)."""
    found = classify("desa pasir tanjung")
    assert not found.confident
    assert "economy" not in [d.key for d in found.dimensions]


@pytest.mark.parametrize(
    "text", ["asdfgh", "halo", "halo admin", "terima kasih", "tes", "", "🙏🙏", "ok"]
)
def test_no_confident_suggestion_for_what_is_no_problem(text: str) -> None:
    found = classify(text)
    assert not found.confident
    assert found.elements == ()


def test_each_list_is_best_first_and_names_what_matched() -> None:
    found = classify("jalan depan sd bolong2, got mampet juga kalo ujan")
    for ranked in (found.dimensions, found.elements, found.agencies):
        scores = [item.score for item in ranked]
        assert scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert {"jalan bolong", "got mampet"} <= set(found.matched)


# --- the data file -------------------------------------------------------------------------


def test_every_element_has_keywords_and_every_agency_some() -> None:
    reference = load_reference()
    data = parse_keywords(read_data_text(KEYWORDS_FILE), reference)
    assert {(e.dimension, e.element) for e in data.elements} == {
        (d.key, s.key) for d in reference.dimensions for s in d.sub_elements
    }
    assert set(data.agencies) == {a.key for a in reference.agencies}


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("  Disdik: [", "  Dinas Rahasia: ["), "Dinas Rahasia"),
        (("      agencies: [Dinkes,", "      agencies: [Dinkez,"), "Dinkez"),
        (("    mobility:\n", "    teleportation:\n"), "teleportation"),
        (("  confident_score: 1.0", "  confident_score: tinggi"), "confident_score"),
        (("  gk: tidak", "  gk: tidak ada"), "'gk'"),
    ],
)
def test_a_mistake_in_the_data_file_is_named(change: tuple[str, str], named: str) -> None:
    """Another kabupaten retuning the file is told what is wrong, not given a traceback
    from deep inside the classifier."""
    text = read_data_text(KEYWORDS_FILE)
    assert change[0] in text
    with pytest.raises(ReferenceDataError, match=named):
        parse_keywords(text.replace(change[0], change[1], 1), load_reference())


# --- rembug suggest ------------------------------------------------------------------------


def rembug(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    environment["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,  # no developer's .env
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_rembug_suggest_prints_the_suggestions_as_json(tmp_path: Path) -> None:
    done = rembug("suggest", "sampah numpuk di pinggir kali, baunya kemana2", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["confident"] is True
    assert printed["elements"][0] == {
        "dimension": "environment",
        "key": "waste",
        "name_id": "Tata Kelola Sampah dan Limbah",
        "name_en": "Waste Management",
        "score": printed["elements"][0]["score"],
    }
    assert printed["dimensions"][0]["name_id"] == "Lingkungan Cerdas"
    assert printed["agencies"][0]["key"] == "DLH"
    assert printed["agencies"][0]["name"] == "Dinas Lingkungan Hidup"
    assert all(len(printed[k]) <= 3 for k in ("dimensions", "elements", "agencies"))
    assert "sampah" in printed["matched"]


def test_rembug_suggest_says_when_nothing_fits_and_when_no_text_is_given(
    tmp_path: Path,
) -> None:
    done = rembug("suggest", "asdfgh", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["confident"] is False
    empty = rembug("suggest", " ", cwd=tmp_path)
    assert empty.returncode == 2
    assert "give the problem text" in empty.stderr


def test_rembug_suggest_into_a_closed_pipe_prints_no_traceback(tmp_path: Path) -> None:
    """`rembug suggest … | head -1`: the reader leaves early; no traceback in the terminal."""
    environment = {k: v for k, v in os.environ.items() if k != "BOT_TOKEN"}
    environment["PYTHONPATH"] = str(ROOT)
    reader, writer = os.pipe()
    os.close(reader)  # nobody will read: the first write gets EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "bot", "suggest", "jalan bolong depan sekolah"],
            cwd=tmp_path,
            env=environment,
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(writer)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
