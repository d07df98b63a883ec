"""The results letter with the broadcast machinery: `rembug run` SIGKILLed mid-send resumes
with nobody receiving the results twice, and each recipient gets their kecamatan's figures."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from emulator import BotApiEmulator
from storage.db import Database
from storage.models import Participant
from storage.queries import broadcast, results

from .broadcast_helpers import BABELAN, BAHAGIA, grant, received, seed
from .durability_helpers import BotProcess, run_cli
from .results_seed import NOW, ROUND_NAME, in_hasil, proposal

ADMIN = 9300
TARUMAJAYA_IDS = range(30_000, 30_150)
BABELAN_IDS = range(31_000, 31_150)
KECAMATAN = (TARUMAJAYA_IDS, BABELAN_IDS)


async def _seed(database: Database, emulator: BotApiEmulator) -> None:
    """150 participants in each kecamatan, one proposal each side, the round in hasil and its
    results queued (as Results.queue does when an admin moves the round to hasil)."""
    await seed(database, emulator, TARUMAJAYA_IDS)
    await seed(database, emulator, BABELAN_IDS, BABELAN, BAHAGIA)
    await grant(database, ADMIN, "admin", None)
    async with database.transaction() as session:
        found = in_hasil()
        session.add(found)
        await session.flush()
        authors = {"TRJ-0004": TARUMAJAYA_IDS[0], "BBL-0001": BABELAN_IDS[0]}
        for reference, telegram_id in authors.items():
            author = await _participant(session, telegram_id)
            session.add(proposal(reference, author, found.id))
        assert await results.claim_queue(session, found.id, NOW)
        audience = {"mode": "all", "round_id": found.id, "locale": "en"}
        await broadcast.queue_letter(session, "results", ADMIN, None, audience, NOW, None)


async def _participant(session: AsyncSession, telegram_id: int) -> int:
    query = select(Participant.id).where(Participant.telegram_user_id == telegram_id)
    return int((await session.execute(query)).scalar_one())


async def test_sigkill_mid_results_resumes_without_duplicate_and_right_kecamatan(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    process = BotProcess(emulator, tmp_path)
    url = f"sqlite+aiosqlite:///{process.database}"
    assert run_cli("db", "upgrade", cwd=tmp_path, DATABASE_URL=url).returncode == 0
    database = Database(url)
    try:
        await _seed(database, emulator)
    finally:
        await database.dispose()
    everyone = [*TARUMAJAYA_IDS, *BABELAN_IDS]
    emulator.user(ADMIN, "Admin", "en")

    def delivered() -> int:
        return sum(received(emulator, ids, ROUND_NAME)[i] for ids in KECAMATAN for i in ids)

    try:
        await process.killed_midway(delivered, len(everyone), 80, "the results")
    finally:
        process.kill()
    expected = {"Tarumajaya": "TRJ-0004", "Babelan": "BBL-0001"}
    for ids, (kecamatan, top) in zip(KECAMATAN, expected.items(), strict=True):
        counts = received(emulator, ids, ROUND_NAME)
        assert set(counts.values()) == {1}, {i: n for i, n in counts.items() if n != 1}
        for telegram_id in ids:
            (letter,) = [m.text or "" for m in emulator.user(telegram_id).bot_messages()]
            assert f"Kecamatan {kecamatan}" in letter and top in letter
