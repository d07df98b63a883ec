"""What staff read of residents' feedback on the results (/umpan_balik), and what a resident
reads after answering. Anonymous: counts and sentences, never a name."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.proposals.screens.cards import visible_length
from bot.proposals.similar import shortened
from bot.results.screens import ANSWER_LABELS, LIMIT, ROUND_NAME
from bot.screens import Button, Screen, esc

TABLE_PAGE = 6  # kecamatan per page of the admins' table
SENTENCE = 140  # characters of a sentence shown; the export has them whole


def sentence_saved(t: Translator) -> str:
    return t("Thank you, we have saved your sentence with your answer.")


def sentence_skipped(t: Translator) -> str:
    return t("Thank you for your answer.")


def staff_only(t: Translator) -> str:
    return t("The feedback on the results is for admins and coordinators.")


def no_round(t: Translator) -> str:
    return t("No round has its results yet, so there is no feedback to show.")


def _shares(t: Translator, counts: Mapping[str, int]) -> str:
    total = sum(counts.values())
    if not total:
        return t("no answers yet")
    return " · ".join(
        f"{t(label)} {counts.get(answer, 0)} ({round(100 * counts.get(answer, 0) / total)}%)"
        for answer, label in ANSWER_LABELS.items()
    )


def _title(t: Translator, round_name: str) -> str:
    return t(
        "🗳 <b>Does it represent the residents?</b> Answers on the results of {round}",
        round=esc(shortened(round_name, ROUND_NAME)),
    )


def table_pages(count: int) -> int:
    return max(1, -(-count // TABLE_PAGE))


def table(
    t: Translator, round_name: str, rows: Sequence[tuple[str, Mapping[str, int]]], page: int
) -> Screen:
    """Admins: every kecamatan's answers (Ya / Sebagian / Tidak, with shares), paged."""
    total = table_pages(len(rows))
    page = min(max(page, 0), total - 1)
    lines = [_title(t, round_name), t("Page {page} of {pages}", page=page + 1, pages=total), ""]
    for name, counts in rows[page * TABLE_PAGE : (page + 1) * TABLE_PAGE]:
        lines.append(f"<b>{esc(name)}</b>: {esc(_shares(t, counts))}")
    nav = []
    if page > 0:
        nav.append(Button("◀️", cb.encode(Kind.RESULTS, "s", page - 1)))
    if page + 1 < total:
        nav.append(Button("▶️", cb.encode(Kind.RESULTS, "s", page + 1)))
    return Screen("\n".join(lines), [nav] if nav else None)


def kecamatan(
    t: Translator,
    round_name: str,
    name: str,
    counts: Mapping[str, int],
    sentences: Sequence[tuple[str, str]],
) -> Screen:
    """Coordinators: their kecamatan's answers and the sentences residents added, as many as
    fit one screen (the export has them all)."""
    lines = [_title(t, round_name), f"<b>{esc(name)}</b>: {esc(_shares(t, counts))}"]
    if not sentences:
        return Screen("\n".join(lines))
    lines += ["", t("What residents added (anonymous):")]
    for shown, (answer, sentence) in enumerate(sentences):
        line = f"• “{esc(shortened(sentence, SENTENCE))}” ({esc(t(ANSWER_LABELS[answer]))})"
        more = t("(+{count} more in the XLSX export)", count=len(sentences) - shown)
        if visible_length("\n".join([*lines, line, more])) > LIMIT:
            lines.append(more)
            break
        lines.append(line)
    return Screen("\n".join(lines))
