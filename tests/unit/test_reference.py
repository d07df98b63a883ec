from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bot import reference
from bot.reference import (
    Reference,
    kecamatan_payload,
    load_reference,
    parse_kecamatan_payload,
)

DIMENSION_ORDER = ["governance", "branding", "economy", "living", "society", "environment"]


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


def test_load_is_cached(ref: Reference) -> None:
    assert load_reference() is ref


def test_bekasi_counts(ref: Reference) -> None:
    desa = [d for k in ref.kecamatan for d in k.desa]
    assert len(ref.kecamatan) == 23
    assert len(desa) == 187
    assert sum(d.kind == "desa" for d in desa) == 179
    assert sum(d.kind == "kelurahan" for d in desa) == 8


def test_ordered_alphabetically(ref: Reference) -> None:
    """As a person looks for their own in a list: the BPS codes mean nothing to a resident."""
    names = [k.name for k in ref.kecamatan]
    assert names == sorted(names)
    assert names[0] == "Babelan" and names[-1] == "Tarumajaya"
    assert sorted(k.code for k in ref.kecamatan)[0] == "32.16.01"
    for kecamatan in ref.kecamatan:
        desa_names = [d.name for d in kecamatan.desa]
        assert desa_names == sorted(desa_names)
        assert all(d.kecamatan_code == kecamatan.code for d in kecamatan.desa)


def test_abbreviations(ref: Reference) -> None:
    abbreviations = [k.abbreviation for k in ref.kecamatan]
    assert len(set(abbreviations)) == len(abbreviations)
    assert all(re.fullmatch(r"[A-Z]{3}", a) for a in abbreviations)
    by_name = {k.name: k.abbreviation for k in ref.kecamatan}
    assert by_name["Cikarang Utara"] == "CKU"
    assert by_name["Tambun Selatan"] == "TBS"
    cku = ref.kecamatan_by_abbreviation("cku")
    assert cku is not None and cku.name == "Cikarang Utara"


def test_lookups(ref: Reference) -> None:
    kecamatan = ref.kecamatan_by_code("32.16.09")
    assert kecamatan is not None and kecamatan.name == "Cikarang Utara"
    desa = ref.desa_by_code("32.16.01.1007")
    assert desa is not None and desa.name == "Setia Asih" and desa.kind == "kelurahan"
    assert ref.kecamatan_by_code("32.16.99") is None
    assert ref.desa_by_code("32.16.01.9999") is None
    assert ref.desa_by_code("nonsense") is None


def test_dimensions(ref: Reference) -> None:
    assert [d.key for d in ref.dimensions] == DIMENSION_ORDER
    assert all(len(d.sub_elements) == 3 for d in ref.dimensions)
    living = ref.dimension("living")
    assert living is not None
    assert [s.key for s in living.sub_elements] == ["harmony", "health", "mobility"]
    assert living.name("id") == "Kehidupan Cerdas"
    assert living.name("en") == "Smart Living"
    assert living.description("en").startswith("Ensuring")
    health = living.sub_element("health")
    assert health is not None and health.name("id") == "Prasarana Kesehatan"
    assert living.sub_element("waste") is None
    assert ref.dimension("nope") is None
    governance = ref.dimension("governance")
    assert governance is not None and "Smart Government" in governance.aliases


def test_agencies(ref: Reference) -> None:
    codes = [a.code for a in ref.agencies]
    assert codes
    assert len(set(codes)) == len(codes)
    assert codes[0] == "Disdik"
    dinkes = ref.agency("Dinkes")
    assert dinkes is not None and dinkes.name == "Dinas Kesehatan"
    assert ref.agency("Nope") is None


def test_payload_valid() -> None:
    assert parse_kecamatan_payload("kec_32_16_05") == "32.16.05"
    assert parse_kecamatan_payload(kecamatan_payload("32.16.23")) == "32.16.23"


def test_payload_unknown_kecamatan() -> None:
    assert parse_kecamatan_payload("kec_32_16_99") is None
    assert parse_kecamatan_payload("kec_32_17_01") is None


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "kec_32_16_5",
        "kec_32.16.05",
        "KEC_32_16_05",
        "kec_32_16_05_2001",
        "kec_32_16_05\n",
        " kec_32_16_05",
        "kec_٣٢_١٦_٠٥",
        "start",
    ],
)
def test_payload_malformed(payload: str) -> None:
    assert parse_kecamatan_payload(payload) is None


def test_payload_too_long() -> None:
    assert parse_kecamatan_payload("kec_32_16_05" + "0" * 60) is None
    assert parse_kecamatan_payload("x" * 65) is None


def _swap_file(monkeypatch: pytest.MonkeyPatch, name: str, edit: Callable[[str], str]) -> None:
    original = reference.read_data_text
    monkeypatch.setattr(
        reference,
        "read_data_text",
        lambda requested: edit(original(name)) if requested == name else original(requested),
    )


@pytest.mark.parametrize(
    ("name", "edit", "message"),
    [
        (reference.ABBREVIATIONS_FILE, lambda text: text.replace("CKS", "CKU"), "duplicate"),
        (reference.ABBREVIATIONS_FILE, lambda text: text.replace("CKS", "Cks"), "uppercase"),
        (reference.ABBREVIATIONS_FILE, lambda text: text.replace("32.16.23,BJM\n", ""), "differ"),
        (reference.WILAYAH_FILE, lambda text: text.replace(",desa\n", ",dusun\n", 1), "jenis"),
        (
            reference.WILAYAH_FILE,
            lambda text: text.replace("32.16.01.2001", "32.16.01.2002"),
            "dup",
        ),
        (reference.AGENCIES_FILE, lambda text: text.replace("Dinkes,", "Disdik,"), "duplicate"),
        (
            reference.DIMENSIONS_FILE,
            lambda text: text.replace("key: mobility", "key: health"),
            "duplicate",
        ),
        (reference.DIMENSIONS_FILE, lambda text: text.replace("- key: energy", "- name: x"), "key"),
    ],
)
def test_broken_files_are_reported(
    monkeypatch: pytest.MonkeyPatch, name: str, edit: Callable[[str], str], message: str
) -> None:
    _swap_file(monkeypatch, name, edit)
    load_reference.cache_clear()
    try:
        with pytest.raises(reference.ReferenceDataError, match=message):
            load_reference()
    finally:
        load_reference.cache_clear()
