"""The response indicator as a PNG, drawn like /statistik's charts (bot/stats/charts.py): one
bar per perangkat daerah with proposals assigned, its share answered, lowest first, and the
regency's target as a line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.ticker import PercentFormatter

from bot.i18n import Translator
from bot.opd.screens import indicator as screens
from bot.stats.charts import (
    FONT,
    MIN_HEIGHT,
    PARTICIPANTS,
    PROPOSALS,
    TARGET,
    Chart,
    new_figure,
    set_title,
    to_png,
)

if TYPE_CHECKING:
    from bot.opd.indicator import Indicator

ROW = 0.32  # inches per bar: 35 OPD still fit the tallest picture


def render(measured: Indicator, t: Translator, target: int) -> Chart:
    lines = [line for line in measured.lowest_first() if line.assigned]
    figure = new_figure(max(MIN_HEIGHT, 1.6 + ROW * len(lines)))
    axes = figure.add_subplot()
    rows = range(len(lines))
    shares = [line.share or 0 for line in lines]
    # Those that reach the target in the other colour, so the gap to close stands out.
    colours = [PARTICIPANTS if line.responsive else PROPOSALS for line in lines]
    bars = axes.barh(list(rows), shares, color=colours)
    labels = [f"{line.answered}/{line.assigned}" for line in lines]
    axes.bar_label(bars, labels, fontsize=FONT - 4, padding=3)
    axes.axvline(target, color=TARGET, linewidth=2, linestyle="--",
                 label=screens.target_label(t, target))  # fmt: skip
    axes.set_yticks(list(rows), [line.code for line in lines], fontsize=FONT - 4)
    axes.invert_yaxis()
    axes.set_xlim(0, 112)  # room for the "answered/assigned" labels beside a full bar
    axes.xaxis.set_major_formatter(PercentFormatter(100))
    axes.tick_params(axis="x", labelsize=FONT - 3)
    axes.margins(y=0.01)
    axes.grid(axis="x", alpha=0.3)
    figure.legend(loc="outside lower center", fontsize=FONT - 2, frameon=False)
    title = screens.chart_title(t, target)
    set_title(figure, title)
    return Chart("tanggapan-pd", title, to_png(figure))
