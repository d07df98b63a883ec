"""/rekap: a kecamatan's desa × dimension table, and the regency's kecamatan table."""

from __future__ import annotations

from collections.abc import Sequence

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.reference import Dimension
from bot.screens import Button, Keyboard, Screen, esc, rows
from bot.screens.figures import share
from bot.staff.rekap import DesaProgress, KecamatanProgress, RegencyProgress
from storage.queries.mandates import MandateCounts

# A page must fit one phone screen (600 visible characters) with the summary and the legend:
# 7 rows of 31 characters do, 8 do not; a longer kecamatan is split into pages of even length.
DESA_PER_PAGE = 7
# With the representatives' line under the summary, one row fewer.
DESA_PER_PAGE_WITH_MANDATES = 5
# The regency table: 23 kecamatan over 3 pages of 8 + 8 + 7 rows, under the summary.
KECAMATAN_PER_PAGE = 8
NAME_WIDTH = 13
KECAMATAN_WIDTH = 17
NUMBER_WIDTH = 5
PROPOSALS_WIDTH = 5
EMPTY = "·"
MANY = "+"  # a dimension with ten proposals or more in a desa: no gap there


def shorten(name: str, width: int) -> str:
    """A name cut to `width` characters with an ellipsis, so table columns stay aligned."""
    return name if len(name) <= width else name[: width - 1].rstrip() + "…"


GENERIC_WORDS = {"smart", "cerdas"}


def dimension_abbreviation(dimension: Dimension, locale: str) -> str:
    """Two letters of the dimension's name in `locale`: "Kehidupan Cerdas" -> "Ke"."""
    words = [w for w in dimension.name(locale).split() if w.lower() not in GENERIC_WORDS]
    return (words or [dimension.key])[0][:2].capitalize()


def dimension_letters(dimensions: tuple[Dimension, ...], locale: str) -> tuple[str, ...]:
    """One distinct letter per dimension for the one-character table columns: the first of its
    abbreviation, else the next letter of its short name not taken yet (Environment -> "N")."""
    taken: list[str] = []
    for dimension in dimensions:
        candidates = dimension_abbreviation(dimension, locale) + _short_name(dimension, locale)
        free = [c.upper() for c in candidates if c.isalpha() and c.upper() not in taken]
        taken.append(free[0] if free else "?")
    return tuple(taken)


def _short_name(dimension: Dimension, locale: str) -> str:
    words = [w for w in dimension.name(locale).split() if w.lower() not in GENERIC_WORDS]
    return " ".join(words[:2]) if words else dimension.key


def _cell(count: int) -> str:
    return EMPTY if count == 0 else (MANY if count > 9 else str(count))


def _percent(t: Translator, part: int, whole: int) -> str:
    value = share(part, whole)
    return "–" if value is None else t("{percent} %", percent=t.number(value))


def _kecamatan_summary(t: Translator, k: KecamatanProgress, round_name: str | None) -> list[str]:
    """Four short lines, so that a page of the desa table fits on the same phone screen."""
    lines = [t("<b>📊 Progress — Kecamatan {name}</b>", name=esc(k.name))]
    if round_name:
        lines.append(t("Round: {name}", name=esc(round_name)))
    people = t.n("👥 {count} participant", "👥 {count} participants", k.participants)
    if k.target:
        people += " " + t(
            "(target {target}: {percent})",
            target=t.number(k.target),
            percent=_percent(t, k.participants, k.target),
        )
    people += " · " + t(
        "✍️ {count} sent a proposal ({percent})",
        count=t.number(k.contributors),
        percent=_percent(t, k.contributors, k.participants),
    )
    reached = t(
        "🏘 {count} of {total} desa have a proposal ({percent})",
        count=t.number(k.desa_with_proposal),
        total=t.number(len(k.desa)),
        percent=_percent(t, k.desa_with_proposal, len(k.desa)),
    )
    proposals = t.n("📝 {count} proposal", "📝 {count} proposals", k.proposals)
    lines += [people, f"{reached} · {proposals} · {_supports(t, k.supports)}"]
    return lines + _mandates(t, k.mandates)


