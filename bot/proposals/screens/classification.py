"""Screens of classifying a proposal: the list of unclassified ones, the card with the
classifier's suggestions, the dimension → element pickers and the perangkat daerah picker.

Dimensions and elements are shown in plain words ("Waste and rubbish"), not the framework's
official names ("Tata Kelola Sampah"): those stay in the exports."""

from __future__ import annotations

from dataclasses import dataclass

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.dialogue.answer_text import shorten_escaped
from bot.i18n import Translator
from bot.proposals.topics import DIMENSION_LABELS, ELEMENT_LABELS, UNKNOWN_AGENCY
from bot.reference import Agency, Reference
from bot.screens import Button, Keyboard, Screen, esc, rows

PER_PAGE = 5  # proposals on one page of the list
AGENCIES_PER_PAGE = 8
PROBLEM_CHARS = 140  # of the problem on the card: with the rest, ≤ 600 characters
LIST_PROBLEM_CHARS = 60  # of the problem in the list
SUGGESTED = 3


def y(*fields: str | int) -> str:
    return cb.encode(Kind.CLASSIFY, *fields)


def dimension_words(t: Translator, reference: Reference, key: str) -> str:
    """A dimension in plain words; its official name when it has none."""
    if key in DIMENSION_LABELS:
        return t(DIMENSION_LABELS[key])
    found = reference.dimension(key)
    return found.name(t.locale) if found else key


def element_words(t: Translator, reference: Reference, dimension: str, element: str) -> str:
    if element in ELEMENT_LABELS:
        return t(ELEMENT_LABELS[element])
    found = reference.dimension(dimension)
    sub = found.sub_element(element) if found else None
    return sub.name(t.locale) if sub else element


@dataclass(frozen=True)
class ClassifyView:
    """A proposal as the classification card shows it, as plain values."""

    id: int
    reference: str
    place: str
    problem: str
    dimension: str | None
    element: str | None
    agency: Agency | None  # None: not known
    suggested: tuple[tuple[str, str], ...]  # (dimension, element), best first


# --- refusals and short answers ------------------------------------------------------------


def not_allowed(t: Translator) -> str:
    return t(
        "Sorry, only an admin or the coordinator of this proposal's kecamatan can classify it."
    )


def already_classified(t: Translator, reference: str) -> str:
    return t(
        "{reference} is already classified like that. Nothing was changed.", reference=reference
    )


def already_agency(t: Translator, reference: str) -> str:
    return t(
        "{reference} already has that perangkat daerah. Nothing was changed.", reference=reference
    )


# --- the list ------------------------------------------------------------------------------


def listing(t: Translator, items: list[tuple[int, str, str]], total: int, page: int) -> Screen:
    """`items`: (id, reference, problem) of this page; `total`: how many wait altogether."""
    if total == 0:
        return Screen(
            t(
                "<b>Not classified yet (0)</b>\nEvery proposal you can see has a dimension and "
                "an element. Thank you!"
            )
        )
    lines = [
        t("<b>Not classified yet ({count})</b>", count=t.number(total)),
        t("Residents sent these without a dimension. Tap one to classify it."),
        "",
    ]
    lines += [
        f"• <b>{reference}</b> — {shorten_escaped(problem, LIST_PROBLEM_CHARS)}"
        for _, reference, problem in items
    ]
    keyboard = rows([Button(reference, y("v", id_)) for id_, reference, _ in items], 3)
    count = pages(total)
    if count > 1:
        pager = []
        if page > 0:
            pager.append(Button("◀️", y("l", page - 1)))
        pager.append(Button(t("Page {page} of {count}", page=page + 1, count=count), y("l", page)))
        if page + 1 < count:
            pager.append(Button("▶️", y("l", page + 1)))
        keyboard.append(pager)
    return Screen("\n".join(lines), keyboard)


