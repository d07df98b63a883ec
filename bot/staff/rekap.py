"""How far a kecamatan is: participants and proposals per desa, and the gaps by dimension.

The builders are pure (counts in, figures out); `read_kecamatan` / `read_regency` fetch the
counts. Who may see which kecamatan is decided by the caller (bot/staff/coordination.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.reference import Kecamatan, Reference
from storage.queries import mandates as mandate_queries
from storage.queries import rekap as queries
from storage.queries import stats as stats_queries
from storage.queries.mandates import MandateCounts

NO_MANDATES = MandateCounts(0, 0, 0)


@dataclass(frozen=True)
class Counts:
    """Raw counts keyed by desa code (and dimension key), for one kecamatan or the regency."""

    participants: dict[str, int]
    contributors: dict[str, int]
    proposals: dict[tuple[str, str], int]  # dimension key "" : not classified yet
    targets: dict[str, int]
    round_name: str | None = None
    supports: dict[str, int] = field(default_factory=dict)  # per kecamatan code
    mandates: dict[str, MandateCounts] = field(default_factory=dict)  # per kecamatan code


@dataclass(frozen=True)
class DesaProgress:
    code: str
    name: str
    participants: int
    contributors: int  # participants with at least one proposal
    per_dimension: tuple[int, ...]  # in the order of Reference.dimensions
    unclassified: int = 0  # proposals sent without a dimension ("not sure")

    @property
    def proposals(self) -> int:
        return sum(self.per_dimension) + self.unclassified


@dataclass(frozen=True)
class KecamatanProgress:
    code: str
    name: str
    desa: tuple[DesaProgress, ...]
    target: int | None
    supports: int = 0  # supports of its counted proposals
    mandates: MandateCounts = NO_MANDATES  # its representatives and confirmed mandates

    @property
    def participants(self) -> int:
        return sum(d.participants for d in self.desa)

    @property
    def contributors(self) -> int:
        return sum(d.contributors for d in self.desa)

    @property
    def proposals(self) -> int:
        return sum(d.proposals for d in self.desa)

    @property
    def per_dimension(self) -> tuple[int, ...]:
        return tuple(
            sum(column) for column in zip(*(d.per_dimension for d in self.desa), strict=True)
        )

    @property
    def desa_with_proposal(self) -> int:
        return sum(1 for d in self.desa if d.proposals > 0)


@dataclass(frozen=True)
class RegencyProgress:
    kecamatan: tuple[KecamatanProgress, ...]

    @property
    def participants(self) -> int:
        return sum(k.participants for k in self.kecamatan)

    @property
    def contributors(self) -> int:
        return sum(k.contributors for k in self.kecamatan)

    @property
    def proposals(self) -> int:
        return sum(k.proposals for k in self.kecamatan)

    @property
    def supports(self) -> int:
        return sum(k.supports for k in self.kecamatan)

    @property
    def mandates(self) -> MandateCounts:
        return mandate_queries.total([k.mandates for k in self.kecamatan])

    @property
    def desa_total(self) -> int:
        return sum(len(k.desa) for k in self.kecamatan)

    @property
    def desa_with_proposal(self) -> int:
        return sum(k.desa_with_proposal for k in self.kecamatan)


def build_kecamatan(
    kecamatan: Kecamatan, dimension_keys: tuple[str, ...], counts: Counts
) -> KecamatanProgress:
    desa = tuple(
        DesaProgress(
            code=d.code,
            name=d.name,
            participants=counts.participants.get(d.code, 0),
            contributors=counts.contributors.get(d.code, 0),
            per_dimension=tuple(counts.proposals.get((d.code, key), 0) for key in dimension_keys),
            unclassified=counts.proposals.get((d.code, ""), 0),
        )
        for d in kecamatan.desa
    )
    return KecamatanProgress(
        kecamatan.code,
        kecamatan.name,
        desa,
        counts.targets.get(kecamatan.code),
        counts.supports.get(kecamatan.code, 0),
        counts.mandates.get(kecamatan.code, NO_MANDATES),
    )


def build_regency(reference: Reference, counts: Counts) -> RegencyProgress:
    keys = dimension_keys(reference)
    return RegencyProgress(tuple(build_kecamatan(k, keys, counts) for k in reference.kecamatan))


def dimension_keys(reference: Reference) -> tuple[str, ...]:
    return tuple(d.key for d in reference.dimensions)


async def read_counts(session: AsyncSession, kecamatan_code: str | None, now: datetime) -> Counts:
    in_view = await queries.round_in_view(session, now)
    round_id = in_view.id if in_view else None
    return Counts(
        participants=await queries.participants_per_desa(session, kecamatan_code),
        contributors=await queries.contributors_per_desa(session, kecamatan_code, round_id),
        proposals=await queries.proposals_per_desa_dimension(session, kecamatan_code, round_id),
        targets=await stats_queries.targets(session),
        round_name=in_view.name if in_view else None,
        supports=await queries.supports_per_kecamatan(session, kecamatan_code, round_id),
        mandates=await mandate_queries.per_kecamatan(session, kecamatan_code),
    )
