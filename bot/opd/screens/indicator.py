"""Texts of /tanggapan_pd and of the reminder sent to OPD staff."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.screens import Button, Screen, esc

if TYPE_CHECKING:
    from bot.opd.indicator import Indicator, OpdLine

# A page fits one phone screen (600 visible characters) with the summary above it: ten rows
# of the longest code ("Diskominfosantik 1.234/1.234 · 100 %") do.
PER_PAGE = 10
PAGE = "p"  # i:p:<page>


def page_count(measured: Indicator) -> int:
    return max(1, -(-len(measured.lines) // PER_PAGE))


def _percent(t: Translator, value: int | None) -> str:
    return "–" if value is None else t("{percent} %", percent=t.number(value))


def summary(t: Translator, measured: Indicator, target: int) -> str:
    head = t("📋 <b>Tanggapan of the perangkat daerah</b>")
    if not measured.measured:
        return head + "\n" + t("No proposal waits for a tanggapan yet.")
    regency = t(
        "{responsive} of {count} perangkat daerah with proposals answered at least {target} % "
        "of theirs ({percent}).",
        responsive=t.number(measured.responsive),
        count=t.number(measured.measured),
        target=t.number(target),
        percent=_percent(t, measured.share),
    )
    answered = t(
        "Answered: {answered} of {assigned} proposals.",
        answered=t.number(measured.answered),
        assigned=t.number(measured.assigned),
    )
    return "\n".join([head, regency, answered])


def _row(t: Translator, line: OpdLine) -> str:
    counts = f"{t.number(line.answered)}/{t.number(line.assigned)}"
    return f"<code>{esc(line.code)}</code> {counts} · {_percent(t, line.share)}"


def table(t: Translator, measured: Indicator, page: int, target: int) -> Screen:
    """One page of the table, lowest share first, under the regency's summary."""
    pages = page_count(measured)
    page = min(max(page, 0), pages - 1)
    shown = measured.lowest_first()[page * PER_PAGE : (page + 1) * PER_PAGE]
    lines = [summary(t, measured, target), ""]
    lines.append(t("<i>Answered/assigned · share, lowest first</i>"))
    lines += [_row(t, line) for line in shown]
    if pages > 1:
        lines.append(t("Page {number} of {total}", number=page + 1, total=pages))
    return Screen("\n".join(lines), _pager(page, pages))


def _pager(page: int, pages: int) -> list[list[Button]] | None:
    buttons = []
    if page > 0:
        buttons.append(Button("◀️", cb.encode(Kind.INDICATOR, PAGE, page - 1)))
    if page < pages - 1:
        buttons.append(Button("▶️", cb.encode(Kind.INDICATOR, PAGE, page + 1)))
    return [buttons] if buttons else None


def own_line(t: Translator, line: OpdLine, target: int) -> Screen:
    """What the staff of one OPD see: their own line only."""
    head = t("📋 <b>{name}</b> ({code})", name=esc(line.name), code=esc(line.code))
    if not line.assigned:
        return Screen(head + "\n" + t("No proposal is assigned to you at the moment."))
    parts = [
        head,
        t.n(
            "You have answered {answered} of the {count} proposal assigned to you ({percent}).",
            "You have answered {answered} of the {count} proposals assigned to you ({percent}).",
            line.assigned,
            answered=t.number(line.answered),
            percent=_percent(t, line.share),
        ),
        t("The regency's target: at least {target} % answered.", target=t.number(target)),
    ]
    if line.waiting:
        parts.append(
            t.n(
                "{count} proposal waits for your tanggapan: open /meja.",
                "{count} proposals wait for your tanggapan: open /meja.",
                line.waiting,
            )
        )
    return Screen("\n".join(parts))


def chart_title(t: Translator, target: int) -> str:
    return t("Share of proposals answered, per perangkat daerah (target {target} %)", target=target)


def target_label(t: Translator, target: int) -> str:
    return t("Target {target} %", target=target)


def not_allowed(t: Translator) -> str:
    return t("Sorry, the response indicator is for admins and the staff of a perangkat daerah.")


def stale(t: Translator) -> str:
    return t("This button is no longer valid. Send /tanggapan_pd to start again.")


def reminder(t: Translator, name: str, count: int, days: int) -> Screen:
    """To the staff of one OPD, at most once a day."""
    text = t.n(
        "🔔 <b>{count} proposal</b> has waited more than {days} days for a tanggapan from "
        "{name}. Open /meja to answer it.",
        "🔔 <b>{count} proposals</b> have waited more than {days} days for a tanggapan from "
        "{name}. Open /meja to answer them.",
        count,
        days=t.number(days),
        name=esc(name),
    )
    return Screen(text)
