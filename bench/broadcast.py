"""Broadcast benchmark: N recipients at Telegram's pace while participants keep answering.

Run from the repository root:

    .venv/bin/python bench/broadcast.py                       # 10,000 recipients, 50 participants
    .venv/bin/python bench/broadcast.py --recipients 1000     # a quick run (under a minute)

The Bot API emulator runs in this process with Telegram's flood limits ON (30 messages/s overall,
1/s per chat with a burst of 3). Rembug runs as `python -m bot run` in a subprocess. The
recipients are seeded straight into the database (registered, consenting, in one kecamatan) and
one broadcast to all of them is queued; meanwhile participants walk the real consultation
(registration, then proposals again and again) with a human pause between answers.

Printed: elapsed time, broadcast messages/s and all new messages/s against the limit, 429s,
duplicates, lost, and the participants' reply latency (time until the next screen is ready).
Targets: ≥ 0.9 × the limit, zero 429s, zero duplicates, zero lost, participants' p95 < 500 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.participants import (  # noqa: E402
    Participant,
    act,
    again_journey,
    rembug_journey,
    timestamp_events,
)
from bench.processes import BotProcess, BotSpec, percentile, wait_until_polling  # noqa: E402
from emulator import BotApiEmulator, BotEvent, Limits  # noqa: E402
from storage.db import Database  # noqa: E402
from storage.migrate import upgrade_async  # noqa: E402
from storage.models import Broadcast, StaffRole  # noqa: E402
from storage.models import Participant as Row  # noqa: E402

LIMIT = 30.0  # Telegram's overall messages a second (the emulator enforces it)
MARKER = "Bench siaran"
ADMIN = 5_000_000
KECAMATAN, DESA = "32.16.01", "32.16.01.2002"
FIRST_RECIPIENT = 1_000_000
FIRST_PARTICIPANT = 2_000_000
# After the first visit (registration and a first proposal), /usul and propose again and again.
PROPOSAL_PART = len(rembug_journey(0))


async def seed(url: str, recipients: range) -> None:
    await upgrade_async(url)
    database = Database(url)
    now = datetime.now(UTC)
    async with database.transaction() as session:
        for chunk in range(recipients.start, recipients.stop, 2000):
            session.add_all(
                Row(
                    pseudonym=f"B-{i:09d}"[-12:],
                    telegram_user_id=i,
                    locale="id",
                    consented_at=now,
                    kecamatan_code=KECAMATAN,
                    desa_code=DESA,
                    community_role="warga",
                    registered_at=now,
                )
                for i in range(chunk, min(chunk + 2000, recipients.stop))
            )
        session.add(StaffRole(telegram_user_id=ADMIN, role="admin", granted_at=now))
    await database.dispose()


async def queue_broadcast(
    database: Database, author: int, kecamatan: str, text: str, locale: str, button: bool
) -> None:
    """One broadcast to everyone of the kecamatan, due now, its report to the author (as if
    the author had composed and sent it); the e2e tests queue theirs with it too."""
    now = datetime.now(UTC)
    async with database.transaction() as session:
        session.add(
            Broadcast(
                kind="broadcast",
                author_telegram_id=author,
                kecamatan_code=kecamatan,
                audience={"mode": "all", "locale": locale},
                text=text,
                with_propose_button=button,
                status="scheduled",
                scheduled_at=now,
                created_at=now,
                progress_chat_id=author,
            )
        )


def watch_recipients(emu: BotApiEmulator, recipients: range) -> list[float]:
    """perf_counter() of every broadcast message reaching a recipient."""
    arrivals: list[float] = []
    for i in recipients:
        chat = emu.user(i, f"Warga{i}", "id").chat
        original = chat.add_event

        def add_event(event: BotEvent, original=original) -> None:  # type: ignore[no-untyped-def]
            if event.kind == "message" and event.message and MARKER in (event.message.text or ""):
                arrivals.append(time.perf_counter())
            original(event)

        chat.add_event = add_event  # type: ignore[method-assign]
    return arrivals


async def keep_answering(p: Participant, think: float, stop: asyncio.Event) -> None:
    pauses = random.Random(p.user.id)
    journey, index = p.journey, 0
    while not stop.is_set():
        if index:
            await asyncio.sleep(think * pauses.uniform(0.5, 1.5))
        try:
            await act(p, journey[index], settle=0.02, limit=30.0)
        except Exception as error:  # reported, and the participant starts a proposal afresh
            p.error = f"{journey[index].name}: {type(error).__name__}: {error}"
            index = PROPOSAL_PART - 1
        index = index + 1 if index + 1 < len(journey) else PROPOSAL_PART


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--think", type=float, default=5.0, help="mean pause between answers (s)")
    parser.add_argument("--rate", type=float, default=28.0, help="BROADCAST_RATE of the bot")
    args = parser.parse_args()
    return asyncio.run(run(args))


async def run(args: argparse.Namespace) -> int:
    recipients = range(FIRST_RECIPIENT, FIRST_RECIPIENT + args.recipients)
    with tempfile.TemporaryDirectory(prefix="rembug-bench-") as folder:
        workdir = Path(folder)
        url = f"sqlite+aiosqlite:///{workdir / 'rembug.db'}"
        await seed(url, recipients)
        emu = BotApiEmulator(limits=Limits(enabled=True))
        await emu.start()
        emu.user(ADMIN, "Admin", "id")
        arrivals = watch_recipients(emu, recipients)
        command = [sys.executable, "-m", "bot", "run"]
        spec = BotSpec("rembug", "Rembug", command, rembug_journey, True, FIRST_PARTICIPANT)
        os.environ["BROADCAST_RATE"] = str(args.rate)
        os.environ["LOG_LEVEL"] = "WARNING"
        bot = BotProcess(spec, emu, workdir, None)  # its database: workdir/rembug.db
        try:
            await wait_until_polling(emu, bot, 60)
            return await measure(emu, bot, args, recipients, arrivals, url)
        finally:
            await bot.stop()
            await emu.stop()


async def measure(
    emu: BotApiEmulator,
    bot: BotProcess,
    args: argparse.Namespace,
    recipients: range,
    arrivals: list[float],
    url: str,
) -> int:
    people = []
    for n in range(args.participants):
        user = emu.user(FIRST_PARTICIPANT + n, f"Peserta{n}", "id")
        journey = [*rembug_journey(n), *again_journey(n)]
        people.append(Participant(n, user, journey, timestamp_events(user.chat)))
    stop = asyncio.Event()
    answering = [asyncio.create_task(keep_answering(p, args.think, stop)) for p in people]
    await asyncio.sleep(args.think * 2)  # the participants are under way
    sends_before = emu.stats.calls["sendMessage"]
    too_many_before = emu.stats.too_many_requests
    started = time.perf_counter()
    database = Database(url)
    text = f"<b>{MARKER}</b>: musyawarah kecamatan Sabtu pagi."
    await queue_broadcast(database, ADMIN, KECAMATAN, text, "id", button=True)
    await database.dispose()
    deadline = started + args.recipients / (LIMIT * 0.5) + 120
    while len(arrivals) < args.recipients and time.perf_counter() < deadline:
        bot.check_alive()
        await asyncio.sleep(0.2)
    sends = emu.stats.calls["sendMessage"] - sends_before
    ended = max(arrivals) if arrivals else time.perf_counter()
    await asyncio.sleep(3)  # anything late (a duplicate) would show now
    stop.set()
    await asyncio.gather(*answering)
    return report(emu, args, recipients, arrivals, people, started, ended, sends, too_many_before)


def report(
    emu: BotApiEmulator,
    args: argparse.Namespace,
    recipients: range,
    arrivals: list[float],
    people: list[Participant],
    started: float,
    ended: float,
    sends: int,
    too_many_before: int,
) -> int:
    got = {i: sum(MARKER in (m.text or "") for m in emu.user(i).bot_messages()) for i in recipients}
    duplicates = sum(n - 1 for n in got.values() if n > 1)
    lost = sum(1 for n in got.values() if n == 0)
    elapsed = ended - started
    rate = len(arrivals) / elapsed if elapsed > 0 else 0.0
    total_rate = sends / elapsed if elapsed > 0 else 0.0
    too_many = emu.stats.too_many_requests - too_many_before
    ready = [ms for p in people for ms in p.ready_ms]
    p95 = percentile(ready, 95)
    errors = [p.error for p in people if p.error]
    print(f"recipients            {args.recipients:,}   participants answering {args.participants}")
    print(f"elapsed               {elapsed:.1f} s (queued → last recipient)")
    print(f"broadcast             {rate:.1f} msg/s ({rate / LIMIT:.2f} × the {LIMIT:.0f}/s limit)")
    print(f"all new messages      {total_rate:.1f} msg/s ({total_rate / LIMIT:.2f} × the limit)")
    print(f"429s received         {too_many}")
    print(f"duplicates            {duplicates}")
    print(f"lost                  {lost}")
    print(
        f"participants' replies {len(ready)} answers, p50 {percentile(ready, 50):.0f} ms, "
        f"p95 {p95:.0f} ms, max {max(ready, default=0):.0f} ms"
    )
    if errors:
        print(f"participant errors    {len(errors)}: {errors[0]}")
    met = total_rate >= 0.9 * LIMIT and not too_many and not duplicates and not lost and p95 < 500
    print("targets               " + ("met" if met else "NOT met"))
    return 0 if not (duplicates or lost) else 1


if __name__ == "__main__":
    sys.exit(main())
