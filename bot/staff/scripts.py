"""Guided dialogues of admins and coordinators: a new round, and the reasons of moderation.

The proposal a moderation dialogue is about is preset in its answers as ``proposal``.
"""

from __future__ import annotations

from bot.dialogue.model import Flow, Step, StepKind
from bot.i18n import N_

ROUND = Flow(
    "round",
    (
        Step(
            "name",
            StepKind.TEXT,
            N_("What is the new round called? e.g. <i>Putaran 1 — Desember 2026</i>"),
            N_("Name"),
            min_length=3,
            max_length=120,
            is_name=True,
        ),
        Step(
            "opens_at",
            StepKind.MOMENT,
            N_(
                "When does it <b>open</b>? Type a date and time in WIB, e.g. "
                "<i>1 Des 2026 08.00</i> (a date alone means 00.00), or <i>sekarang</i>."
            ),
            N_("Opens"),
        ),
        Step(
            "closes_at",
            StepKind.MOMENT,
            N_(
                "When does it <b>close</b>? e.g. <i>31 Des 2026 16.00</i> "
                "(a date alone means 23.59 that day)."
            ),
            N_("Closes"),
            depends_on="opens_at",
        ),
        Step(
            "description",
            StepKind.TEXT,
            N_("A short description for participants (optional), or tap <b>Skip</b>."),
            N_("Description"),
            optional=True,
            min_length=3,
            max_length=1000,
        ),
    ),
    has_review=False,
)


def _one_typed_answer(
    name: str, step: str, prompt: str, summary: str, min_length: int, max_length: int
) -> Flow:
    """A moderation dialogue: the one text it asks for, no review."""
    asked = Step(step, StepKind.TEXT, prompt, summary, min_length=min_length, max_length=max_length)
    return Flow(name, (asked,), has_review=False)


HIDE = _one_typed_answer(
    "hide",
    "reason",
    N_("Why hide it? The reason goes to the audit log ({min}–{max} characters)."),
    N_("Reason"),
    min_length=3,
    max_length=300,
)

DECLINE = _one_typed_answer(
    "decline",
    "reason",
    N_(
        "Why is it not taken forward? The participant will read this reason "
        "({min}–{max} characters)."
    ),
    N_("Reason"),
    min_length=5,
    max_length=500,
)

MERGE = _one_typed_answer(
    "merge",
    "target",
    N_("Merged into which proposal? Type its number, e.g. <i>CKU-0007</i>."),
    N_("Merged into"),
    min_length=3,
    max_length=12,
)

# The round ("round") and its closing moment ("closes_at") are preset: a date alone means the
# end of that day, and it must come after the collection closes and not be in the past.
RESULTS_DATE = Flow(
    "results_date",
    (
        Step(
            "results_at",
            StepKind.MOMENT,
            N_(
                "When do the <b>results</b> go out? Until then residents prioritise. "
                "Type a date and time in WIB, e.g. <i>15 Jan 2027 08.00</i>."
            ),
            N_("Results"),
            depends_on="closes_at",
        ),
    ),
    has_review=False,
)
