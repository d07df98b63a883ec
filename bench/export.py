"""Export benchmark: generated proposals → XLSX, CSV and JSON; time and peak RSS of each.

    .venv/bin/python bench/export.py [--sizes 10000,100000]

Each export runs in a fresh subprocess, so its peak RSS (from wait4) is its own. In the same
run: a bare XlsxWriter constant-memory write of the same rows (the library's ceiling), both as
the same workbook (each row on Usulan, its dimension's and its agency's sheet) and as one
sheet; and the event loop's responsiveness while an XLSX export runs in the worker thread.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from bot.export.build import Format, Request, export_to_file, off_loop
from bot.reference import load_reference
from storage.db import Database
from storage.migrate import upgrade_async
from storage.models import ConsultationRound, Participant, Proposal

WORDS = tuple(
    (  # noqa: SIM905 - a paragraph of words reads better than a 46-item list
        "jalan rusak banjir sampah warga desa kali saluran air bersih sekolah posyandu pasar "
        "umkm lampu penerangan jembatan sawah petani pelatihan pemuda internet layanan kantor "
        "izin antrian puskesmas ambulans drainase tanggul bank sampah kompos angkutan ojek "
        "parkir pedagang pelaku usaha koperasi modal pemasaran digital aplikasi informasi "
        "kecamatan"
    ).split()
)
T0 = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
PARTICIPANTS = 20_000
CHUNK = 5_000


def text(rng: random.Random, low: int, high: int) -> str:
    target = rng.randint(low, high)
    words: list[str] = []
    length = 0
    while length < target:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    return " ".join(words).capitalize() + "."


def proposal_values(
    rng: random.Random, number: int, places: list[tuple[str, str, str]]
) -> dict[str, Any]:
    reference = load_reference()
    kecamatan, desa, abbreviation = places[number % len(places)]
    dimension = reference.dimensions[number % len(reference.dimensions)]
    located = rng.random() < 0.6
    return {
        "reference": f"{abbreviation}-{number:06d}",
        "participant_id": 1 + number % PARTICIPANTS,
        "round_id": 1,
        "kecamatan_code": kecamatan,
        "desa_code": desa,
        "dimension": dimension.key,
        "sub_element": dimension.sub_elements[number % 3].key,
        "problem": text(rng, 80, 900),
        "causes": text(rng, 50, 600),
        "solution": text(rng, 80, 900),
        "urgency": rng.choice(("high", "medium", "low")),
        "time_to_result": rng.choice(("3m", "12m", "long")),
        "needs": rng.sample(["budget", "regulation", "partnership", "self_help"], 2),
        "agency": rng.choice(reference.agencies).key,
        "beneficiaries": text(rng, 10, 80),
        "latitude": -6.2 - rng.random() / 5 if located else None,
        "longitude": 107.0 + rng.random() / 5 if located else None,
        "photos": ["AgACAgUAAxkBAAI" + "x" * 60] * rng.randint(0, 3),
        "status": "submitted",
        "submitted_at": T0 + dt.timedelta(seconds=number * 7),
        "updated_at": T0 + dt.timedelta(seconds=number * 7),
    }


async def generate(url: str, count: int) -> None:
    await upgrade_async(url)
    rng = random.Random(42)
    reference = load_reference()
    places = [(k.code, d.code, k.abbreviation) for k in reference.kecamatan for d in k.desa]
    database = Database(url)
    async with database.transaction() as session:
        if await session.get(ConsultationRound, 1) is None:
            session.add(ConsultationRound(id=1, name="Putaran 1", opens_at=T0))
        people = [
            {
                "pseudonym": f"P{i:07d}",
                "telegram_user_id": 10_000_000 + i,
                "locale": "id",
                "consented_at": T0,
                "display_name": f"Warga {i}",
                "kecamatan_code": places[i % len(places)][0],
                "desa_code": places[i % len(places)][1],
                "community_role": "warga",
                "registered_at": T0,
            }
            for i in range(PARTICIPANTS)
        ]
        await session.execute(insert(Participant), people)
    for start in range(0, count, CHUNK):
        async with database.transaction() as session:
            rows = [
                proposal_values(rng, n, places) for n in range(start, min(count, start + CHUNK))
            ]
            await session.execute(insert(Proposal), rows)
    await database.dispose()


# --- children (each in a fresh process) ------------------------------------------------------


def child_export(url: str, fmt: str, output: str) -> None:
    request = Request(Format(fmt))
    now = dt.datetime.now(dt.UTC)
    asyncio.run(export_to_file(url, load_reference(), request, Path(output), now))


def child_bare(url: str, output: str, layout: str) -> None:
    """XlsxWriter alone: the same cells (values from one pre-built sample, cycled)."""
    import xlsxwriter

    count = int(os.environ["BENCH_ROWS"])
    rng = random.Random(7)
    reference = load_reference()
    places = [(k.code, d.code, k.abbreviation) for k in reference.kecamatan for d in k.desa]
    sample = [_flat(proposal_values(rng, n, places)) for n in range(1000)]
    book = xlsxwriter.Workbook(output, {"constant_memory": True, "remove_timezone": True})
    main = book.add_worksheet("Usulan")
    extra = layout == "same"
    dims = {d.key: book.add_worksheet(d.key) for d in reference.dimensions} if extra else {}
    agencies = {a.key: book.add_worksheet(a.key[:31]) for a in reference.agencies} if extra else {}
    rows = {id(main): 0, **{id(s): 0 for s in [*dims.values(), *agencies.values()]}}
    date = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    for n in range(count):
        values = sample[n % 1000]
        for sheet in (main, dims.get(values[8]), agencies.get(values[18])):
            if sheet is None:
                continue
            row = rows[id(sheet)]
            for col, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(row, col, value)
                elif isinstance(value, dt.datetime):
                    sheet.write_datetime(row, col, value, date)
                else:
                    sheet.write_number(row, col, value)
            rows[id(sheet)] = row + 1
    book.close()


def _flat(v: dict[str, Any]) -> list[Any]:
    """Roughly the export's 30 cells for a row, for the bare write."""
    return [
        v["reference"], v["submitted_at"], 1, "Putaran 1", v["kecamatan_code"], "Kecamatan",
        v["desa_code"], "Desa", v["dimension"], "Dimensi", v["sub_element"], "Elemen",
        v["problem"], v["causes"], v["solution"], "Sangat mendesak", "≤ 3 bulan",
        "Anggaran, Swadaya warga", v["agency"], "Dinas", v["beneficiaries"], "submitted",
        "Diterima", None, None, v["latitude"], v["longitude"], "https://www.google.com/maps?q=1,2",
        len(v["photos"]), "P0000001",
    ]  # fmt: skip


