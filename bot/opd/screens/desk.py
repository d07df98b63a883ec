"""Screens of the OPD desk's list: the proposals of one perangkat daerah, unanswered first,
with filters by dimension and kecamatan, paged. Plain values in, Screens out.

Callback layout (kind "j"), every field checked again on the server:
  j:l:<page>:<dimension|->:<kecamatan|->   the list, filtered
  j:d:<kecamatan|->                        choose a dimension (keeps the kecamatan)
  j:k:<dimension|->                        choose a kecamatan (keeps the dimension)
  j:v:<id>                                 open a proposal (bot/opd/screens/card.py)
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.dialogue.answer_text import shorten_escaped
from bot.i18n import Translator
from bot.screens import Button, Keyboard, Screen, esc, rows

PER_PAGE = 4
PROBLEM_CHARS = 40
ANY = "-"  # no filter, in callback data


def j(*fields: str | int) -> str:
    return cb.encode(Kind.DESK, *fields)


@dataclass(frozen=True)
class Filters:
    dimension: str | None = None  # a dimension key
    kecamatan: str | None = None  # a kecamatan code

    def fields(self) -> tuple[str, str]:
        return self.dimension or ANY, self.kecamatan or ANY


@dataclass(frozen=True)
class Item:
    id: int
    reference: str
    problem: str
    place: str  # "Cijengkol, Setu"
    supports: int
    answered: bool


@dataclass(frozen=True)
class DeskView:
    agency: str  # the OPD's full name
    items: list[Item]
    total: int  # how many match the filters
    unanswered: int  # of all assigned, unfiltered
    page: int
    filters: Filters
    filter_words: list[str]  # the chosen filters in words ([] = none)


def pages(total: int) -> int:
    return max(1, -(-total // PER_PAGE))


def not_opd(t: Translator) -> str:
    return t("Sorry, the desk is only for staff of a perangkat daerah.")


def not_on_desk(t: Translator) -> str:
    return t("Sorry, this proposal is not on your desk (it may have been passed to another one).")


def listing(t: Translator, view: DeskView) -> Screen:
    lines = [
        t("<b>Desk of {agency}</b>", agency=esc(view.agency)),
        t.n(
            "{count} proposal waits for your tanggapan.",
            "{count} proposals wait for your tanggapan.",
            view.unanswered,
        ),
    ]
    if view.filter_words:
        lines.append(t("Showing: {filters}", filters=esc(" · ".join(view.filter_words))))
    lines.append("")
    if not view.items:
        lines.append(t("No proposal here yet."))
    for item in view.items:
        mark = "✅" if item.answered else "⏳"
        supported = f" · 👍 {t.number(item.supports)}" if item.supports else ""
        problem = shorten_escaped(item.problem, PROBLEM_CHARS)
        lines.append(
            f"{mark} <b>{item.reference}</b>{supported} · {esc(item.place)} — <i>{problem}</i>"
        )
    if view.items:
        lines += ["", t("⏳ waiting · ✅ answered")]
    keyboard: Keyboard = rows([Button(i.reference, j("v", i.id)) for i in view.items], 2)
    keyboard += _pager(t, view)
    dimension, kecamatan = view.filters.fields()
    keyboard.append(
        [
            Button(t("🗂 Dimension"), j("d", kecamatan)),
            Button(t("📍 Kecamatan"), j("k", dimension)),
        ]
    )
    return Screen("\n".join(lines), keyboard)


def _pager(t: Translator, view: DeskView) -> Keyboard:
    count = pages(view.total)
    if count <= 1:
        return []
    fields = view.filters.fields()
    pager = []
    if view.page > 0:
        pager.append(Button("◀️", j("l", view.page - 1, *fields)))
    label = t("Page {page} of {count}", page=view.page + 1, count=count)
    pager.append(Button(label, j("l", view.page, *fields)))
    if view.page + 1 < count:
        pager.append(Button("▶️", j("l", view.page + 1, *fields)))
    return [pager]


def dimension_picker(t: Translator, choices: list[tuple[str, str]], filters: Filters) -> Screen:
    """`choices`: (dimension key, its words) of the dimensions on the desk."""
    kecamatan = filters.kecamatan or ANY
    keyboard = [[Button(words, j("l", 0, key, kecamatan))] for key, words in choices]
    keyboard.append([Button(t("All dimensions"), j("l", 0, ANY, kecamatan))])
    return Screen(t("Show the proposals of which dimension?"), keyboard)


def kecamatan_picker(t: Translator, choices: list[tuple[str, str]], filters: Filters) -> Screen:
    """`choices`: (kecamatan code, name) of the kecamatan on the desk."""
    dimension = filters.dimension or ANY
    buttons = [Button(name, j("l", 0, dimension, code)) for code, name in choices]
    keyboard = rows(buttons, 3)
    keyboard.append([Button(t("All kecamatan"), j("l", 0, dimension, ANY))])
    return Screen(t("Show the proposals of which kecamatan?"), keyboard)