def pages(total: int) -> int:
    return max(1, -(-total // PER_PAGE))


# --- the card ------------------------------------------------------------------------------


def card(t: Translator, reference: Reference, view: ClassifyView, done: str | None) -> Screen:
    """`done`: a line saying what was just changed, shown on top."""
    lines = [done] if done else []
    lines += [
        t("<b>Proposal {reference}</b> · {place}", reference=view.reference, place=esc(view.place)),
        f"<i>{shorten_escaped(view.problem, PROBLEM_CHARS)}</i>",
        "",
    ]
    if view.dimension and view.element:
        classified = t(
            "{dimension} → {element}",
            dimension=esc(dimension_words(t, reference, view.dimension)),
            element=esc(element_words(t, reference, view.dimension, view.element)),
        )
    else:
        classified = t("not classified yet")
    lines.append(t("<b>Classification:</b> {classification}", classification=classified))
    agency = esc(view.agency.name) if view.agency else t("not known")
    lines.append(t("<b>Perangkat daerah:</b> {agency}", agency=agency))
    others = [s for s in view.suggested if s != (view.dimension, view.element)]
    lines.append("")
    if others:
        lines.append(t("Our suggestion from the text: tap one to classify, or choose another."))
    else:
        lines.append(t("We have no other suggestion from the text: choose the element below."))
    keyboard: Keyboard = [
        [Button("🏷 " + element_words(t, reference, d, e), y("c", view.id, d, e))]
        for d, e in others[:SUGGESTED]
    ]
    keyboard += [
        [
            Button(t("🗂 Another element"), y("d", view.id)),
            Button(t("🏢 Perangkat daerah"), y("a", view.id, 0)),
        ],
        [
            Button(t("📄 Whole proposal"), cb.encode(Kind.MODERATION, "v", view.id)),
            Button(t("⬅️ List"), y("l", 0)),
        ],
    ]
    return Screen("\n".join(lines), keyboard)


def classified(t: Translator, reference: Reference, dimension: str, element: str) -> str:
    return t(
        "✅ Classified as {dimension} → {element}.",
        dimension=esc(dimension_words(t, reference, dimension)),
        element=esc(element_words(t, reference, dimension, element)),
    )


def agency_set(t: Translator, agency: Agency | None) -> str:
    if agency is None:
        return t("✅ Perangkat daerah set to “not known”.")
    return t("✅ Perangkat daerah set to {agency}.", agency=esc(agency.name))


# --- choosing by hand ------------------------------------------------------------------------


def dimension_picker(t: Translator, reference: Reference, proposal_id: int, ref: str) -> Screen:
    text = t("What is proposal <b>{reference}</b> about? Choose the area.", reference=ref)
    keyboard = [
        [Button(dimension_words(t, reference, d.key), y("e", proposal_id, d.key))]
        for d in reference.dimensions
    ]
    keyboard.append([Button(t("⬅️ Back"), y("v", proposal_id))])
    return Screen(text, keyboard)


def element_picker(
    t: Translator, reference: Reference, proposal_id: int, ref: str, dimension: str
) -> Screen:
    text = t(
        "Proposal <b>{reference}</b>: {dimension}. Which of these fits best?",
        reference=ref,
        dimension=esc(dimension_words(t, reference, dimension)),
    )
    found = reference.dimension(dimension)
    elements = found.sub_elements if found else ()
    keyboard = [
        [
            Button(
                element_words(t, reference, dimension, s.key), y("c", proposal_id, dimension, s.key)
            )
        ]
        for s in elements
    ]
    keyboard.append([Button(t("⬅️ Back"), y("d", proposal_id))])
    return Screen(text, keyboard)


def agency_pages(count: int) -> int:
    return max(1, -(-count // AGENCIES_PER_PAGE))


def agency_picker(
    t: Translator,
    proposal_id: int,
    ref: str,
    current: Agency | None,
    ordered: list[Agency],
    suggested: int,
    page: int,
) -> Screen:
    """`ordered`: every perangkat daerah, the `suggested` first ones the classifier's."""
    now = esc(current.name) if current else t("not known")
    text = t(
        "Which perangkat daerah should take up proposal <b>{reference}</b>? Now: {agency}.",
        reference=ref,
        agency=now,
    )
    start = page * AGENCIES_PER_PAGE
    shown = ordered[start : start + AGENCIES_PER_PAGE]
    keyboard: Keyboard = [
        [Button(("⭐ " if start + i < suggested else "") + a.name, y("A", proposal_id, a.key))]
        for i, a in enumerate(shown)
    ]
    count = agency_pages(len(ordered))
    pager = []
    if page > 0:
        pager.append(Button("◀️", y("a", proposal_id, page - 1)))
    if page + 1 < count:
        pager.append(Button("▶️", y("a", proposal_id, page + 1)))
    if pager:
        keyboard.append(pager)
    keyboard.append(
        [
            Button(t("Don't know"), y("A", proposal_id, UNKNOWN_AGENCY)),
            Button(t("⬅️ Back"), y("v", proposal_id)),
        ]
    )
    return Screen(text, keyboard)
