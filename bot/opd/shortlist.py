"""The quick-win score: one transparent number per proposal, and the top ten per dimension.

Only a proposal whose perangkat daerah answered *Bisa jadi quick win* (the newest tanggapan
of its current OPD) is eligible; the queries pick those. Its score is the sum of four parts,
each in points:

    supports  = log2(1 + residents who joined the proposal)       1 → 1, 3 → 2, 7 → 3
    people    = log10(1 + people the author speaks for)           9 → 1, 99 → 2, 999 → 3
    urgency   = 2 very urgent · 1 urgent · 0 can wait
    speed     = 2 within 3 months · 1 within 12 months · 0 longer

People the author speaks for: `Participant.represents`, a household (KK) counted as
HOUSEHOLD_SIZE people, times the weight of the mandate: MANDATE_WEIGHTS (a coordinator
confirmed it: 1.0; not checked yet: 0.5, a claim nobody vouched for; declined: 0, the
coordinator said they do not speak for that group). Someone speaking only for themselves
adds 0: the proposal itself already counts them.

Why logarithms: diminishing returns, so one large group or one proposal that collected every
support does not swamp the rest; doubling the supports adds one point, ten times the people
adds one point. Supports weigh a little more than declared headcounts (a support is a real
resident who took the trouble; a headcount is what one person says). Ties go to more
supports, then to the older proposal.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from storage.queries.shortlist import Eligible

Candidate = Eligible  # an eligible proposal, as the score reads it (a row of the query)

TOP = 10  # proposals shown per dimension
HOUSEHOLD_SIZE = 4  # people counted per household (KK)
MANDATE_WEIGHTS = {"confirmed": 1.0, "declined": 0.0}
UNCONFIRMED_WEIGHT = 0.5
URGENCY_POINTS = {"high": 2.0, "medium": 1.0, "low": 0.0}
SPEED_POINTS = {"3m": 2.0, "12m": 1.0, "long": 0.0}

# The formula in one line, for the export's Quick win sheet (the sheet is in Indonesian).
FORMULA_ID = (
    "Skor = log2(1 + dukungan) + log10(1 + warga diwakili) + urgensi + kecepatan hasil. "
    f"Warga diwakili = jumlah yang disebut perwakilan (1 KK = {HOUSEHOLD_SIZE} orang) × bobot "
    "mandat: dikonfirmasi koordinator 1,0; belum dikonfirmasi 0,5; ditolak 0. "
    "Urgensi: sangat mendesak 2, mendesak 1, bisa menunggu 0. "
    "Kecepatan hasil: dalam 3 bulan 2, dalam 12 bulan 1, lebih dari 12 bulan 0. "
    "Hanya usulan dengan tanggapan PD terbaru 'Bisa jadi quick win' yang masuk daftar."
)


@dataclass(frozen=True)
class Score:
    supports: float
    people: float
    urgency: float
    speed: float
    people_counted: float  # the weighted headcount the people part is the logarithm of

    @property
    def total(self) -> float:
        return round(self.supports + self.people + self.urgency + self.speed, 2)


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    score: Score
    rank: int  # 1 … TOP within its dimension


def people_counted(represents: int | None, unit: str | None, mandate: str | None) -> float:
    """The headcount the author speaks for, weighted by how sure we are of it."""
    if not represents or represents < 0:
        return 0.0
    people = represents * (HOUSEHOLD_SIZE if unit == "households" else 1)
    return people * MANDATE_WEIGHTS.get(mandate or "", UNCONFIRMED_WEIGHT)


def score(c: Candidate) -> Score:
    counted = people_counted(c.represents, c.represents_unit, c.mandate)
    return Score(
        supports=round(math.log2(1 + max(c.supports, 0)), 2),
        people=round(math.log10(1 + counted), 2),
        urgency=URGENCY_POINTS.get(c.urgency, 0.0),
        speed=SPEED_POINTS.get(c.time_to_result, 0.0),
        people_counted=counted,
    )


def top_per_dimension(candidates: Iterable[Candidate], limit: int = TOP) -> dict[str, list[Ranked]]:
    """Per dimension key, the best `limit` candidates, best first. Unclassified ones (no
    dimension) are left out: they belong to no dimension's list until staff classify them."""
    scored: dict[str, list[tuple[Candidate, Score]]] = {}
    for candidate in candidates:
        if candidate.dimension:
            scored.setdefault(candidate.dimension, []).append((candidate, score(candidate)))
    ranked: dict[str, list[Ranked]] = {}
    for dimension, pairs in scored.items():
        pairs.sort(key=lambda p: (-p[1].total, -p[0].supports, p[0].proposal_id))
        ranked[dimension] = [Ranked(c, s, i) for i, (c, s) in enumerate(pairs[:limit], start=1)]
    return ranked


def unclassified(candidates: Iterable[Candidate]) -> int:
    """How many eligible proposals wait for a dimension (they are on no list)."""
    return sum(1 for c in candidates if not c.dimension)
