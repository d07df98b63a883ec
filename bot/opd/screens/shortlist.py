"""The screens of /quickwin: one dimension's top ten with the parts of each score, the
confirmation before choosing (or unmarking) a quick win, and the notice its people get."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import N_, Translator
from bot.opd.shortlist import Ranked
from bot.screens import Button, Keyboard, Screen, esc, rows

Encode = Callable[..., str]  # (action, *fields) → callback data of kind SHORTLIST
OFF_LIST_SHOWN = 5  # chosen quick wins that fell off the top ten, listed at most


def page(
    t: Translator,
    encode: Encode,
    *,
    dimension: str,
    number: int,
    pages: int,
    ranked: list[Ranked],
    chosen: list[tuple[int, str]],
    unclassified: int,
) -> Screen:
    """One dimension's page: `number` is 0-based; `chosen` are this dimension's quick wins
    (id, reference), ★ on the list; those no longer on it get a line and a button of their
    own, so they can still be unmarked."""
    picked = {proposal_id for proposal_id, _ in chosen}
    listed = {item.candidate.proposal_id for item in ranked}
    off_list = [(i, ref) for i, ref in chosen if i not in listed][:OFF_LIST_SHOWN]
    lines = [
        t(
            "🏆 <b>Quick-win shortlist</b> · {dimension} ({page}/{pages})",
            dimension=esc(dimension),
            page=number + 1,
            pages=pages,
        ),
        t.n(
            "Chosen here: <b>{count}</b> quick win",
            "Chosen here: <b>{count}</b> quick wins",
            len(chosen),
        ),
    ]
    if not ranked:
        lines.append(t("No proposal of this dimension is a possible quick win yet."))
    for item in ranked:
        s = item.score
        mark = "★" if item.candidate.proposal_id in picked else "☆"
        parts = f"🤝{t.number(s.supports)}👥{t.number(s.people)}⏰{t.number(s.urgency)}"
        lines.append(
            f"{item.rank}. {mark} <b>{esc(item.candidate.reference)}</b> "
            f"<b>{t.number(s.total)}</b> ({parts}⚡{t.number(s.speed)})"
        )
    if off_list:  # instead of the legend: the page has room for one of them
        references = ", ".join(f"<b>{esc(ref)}</b>" for _, ref in off_list)
        lines.append(t("★ Chosen, no longer on the list: {references}", references=references))
    else:
        lines.append(
            t("🤝 supports · 👥 people represented · ⏰ urgency · ⚡ speed (formula: /ekspor)")
        )
    if unclassified:
        lines.append(
            t.n(
                "{count} possible quick win has no dimension yet: /klasifikasi.",
                "{count} possible quick wins have no dimension yet: /klasifikasi.",
                unclassified,
            )
        )
    marks = [(item.candidate.proposal_id, item.candidate.reference) for item in ranked]
    keyboard = rows(
        [
            Button(("★ " if i in picked else "☆ ") + ref, encode("a", i, number))
            for i, ref in [*marks, *off_list]
        ],
        3,
    )
    keyboard.append(_paging(t, encode, number, pages))
    return Screen("\n".join(lines), keyboard)


def _paging(t: Translator, encode: Encode, number: int, pages: int) -> list[Button]:
    previous, following = (number - 1) % pages, (number + 1) % pages
    return [
        Button(t("◀️ Previous dimension"), encode("p", previous)),
        Button(t("Next dimension ▶️"), encode("p", following)),
    ]


def confirm(
    t: Translator,
    *,
    reference: str,
    dimension: str,
    problem: str,
    people: int,
    choosing: bool,
    yes: str,
    no: str,
) -> Screen:
    """Before a quick win is chosen (`choosing`) or unmarked."""
    excerpt = esc(problem if len(problem) <= 160 else problem[:157] + "…")
    question = (
        N_(
            "Choose <b>{reference}</b> as a quick win for {dimension}?\n<i>{problem}</i>\n"
            "Its author and supporters ({count} people) will be told once."
        )
        if choosing
        else N_(
            "Remove <b>{reference}</b> from the chosen quick wins for {dimension}?\n"
            "<i>{problem}</i>\nNobody is told."
        )
    )
    text = t(
        question,
        reference=esc(reference),
        dimension=esc(dimension),
        problem=excerpt,
        count=t.number(people),
    )
    label = t("✅ Yes, choose it") if choosing else t("✖️ Yes, remove it")
    keyboard: Keyboard = [[Button(label, yes), Button(t("No"), no)]]
    return Screen(text, keyboard)


def chosen_alert(t: Translator, reference: str, told: int) -> str:
    return t.n(
        "{reference} is now a chosen quick win; {count} person will be told.",
        "{reference} is now a chosen quick win; {count} people will be told.",
        told,
        reference=reference,
    )


def removed_alert(t: Translator, reference: str) -> str:
    return t("{reference} is no longer a chosen quick win.", reference=reference)


def unchanged_alert(t: Translator) -> str:
    return t("Nothing changed: the shortlist moved on meanwhile.")


def not_eligible(t: Translator) -> str:
    return t("That proposal is no longer a possible quick win, so it cannot be chosen.")


def admins_only(t: Translator) -> str:
    return t("The quick-win shortlist is for admins.")


def stale(t: Translator) -> str:
    return t("This button is no longer valid. Send /quickwin to start again.")


def notice(t: Translator, reference: str, dimension: str, author: bool) -> Screen:
    """What the author, and each supporter, of a chosen quick win is told."""
    news = (
        N_(
            "🏆 Good news: your proposal <b>{reference}</b> was chosen as a quick win for "
            "{dimension}. Thank you for taking part!"
        )
        if author
        else N_(
            "🏆 Good news: proposal <b>{reference}</b>, which you support, was chosen as a "
            "quick win for {dimension}. Thank you for taking part!"
        )
    )
    return Screen(t(news, reference=esc(reference), dimension=esc(dimension)))
