"""The tanggapan dialogue: what OPD staff type for a tanggapan, one flow per kind.

The proposal, the kind and (for *Bukan kewenangan kami*) the OPD it goes to are preset in the
answers as ``proposal``, ``kind`` and ``forwarded_to``; the finisher (bot/opd/desk.py) shows
what will be saved, to confirm."""

from __future__ import annotations

from bot.dialogue.model import Flow, Step, StepKind
from bot.i18n import N_
from bot.opd.responses import ResponseKind

PROGRAMME_LENGTH = 200  # Response.programme
EXPLANATION_LENGTH = 500

_PROGRAMME = Step(
    "programme",
    StepKind.TEXT,
    N_("Which programme already covers it? Type its name ({min}–{max} characters)."),
    N_("Programme"),
    min_length=3,
    max_length=PROGRAMME_LENGTH,
)


def _explanation(prompt: str, optional: bool = False) -> Step:
    return Step(
        "explanation",
        StepKind.TEXT,
        prompt,
        N_("Explanation"),
        optional=optional,
        min_length=5,
        max_length=EXPLANATION_LENGTH,
    )


QUICK_WIN = Flow(
    "opd_quick_win",
    (
        _explanation(
            N_(
                "A word for the resident about how it could be done (optional, {min}–{max} "
                "characters), or tap <b>Skip</b>."
            ),
            optional=True,
        ),
    ),
    has_review=False,
)
NEXT_YEAR = Flow(
    "opd_next_year",
    (
        _explanation(
            N_(
                "Why next year, and in which plan? The resident and the supporters will read "
                "it: plain words, please ({min}–{max} characters)."
            )
        ),
    ),
    has_review=False,
)
EXISTING = Flow(
    "opd_existing",
    (
        _PROGRAMME,
        _explanation(
            N_(
                "How does this programme answer the proposal? The resident and the supporters "
                "will read it: plain words, please ({min}–{max} characters)."
            )
        ),
    ),
    has_review=False,
)
NOT_OURS = Flow(
    "opd_not_ours",
    (
        _explanation(
            N_(
                "Why is it for the other perangkat daerah? The resident and the supporters will "
                "read it: plain words, please ({min}–{max} characters)."
            )
        ),
    ),
    has_review=False,
)

FLOWS: dict[ResponseKind, Flow] = {
    ResponseKind.QUICK_WIN: QUICK_WIN,
    ResponseKind.NEXT_YEAR: NEXT_YEAR,
    ResponseKind.EXISTING: EXISTING,
    ResponseKind.NOT_OURS: NOT_OURS,
}