# --- the parent ------------------------------------------------------------------------------


def measure(args: list[str], rows: int) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one child process.

    The child reports its own VmHWM: unlike ru_maxrss, it starts afresh at exec and so does
    not count the pages the child briefly shared with this (larger) parent at fork.
    """
    env = {**os.environ, "BENCH_ROWS": str(rows)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"child {args} failed:\n{done.stderr}")
    return elapsed, int(done.stdout.split("PEAK_KB ")[-1]) / 1024


def peak_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1])


async def loop_lag(url: str, folder: Path) -> tuple[float, float, int]:
    """Largest and 99th-percentile delay of a 20 ms ticker while an XLSX export runs."""
    lags: list[float] = []
    request = Request(Format.XLSX)
    task = asyncio.ensure_future(
        off_loop(
            export_to_file(
                url, load_reference(), request, folder / "lag.xlsx", dt.datetime.now(dt.UTC)
            )
        )
    )
    while not task.done():
        before = time.perf_counter()
        await asyncio.sleep(0.02)
        lags.append(time.perf_counter() - before - 0.02)
    rows = (await task).rows
    lags.sort()
    return lags[-1] * 1000, lags[int(len(lags) * 0.99)] * 1000, rows


def run_size(count: int, folder: Path) -> dict[str, tuple[float, float]]:
    db = folder / f"bench-{count}.db"
    url = f"sqlite+aiosqlite:///{db}"
    started = time.perf_counter()
    asyncio.run(generate(url, count))
    print(f"\n{count:,} proposals generated in {time.perf_counter() - started:.1f} s "
          f"({db.stat().st_size / 1e6:.0f} MB SQLite)")  # fmt: skip
    results: dict[str, tuple[float, float]] = {}
    for fmt in ("xlsx", "csv", "json"):
        output = folder / f"out-{count}.{fmt}"
        results[fmt] = measure(["export", url, fmt, str(output)], count)
        size = output.stat().st_size / 1e6
        print(f"  {fmt:5} {results[fmt][0]:7.1f} s  peak RSS {results[fmt][1]:6.1f} MB  "
              f"file {size:7.1f} MB")  # fmt: skip
    for layout in ("same", "one"):
        results[f"bare-{layout}"] = measure(["bare", url, str(folder / "bare.xlsx"), layout], count)
        label = "same workbook" if layout == "same" else "one sheet"
        seconds, peak = results[f"bare-{layout}"]
        print(f"  bare XlsxWriter ({label}): {seconds:7.1f} s  peak RSS {peak:6.1f} MB")
    ratio = results["xlsx"][0] / results["bare-same"][0]
    print(f"  XLSX / bare (same workbook): {ratio:.2f} × (target ≤ 1.5)")
    worst, p99, rows = asyncio.run(loop_lag(url, folder))
    print(f"  event loop during an XLSX export in the worker thread ({rows:,} rows): "
          f"worst delay {worst:.0f} ms, p99 {p99:.0f} ms")  # fmt: skip
    db.unlink()
    return results


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        child_export(*rest) if kind == "export" else child_bare(*rest)
        print(f"PEAK_KB {peak_kb()}")
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    with tempfile.TemporaryDirectory(prefix="rembug-bench-") as folder:
        results = {n: run_size(n, Path(folder)) for n in sizes}
    print("\nPeak RSS (MB), smallest → largest size:")
    for fmt in ("xlsx", "csv", "json"):
        peaks = " → ".join(f"{results[n][fmt][1]:.0f}" for n in sizes)
        print(f"  {fmt:5} {peaks}   (target < 200 and flat)")
    print(json.dumps({str(n): r for n, r in results.items()}))


if __name__ == "__main__":
    main()
