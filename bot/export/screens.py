"""Screens of /ekspor: the options card, the kecamatan picker, progress and outcome."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import Translator
from bot.screens import Button, Keyboard, Screen, esc, rows

Encode = Callable[..., str]  # (action, **changes) → callback data for the options


def _on(flag: bool) -> str:
    return "✅" if flag else "▫️"


def options_card(
    t: Translator,
    encode: Encode,
    *,
    fmt: str,
    round_label: str,
    kecamatan_label: str,
    identity: bool,
    hidden: bool,
    withdrawn: bool,
    count: int,
    is_admin: bool,
    agency_label: str | None = None,  # an OPD member's card: their perangkat daerah
    photos: bool = False,
) -> Screen:
    lines = [
        t("<b>Export proposals</b>"),
        t("Format: <b>{format}</b>", format=fmt.upper()),
        t("Round: <b>{round}</b>", round=esc(round_label)),
        t("Kecamatan: <b>{kecamatan}</b>", kecamatan=esc(kecamatan_label)),
        t("Names and groups of participants: <b>included</b> (recorded in the audit log)")
        if identity
        else t("Participants: <b>pseudonyms only</b>"),
        t.n("<b>{count}</b> proposal matches.", "<b>{count}</b> proposals match.", count),
    ]
    if agency_label is not None:
        lines[4:5] = _opd_lines(t, agency_label, identity)
    if photos:
        lines.insert(-1, t("Photos: <b>included</b> (a ZIP with the XLSX and the images)"))
    formats = [Button(_on(f == fmt) + " " + f.upper(), encode("o", fmt=f)) for f in FORMATS]
    keyboard: Keyboard = [
        formats,
        [Button(t("🗓 Round: {round}", round=round_label), encode("o", round="next"))],
        [Button(t("📍 Kecamatan: {kecamatan}", kecamatan=kecamatan_label), encode("k"))],
    ]
    if is_admin:
        keyboard += [
            [Button(_on(identity) + " " + t("Names and groups"), encode("o", identity=True))],
            [Button(_on(hidden) + " " + t("Hidden proposals"), encode("o", hidden=True))],
        ]
    elif agency_label is not None:
        names = _on(identity) + " " + t("Names of those who agreed")
        keyboard.append([Button(names, encode("o", identity=True))])
    keyboard.append(
        [Button(_on(withdrawn) + " " + t("Withdrawn proposals"), encode("o", withdrawn=True))]
    )
    if fmt == "xlsx":
        label = _on(photos) + " " + t("With photos (ZIP)")
        keyboard.append([Button(label, encode("o", photos=True))])
    keyboard.append([Button(t("📤 Export"), encode("g"))])
    if is_admin:
        keyboard.append([Button(t("🗂 Audit log (CSV)"), encode("a"))])
    return Screen("\n".join(lines), keyboard)


FORMATS = ("xlsx", "csv", "json")


def _opd_lines(t: Translator, agency: str, identity: bool) -> list[str]:
    return [
        t("Perangkat daerah: <b>{agency}</b> (its proposals only)", agency=esc(agency)),
        t("Names and groups: <b>only of participants who agreed</b> (recorded in the audit log)")
        if identity
        else t("Participants: <b>pseudonyms only</b>"),
    ]


def kecamatan_picker(
    t: Translator, encode: Encode, choices: list[tuple[str, str]], allow_all: bool
) -> Screen:
    buttons = [Button(name, encode("o", kecamatan=code)) for code, name in choices]
    keyboard = rows(buttons, 2)
    if allow_all:
        keyboard.insert(0, [Button(t("All kecamatan"), encode("o", kecamatan="-"))])
    return Screen(t("Which <b>kecamatan</b> should the export hold?"), keyboard)


def not_allowed(t: Translator) -> str:
    return t("Exports are for admins, kecamatan coordinators and perangkat daerah staff.")


def stale(t: Translator) -> str:
    return t("This button is no longer valid. Send /ekspor to start again.")


def busy(t: Translator) -> str:
    return t("An export of yours is still being prepared. Please wait for it.")


def nothing(t: Translator) -> str:
    return t("No proposals match these choices, so there is nothing to export.")


def preparing(t: Translator, count: int) -> str:
    return t.n(
        "⏳ Preparing the export of <b>{count}</b> proposal…",
        "⏳ Preparing the export of <b>{count}</b> proposals…",
        count,
    )


def audit_preparing(t: Translator) -> str:
    return t("⏳ Preparing the audit log…")


def progress(t: Translator, done: int, total: int) -> str:
    percent = 100 * done // max(total, 1)
    return t(
        "⏳ Preparing the export: {done} of {total} proposals ({percent}%)…",
        done=t.number(done),
        total=t.number(total),
        percent=percent,
    )


def photos_progress(t: Translator, done: int, total: int) -> str:
    return t(
        "⏳ Fetching the photos from Telegram: {done} of {total}…",
        done=t.number(done),
        total=t.number(total),
    )


def ready(t: Translator, rows_count: int, identity: bool) -> str:
    text = t.n(
        "✅ Export ready: <b>{count}</b> proposal.",
        "✅ Export ready: <b>{count}</b> proposals.",
        rows_count,
    )
    if identity:
        text += "\n" + t(
            "It holds personal data: keep it safe and share it only with those who need it."
        )
    return text


def audit_ready(t: Translator, entries: int) -> str:
    return t.n(
        "✅ Audit log ready: <b>{count}</b> entry.",
        "✅ Audit log ready: <b>{count}</b> entries.",
        entries,
    )


def zipped(t: Translator) -> str:
    return t("The file was over Telegram's 50 MB limit, so it is sent zipped.")


def too_big(t: Translator, megabytes: float) -> str:
    return t(
        "⚠️ The file is {size} MB, over Telegram's 50 MB limit for bots. Choose one "
        "kecamatan or one round, or ask the server's operator for <code>rembug export</code>.",
        size=t.number(round(megabytes, 1)),
    )


def photos_included(t: Translator, photos: int, missing: int) -> str:
    text = t.n(
        "The ZIP holds the XLSX and {count} photo, named by the proposal's number.",
        "The ZIP holds the XLSX and {count} photos, named by the proposal's number.",
        photos,
    )
    if missing:
        text += " " + t.n(
            "{count} photo could not be fetched from Telegram and is missing.",
            "{count} photos could not be fetched from Telegram and are missing.",
            missing,
        )
    return text


def too_big_with_photos(t: Translator) -> str:
    return t(
        "⚠️ With the photos, the export is over Telegram's 50 MB limit for bots. Choose one "
        "kecamatan or one round, or export without photos."
    )


def failed(t: Translator) -> str:
    return t("⚠️ Sorry, the export failed. Please try again later.")
