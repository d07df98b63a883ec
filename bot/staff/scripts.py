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

HIDE = Flow(
    "hide",
    (
        Step(
            "reason",
            StepKind.TEXT,
            N_("Why hide it? The reason goes to the audit log ({min}–{max} characters)."),
            N_("Reason"),
            min_length=3,
            max_length=300,
        ),
    ),
    has_review=False,
)

DECLINE = Flow(
    "decline",
    (
        Step(
            "reason",
            StepKind.TEXT,
            N_(
                "Why is it not taken forward? The participant will read this reason "
                "({min}–{max} characters)."
            ),
            N_("Reason"),
            min_length=5,
            max_length=500,
        ),
    ),
    has_review=False,
)

MERGE = Flow(
    "merge",
    (
        Step(
            "target",
            StepKind.TEXT,
            N_("Merged into which proposal? Type its number, e.g. <i>CKU-0007</i>."),
            N_("Merged into"),
            min_length=3,
            max_length=12,
        ),
    ),
    has_review=False,
)
