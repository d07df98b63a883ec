"""The guided dialogue of /siaran, declared as data like bot/dialogue/scripts.py.

Answers that are not steps: "allowed" (the kecamatan codes the author may reach, "all" for
an admin) and "draft" (the Broadcast row being changed). The finisher re-checks both.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.dialogue.model import (
    Answers,
    Flow,
    Option,
    OptionContext,
    OptionSource,
    Step,
    StepKind,
    translated,
)
from bot.dialogue.scripts import COMMUNITY_ROLES
from bot.i18n import N_
from bot.places import desa_places
from bot.telegram_html import MAX_TEXT

REGENCY = "all"
AUDIENCES = {
    "all": N_("All registered participants"),
    "desa": N_("Only some desa/kelurahan"),
    "pending": N_("Only those who have not sent a proposal yet"),
    "role": N_("Only some roles (e.g. RT/RW)"),
}
BUTTON = {"yes": N_("Yes, add the button"), "no": N_("No button")}
TIMING = {"now": N_("Send now"), "later": N_("Schedule for later")}


def _places(ctx: OptionContext) -> list[Option]:
    allowed = [str(code) for code in ctx.answers.get("allowed") or []]
    options = []
    for code in allowed:
        if code == REGENCY:
            options.append(Option(REGENCY, ctx.t("Whole Kabupaten Bekasi")))
            options.extend(Option(k.code, k.name) for k in ctx.reference.kecamatan)
        else:
            found = ctx.reference.kecamatan_by_code(code)
            if found is not None:
                options.append(Option(found.code, found.name))
    return options


def _audiences(ctx: OptionContext) -> list[Option]:
    regency = ctx.answers.get("kecamatan") == REGENCY
    return [Option(k, ctx.t(v)) for k, v in AUDIENCES.items() if not (regency and k == "desa")]


def _desa(ctx: OptionContext) -> list[Option]:
    kecamatan = ctx.reference.kecamatan_by_code(str(ctx.answers.get("kecamatan", "")))
    if kecamatan is None:
        return []
    return [Option(p.code, p.name) for p in desa_places(kecamatan)]


def _choose_place(answers: Answers) -> bool:
    allowed = answers.get("allowed") or []
    return len(allowed) > 1 or REGENCY in allowed


def _chose(step_id: str, key: str) -> Callable[[Answers], bool]:
    """Asked only when the answer to `step_id` was `key`."""
    return lambda answers: answers.get(step_id) == key


def _either(step_id: str, prompt: str, summary: str, labels: dict[str, str]) -> Step:
    """A question of two fixed answers, side by side."""
    return Step(step_id, StepKind.CHOICE, prompt, summary, options=translated(labels), columns=2)


def _those_of(
    step_id: str,
    prompt: str,
    summary: str,
    options: OptionSource,
    audience: str,
    depends_on: str | None = None,
) -> Step:
    """Which of them (several may be ticked), asked only when the audience is narrowed to
    them."""
    return Step(
        step_id,
        StepKind.MULTI,
        prompt,
        summary,
        options=options,
        columns=2,
        depends_on=depends_on,
        when=_chose("audience", audience),
    )


BROADCAST = Flow(
    "broadcast",
    (
        Step(
            "kecamatan",
            StepKind.CHOICE,
            N_("<b>New broadcast.</b> Who is it for? Choose the area."),
            N_("Area"),
            options=_places,
            columns=2,
            page_size=12,
            when=_choose_place,
        ),
        Step(
            "message",
            StepKind.TEXT,
            N_(
                "Write the message as participants should read it. <b>Bold</b>, <i>italic</i> "
                "and links from Telegram's formatting menu are kept. You will see a preview "
                "before anything is sent."
            ),
            N_("Message"),
            min_length=2,
            max_length=MAX_TEXT,
            formatted=True,
        ),
        Step(
            "audience",
            StepKind.CHOICE,
            N_("Who should receive it?"),
            N_("Recipients"),
            options=_audiences,
        ),
        _those_of(
            "desa",
            N_("Which desa/kelurahan? Tap all that apply, then <b>Next</b>."),
            N_("Desa/kelurahan"),
            _desa,
            audience="desa",
            depends_on="kecamatan",
        ),
        _those_of(
            "roles",
            N_("Which roles? Tap all that apply, then <b>Next</b>."),
            N_("Roles"),
            translated(COMMUNITY_ROLES),
            audience="role",
        ),
        _either(
            "button",
            N_("Add a <b>Send a proposal</b> button under the message?"),
            N_("Button"),
            BUTTON,
        ),
        _either("timing", N_("Send it now, or at a set time?"), N_("When"), TIMING),
        Step(
            "when",
            StepKind.TEXT,
            N_(
                "When should it go? Type a date and time in WIB, e.g. <i>28/11 08.00</i>, "
                "<i>besok 08:00</i> or <i>16.30</i>."
            ),
            N_("Time"),
            min_length=1,
            max_length=40,
            when=_chose("timing", "later"),
        ),
    ),
    has_review=False,
)