def _mandates(t: Translator, m: MandateCounts) -> list[str]:
    """Representatives, and those whose coordinator confirmed their mandate (when any)."""
    if not m.representatives:
        return []
    return [
        t.n("🤝 {count} representative", "🤝 {count} representatives", m.representatives)
        + " · "
        + t(
            "✔ {count} confirmed ({people} people)",
            count=t.number(m.confirmed),
            people=t.number(m.people_confirmed),
        )
    ]


def _supports(t: Translator, count: int) -> str:
    return t.n("👍 {count} support", "👍 {count} supports", count)


def _matrix(
    t: Translator, k: KecamatanProgress, dimensions: tuple[Dimension, ...], page: int
) -> str:
    # Translators: table column headers, at most 4 characters each (desa, participants, proposals).
    head = t("Desa").ljust(NAME_WIDTH) + t("Ppl").rjust(NUMBER_WIDTH)
    head += (
        t("Prop").rjust(PROPOSALS_WIDTH) + " " + "".join(dimension_letters(dimensions, t.locale))
    )
    lines = [head]
    for d in page_of(k, page):
        line = shorten(d.name, NAME_WIDTH - 1).ljust(NAME_WIDTH)
        line += str(d.participants).rjust(NUMBER_WIDTH) + str(d.proposals).rjust(PROPOSALS_WIDTH)
        lines.append(line + " " + "".join(_cell(c) for c in d.per_dimension))
    return "<pre>" + esc("\n".join(lines)) + "</pre>"


def _legend(t: Translator, dimensions: tuple[Dimension, ...]) -> str:
    letters = dimension_letters(dimensions, t.locale)
    named = [
        f"{letter} {esc(_short_name(d, t.locale))}"
        for letter, d in zip(letters, dimensions, strict=True)
    ]
    return t(
        "{dimensions}. {empty} no proposal yet (a gap); {many} 10 or more.",
        dimensions=", ".join(named),
        empty=EMPTY,
        many=MANY,
    )


