"""The coordinator's menu, kecamatan pickers, participant links and the staff help."""

from __future__ import annotations

from bot import callbacks as cb
from bot.callbacks import Kind
from bot.i18n import N_, Translator
from bot.roles import Staff
from bot.screens import Button, Keyboard, Screen, esc, rows
from bot.screens.admin_menu import admin_commands, desk_commands, opd_commands

KECAMATAN_PER_PAGE = 12


def k(*fields: str | int) -> str:
    return cb.encode(Kind.COORDINATION, *fields)


# --- refusals --------------------------------------------------------------------------


def not_staff(t: Translator) -> str:
    return t(
        "This is for kecamatan coordinators. If you should be one, ask an admin for an "
        "invitation link."
    )


def admins_only(t: Translator) -> str:
    return t("Only admins can do this.")


def not_your_kecamatan(t: Translator) -> str:
    return t("You can only see and act for the kecamatan you coordinate.")


# --- menu ------------------------------------------------------------------------------


def menu(t: Translator, staff: Staff, names: list[str], unclassified: int = 0) -> Screen:
    """`names`: the kecamatan the coordinator holds (empty for an admin without any);
    `unclassified`: how many of their proposals wait for a dimension (a button if any)."""
    lines = [t("<b>🧭 Coordinator menu</b>")]
    if staff.is_admin:
        lines.append(t("You are an admin: you see every kecamatan."))
    if names:
        # Joined outside the call: a second string literal inside t(...) is extracted as a plural.
        joined = ", ".join(esc(n) for n in names)
        lines.append(t("You coordinate: {names}.", names=joined))
    lines += [
        "",
        t("📣 <b>Invite participants</b>: your kecamatan's link and a QR code to print."),
        t("📊 <b>Progress</b>: who has joined, and which desa still lack proposals."),
        t("📢 Broadcast to your participants: /siaran"),
        t("⏰ Remind those who did not finish a proposal: /ingatkan"),
    ]
    keyboard: Keyboard = [
        [
            Button(t("📣 Invite participants"), k("pk", "lnk", 0)),
            Button(t("📊 Progress"), k("rr") if staff.is_admin else k("pk", "rk", 0)),
        ]
    ]
    if unclassified:
        # The list lives in bot/proposals/classification.py (callback kind "y").
        label = t("🗂 Not classified yet ({count})", count=t.number(unclassified))
        keyboard.append([Button(label, cb.encode(Kind.CLASSIFY, "l", 0))])
    if staff.is_admin:
        keyboard.append(
            [
                Button(t("➕ Invite a coordinator"), k("pk", "inv", 0)),
                Button(t("👥 Coordinators"), k("cl", 0)),
            ]
        )
        keyboard.append(
            [
                Button(t("➕ Invite OPD staff"), k("po", 0)),
                Button(t("🏛 OPD staff"), k("ol", 0)),
            ]
        )
    return Screen("\n".join(lines), keyboard)


PICKER_PROMPTS = {
    "inv": N_("Which kecamatan will the new coordinator look after?"),
    "lnk": N_("Participant link and QR code for which kecamatan?"),
    "rk": N_("Progress of which kecamatan?"),
}


def kecamatan_picker(
    t: Translator, purpose: str, choices: list[tuple[str, str]], page: int
) -> Screen:
    """Paged buttons of (code, name); a button's data is k:<purpose>:<code>."""
    count = max(1, -(-len(choices) // KECAMATAN_PER_PAGE))
    page = min(max(page, 0), count - 1)
    shown = choices[page * KECAMATAN_PER_PAGE : (page + 1) * KECAMATAN_PER_PAGE]
    suffix = 0 if purpose == "rk" else None
    buttons = [
        Button(name, k(purpose, code) if suffix is None else k(purpose, code, suffix))
        for code, name in shown
    ]
    keyboard = rows(buttons, 3)
    pager = []
    if page > 0:
        pager.append(Button("◀️", k("pk", purpose, page - 1)))
    if page + 1 < count:
        pager.append(Button("▶️", k("pk", purpose, page + 1)))
    if pager:
        keyboard.append(pager)
    keyboard.append([Button(t("⬅️ Menu"), k("menu"))])
    return Screen(t(PICKER_PROMPTS[purpose]), keyboard)


# --- inviting participants ------------------------------------------------------------


def participant_link(t: Translator, kecamatan: str, url: str) -> Screen:
    text = "\n".join(
        [
            t("<b>📣 Invite participants — Kecamatan {name}</b>", name=esc(kecamatan)),
            "",
            t(
                "Share this link in your WhatsApp and Telegram groups. Whoever opens it starts "
                "Rembug with Kecamatan {name} already chosen:",
                name=esc(kecamatan),
            ),
            esc(url),
            "",
            t(
                "The QR code below leads to the same link. Print it on an A4 poster for the "
                "kantor kecamatan, the balai desa or a community meeting."
            ),
        ]
    )
    return Screen(text)


def qr_caption(t: Translator, kecamatan: str) -> str:
    return t(
        "QR code for Kecamatan {name}: scan it to join the smart city consultation.",
        name=esc(kecamatan),
    )


# --- help ------------------------------------------------------------------------------


def _sections(t: Translator, staff: Staff) -> list[tuple[str, list[tuple[str, str]]]]:
    """(title, commands) for each role held: coordinators' tools (admins have them too),
    admins' own, and a perangkat daerah's."""
    found = []
    if staff.is_admin or staff.is_coordinator:
        title = t("<b>For admins</b>") if staff.is_admin else t("<b>For coordinators</b>")
        tools = [
            ("koordinator", t("Coordinator menu")),
            ("rekap", t("Progress per desa and dimension")),
            ("siaran", t("Send a broadcast to participants")),
            ("ingatkan", t("Remind those with an unfinished proposal")),
            ("ingatkan_prioritas", t("Remind to compare proposals (A or B?)")),
            ("ekspor", t("Export proposals (Excel, CSV, JSON)")),
        ]
        found.append((title, tools + desk_commands(t)))
    if staff.is_admin:
        found.append((t("<b>Admins only: staff, statuses, the OPD</b>"), admin_commands(t)))
    if staff.is_opd:
        found.append((t("<b>For perangkat daerah staff</b>"), opd_commands(t)))
    return found


def staff_commands(t: Translator, staff: Staff) -> list[tuple[str, str]]:
    """The commands of every role held, each once, for the staff's own command menu."""
    found: dict[str, str] = {}
    for _, commands in _sections(t, staff):
        for command, description in commands:
            found.setdefault(command, description)
    return list(found.items())


def staff_help(t: Translator, staff: Staff) -> list[str]:
    """/bantuan's staff part: a message per role held (empty for participants)."""
    return [
        "\n".join([title, *(f"/{command} — {description}" for command, description in commands)])
        for title, commands in _sections(t, staff)
    ]
