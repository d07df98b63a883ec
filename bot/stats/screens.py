"""Texts of /statistik and /target: the one-paragraph summary beside the charts."""

from __future__ import annotations

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import Translator
from bot.screens import Button, Keyboard, Screen, esc, rows
from bot.screens.figures import share
from bot.stats.data import Overview, leader, top_dimension


def summary(t: Translator, overview: Overview) -> str:
    regency = overview.kecamatan_code is None
    parts = [
        t("📊 <b>{scope}</b>, all rounds so far:", scope=esc(overview.scope)),
        t.n(
            "{count} participant registered",
            "{count} participants registered",
            overview.participants,
        )
        + _target(t, overview)
        + ", "
        + t.n("{count} proposal", "{count} proposals", overview.proposals)
        + ".",
    ]
    count, total = t.number(overview.areas_with_proposals()), t.number(len(overview.areas))
    if regency:
        parts.append(
            t("Proposals came from {count} of {total} kecamatan.", count=count, total=total)
        )
    else:
        parts.append(
            t("Proposals came from {count} of {total} desa/kelurahan.", count=count, total=total)
        )
    top = top_dimension(overview)
    if top is not None:
        parts.append(
            t("Most are about {dimension} ({count}).", dimension=esc(top[0]), count=top[1])
        )
    best = leader(overview)
    if best is not None:
        parts.append(
            t("Most active: {place} ({count}).", place=esc(best.name), count=best.proposals)
        )
    if overview.supports:
        parts.append(
            t.n(
                "{count} resident joined a proposal instead of repeating it.",
                "{count} residents joined a proposal instead of repeating it.",
                overview.supports,
            )
        )
    representatives, confirmed, people = overview.mandates
    if representatives:
        parts.append(
            t.n(
                "{count} representative speaks for a group",
                "{count} representatives speak for groups",
                representatives,
            )
            + "; "
            + t(
                "✔ {count} confirmed by their coordinator, for {people} people.",
                count=t.number(confirmed),
                people=t.number(people),
            )
        )
    parts.append(t("Hidden and withdrawn proposals are not counted."))
    return " ".join(parts)


def _target(t: Translator, overview: Overview) -> str:
    percent = share(overview.participants, overview.target)
    if percent is None or overview.target is None:
        return ""
    return " " + t(
        "({percent}% of the target of {target})",
        percent=t.number(percent),
        target=t.number(overview.target),
    )


def chooser(t: Translator, kecamatan: list[tuple[str, str]]) -> Keyboard:
    """Buttons opening one kecamatan's statistics (admins, or coordinators of several)."""
    buttons = [Button(name, cb.encode(Kind.STATS, "k", code)) for code, name in kecamatan]
    return rows(buttons, 3)


def ranking_chooser(kecamatan: list[tuple[str, str]]) -> Keyboard:
    """Buttons opening one kecamatan's ranking of residents' priorities."""
    buttons = [Button(name, cb.encode(Kind.STATS, "p", code)) for code, name in kecamatan]
    return rows(buttons, 3)


def priorities_intro(t: Translator) -> str:
    return t("🏆 What residents find most important, from their “A or B?” answers:")


def pick_kecamatan(t: Translator) -> str:
    return t("📊 Statistics of one kecamatan (per desa/kelurahan):")


def not_allowed(t: Translator) -> str:
    return t("Sorry, statistics are for admins and kecamatan coordinators.")


def unknown_kecamatan(t: Translator, text: str) -> str:
    return t("I don't know the kecamatan “{text}” (or it isn't yours).", text=esc(text[:40]))


def targets(t: Translator, lines: list[tuple[str, int | None, int]]) -> Screen:
    """(kecamatan name, target, participants now) for every kecamatan."""
    text = [t("<b>Participant targets per kecamatan</b>")]
    for name, target, now in lines:
        goal = t.number(target) if target is not None else "—"
        text.append(f"{esc(name)}: {t.number(now)} / {goal}")
    text.append(
        t(
            "Set one with <code>/target Setu 120</code> or "
            "<code>/target 32.16.05 120</code> (0 removes it)."
        )
    )
    return Screen("\n".join(text))


def target_set(t: Translator, name: str, target: int, previous: int | None) -> str:
    if previous is None:
        return t(
            "🎯 Target for {name}: {target} participants.", name=esc(name), target=t.number(target)
        )
    return t(
        "🎯 Target for {name}: {target} participants (was {previous}).",
        name=esc(name),
        target=t.number(target),
        previous=t.number(previous),
    )


def target_removed(t: Translator, name: str) -> str:
    return t("🎯 The target for {name} is removed.", name=esc(name))


def target_usage(t: Translator) -> str:
    return t("Usage: <code>/target Setu 120</code> — a kecamatan and a number of participants.")


def admins_only(t: Translator) -> str:
    return t("Sorry, only admins can set targets.")
