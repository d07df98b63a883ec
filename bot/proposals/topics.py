"""The proposal's topic in plain words: what the classifier suggests from the resident's
problem, and the labels a resident picks from when the suggestion is wrong.

The official dimension and element names (bot/data/smart_city_dimensions.yaml) go to the
exports and the "what do these mean" screen; a resident reads the plain labels below.
"""

from __future__ import annotations

from bot.dialogue.model import Option, OptionContext, Suggestion
from bot.i18n import N_
from bot.proposals.classifier import Suggestions, classify
from bot.screens import esc

UNKNOWN_AGENCY = "unknown"
AGENCY_SUGGESTIONS = 3  # perangkat daerah offered first, before the alphabetical rest

DIMENSION_WORDS = {
    "governance": N_("Government"),
    "branding": N_("Regional image"),
    "economy": N_("Economy"),
    "living": N_("Living"),
    "society": N_("Society"),
    "environment": N_("Environment"),
}
DIMENSION_LABELS = {
    "governance": N_("Public services and permits"),
    "branding": N_("Tourism, local products, the look of the area"),
    "economy": N_("Jobs, small businesses, markets"),
    "living": N_("Roads, transport, health, housing"),
    "society": N_("Schools, youth, community life, safety"),
    "environment": N_("Rubbish, flooding, clean water, energy"),
}
ELEMENT_LABELS = {
    "service": N_("Public services (ID cards, permits, village office)"),
    "bureaucracy": N_("How the local government works"),
    "policy": N_("Local rules and policies"),
    "tourism": N_("Tourism and culture"),
    "business": N_("Local products and business climate"),
    "city_appearance": N_("Look of the area (parks, streetscape)"),
    "industry": N_("Jobs and industry"),
    "welfare": N_("Welfare and social aid"),
    "transaction": N_("Markets, small businesses, payments"),
    "harmony": N_("Housing, drains, land use"),
    "health": N_("Health (puskesmas, posyandu)"),
    "mobility": N_("Roads, transport and traffic"),
    "community": N_("Community life and youth"),
    "learning": N_("Schools and learning"),
    "security": N_("Safety and public order"),
    "protection": N_("Flooding, rivers, clean water, greenery"),
    "waste": N_("Rubbish and waste"),
    "energy": N_("Energy and street lights"),
}


def element_label(ctx: OptionContext, element: str) -> str:
    msgid = ELEMENT_LABELS.get(element)
    return ctx.t(msgid) if msgid else element


def topic_options(ctx: OptionContext) -> list[Option]:
    """Every element, grouped by dimension, in plain words (official names as aliases, so a
    typed "Wajah Kota" is understood too)."""
    locale = ctx.t.locale
    return [
        Option(s.key, element_label(ctx, s.key), (s.name(locale), s.name_id), group=d.key)
        for d in ctx.reference.dimensions
        for s in d.sub_elements
    ]


def topic_groups(ctx: OptionContext) -> list[Option]:
    return [
        Option(d.key, ctx.t(DIMENSION_LABELS[d.key]), group=d.key) for d in ctx.reference.dimensions
    ]


def suggest_topic(ctx: OptionContext) -> Suggestion | None:
    """From the problem's words: the element (and, when one stands out, the perangkat
    daerah), with the next two elements as alternatives."""
    found = _classified(ctx)
    if found is None or not found.confident or not found.elements:
        return None
    best, *rest = found.elements
    agency = _suggested_agency(ctx, found)
    line = _suggestion_line(ctx, best.element, best.dimension, agency)
    alternatives = tuple(
        Option(e.element, element_label(ctx, e.element), group=e.dimension) for e in rest[:2]
    )
    also = {"agency": agency} if agency else {}
    return Suggestion(line, best.element, also, alternatives)


def agency_options(ctx: OptionContext) -> list[Option]:
    """The perangkat daerah the problem suggests first, then all of them A–Z, then Don't know."""
    found = _classified(ctx)
    suggested = [s.key for s in found.agencies[:AGENCY_SUGGESTIONS]] if found else []
    by_key = {a.key: a for a in ctx.reference.agencies}
    ordered = [k for k in suggested if k in by_key]
    ordered += sorted((k for k in by_key if k not in ordered), key=lambda k: by_key[k].name)
    options = [Option(k, by_key[k].name, (by_key[k].code,)) for k in ordered]
    return [*options, Option(UNKNOWN_AGENCY, ctx.t("Don't know"))]


def _suggested_agency(ctx: OptionContext, found: Suggestions) -> str | None:
    if not found.agencies:
        return None
    key = found.agencies[0].key
    return key if any(a.key == key for a in ctx.reference.agencies) else None


def _suggestion_line(ctx: OptionContext, element: str, dimension: str, agency: str | None) -> str:
    t = ctx.t
    topic = esc(element_label(ctx, element))
    area = esc(t(DIMENSION_WORDS.get(dimension, dimension)))
    found = ctx.reference.agency(agency) if agency else None
    if found is None:
        return t(
            "It looks like this is about <b>{topic}</b> ({area}). Right?", topic=topic, area=area
        )
    return t(
        "It looks like this is about <b>{topic}</b> ({area}), for <b>{agency}</b>. Right?",
        topic=topic,
        area=area,
        agency=esc(found.name),
    )


def _classified(ctx: OptionContext) -> Suggestions | None:
    problem = ctx.answers.get("problem")
    return classify(str(problem)) if problem else None


def official_names(ctx: OptionContext, group: str | None) -> str:
    """The official dimension (and its definition) behind the plain words: for the curious
    and the exports, not for the first screen."""
    t = ctx.t
    locale = t.locale
    chosen = ctx.reference.dimension(group) if group else None
    if chosen is not None:
        return f"<b>{esc(chosen.name(locale))}</b>: {esc(chosen.description(locale))}"
    lines = [
        f"• {esc(t(DIMENSION_LABELS[d.key]))} → <b>{esc(d.name(locale))}</b>"
        for d in ctx.reference.dimensions
    ]
    return "\n".join([t("The six dimensions of the smart city masterplan:"), *lines])
