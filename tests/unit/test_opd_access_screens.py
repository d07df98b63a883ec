"""Appointing OPD staff, screen by screen: every perangkat daerah can be chosen within
Telegram's 64 bytes of callback data, the lists fit a phone, each role sees its own commands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot import callbacks as cb
from bot.i18n import SUPPORTED_LOCALES, translator
from bot.reference import load_reference
from bot.roles import Role, Staff
from bot.screens import Screen, esc
from bot.staff.screens import appointments, opd_appointments
from bot.staff.screens.coordination import staff_commands, staff_help
from emulator import parse_html

REF = load_reference()
NOW = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
LIMIT = 600


def datas(screen: Screen) -> list[str]:
    return [b.data for row in screen.keyboard or [] for b in row if b.data]


def test_every_opd_is_offered_once_across_the_picker_pages() -> None:
    t = translator("en")
    agencies = sorted(REF.agencies, key=lambda a: a.name)
    offered: list[str] = []
    page, pages_seen = 0, 0
    while True:
        screen = opd_appointments.agency_picker(t, agencies, page)
        pages_seen += 1
        for data in datas(screen):
            assert len(data.encode()) <= cb.MAX_BYTES
            parsed = cb.decode(data)
            assert parsed is not None and parsed.kind is cb.Kind.COORDINATION
            if parsed.action == "io":
                offered.append(parsed.args[0])
        forward = [d for d in datas(screen) if d == f"v1:k:po:{page + 1}"]
        if not forward:
            break
        page += 1
    assert sorted(offered) == sorted(a.key for a in REF.agencies)
    assert len(offered) == len(set(offered)) == len(REF.agencies)
    assert pages_seen == -(-len(REF.agencies) // opd_appointments.AGENCIES_PER_PAGE)


def line(n: int, unit: str) -> appointments.StaffLine:
    name = f"Staf dengan nama yang sangat panjang sekali, sampai enam puluh {n}"[:60]
    return appointments.StaffLine(n, 10_000 + n, name, unit, NOW, "Dinas Lingkungan Hidup")


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_a_full_page_of_opd_staff_with_invitations_fits_a_phone(locale: str) -> None:
    t = translator(locale)
    widest = max(REF.agencies, key=lambda a: len(a.code)).code
    members = [line(n, widest) for n in range(20)]
    pending = [
        appointments.PendingLine(f"tok{n}", widest, NOW + timedelta(days=7)) for n in range(9)
    ]
    screen = appointments.staff_list(t, Role.OPD, members, pending, 0)
    assert len(parse_html(screen.text).text) <= LIMIT, screen.text
    more = t("… and {count} more", count=9 - appointments.PENDING_SHOWN)
    assert more in parse_html(screen.text).text
    assert "v1:k:ol:1" in datas(screen)  # the next page of members
    assert all(len(d.encode()) <= cb.MAX_BYTES for d in datas(screen))


def test_the_opd_list_names_people_and_their_opd_safely() -> None:
    t = translator("en")
    sneaky = appointments.StaffLine(7, 70, "<b>Rina</b>", "DLH", NOW, "Dinas Lingkungan Hidup")
    screen = appointments.staff_list(t, Role.OPD, [sneaky], [], 0)
    assert esc("<b>Rina</b>") in screen.text and "<b>Rina</b>" not in screen.text
    confirm = appointments.confirm_revoke(t, Role.OPD, sneaky, "0123abcd")
    assert "staff of Dinas Lingkungan Hidup" in confirm.text
    assert datas(confirm) == ["v1:k:oy:7:0123abcd", "v1:k:on:7:0123abcd"]


def commands(staff: Staff) -> set[str]:
    return {command for command, _ in staff_commands(translator("en"), staff)}


def test_each_role_sees_its_own_commands() -> None:
    opd = commands(Staff(1, opd="DLH"))
    coordinator = commands(Staff(2, kecamatan=frozenset({"32.16.18"})))
    admin = commands(Staff(3, is_admin=True))
    assert opd == {"meja", "tanggapan_pd"}
    assert {"koordinator", "rekap", "mandat"} <= coordinator
    assert not coordinator & {"meja", "tanggapan_pd", "undang_opd", "opd_list", "quickwin"}
    assert {"undang_opd", "opd_list", "tanggapan_pd", "quickwin", "mandat"} <= admin
    assert "meja" not in admin
    assert commands(Staff(4)) == set()


def test_someone_with_every_role_gets_each_command_once_and_a_help_part_per_role() -> None:
    t = translator("en")
    everything = Staff(5, is_admin=True, kecamatan=frozenset({"32.16.18"}), opd="DLH")
    listed = [command for command, _ in staff_commands(t, everything)]
    assert len(listed) == len(set(listed)) and "meja" in listed
    parts = staff_help(t, everything)
    assert len(parts) == 3 and parts[-1].startswith(t("<b>For perangkat daerah staff</b>"))
