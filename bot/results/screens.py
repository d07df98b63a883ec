"""What the results look like: one phone screen per kecamatan, the whole order paged, the
feedback question. Plain values in, a Screen out; every text through the catalogs.

Callback kind RESULTS ("h"), read again on the server at every tap:
``h:a:<round>:<page>`` the whole order, a page (0-based), edited in place;
``h:b:<round>`` back to the results; ``h:f:<round>:<y|p|n>`` the feedback answer;
``h:s:<page>`` staff: the feedback table of every kecamatan, a page (admins).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import N_, Translator
from bot.opd.responses import LABELS as RESPONSE_LABELS
from bot.opd.responses import parse as parse_response
from bot.proposals import statuses
from bot.proposals.screens.cards import visible_length
from bot.proposals.similar import shortened
from bot.results.figures import KecamatanResults, Own, Priority, Title
from bot.screens import Button, Keyboard, Screen, esc

LIMIT = 600  # one phone screen
TOP = 3
PAGE = 8
# The problem's words are cut shorter until the screen fits (a long round name, long texts).
PROBLEM_ROOM = (60, 48, 40, 32, 26, 20, 14, 0)  # 0: the references alone
QUICK_WIN_TITLES = 2
OWN_SHOWN = 1
ROUND_NAME = 28

ANSWERS: dict[str, str] = {"y": "yes", "p": "partly", "n": "no"}
ANSWER_LABELS: dict[str, str] = {
    "yes": N_("Yes"),
    "partly": N_("Partly"),
    "no": N_("No"),
}
QUESTION = N_("Do these results represent the voice of residents in your kecamatan?")


def summary(
    t: Translator,
    results: KecamatanResults,
    own: Sequence[Own] | None,
    chosen: str | None = None,
) -> Screen:
    """The results of one kecamatan; `own` None: for a group chat (nobody's own proposals, no
    buttons), else the recipient's own proposals and the feedback buttons (`chosen`: the
    answer they gave, marked)."""
    for room in PROBLEM_ROOM:
        text = _summary_text(t, results, own, room)
        if visible_length(text) <= LIMIT:
            break
    if own is None:
        return Screen(text)
    return Screen(text, _summary_buttons(t, results, chosen))


def _summary_text(
    t: Translator, results: KecamatanResults, own: Sequence[Own] | None, room: int
) -> str:
    lines = [_heading(t, results), _participation(t, results.participants), ""]
    lines += _top(t, results, room)
    lines.append("")
    lines.append(_quick_wins(t, results.quick_wins, room))
    if own:
        lines.append(_own(t, own))
    if own is not None:
        lines += ["", f"<b>{esc(t(QUESTION))}</b>"]
    return "\n".join(lines)


def _heading(t: Translator, results: KecamatanResults) -> str:
    return t(
        "📊 <b>Results of {round}</b>, Kecamatan {kecamatan}",
        round=esc(shortened(results.round_name, ROUND_NAME)),
        kecamatan=esc(results.kecamatan),
    )


def _participation(t: Translator, count: int) -> str:
    return t.n(
        "Took part: {count} person (sent, supported or compared proposals).",
        "Took part: {count} people (sent, supported or compared proposals).",
        count,
        count=t.number(count),
    )


def _top(t: Translator, results: KecamatanResults, room: int) -> list[str]:
    if not results.ranking:
        return [t("No proposals from this kecamatan in this round.")]
    if results.compared:
        lines = [t("<b>Top priorities</b> (residents' choice):")]
    else:
        lines = [t("<b>Top proposals</b> (not compared yet: by supports, then date):")]
    shown = results.ranking[:TOP]
    for number, item in enumerate(shown, start=1):
        lines.append(_line(number, item, room, results.compared))
        if item.response is not None:
            lines.append(_response(t, item.response))
    if results.compared and any(item.thin for item in shown):
        lines.append(t("⚠️ not compared enough yet"))
    return lines


def _line(number: int, item: Priority, room: int, marked: bool) -> str:
    mark = " ⚠️" if marked and item.thin else ""
    return f"{number}. <b>{esc(item.reference)}</b>{_words(item.problem, room)}{mark}"


def _words(problem: str, room: int) -> str:
    return f" {esc(shortened(problem, room))}" if room else ""


def _response(t: Translator, code: str) -> str:
    kind = parse_response(code)
    label = t(RESPONSE_LABELS[kind]) if kind is not None else code
    return t("   ↳ Agency: {answer}", answer=esc(label))


def _quick_wins(t: Translator, chosen: Sequence[Title], room: int) -> str:
    if not chosen:
        return t("⭐ No quick wins chosen for the regency yet.")
    titles = "; ".join(
        f"{esc(c.reference)}{_words(c.problem, room // 2 + 4 if room else 0)}"
        for c in chosen[:QUICK_WIN_TITLES]
    )
    if len(chosen) > QUICK_WIN_TITLES:
        titles += " …"
    return t.n(
        "⭐ Quick win chosen for the regency: {count} ({titles})",
        "⭐ Quick wins chosen for the regency: {count} ({titles})",
        len(chosen),
        count=t.number(len(chosen)),
        titles=titles,
    )


def _own(t: Translator, own: Sequence[Own]) -> str:
    items = ", ".join(
        f"{esc(o.reference)}: {esc(t(statuses.label(o.status)))}" for o in own[:OWN_SHOWN]
    )
    if len(own) > OWN_SHOWN:
        items += " " + t("(+{count} more)", count=len(own) - OWN_SHOWN)
    return t.n("📝 Your proposal: {items}", "📝 Your proposals: {items}", len(own), items=items)


def _summary_buttons(t: Translator, results: KecamatanResults, chosen: str | None) -> Keyboard:
    keyboard: Keyboard = []
    if len(results.ranking) > TOP:
        keyboard.append([Button(t("📋 See all"), _data("a", results.round_id, 0))])
    keyboard.append(
        [
            Button(
                ("✅ " if answer == chosen else "") + t(ANSWER_LABELS[answer]),
                _data("f", results.round_id, key),
            )
            for key, answer in ANSWERS.items()
        ]
    )
    return keyboard


def _data(action: str, *fields: str | int) -> str:
    return cb.encode(Kind.RESULTS, action, *fields)


def pages(results: KecamatanResults) -> int:
    return max(1, -(-len(results.ranking) // PAGE))


def everything(t: Translator, results: KecamatanResults, page: int) -> Screen:
    """The whole order, a page at a time (edited in place), with its way back."""
    page = min(max(page, 0), pages(results) - 1)
    start = page * PAGE
    lines = [
        t(
            "📋 <b>All proposals</b>, Kecamatan {kecamatan} ({page}/{pages})",
            kecamatan=esc(results.kecamatan),
            page=page + 1,
            pages=pages(results),
        )
    ]
    for number, item in enumerate(results.ranking[start : start + PAGE], start=start + 1):
        lines.append(_line(number, item, 44, results.compared))
    if results.compared and any(item.thin for item in results.ranking[start : start + PAGE]):
        lines.append(t("⚠️ not compared enough yet"))
    nav = []
    if page > 0:
        nav.append(Button("◀️", _data("a", results.round_id, page - 1)))
    if page + 1 < pages(results):
        nav.append(Button("▶️", _data("a", results.round_id, page + 1)))
    back = [Button(t("⬅️ Back to the results"), _data("b", results.round_id))]
    return Screen("\n".join(lines), [nav, back] if nav else [back])


# --- answers and refusals ------------------------------------------------------------------


def no_results(t: Translator, date: str | None, personal: bool) -> str:
    if date is None:
        if not personal:
            return t("No round has its results yet.")
        return t("No round has its results yet. We will send them to you when they are ready.")
    if not personal:
        return t("No round has its results yet; they are due on {date}.", date=date)
    return t(
        "No round has its results yet. The results of the current round are due on {date}; "
        "we will send them to you then.",
        date=date,
    )


def not_registered(t: Translator) -> str:
    return t("The results are shown to registered participants. Send /start to take part.")


def already_answered(t: Translator) -> str:
    return t("This answer is already saved. You can change it by tapping another one.")


def stale(t: Translator) -> str:
    return t("These results are not available any more. Send /hasil to see the latest.")


# --- the group chat ------------------------------------------------------------------------


def group_only_coordinators(t: Translator) -> str:
    return t(
        "Only the coordinator of a kecamatan can post its results here. To see your "
        "kecamatan's results, send /hasil in a private chat with me."
    )


def group_name_kecamatan(t: Translator) -> str:
    return t("Which kecamatan? Send /hasil followed by its name, e.g. /hasil Tarumajaya.")


def group_unknown_kecamatan(t: Translator, typed: str) -> str:
    return t("We do not know a kecamatan called “{typed}”.", typed=esc(typed))
