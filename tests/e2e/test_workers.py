"""Two `rembug webhook` processes on one PostgreSQL database serve the same people: the
dialogue continues across workers, a duplicated update has one effect, references stay
unique, a broadcast is shared without a message sent twice, SIGTERM mid-burst loses nothing;
with one PROMETHEUS_MULTIPROC_DIR, every worker's /metrics shows the totals of both."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from emulator import BotApiEmulator, Limits
from storage.db import Database

from .broadcast_helpers import eventually, grant, received, seed
from .journey import REFERENCE, Profile, register, resident, submit
from .test_broadcast_delivery import ADMIN, _queue
from .test_webhook import scrape, value
from .workers import WebhookWorker


@pytest.fixture
async def workers(
    emulator: BotApiEmulator, postgres_url: str, tmp_path: Path
) -> AsyncIterator[list[WebhookWorker]]:
    pair = [WebhookWorker(emulator, postgres_url, tmp_path, name) for name in ("a", "b")]
    yield pair
    for worker in pair:
        worker.kill()


async def start(emulator: BotApiEmulator, pair: list[WebhookWorker], **extra: str) -> None:
    pair[0].start(register=True, **extra)
    pair[1].start(register=False, **extra)
    await asyncio.gather(*(worker.healthy() for worker in pair))
    await eventually(lambda: bool(emulator.webhook.info()["url"]), 10, "setWebhook")
    emulator.webhook.spread_over([worker.url for worker in pair])


async def test_a_dialogue_alternates_between_workers_and_duplicates_count_once(
    emulator: BotApiEmulator, workers: list[WebhookWorker]
) -> None:
    await start(emulator, workers)
    people = [resident(emulator, 3000 + i) for i in range(3)]
    await asyncio.gather(*(register(r, Profile(kecamatan="Setu")) for r in people))
    first = await asyncio.gather(*(submit(r) for r in people))

    emulator.webhook.spread_over([w.url for w in workers], duplicate=True)
    before = [len(r.user.bot_messages()) for r in people]
    second = await asyncio.gather(*(submit(r) for r in people))
    references = [*first, *second]
    assert all(REFERENCE.match(ref) for ref in references), references
    assert len(set(references)) == len(references), f"references repeat: {references}"
    sari = people[0]
    after = len(sari.user.bot_messages())
    await sari.user.send("/bantuan")
    await asyncio.sleep(0.5)
    assert len(sari.user.bot_messages()) == after + 1, "a duplicated update answered once"
    assert all(len(r.user.bot_messages()) > b for r, b in zip(people, before, strict=True))


async def test_the_next_answer_on_the_other_worker_is_taken_as_an_answer(
    emulator: BotApiEmulator, workers: list[WebhookWorker]
) -> None:
    """Each answer lands on the other worker, sent the moment the question arrives: the
    question was seen, so it is answered, never shown again."""
    await start(emulator, workers)
    emulator.settle = 0.001  # the next answer as soon as the question is there
    people = [resident(emulator, 3100 + i) for i in range(12)]
    await asyncio.gather(*(register(r, Profile(kecamatan="Setu"), menu=False) for r in people))
    saved = people[0].says("✅ Saved — <b>{step}</b>: {answer}", step="§", answer="§")
    shown_again = saved.split("§")[0]
    for person in people:
        repeated = [m.text for m in person.user.bot_messages() if shown_again in (m.text or "")]
        assert not repeated, f"a question was shown again: {repeated}"


async def test_a_broadcast_is_shared_and_sent_once(
    emulator: BotApiEmulator, workers: list[WebhookWorker], postgres_url: str
) -> None:
    emulator.limits = Limits(enabled=True)
    everyone = range(40_000, 40_300)
    database = Database(postgres_url)
    try:
        await seed(database, emulator, everyone)
        await grant(database, ADMIN, "admin", None)
        emulator.user(ADMIN, "Admin", "en")
        await start(emulator, workers, ADMIN_IDS=str(ADMIN), BROADCAST_RATE="28")
        await _queue(database, ADMIN, "Musyawarah desa Sabtu")
    finally:
        await database.dispose()

    def delivered() -> int:
        return sum(received(emulator, everyone, "Musyawarah desa").values())

    await eventually(lambda: delivered() >= len(everyone), 60, "the whole broadcast")
    admin = emulator.user(ADMIN)
    await eventually(lambda: any("finished" in m.text for m in admin.bot_messages()), 15, "report")
    await asyncio.sleep(1.0)
    counts = received(emulator, everyone, "Musyawarah desa")
    assert set(counts.values()) == {1}, {i: n for i, n in counts.items() if n != 1}
    reports = [m for m in admin.bot_messages() if "finished" in m.text]
    assert len(reports) == 1, "one report, from one of the workers"
    assert emulator.stats.too_many_requests == 0, "together within Telegram's limit"


async def test_sigterm_mid_burst_loses_nothing(
    emulator: BotApiEmulator, workers: list[WebhookWorker]
) -> None:
    await start(emulator, workers)
    people = [emulator.user(5000 + i, f"Warga {i}", "en") for i in range(60)]
    for i, person in enumerate(people):
        await person.send("/start", expect_reply=False)
        if i == 20:
            workers[0].terminate()
    assert workers[0].wait() == 0, workers[0].output()
    await eventually(lambda: all(p.bot_messages() for p in people), 30, "every answer")
    await asyncio.sleep(0.5)
    counts = {len(p.bot_messages()) for p in people}
    assert len(counts) == 1, f"some got their welcome twice or in part: {counts}"


async def test_with_one_metrics_folder_every_worker_shows_the_totals(
    emulator: BotApiEmulator, workers: list[WebhookWorker], tmp_path: Path
) -> None:
    folder = tmp_path / "prometheus"
    await start(emulator, workers, PROMETHEUS_MULTIPROC_DIR=str(folder))
    people = [emulator.user(6000 + i, f"Warga {i}", "en") for i in range(6)]
    for person in people:
        await person.send("/start")  # the emulator alternates the updates between the workers

    def all_six(page: str) -> bool:
        return (value(page, "rembug_updates_processed_total") or 0) >= len(people)

    for worker in workers:
        await scrape(f"http://127.0.0.1:{worker.metrics_port}", "/metrics", all_six)
    assert len(list(folder.glob("counter_*.db"))) == 2, "one file of counts per worker"
