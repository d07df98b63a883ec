"""The optional line under a resident's answer to "do these results represent your kecamatan?"
The round is preset in the answers as ``round``; the finisher (bot/results/feedback.py) stores
the line in result_feedback.comment."""

from __future__ import annotations

from bot.dialogue.model import Flow, Step, StepKind
from bot.i18n import N_
from storage.queries.results import COMMENT_LENGTH

COMMENT = Flow(
    "result_comment",
    (
        Step(
            "comment",
            StepKind.TEXT,
            N_(
                "Thank you! Would you like to add one sentence? Type it now ({min}–{max} "
                "characters), or tap <b>Skip</b>."
            ),
            N_("Your sentence"),
            optional=True,
            min_length=2,
            max_length=COMMENT_LENGTH,
            numbered=False,
        ),
    ),
    has_review=False,
)
