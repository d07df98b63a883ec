"""The admins' desk commands, for the staff command menu and /bantuan."""

from __future__ import annotations

from bot.i18n import Translator
from bot.roles import Staff


def desk_commands(t: Translator, staff: Staff) -> list[tuple[str, str]]:
    found = [
        ("statistik", t("Charts: participants and proposals")),
        ("usulan", t("Open a proposal by its number (hide, status)")),
        ("klasifikasi", t("Classify proposals without a dimension")),
        ("putaran", t("Consultation rounds")),
    ]
    if not staff.is_admin:  # admins have it too (README); their help is full to 600 characters
        found.append(("mandat", t("Confirm representatives' mandates")))
    if staff.is_admin:
        found += [
            ("status", t("Set a proposal's status")),
            ("target", t("Participant targets per kecamatan")),
        ]
    return found
