"""PNG charts for a phone screen: 960 px wide, at most 1,280 px tall, big type. Pure matplotlib
(Agg, no pyplot state), so it is safe in a worker thread."""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from bot.i18n import Translator
from bot.stats.data import Overview

# A phone shows a picture about 400 px wide: a small figure drawn at a high resolution keeps
# the type large relative to the picture (13 pt at 160 dpi: 29 of 960 px, 12 px on the phone).
WIDTH = 6.0  # inches; 960 px at 160 dpi
DPI = 160
MIN_HEIGHT, MAX_HEIGHT = 6.0, 8.0  # inches: 960 to 1,280 px, so the long side stays <= 1,280
FONT = 15
GENERIC_WORDS = {"smart", "cerdas"}
PARTICIPANTS, PROPOSALS, TARGET = "#2a7ab9", "#f28e2b", "#333333"


@dataclass(frozen=True)
class Chart:
    name: str  # file name stem, e.g. "peserta"
    title: str
    png: bytes


def render(overview: Overview, t: Translator) -> list[Chart]:
    return [
        Chart("areas", _areas_title(overview, t), _png(_areas(overview, t))),
        Chart("dimensions", t("Proposals per dimension"), _png(_dimensions(overview, t))),
        Chart("heatmap", _heatmap_title(overview, t), _png(_heatmap(overview, t))),
    ]


def _areas_title(overview: Overview, t: Translator) -> str:
    if overview.kecamatan_code is None:
        return t("Participants and proposals per kecamatan")
    return t("Participants and proposals per desa/kelurahan")


def _heatmap_title(overview: Overview, t: Translator) -> str:
    if overview.kecamatan_code is None:
        return t("Proposals: kecamatan × dimension")
    return t("Proposals: desa/kelurahan × dimension")


def _figure(height: float) -> Figure:
    height = min(MAX_HEIGHT, max(MIN_HEIGHT, height))
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _title(figure: Figure, title: str) -> None:
    """Wrapped and at the figure's left edge, so a long title is not cut at the right."""
    figure.suptitle(textwrap.fill(title, 40), x=0.02, ha="left", fontsize=FONT + 2)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _areas(overview: Overview, t: Translator) -> Figure:
    areas = overview.areas
    figure = _figure(1.4 + 0.3 * len(areas))
    axes = figure.add_subplot()
    rows = range(len(areas))
    height = 0.4
    axes.barh([r - height / 2 for r in rows], [a.participants for a in areas], height,
              color=PARTICIPANTS, label=t("Participants"))  # fmt: skip
    axes.barh([r + height / 2 for r in rows], [a.proposals for a in areas], height,
              color=PROPOSALS, label=t("Proposals"))  # fmt: skip
    targeted = [(r, a.target) for r, a in zip(rows, areas, strict=True) if a.target]
    if targeted:
        axes.scatter([n for _, n in targeted], [r - height / 2 for r, _ in targeted], marker="|",
                     s=300, linewidths=3, color=TARGET, label=t("Target"), zorder=3)  # fmt: skip
    axes.set_yticks(list(rows), [a.name for a in areas], fontsize=FONT - 2)
    axes.invert_yaxis()
    axes.tick_params(axis="x", labelsize=FONT - 2)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    # Under the chart, not over the bars: on 23 rows there is no empty corner.
    figure.legend(loc="outside lower center", ncols=3, fontsize=FONT - 2, frameon=False)
    axes.margins(y=0.01)
    _title(figure, _areas_title(overview, t))
    axes.grid(axis="x", alpha=0.3)
    return figure


def _dimensions(overview: Overview, t: Translator) -> Figure:
    labels = [textwrap.fill(_short(label), 12) for _, label in overview.dimensions]
    counts = overview.per_dimension()
    figure = _figure(MIN_HEIGHT)
    axes = figure.add_subplot()
    bars = axes.barh(labels, counts, color=PROPOSALS)
    axes.bar_label(bars, fontsize=FONT, padding=4)
    axes.invert_yaxis()
    axes.tick_params(labelsize=FONT)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    _title(figure, t("Proposals per dimension"))
    axes.margins(x=0.15)
    return figure


def _heatmap(overview: Overview, t: Translator) -> Figure:
    matrix = [list(row) for row in overview.matrix] or [[0] * len(overview.dimensions)]
    names = [a.name for a in overview.areas] or ["—"]
    figure = _figure(2.2 + 0.28 * len(names))
    axes = figure.add_subplot()
    axes.imshow(matrix, cmap="YlOrRd", aspect="auto", vmin=0)
    peak = max((max(row) for row in matrix), default=0)
    for y, row in enumerate(matrix):
        for x, value in enumerate(row):
            if value:
                colour = "white" if value > peak * 0.6 else "black"
                axes.text(x, y, str(value), ha="center", va="center", fontsize=FONT - 3,
                          color=colour)  # fmt: skip
    short = [_short(label) for _, label in overview.dimensions]
    axes.set_xticks(range(len(short)), short, rotation=35, ha="right", fontsize=FONT - 2)
    axes.set_yticks(range(len(names)), names, fontsize=FONT - 3)
    _title(figure, _heatmap_title(overview, t))
    return figure


def _short(label: str) -> str:
    """A dimension's name without "Smart"/"Cerdas", at most two words: "Tata Kelola"."""
    words = [w for w in label.split() if w.lower() not in GENERIC_WORDS]
    return " ".join(words[:2]) or label


# The building blocks, shared with the response indicator's chart (bot/opd/chart.py).
new_figure, set_title, to_png = _figure, _title, _png
