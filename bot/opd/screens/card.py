"""Screens of one proposal at the OPD desk: the whole proposal, the people behind it and its
tanggapan with the buttons to answer, the OPD picker of a forward, the confirmation.

Callback layout (kind "j"), every tap checked again on the server:
  j:v:<id>               open it (photos in the chat, then these screens)
  j:b:<id>               back to the answer card
  j:a:<id>:<kind>        answer with a kind (bot/opd/responses.py): asks what is typed
  j:o:<id>:<page>        Bukan kewenangan kami: choose the right perangkat daerah
  j:O:<id>:<agency key>  … that one: asks why
  j:Y:<id>:<nonce>       save the tanggapan shown (single-use: bot/confirmations.py)
  j:N:<id>:<nonce>       don't save it
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.dialogue.answer_text import answer_text, shorten_escaped
from bot.dialogue.model import OptionContext
from bot.i18n import Translator
from bot.opd.responses import LABELS, ResponseKind
from bot.opd.screens.desk import ANY, j
from bot.proposals.screens.cards import SCREEN, ResponseEntry, response_history, visible_length
from bot.proposals.script import PROPOSAL
from bot.reference import Agency
from bot.screens import Button, Keyboard, Screen, esc

# Characters of each answer on the card: with the rest, ≤ 600 (tests/unit/test_desk_screens.py).
SHOWN: tuple[tuple[str, int], ...] = (
    ("problem", 110),
    ("sub_element", 50),
    ("causes", 60),
    ("solution", 80),
    ("place", 50),
    ("urgency", 30),
    ("time_to_result", 30),
    ("needs", 50),
    ("beneficiaries", 40),
)
COMMENTS_SHOWN, COMMENT_CHARS, AUTHOR_CHARS = 2, 40, 60
HISTORY_WORDS = 60
AGENCIES_PER_PAGE = 8
CONFIRM_WORDS = 220
BUTTONS = {
    ResponseKind.QUICK_WIN: "⚡",
    ResponseKind.NEXT_YEAR: "📅",
    ResponseKind.EXISTING: "📂",
    ResponseKind.NOT_OURS: "↪️",
}


@dataclass(frozen=True)
class People:
    """Who stands behind a proposal, as the desk may show it."""

    author: str | None  # "Name (group)", only with the author's consent
    mandate: str | None  # "40 people", when a coordinator confirmed the mandate
    supports: int
    comments: list[str]


@dataclass(frozen=True)
class Draft:
    """A tanggapan typed but not saved yet."""

    proposal_id: int
    reference: str
    kind: ResponseKind
    programme: str | None = None
    explanation: str | None = None
    forwarded_to: str | None = None  # the other OPD's full name


def details(t: Translator, reference: str, place: str, ctx: OptionContext) -> Screen:
    """The whole proposal, each answer shortened to fit one screen."""
    lines = [t("<b>Proposal {reference}</b> · {place}", reference=reference, place=esc(place))]
    for step_id, limit in SHOWN:
        step = PROPOSAL.step(step_id)
        if ctx.answers.get(step_id) in (None, "", []):
            continue
        lines.append(
            f"<b>{t(step.summary)}:</b> {answer_text(step, ctx.answers[step_id], ctx, limit)}"
        )
    return Screen("\n".join(lines))


def answer_card(
    t: Translator,
    proposal_id: int,
    reference: str,
    people: People,
    history: list[ResponseEntry],
    map_url: str | None = None,
    done: str | None = None,
) -> Screen:
    """The people behind the proposal, its tanggapan so far, and the buttons to answer."""
    lines = [done, ""] if done else []
    lines.append(t("<b>{reference}</b>: who proposes it", reference=reference))
    author = shorten_escaped(people.author, AUTHOR_CHARS) if people.author else t("name not shared")
    lines.append(t("<b>Proposed by:</b> {author}", author=author))
    if people.mandate:
        lines.append(
            t(
                "✔ mandate confirmed by the coordinator: speaks for {people}",
                people=esc(people.mandate),
            )
        )
    supported = t.n("👍 {count} support", "👍 {count} supports", people.supports)
    lines.append(supported)
    shown = people.comments[: 1 if history else COMMENTS_SHOWN]  # room for the tanggapan
    lines += [f"  “{shorten_escaped(c, COMMENT_CHARS)}”" for c in shown]
    prompt = t("Your tanggapan:") if not history else t("Change the tanggapan:")
    if history:
        left = SCREEN - visible_length("\n".join([*lines, "", "", prompt])) - 2
        lines += ["", *response_history(t, history, left, HISTORY_WORDS)]
    lines += ["", prompt]
    keyboard: Keyboard = [
        [Button(f"{BUTTONS[kind]} {t(LABELS[kind])}", j("a", proposal_id, kind.value))]
        for kind in ResponseKind
    ]
    last = [Button(t("⬅️ Desk"), j("l", 0, ANY, ANY))]
    if map_url:
        last.insert(0, Button(t("📍 Map"), url=map_url))
    keyboard.append(last)
    return Screen("\n".join(lines), keyboard)


def agency_pages(count: int) -> int:
    return max(1, -(-count // AGENCIES_PER_PAGE))


def agency_picker(
    t: Translator, proposal_id: int, reference: str, agencies: list[Agency], page: int
) -> Screen:
    text = t(
        "Which perangkat daerah should answer <b>{reference}</b>? It will leave your desk "
        "and go to theirs.",
        reference=reference,
    )
    start = page * AGENCIES_PER_PAGE
    keyboard: Keyboard = [
        [Button(a.name, j("O", proposal_id, a.key))]
        for a in agencies[start : start + AGENCIES_PER_PAGE]
    ]
    pager = []
    if page > 0:
        pager.append(Button("◀️", j("o", proposal_id, page - 1)))
    if page + 1 < agency_pages(len(agencies)):
        pager.append(Button("▶️", j("o", proposal_id, page + 1)))
    if pager:
        keyboard.append(pager)
    keyboard.append([Button(t("⬅️ Back"), j("b", proposal_id))])
    return Screen(text, keyboard)


def asking(t: Translator, reference: str, kind: ResponseKind) -> str:
    return t(
        "Tanggapan to <b>{reference}</b>: <b>{label}</b>.",
        reference=reference,
        label=t(LABELS[kind]),
    )


def confirm(t: Translator, draft: Draft, told: int, nonce: str) -> Screen:
    lines = [
        t("Save this tanggapan to <b>{reference}</b>?", reference=draft.reference),
        t("<b>Tanggapan:</b> {label}", label=t(LABELS[draft.kind])),
    ]
    if draft.forwarded_to:
        lines.append(t("<b>Passed to:</b> {agency}", agency=esc(draft.forwarded_to)))
    if draft.programme:
        lines.append(t("<b>Programme:</b> {programme}", programme=esc(draft.programme)))
    if draft.explanation:
        words = shorten_escaped(draft.explanation, CONFIRM_WORDS)
        lines.append(t("<b>Explanation:</b> {words}", words=words))
    lines += ["", t.n("{count} person will be told.", "{count} people will be told.", told)]
    keyboard = [
        [
            Button(t("✅ Save"), j("Y", draft.proposal_id, nonce)),
            Button(t("✖️ Don't save"), j("N", draft.proposal_id, nonce)),
        ]
    ]
    return Screen("\n".join(lines), keyboard)


def saved(t: Translator) -> str:
    return t("✅ Tanggapan saved. We are telling the resident and the supporters.")


def not_saved(t: Translator) -> str:
    return t("Nothing was saved.")


def forwarded(t: Translator, reference: str, agency: str) -> Screen:
    text = t(
        "✅ <b>{reference}</b> is passed to {agency} and has left your desk. We are telling "
        "the resident and the supporters.",
        reference=reference,
        agency=esc(agency),
    )
    return Screen(text, [[Button(t("⬅️ Desk"), j("l", 0, ANY, ANY))]])


def photo_caption(t: Translator, reference: str, number: int, count: int) -> str:
    return t(
        "{reference} · photo {number} of {count}", reference=reference, number=number, count=count
    )
