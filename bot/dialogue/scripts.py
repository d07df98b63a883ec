"""The two guided dialogues, declared as data: registration and the proposal itself.

Changing a question means changing this file (and the catalogs), not the handlers.
"""

from __future__ import annotations

from bot.dialogue.model import Flow, Option, OptionContext, OptionSource, Step, StepKind
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
UNKNOWN_AGENCY = "unknown"


def _translated(labels: dict[str, str]) -> OptionSource:
    def source(ctx: OptionContext) -> list[Option]:
        return [Option(key, ctx.t(label)) for key, label in labels.items()]

    return source


def _kecamatan(ctx: OptionContext) -> list[Option]:
    return [Option(p.code, p.name, p.aliases) for p in kecamatan_places(ctx.reference)]


def _desa(ctx: OptionContext) -> list[Option]:
    kecamatan = ctx.reference.kecamatan_by_code(str(ctx.answers.get("kecamatan", "")))
    if kecamatan is None:
        return []
    return [Option(p.code, p.name, p.aliases) for p in desa_places(kecamatan)]


def _dimensions(ctx: OptionContext) -> list[Option]:
    locale = ctx.t.locale
    return [Option(d.key, d.name(locale), (d.label, *d.aliases)) for d in ctx.reference.dimensions]


def _sub_elements(ctx: OptionContext) -> list[Option]:
    dimension = ctx.reference.dimension(str(ctx.answers.get("dimension", "")))
    if dimension is None:
        return []
    return [Option(s.key, s.name(ctx.t.locale)) for s in dimension.sub_elements]


def _agencies(ctx: OptionContext) -> list[Option]:
    known = [Option(a.key, a.name, (a.code,)) for a in ctx.reference.agencies]
    return [*known, Option(UNKNOWN_AGENCY, ctx.t("Don't know"))]


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
            options=_translated(COMMUNITY_ROLES),
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
            min_length=2,
            max_length=100,
            is_name=True,
        ),
        Step(
            "represents",
            StepKind.NUMBER,
            N_("Roughly how many people do you speak for? Type a number, e.g. <i>40</i>."),
            N_("Speaks for"),
            optional=True,
            max_value=1_000_000,
        ),
    ),
    has_review=False,
)

PROPOSAL = Flow(
    "proposal",
    (
        Step(
            "dimension",
            StepKind.CHOICE,
            N_("Which <b>smart city dimension</b> does your proposal belong to?"),
            N_("Dimension"),
            options=_dimensions,
            help=N_(
                "<b>Not sure yet?</b> Think about what the problem touches most:\n"
                "• Slow permits or hard-to-reach services → <b>Governance</b>\n"
                "• Local tourism, products or the look of the area → <b>Branding</b>\n"
                "• Jobs, small businesses, markets, digital payments → <b>Economy</b>\n"
                "• Roads, transport, health, housing → <b>Living</b>\n"
                "• Education, youth, community life, safety → <b>Society</b>\n"
                "• Waste, flooding, clean water, energy → <b>Environment</b>"
            ),
        ),
        Step(
            "sub_element",
            StepKind.CHOICE,
            N_("Which part of <b>{dimension}</b> is it about?"),
            N_("Element"),
            options=_sub_elements,
            depends_on="dimension",
        ),
        Step(
            "problem",
            StepKind.TEXT,
            N_(
                "What is the <b>problem</b> in your area? Describe it in a few sentences "
                "({min}–{max} characters)."
            ),
            N_("Problem"),
            min_length=15,
            max_length=1500,
        ),
        Step(
            "causes",
            StepKind.TEXT,
            N_("What do you think <b>causes</b> it? ({min}–{max} characters)"),
            N_("Causes"),
            min_length=15,
            max_length=1500,
        ),
        Step(
            "solution",
            StepKind.TEXT,
            N_("What <b>solution or innovation</b> do you propose? ({min}–{max} characters)"),
            N_("Solution"),
            min_length=15,
            max_length=1500,
        ),
        Step(
            "urgency",
            StepKind.CHOICE,
            N_("How <b>urgent</b> is it?"),
            N_("Urgency"),
            options=_translated(URGENCY),
            columns=3,
        ),
        Step(
            "time_to_result",
            StepKind.CHOICE,
            N_("How soon could people <b>feel the result</b>?"),
            N_("Result felt"),
            options=_translated(TIME_TO_RESULT),
        ),
        Step(
            "needs",
            StepKind.MULTI,
            N_("What does it <b>need</b>? Tap all that apply, then <b>Next</b>."),
            N_("Needs"),
            options=_translated(NEEDS),
            columns=2,
        ),
        Step(
            "agency",
            StepKind.CHOICE,
            N_(
                "Which <b>perangkat daerah</b> (OPD) should handle it? "
                "Tap one, type its name, or choose <i>Don't know</i>."
            ),
            N_("Suggested OPD"),
            options=_agencies,
            page_size=8,
        ),
        Step(
            "beneficiaries",
            StepKind.TEXT,
            N_(
                "<b>Who benefits</b>? A short answer or a number, e.g. "
                "<i>300 families in RW 03</i>."
            ),
            N_("Beneficiaries"),
            min_length=2,
            max_length=200,
        ),
        Step(
            "location",
            StepKind.LOCATION,
            N_(
                "Where is it? Share a <b>location</b>: tap 📎 then <i>Location</i>. "
                "Or tap <b>Skip</b>."
            ),
            N_("Location"),
            optional=True,
        ),
        Step(
            "photos",
            StepKind.PHOTOS,
            N_("Send up to {max} <b>photos</b> of the problem, or tap <b>Skip</b>."),
            N_("Photos"),
            optional=True,
            max_items=3,
        ),
    ),
    has_review=True,
)
