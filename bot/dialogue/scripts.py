"""Registration, declared as data (the proposal's dialogue is bot/proposals/script.py).

Changing a question means changing this file (and the catalogs), not the handlers.
"""

from __future__ import annotations

from bot.dialogue.model import Answers, Flow, Option, OptionContext, Step, StepKind, translated
from bot.i18n import N_
from bot.places import desa_places, kecamatan_places

COMMUNITY_ROLES = {
    "warga": N_("Resident"),
    "komunitas": N_("Community representative"),
    "tokoh": N_("Community leader"),
    "rtrw": N_("RT/RW officer"),
    "pkk": N_("PKK"),
    "karang_taruna": N_("Karang Taruna (youth group)"),
    "tani_nelayan": N_("Farmers' or fishers' group"),
    "umkm": N_("Small business (UMKM)"),
    "lainnya": N_("Other"),
}


def _kecamatan(ctx: OptionContext) -> list[Option]:
    return [Option(p.code, p.name, p.aliases) for p in kecamatan_places(ctx.reference)]


def _desa(ctx: OptionContext) -> list[Option]:
    kecamatan = ctx.reference.kecamatan_by_code(str(ctx.answers.get("kecamatan", "")))
    if kecamatan is None:
        return []
    return [Option(p.code, p.name, p.aliases) for p in desa_places(kecamatan)]


RESIDENT = "warga"


# Naming consent: may OPD staff see the name and group? "no" is first, and the default.
NAMING = {
    "no": N_("No, only my reference and desa"),
    "yes": N_("Yes, they may see my name"),
}


def represents_others(answers: Answers) -> bool:
    """Asked of representatives only: a resident speaks for themselves."""
    return answers.get("role") not in (None, RESIDENT)


REGISTRATION = Flow(
    "register",
    (
        Step(
            "name",
            StepKind.TEXT,
            N_("What name should we call you?"),
            N_("Name"),
            min_length=2,
            max_length=60,
            is_name=True,
        ),
        Step(
            "kecamatan",
            StepKind.CHOICE,
            N_("Which <b>kecamatan</b> do you live in? Tap a button or type its name."),
            N_("Kecamatan"),
            options=_kecamatan,
            columns=2,
            page_size=12,
        ),
        Step(
            "desa",
            StepKind.CHOICE,
            N_(
                "Which <b>desa/kelurahan</b> in Kecamatan {kecamatan}? "
                "Tap a button or type its name."
            ),
            N_("Desa/kelurahan"),
            options=_desa,
            depends_on="kecamatan",
            columns=2,
            page_size=12,
        ),
        Step(
            "role",
            StepKind.CHOICE,
            N_("Which best describes you?"),
            N_("Taking part as"),
            options=translated(COMMUNITY_ROLES),
            columns=2,
        ),
        Step(
            "group_name",
            StepKind.TEXT,
            N_(
                "Which group or community do you represent? For example "
                "<i>PKK Desa Sukamekar</i> or <i>Karang Taruna RW 05</i>."
            ),
            N_("Group"),
            optional=True,
            when=represents_others,
            min_length=2,
            max_length=100,
            is_name=True,
        ),
        Step(
            "represents",
            StepKind.HEADCOUNT,
            N_(
                "Roughly how many people or families do you speak for? "
                "E.g. <i>40 orang</i> or <i>sekitar 200 KK</i>."
            ),
            N_("Speaks for"),
            optional=True,
            when=represents_others,
            max_value=1_000_000,
        ),
        Step(
            "naming",
            StepKind.CHOICE,
            N_(
                "May staff of the perangkat daerah (OPD) who read your proposal see your name "
                "and group? If not, they see only its reference and your desa and kecamatan. "
                "We recommend <b>No</b>; you can change it in /profil."
            ),
            N_("Name shown to OPD"),
            options=translated(NAMING),
        ),
    ),
    has_review=False,
)
