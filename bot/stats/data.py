"""The numbers behind the charts, as plain values: pure functions, tested without a database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.reference import Reference

UNCLASSIFIED = ""  # the dimension key of a proposal not classified yet


@dataclass(frozen=True)
class Area:
    """A kecamatan (regency view) or a desa (kecamatan view)."""

    code: str
    name: str
    participants: int
    proposals: int
    target: int | None = None


@dataclass(frozen=True)
class Overview:
    scope: str  # "Kabupaten Bekasi" or the kecamatan's name
    kecamatan_code: str | None  # None: the whole regency
    areas: tuple[Area, ...]
    dimensions: tuple[tuple[str, str], ...]  # (key, label in the viewer's language)
    matrix: tuple[tuple[int, ...], ...]  # areas × dimensions, proposal counts
    supports: int = 0  # residents who joined a proposal instead of repeating it
    # Representatives, those whose mandate their coordinator confirmed, and whom those speak for.
    mandates: tuple[int, int, int] = (0, 0, 0)

    @property
    def participants(self) -> int:
        return sum(a.participants for a in self.areas)

    @property
    def proposals(self) -> int:
        return sum(a.proposals for a in self.areas)

    @property
    def target(self) -> int | None:
        targets = [a.target for a in self.areas if a.target is not None]
        return sum(targets) if targets else None

    def per_dimension(self) -> tuple[int, ...]:
        return tuple(sum(row[i] for row in self.matrix) for i in range(len(self.dimensions)))

    def areas_with_proposals(self) -> int:
        return sum(1 for a in self.areas if a.proposals)


def overview(
    reference: Reference,
    locale: str,
    participants: Mapping[str, int],
    proposals: Mapping[tuple[str, str], int],
    targets: Mapping[str, int],
    kecamatan_code: str | None = None,
    unclassified: str = "Not classified yet",
    supports: int = 0,
    mandates: tuple[int, int, int] = (0, 0, 0),
) -> Overview:
    """Every kecamatan (or every desa of `kecamatan_code`), also those with nothing yet.
    Proposals without a dimension (key "") get a last column, labelled `unclassified`, when
    there are any."""
    dimensions = tuple((d.key, d.name(locale)) for d in reference.dimensions)
    if any(n for (_, key), n in proposals.items() if key == UNCLASSIFIED):
        dimensions += ((UNCLASSIFIED, unclassified),)
    places = _places(reference, kecamatan_code)
    matrix = tuple(
        tuple(proposals.get((code, key), 0) for key, _ in dimensions) for code, _ in places
    )
    areas = tuple(
        Area(
            code,
            name,
            participants.get(code, 0),
            sum(row),
            None if kecamatan_code else targets.get(code),
        )
        for (code, name), row in zip(places, matrix, strict=True)
    )
    scope = _scope(reference, kecamatan_code)
    return Overview(scope, kecamatan_code, areas, dimensions, matrix, supports, mandates)


def _places(reference: Reference, kecamatan_code: str | None) -> list[tuple[str, str]]:
    if kecamatan_code is None:
        return [(k.code, k.name) for k in reference.kecamatan]
    kecamatan = reference.kecamatan_by_code(kecamatan_code)
    return [(d.code, d.name) for d in kecamatan.desa] if kecamatan else []


def _scope(reference: Reference, kecamatan_code: str | None) -> str:
    if kecamatan_code is None:
        return "Kabupaten Bekasi"
    kecamatan = reference.kecamatan_by_code(kecamatan_code)
    return kecamatan.name if kecamatan else kecamatan_code


def leader(overview: Overview) -> Area | None:
    """The area with the most proposals (ties: the first by order), None when all are empty."""
    best = max(overview.areas, key=lambda a: a.proposals, default=None)
    return best if best is not None and best.proposals else None


def top_dimension(overview: Overview) -> tuple[str, int] | None:
    """The dimension with the most proposals (ties: the first); unclassified is none."""
    counted = [
        (label, count)
        for (key, label), count in zip(overview.dimensions, overview.per_dimension(), strict=True)
        if key != UNCLASSIFIED
    ]
    best = max(counted, key=lambda lc: lc[1], default=None)
    return best if best is not None and best[1] else None
