"""A kecamatan's results as plain values: what the screens show (bot/results/screens.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Priority:
    """One proposal in the kecamatan's order."""

    reference: str
    problem: str
    thin: bool  # compared too little to tell apart from an average one
    response: str | None = None  # the kind of its perangkat daerah's newest tanggapan


@dataclass(frozen=True)
class Title:
    reference: str
    problem: str


@dataclass(frozen=True)
class Own:
    """One of the recipient's own proposals in the round."""

    reference: str
    status: str


@dataclass(frozen=True)
class KecamatanResults:
    round_id: int
    round_name: str
    kecamatan: str  # its name
    participants: int  # sent a proposal, supported one or compared pairs there
    compared: bool  # anyone compared a pair: the order is the residents' (else by supports)
    ranking: tuple[Priority, ...]  # the whole order; the first TOP are "the top priorities"
    quick_wins: tuple[Title, ...]  # chosen for the regency among the round's proposals
