"""Every prompt and reply fits a phone screen: at most 600 visible characters, in both languages.

Each catalog message is formatted with plausible values (long-ish names, 4-digit counts), and
the screens that join several messages are rendered as the bot sends them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import string
from typing import Any

import pytest

from bot.dialogue import engine
from bot.dialogue.model import OptionContext
from bot.dialogue.screens import review
from bot.i18n import SUPPORTED_LOCALES, translator
from bot.i18n.catalogs import read_catalog
from bot.participants.screens.welcome import privacy_notice
from bot.proposals.screens.cards import listing
from bot.proposals.script import PROPOSAL
from bot.reference import Kecamatan, load_reference
from bot.roles import Staff
from bot.screens.menu import help_screen
from bot.staff.rekap import Counts, build_kecamatan, build_regency, dimension_keys
from bot.staff.screens.coordination import staff_help
from bot.staff.screens.rekap import kecamatan_progress, pages, regency_pages, regency_progress
from storage.queries.mandates import MandateCounts

LIMIT = 600
REF = load_reference()
TAG = re.compile(r"<[^>]+>")
# Fields whose values are long by nature: Telegram's own text or a link, not our words.
SAMPLES: dict[str, str] = {
    "url": "https://t.me/RembugBekasiBot?start=k-32-16-05",
    "reference": "CKU-0042",
    "other": "CKU-0107",
    "date": "27 Nov 2026",
    "when": "28 Nov 2026 08.00 WIB",
    "until": "4 Des 2026 23.59 WIB",
    "opens": "1 Des 2026 08.00 WIB",
    "closes": "31 Des 2026 16.00 WIB",
    "moment": "1 Des 2026 08.00 WIB",
    "kept_until": "31 Des 2027",
    "erase_on": "1 Jan 2028",
    "percent": "100",
    "tag": "blockquote",
    "format": "Excel",
}
NUMBERS = {"count", "total", "n", "target", "min", "max", "length", "done", "size", "previous"}
NUMBERS |= {"page", "number", "hours", "minutes", "id", "names"}


def visible(text: str) -> str:
    return html.unescape(TAG.sub("", text))


def sample(field: str) -> str:
    if field in NUMBERS:
        return "1.234"
    return SAMPLES.get(field, "Cikarang Barat Sukadanau")


def fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def rendered_catalog(locale: str) -> list[tuple[str, str]]:
    catalog = read_catalog(locale)
    assert catalog is not None
    found = []
    for message in catalog:
        if not message.id:
            continue
        raw = message.string
        forms = [str(f) for f in raw] if isinstance(raw, tuple | list) else [str(raw)]
        for form in forms:
            text = form.format(**{f: sample(f) for f in fields(form)}) if fields(form) else form
            found.append((str(message.id)[:60], visible(text)))
    return found


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_catalog_message_fits_a_phone_screen(locale: str) -> None:
    long = [(key, len(text)) for key, text in rendered_catalog(locale) if len(text) > LIMIT]
    assert not long, f"{locale}: over {LIMIT} visible characters: {long}"


def _answers() -> dict[str, Any]:
    return {
        "dimension": "living",
        "sub_element": "mobility",
        "problem": "Jalan ke sekolah rusak dan tergenang setiap hujan, anak-anak sulit lewat.",
        "causes": "Tidak ada saluran air di sepanjang jalan dan truk bermuatan berat lewat.",
        "solution": "Bangun saluran air dan batasi truk berat pada jam sekolah.",
        "urgency": "high",
        "time_to_result": "12m",
        "needs": ["budget", "partnership"],
        "agency": "Dinas Sumber Daya Air, Bina Marga dan Bina Konstruksi",
        "beneficiaries": "300 keluarga di RW 03",
        "location": [-6.25, 107.15],
        "photos": ["p1", "p2"],
    }


# Representatives with 4-digit figures (the regency sums them to 5 and 7 digits).
BUSY_MANDATES = MandateCounts(1234, 999, 123_456)


def busy_counts(kecamatan: Kecamatan) -> Counts:
    """Four-digit figures in every desa and dimension of `kecamatan`: the widest /rekap."""
    return Counts(
        participants={d.code: 1234 for d in kecamatan.desa},
        contributors={d.code: 999 for d in kecamatan.desa},
        proposals={(d.code, key): 12 for d in kecamatan.desa for key in dimension_keys(REF)},
        targets={kecamatan.code: 1500},
        round_name="Putaran 1 — Desember 2026",
        mandates={kecamatan.code: BUSY_MANDATES},
    )


def composite_screens(locale: str) -> dict[str, str]:
    t = translator(locale)
    widest = max(REF.kecamatan, key=lambda k: len(k.desa))
    counts = busy_counts(widest)
    progress = build_kecamatan(widest, dimension_keys(REF), counts)
    answers = _answers()
    admin = Staff(1, is_admin=True)
    coordinator = Staff(2, kecamatan=frozenset({widest.code}))
    # Every role at once: each role's part of the help is a message of its own.
    everything = Staff(3, is_admin=True, kecamatan=frozenset({widest.code}), opd="DSDABMBK")
    items = [(i, f"CKU-{i:04d}", "Tata Kelola Pemerintahan Cerdas", "submitted") for i in range(5)]
    return {
        "privacy notice (no date)": privacy_notice(t, None, None).text,
        "privacy notice (date)": privacy_notice(t, None, dt.date(2027, 12, 31)).text,
        "rekap": kecamatan_progress(
            t, progress, REF.dimensions, 0, counts.round_name, [], True
        ).text,
        "bantuan": help_screen(t).text,
        **{
            f"staff help ({who}, part {n})": part
            for who, staff in (("admin", admin), ("coordinator", coordinator), ("all", everything))
            for n, part in enumerate(staff_help(t, staff), 1)
        },
        "review": review(
            PROPOSAL, engine.review(PROPOSAL, answers, 5), OptionContext(answers, REF, t), False
        ).text,
        "usulanku": listing(t, items).text,
    }


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_composite_screens_fit_a_phone_screen(locale: str) -> None:
    sizes = {name: len(visible(text)) for name, text in composite_screens(locale).items()}
    long = {name: size for name, size in sizes.items() if size > LIMIT and "rekap" not in name}
    assert not long, f"{locale}: over {LIMIT} visible characters: {long} (all: {sizes})"


def test_visible_strips_tags_and_entities() -> None:
    assert visible("<b>Rekap</b> &amp; <i>desa</i>") == "Rekap & desa"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_rekap_fits_a_phone_screen(locale: str) -> None:
    text = composite_screens(locale)["rekap"]
    assert len(visible(text)) <= LIMIT


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_rekap_page_of_every_kecamatan_fits_a_phone_screen(locale: str) -> None:
    t = translator(locale)
    long = {}
    for kecamatan in REF.kecamatan:
        counts = busy_counts(kecamatan)
        progress = build_kecamatan(kecamatan, dimension_keys(REF), counts)
        for page in range(pages(progress)):
            screen = kecamatan_progress(
                t, progress, REF.dimensions, page, counts.round_name, [], True
            )
            if len(visible(screen.text)) > LIMIT:
                long[f"{kecamatan.name} p{page + 1}"] = len(visible(screen.text))
    assert not long, f"{locale}: /rekap pages over {LIMIT} visible characters: {long}"


def _regency_counts() -> Counts:
    """Every desa of the regency with 4-digit figures: the widest table the regency can show."""
    every = [d for k in REF.kecamatan for d in k.desa]
    return Counts(
        participants={d.code: 1234 for d in every},
        contributors={d.code: 999 for d in every},
        proposals={(d.code, key): 12 for d in every for key in dimension_keys(REF)},
        targets={k.code: 1500 for k in REF.kecamatan},
        round_name="Putaran 1 — Desember 2026",
        supports={k.code: 1234 for k in REF.kecamatan},
        mandates={k.code: BUSY_MANDATES for k in REF.kecamatan},
    )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_regency_rekap_page_fits_a_phone_screen(locale: str) -> None:
    t, counts = translator(locale), _regency_counts()
    regency = build_regency(REF, counts)
    count = regency_pages(len(regency.kecamatan))
    shown = [regency_progress(t, regency, counts.round_name, page) for page in range(count)]
    sizes = {page + 1: len(visible(screen.text)) for page, screen in enumerate(shown)}
    assert count > 1 and all(size <= LIMIT for size in sizes.values()), f"{locale}: {sizes}"
    listed = [b.text for screen in shown for row in (screen.keyboard or [])[:-2] for b in row]
    assert listed == [k.name for k in REF.kecamatan], "every kecamatan on exactly one page"
