"""The proposal dialogue, declared as data: the problem first, in the resident's words; the
topic suggested from it; similar proposals joined instead of repeated; then the rest.

Changing a question means changing this file (and the catalogs), not the handlers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.dialogue.model import Answers, Flow, Option, OptionContext, Step, StepKind, translated
from bot.i18n import N_
from bot.proposals.topics import (
    UNKNOWN_AGENCY,
    agency_options,
    official_names,
    suggest_topic,
    topic_groups,
    topic_options,
)
from bot.screens import esc

URGENCY = {
    "high": N_("Very urgent"),
    "medium": N_("Urgent"),
    "low": N_("Can wait"),
}
TIME_TO_RESULT = {
    "3m": N_("Within 3 months"),
    "12m": N_("Within 12 months"),
    "long": N_("More than 12 months"),
}
NEEDS = {
    "budget": N_("Budget"),
    "regulation": N_("Regulation"),
    "partnership": N_("Partnership"),
    "self_help": N_("Residents' own effort (swadaya)"),
}
DIFFERENT = "different"  # the answer to the similar proposals: "mine is different"
SIMILAR = "_similar"  # the similar proposals found for this draft, prepared by the server
SHORT_ANSWER = 40  # below this, one gentle follow-up asks for a little more

__all__ = [
    "DIFFERENT",
    "NEEDS",
    "PROPOSAL",
    "SIMILAR",
    "TIME_TO_RESULT",
    "UNKNOWN_AGENCY",
    "URGENCY",
]


def _similar(ctx: OptionContext) -> list[Option]:
    found: list[dict[str, Any]] = list(ctx.answers.get(SIMILAR) or [])
    supports = [
        Option(str(s["id"]), ctx.t("👍 Support {reference}", reference=s["reference"]))
        for s in found
    ]
    return [*supports, Option(DIFFERENT, ctx.t("✍️ Mine is different"))]


def _similar_list(ctx: OptionContext) -> str:
    t = ctx.t
    lines = [
        "• <b>{}</b>: {} <i>({})</i>".format(
            esc(s["reference"]),
            esc(s["problem"]),
            t.n("supported by {count} resident", "supported by {count} residents", s["supports"]),
        )
        if s["supports"]
        else "• <b>{}</b>: {}".format(esc(s["reference"]), esc(s["problem"]))
        for s in ctx.answers.get(SIMILAR) or []
    ]
    lines.append(t("Support one of them, or carry on with yours."))
    return "\n".join(lines)


def supporting(answers: Answers) -> bool:
    """The resident chose to support a similar proposal instead of writing their own."""
    chosen = answers.get("similar")
    return chosen is not None and chosen != DIFFERENT


def _writing_own(answers: Answers) -> bool:
    return not supporting(answers)


def _to_find_or_found(answers: Answers) -> bool:
    """Asked while the similar proposals are still to be looked up, or when some were found."""
    return answers.get(SIMILAR) != []


def _in_own_words(
    step_id: str,
    prompt: str,
    summary: str,
    when: Callable[[Answers], bool] | None = _writing_own,
) -> Step:
    """A question answered in a few sentences: short answers are taken, with one follow-up;
    by default asked only of a resident writing their own proposal (not of a supporter)."""
    return Step(
        step_id,
        StepKind.TEXT,
        prompt,
        summary,
        min_length=5,
        max_length=1500,
        follow_up_below=SHORT_ANSWER,
        when=when,
    )


PROPOSAL = Flow(
    "proposal",
    (
        _in_own_words(
            "problem",
            N_(
                "What is the <b>problem</b> in your area? Tell us in your own words, "
                "e.g. <i>the drain on our street is blocked and floods when it rains</i>."
            ),
            N_("Problem"),
            when=None,
        ),
        Step(
            "sub_element",
            StepKind.TOPIC,
            N_("Which topic fits best? Tap one."),
            N_("Topic"),
            options=topic_options,
            groups=topic_groups,
            suggest=suggest_topic,
            explain=official_names,
            optional=True,
            skip_label=N_("🤷 Not sure"),
        ),
        Step(
            "agency",
            StepKind.CHOICE,
            N_(
                "Which <b>perangkat daerah</b> should handle it? Our suggestions come first; "
                "tap one, type its name, or tap <i>Don't know</i>."
            ),
            N_("Perangkat daerah"),
            options=agency_options,
            depends_on="sub_element",
            page_size=6,
        ),
        Step(
            "similar",
            StepKind.CHOICE,
            N_("Other residents of Kecamatan {kecamatan} have already proposed:"),
            N_("Similar proposal"),
            options=_similar,
            details=_similar_list,
            when=_to_find_or_found,
            numbered=False,
            in_review=False,
        ),
        Step(
            "support_comment",
            StepKind.TEXT,
            N_(
                "Thank you for your support! Would you like to add a short comment "
                "(one line)? Type it, or tap <b>Skip</b>."
            ),
            N_("Comment"),
            optional=True,
            min_length=2,
            max_length=200,
            when=supporting,
            numbered=False,
            in_review=False,
        ),
        _in_own_words("causes", N_("What do you think <b>causes</b> it?"), N_("Causes")),
        _in_own_words(
            "solution", N_("What <b>solution or innovation</b> do you propose?"), N_("Solution")
        ),
        Step(
            "urgency",
            StepKind.CHOICE,
            N_("How <b>urgent</b> is it?"),
            N_("Urgency"),
            options=translated(URGENCY),
            columns=3,
            when=_writing_own,
        ),
        Step(
            "time_to_result",
            StepKind.CHOICE,
            N_("How soon could people <b>feel the result</b>?"),
            N_("Result felt"),
            options=translated(TIME_TO_RESULT),
            when=_writing_own,
        ),
        Step(
            "needs",
            StepKind.CHOICE,
            N_("What does it <b>need</b> most?"),
            N_("Needs"),
            options=translated(NEEDS),
            columns=2,
            optional=True,
            when=_writing_own,
        ),
        Step(
            "beneficiaries",
            StepKind.TEXT,
            N_("<b>Who benefits</b>? A short answer, e.g. <i>300 families in RW 03</i>."),
            N_("Beneficiaries"),
            optional=True,
            min_length=2,
            max_length=200,
            when=_writing_own,
        ),
        Step(
            "place",
            StepKind.PLACE,
            N_(
                "<b>Where</b> is it? Type the place (e.g. <i>Jl. Raya Karangraharja, in front "
                "of SDN 02</i>), share a location (📎 → <i>Location</i>), and send up to {max} "
                "photos. Tap <b>Next</b> when done."
            ),
            N_("Place"),
            optional=True,
            min_length=3,
            max_length=200,
            max_items=3,
            when=_writing_own,
        ),
    ),
    has_review=True,
    review_unless=supporting,
)
