"""The ranking /statistik shows on a larger set agrees with the model: 20 proposals of Setu with
known strengths, 1,500 answers drawn from the Bradley–Terry model and stored as rows; the bot's
top eight are the model's, in its order, and the truly strongest lead."""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest

from bot.app import RembugApp
from bot.priorities.ranking import Duel, Outcome, rank
from bot.roles import grant_coordinator
from emulator import BotApiEmulator
from storage.models import Comparison, ConsultationRound

from .export_seed import SETU, T0, participant, proposal
from .journey import resident
from .staff import db

pytestmark = pytest.mark.usefixtures("fast_settle")
COORDINATOR_ID = 7651
PROPOSALS, ANSWERS = 20, 1500


async def seed(bot: RembugApp) -> tuple[dict[int, str], list[Duel], list[str]]:
    """The proposals (id → reference), the answers as duels, the references strongest first."""
    generator = random.Random(13)
    now = dt.datetime.now(dt.UTC)
    async with db(bot) as session:
        found = ConsultationRound(name="Putaran besar", opens_at=T0, closes_at=now)
        voters = [participant(n) for n in range(1, 31)]
        session.add_all([found, *voters])
        await session.flush()
        items = [proposal(n, voters[0].id, found.id) for n in range(1, PROPOSALS + 1)]
        session.add_all(items)
        await session.flush()
        strength = {p.id: generator.gauss(0, 1.2) for p in items}
        duels, seen = [], set()
        while len(duels) < ANSWERS:
            a, b = sorted(generator.sample(list(strength), 2))
            voter = generator.choice(voters[1:])  # the author does not vote
            if (voter.id, a, b) in seen:
                continue
            seen.add((voter.id, a, b))
            first_wins = generator.random() < 1 / (1 + math.exp(strength[b] - strength[a]))
            outcome = Outcome.FIRST if first_wins else Outcome.SECOND
            session.add(
                Comparison(
                    round_id=found.id,
                    kecamatan_code=SETU,
                    participant_id=voter.id,
                    first_id=a,
                    second_id=b,
                    outcome=outcome.value,
                    counted=True,
                    created_at=now,
                )
            )
            duels.append(Duel(a, b, outcome))
        await grant_coordinator(session, COORDINATOR_ID, SETU, None, now)
        references = {p.id: p.reference for p in items}
    truth = [references[i] for i in sorted(strength, key=lambda i: -strength[i])]
    return references, duels, truth


async def test_statistik_shows_the_models_order_on_a_larger_set(
    emulator: BotApiEmulator, bot: RembugApp
) -> None:
    references, duels, truth = await seed(bot)
    model = [references[r.proposal_id] for r in rank(sorted(references), duels)]
    coordinator = resident(emulator, COORDINATOR_ID, first_name="Koordinator")
    await coordinator.send("/statistik")
    shown = (await coordinator.tap("🏆 Residents' priorities (A or B?)")).text
    listed = [line.split(" · ")[0].split(". ")[1] for line in shown.splitlines() if " · " in line]
    assert listed == model[:8]
    # Noisy answers, but the model finds the strongest: it leads, and the true top three are
    # (nearly) the bot's top four.
    assert truth[0] in listed[:3]
    assert len(set(truth[:3]) & set(listed[:4])) >= 2
