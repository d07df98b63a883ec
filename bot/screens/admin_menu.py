"""The staff's commands by role, for the staff command menu and /bantuan.

Some lead to other features (the OPD desk, the response indicator, the quick-win shortlist,
mandates); this is only where staff find them.
"""

from __future__ import annotations

from bot.i18n import Translator


def desk_commands(t: Translator) -> list[tuple[str, str]]:
    """Coordinators' and admins' tools for proposals."""
    return [
        ("statistik", t("Charts: participants and proposals")),
        ("usulan", t("Open a proposal by its number (hide, status)")),
        ("klasifikasi", t("Classify proposals without a dimension")),
        ("putaran", t("Consultation rounds")),
        ("mandat", t("Confirm representatives' mandates")),
        ("umpan_balik", t("Residents' feedback on the results")),
    ]


def admin_commands(t: Translator) -> list[tuple[str, str]]:
    """Appointing staff, statuses, targets and following the perangkat daerah: admins only."""
    return [
        ("status", t("Set a proposal's status")),
        ("target", t("Participant targets per kecamatan")),
        ("undang_koordinator", t("Invite a kecamatan coordinator")),
        ("koordinator_list", t("Coordinators: list and remove")),
        ("undang_opd", t("Invite staff of a perangkat daerah")),
        ("opd_list", t("Perangkat daerah staff: list and remove")),
        ("tanggapan_pd", t("Response indicator of every perangkat daerah")),
        ("quickwin", t("Quick-win shortlist per dimension")),
    ]


def opd_commands(t: Translator) -> list[tuple[str, str]]:
    """For the staff of a perangkat daerah."""
    return [
        ("meja", t("Desk: the proposals for your perangkat daerah")),
        ("tanggapan_pd", t("Response indicator: your perangkat daerah's line")),
    ]
