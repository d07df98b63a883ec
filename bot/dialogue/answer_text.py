"""How a stored answer reads in a review, a profile or a proposal card."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot import telegram_html
from bot.dialogue.model import OptionContext, Step, StepKind
from bot.i18n import Translator
from bot.screens import esc


def answer_text(step: Step, value: Any, ctx: OptionContext, limit: int | None = None) -> str:
    """The answer as escaped HTML; `limit` shortens long texts for a summary."""
    t = ctx.t
    if value in (None, [], ""):
        return t("—")
    if step.kind in (StepKind.CHOICE, StepKind.MULTI, StepKind.TOPIC):
        labels = {o.key: o.label for o in step.options(ctx)} if step.options else {}
        keys = value if isinstance(value, list) else [value]
        return esc(", ".join(labels.get(str(k), str(k)) for k in keys))
    if step.kind is StepKind.NUMBER:
        return t.number(int(value))
    if step.kind is StepKind.HEADCOUNT:
        return headcount_text(value, t)
    if step.kind is StepKind.PLACE:
        return place_summary(value, t, limit, _desa_name(ctx))
    if step.kind is StepKind.LOCATION:
        return location_link(value)
    if step.kind is StepKind.PHOTOS:
        return t.n("{count} photo", "{count} photos", len(value))
    if step.kind is StepKind.MOMENT:
        return t.datetime(datetime.fromisoformat(str(value)))
    if step.formatted:
        # Stored as Telegram HTML: shown as the reader sees it, the tags dropped.
        return shorten_escaped(telegram_html.check(str(value)).visible, limit)
    return shorten_escaped(str(value), limit)


def headcount_text(value: dict[str, Any], t: Translator) -> str:
    count = int(value["count"])
    if value.get("unit") == "households":
        return t.n("{count} household", "{count} households", count)
    return t.n("{count} person", "{count} people", count)


def place_summary(
    place: dict[str, Any], t: Translator, limit: int | None = None, desa: str | None = None
) -> str:
    """A place as a review shows it: the typed description (or else the desa), a shared
    point, photos; never bare coordinates."""
    parts = []
    if place.get("text"):
        parts.append(shorten_escaped(str(place["text"]), limit))
    elif desa and place.get("point"):
        parts.append(esc(desa))
    if place.get("point"):
        parts.append(t("📍 location shared"))
    if place.get("photos"):
        parts.append(t.n("{count} photo", "{count} photos", len(place["photos"])))
    return ", ".join(parts) if parts else t("—")


def _desa_name(ctx: OptionContext) -> str | None:
    desa = ctx.reference.desa_by_code(str(ctx.answers.get("desa") or ""))
    return desa.name if desa else None


def location_link(value: list[float]) -> str:
    latitude, longitude = value
    url = f"https://www.google.com/maps?q={latitude},{longitude}"
    return f'<a href="{url}">{latitude:.5f}, {longitude:.5f}</a>'


def shorten_escaped(text: str, limit: int | None) -> str:
    """Escaped HTML of `text`, cut at a word so that it stays within `limit` UTF-16 units
    (what Telegram counts; an escaped "&" takes five, an emoji two)."""
    escaped = esc(text)
    if limit is None or utf16_units(escaped) <= limit:
        return escaped
    cut = text[:limit]
    while cut and utf16_units(esc(cut)) > limit - 2:
        cut = cut[: int(len(cut) * 0.9)]
    return esc(cut.rsplit(" ", 1)[0] if " " in cut else cut) + " …"


def utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def prompt_params(step: Step, ctx: OptionContext) -> dict[str, Any]:
    """Values a step's prompt may mention: limits and earlier answers, by name."""
    params: dict[str, Any] = {"min": step.min_length, "max": step.max_length}
    if step.kind in (StepKind.PHOTOS, StepKind.PLACE):
        params["max"] = step.max_items
    kecamatan = ctx.reference.kecamatan_by_code(str(ctx.answers.get("kecamatan", "")))
    if kecamatan is not None:
        params["kecamatan"] = esc(kecamatan.name)
    dimension = ctx.reference.dimension(str(ctx.answers.get("dimension", "")))
    if dimension is not None:
        params["dimension"] = esc(dimension.name(ctx.t.locale))
    return params