def pages(k: KecamatanProgress) -> int:
    per_page = DESA_PER_PAGE_WITH_MANDATES if k.mandates.representatives else DESA_PER_PAGE
    return max(1, -(-len(k.desa) // per_page))


def page_of(k: KecamatanProgress, page: int) -> tuple[DesaProgress, ...]:
    """The desa on `page`, pages of even length: 11 desa are 6 + 5, not 7 + 4."""
    size = -(-len(k.desa) // pages(k))
    return k.desa[page * size : (page + 1) * size]


def kecamatan_progress(
    t: Translator,
    k: KecamatanProgress,
    dimensions: tuple[Dimension, ...],
    page: int,
    round_name: str | None,
    others: list[tuple[str, str]],
    regency_button: bool,
    regency_page: int = 0,
) -> Screen:
    """`others`: (code, name) of further kecamatan the viewer may open; `regency_page`: the
    page of the regency table the "all kecamatan" button goes back to."""
    text = "\n".join(
        [
            *_kecamatan_summary(t, k, round_name),
            "",
            _matrix(t, k, dimensions, page),
            _legend(t, dimensions),
        ]
    )
    keyboard: Keyboard = []
    if pages(k) > 1:
        keyboard.append(_pager(t, k.code, page, pages(k)))
    keyboard.append([Button(t("🔄 Refresh"), cb.encode(Kind.COORDINATION, "rk", k.code, page))])
    keyboard += rows(
        [Button(name, cb.encode(Kind.COORDINATION, "rk", code, 0)) for code, name in others], 3
    )
    if regency_button:
        back = cb.encode(Kind.COORDINATION, "rr", regency_page)
        keyboard.append([Button(t("⬅️ All kecamatan"), back)])
    return Screen(text, keyboard)


def _pager(t: Translator, code: str, page: int, count: int) -> list[Button]:
    buttons = []
    if page > 0:
        buttons.append(Button("◀️", cb.encode(Kind.COORDINATION, "rk", code, page - 1)))
    buttons.append(
        Button(
            t("Page {page} of {count}", page=page + 1, count=count),
            cb.encode(Kind.COORDINATION, "rk", code, page),
        )
    )
    if page + 1 < count:
        buttons.append(Button("▶️", cb.encode(Kind.COORDINATION, "rk", code, page + 1)))
    return buttons


def regency_pages(kecamatan_count: int) -> int:
    return max(1, -(-kecamatan_count // KECAMATAN_PER_PAGE))


def regency_rows(kecamatan_count: int, page: int) -> slice:
    """The rows of the regency table on `page`, pages of even length: 23 are 8 + 8 + 7."""
    size = -(-kecamatan_count // regency_pages(kecamatan_count))
    return slice(page * size, (page + 1) * size)


def regency_page_with(codes: Sequence[str], code: str) -> int:
    """The page of the regency table that lists the kecamatan `code` (0 if none does)."""
    for page in range(regency_pages(len(codes))):
        if code in codes[regency_rows(len(codes), page)]:
            return page
    return 0


def regency_progress(
    t: Translator, r: RegencyProgress, round_name: str | None, page: int = 0
) -> Screen:
    """The regency's figures and one page of its kecamatan table (the whole table overflows a
    phone screen): the summary on every page, the page's kecamatan as buttons."""
    lines = [t("<b>📊 Progress — Kabupaten Bekasi</b>")]
    if round_name:
        lines.append(t("Round: {name}", name=esc(round_name)))
    people = t.n(
        "👥 {count} participant registered",
        "👥 {count} participants registered",
        r.participants,
    )
    contributed = t(
        "✍️ {count} sent a proposal ({percent})",
        count=t.number(r.contributors),
        percent=_percent(t, r.contributors, r.participants),
    )
    proposals = t.n("📝 {count} proposal", "📝 {count} proposals", r.proposals)
    reached = t(
        "🏘 {count} of {total} desa have a proposal ({percent})",
        count=t.number(r.desa_with_proposal),
        total=t.number(r.desa_total),
        percent=_percent(t, r.desa_with_proposal, r.desa_total),
    )
    lines += [
        f"{people} · {contributed}",
        f"{proposals} · {_supports(t, r.supports)}",
        reached,
        "",
        _kecamatan_table(t, r.kecamatan[regency_rows(len(r.kecamatan), page)]),
        # The representatives take the hint's place: both do not fit one phone screen.
        *(
            _mandates(t, r.mandates)
            or [t("Tap a kecamatan to see its desa and the gaps by dimension.")]
        ),
    ]
    buttons = [
        Button(k.name, cb.encode(Kind.COORDINATION, "rk", k.code, 0))
        for k in r.kecamatan[regency_rows(len(r.kecamatan), page)]
    ]
    keyboard = rows(buttons, 3)
    count = regency_pages(len(r.kecamatan))
    if count > 1:
        keyboard.append(_regency_pager(t, page, count))
    keyboard.append([Button(t("🔄 Refresh"), cb.encode(Kind.COORDINATION, "rr", page))])
    return Screen("\n".join(lines), keyboard)


def _regency_pager(t: Translator, page: int, count: int) -> list[Button]:
    buttons = []
    if page > 0:
        buttons.append(Button("◀️", cb.encode(Kind.COORDINATION, "rr", page - 1)))
    buttons.append(
        Button(
            t("Page {page} of {count}", page=page + 1, count=count),
            cb.encode(Kind.COORDINATION, "rr", page),
        )
    )
    if page + 1 < count:
        buttons.append(Button("▶️", cb.encode(Kind.COORDINATION, "rr", page + 1)))
    return buttons


def _kecamatan_table(t: Translator, shown: tuple[KecamatanProgress, ...]) -> str:
    # Translators: table column headers, at most 4 characters each.
    head = t("Kecamatan").ljust(KECAMATAN_WIDTH) + t("Ppl").rjust(NUMBER_WIDTH)
    head += t("Prop").rjust(NUMBER_WIDTH) + t("Desa").rjust(7)
    lines = [head]
    for k in shown:
        line = shorten(k.name, KECAMATAN_WIDTH - 1).ljust(KECAMATAN_WIDTH)
        line += str(k.participants).rjust(NUMBER_WIDTH) + str(k.proposals).rjust(NUMBER_WIDTH)
        lines.append(line + f"{k.desa_with_proposal}/{len(k.desa)}".rjust(7))
    return "<pre>" + esc("\n".join(lines)) + "</pre>"
