"""The figures of a dialogue benchmark run, the targets they are held against, and how they
are printed (a table, or JSON)."""

from __future__ import annotations

import argparse
import math
import os
import platform
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import telegram

from bench.participants import required
from bench.processes import BotSpec, percentile

NEW_MESSAGE_METHODS = ("sendMessage", "sendDocument", "sendPhoto", "sendMediaGroup")
EDIT_METHODS = (
    "editMessageText",
    "editMessageReplyMarkup",
    "editMessageCaption",
    "editMessageMedia",
)
TARGET_THROUGHPUT_RATIO = 0.5  # Rembug updates/s >= 0.5 x the plain echo bot's
TARGET_CPU_RATIO = 2.0  # Rembug CPU per update <= 2 x the plain echo bot's
TARGET_P95_RATIO = 2.0  # Rembug p95 reply latency <= 2 x the plain echo bot's
TARGET_CPU_MS = 2.0  # Rembug CPU per update, ms
# Above this share of a core the load generator (harness + emulator) may be what limits a run:
# its throughput and latency then say little about the bot, and no ratio of them is given.
GENERATOR_BOUND = 0.9


@dataclass
class BotRun:
    spec: BotSpec
    participants: int
    updates: int = 0
    wall_s: float = 0.0
    bot_cpu_s: float = 0.0
    harness_cpu_s: float = 0.0
    machine_busy_s: float = 0.0  # all CPUs, every process (user+system+irq+steal...)
    steal_s: float = 0.0
    first_ms: list[float] = field(default_factory=list)
    ready_ms: list[float] = field(default_factory=list)
    calls: Counter[str] = field(default_factory=Counter)
    errors: Counter[int] = field(default_factory=Counter)
    completed: int = 0
    references: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    db_proposals: int | None = None
    warmup: int = 0
    sql_statements: float | None = None  # sent by the bot in the measured phase (Rembug only)

    @property
    def updates_per_s(self) -> float:
        return self.updates / self.wall_s if self.wall_s else 0.0

    @property
    def cpu_ms_per_update(self) -> float:
        return self.bot_cpu_s * 1000 / self.updates if self.updates else math.nan

    def per_action(self, methods: Sequence[str]) -> float:
        return sum(self.calls[m] for m in methods) / self.updates if self.updates else math.nan

    @property
    def other_cpu_s(self) -> float:
        """CPU the rest of the machine used meanwhile (other programs, the kernel, steal)."""
        return max(0.0, self.machine_busy_s - self.bot_cpu_s - self.harness_cpu_s)

    @property
    def generator_bound(self) -> bool:
        return self.harness_cpu_s / max(self.wall_s, 1e-9) > GENERATOR_BOUND

    @property
    def api_calls_per_action(self) -> float:
        """Every Bot API call but getUpdates, per action."""
        sent = sum(n for method, n in self.calls.items() if method != "getUpdates")
        return sent / self.updates if self.updates else math.nan

    @property
    def valid(self) -> bool:
        return not self.failures


def summary(run: BotRun) -> dict[str, Any]:
    return {
        "participants": run.participants,
        "completed": run.completed,
        "warmup_participants": run.warmup,
        "actions_per_participant": required(run.spec.journey(0)),
        "optional_actions_done": run.updates - run.completed * required(run.spec.journey(0))
        if run.valid
        else None,
        "total_updates": run.updates,
        "wall_s": round(run.wall_s, 3),
        "updates_per_s": round(run.updates_per_s, 1),
        "reply_latency_ms": {f"p{q}": round(percentile(run.first_ms, q), 1) for q in (50, 95, 99)},
        "screen_ready_latency_ms": {
            f"p{q}": round(percentile(run.ready_ms, q), 1) for q in (50, 95, 99)
        },
        "bot_cpu_s": round(run.bot_cpu_s, 3),
        "bot_cpu_ms_per_update": round(run.cpu_ms_per_update, 3),
        "bot_cpu_utilisation": round(run.bot_cpu_s / run.wall_s, 3) if run.wall_s else None,
        "harness_cpu_utilisation": round(run.harness_cpu_s / run.wall_s, 3) if run.wall_s else None,
        "other_processes_cpu_utilisation": round(run.other_cpu_s / run.wall_s, 3)
        if run.wall_s
        else None,
        "steal_utilisation": round(run.steal_s / run.wall_s, 3) if run.wall_s else None,
        "new_messages_per_action": round(run.per_action(NEW_MESSAGE_METHODS), 3),
        "edits_per_action": round(run.per_action(EDIT_METHODS), 3),
        "callback_answers_per_action": round(run.per_action(("answerCallbackQuery",)), 3),
        "api_calls_per_action": round(run.api_calls_per_action, 3),
        "sql_statements_per_update": round(run.sql_statements / run.updates, 2)
        if run.sql_statements is not None and run.updates
        else None,
        "generator_bound": run.generator_bound,
        "api_calls": {k: v for k, v in sorted(run.calls.items()) if v},
        "api_errors": dict(run.errors),
        "database_proposals": run.db_proposals,
        "failures": run.failures[:20],
        "failure_count": len(run.failures),
    }


def targets(rembug: BotRun, plain: BotRun, closed_loop: bool = True) -> list[dict[str, Any]]:
    """Rembug against python-telegram-bot's plain echo bot (httpx, one update at a time, one
    sendMessage each). Throughput and latency ratios only when neither run was bounded by the
    load generator, and throughput only in a closed loop (with --think it is the offered load)."""
    comparable = not (rembug.generator_bound or plain.generator_bound)
    throughput = rembug.updates_per_s / plain.updates_per_s if plain.updates_per_s else math.nan
    cpu = rembug.cpu_ms_per_update / plain.cpu_ms_per_update
    p95 = percentile(rembug.first_ms, 95) / percentile(plain.first_ms, 95)
    return [
        {
            "name": "throughput Rembug/plain echo",
            "value": round(throughput, 3) if comparable else None,
            "target": f">= {TARGET_THROUGHPUT_RATIO}",
            "met": throughput >= TARGET_THROUGHPUT_RATIO if closed_loop and comparable else None,
        },
        {
            "name": "CPU per update Rembug/plain echo",
            "value": round(cpu, 3),
            "target": f"<= {TARGET_CPU_RATIO}",
            "met": cpu <= TARGET_CPU_RATIO,
        },
        {
            "name": "p95 reply latency Rembug/plain echo",
            "value": round(p95, 3) if comparable else None,
            "target": f"<= {TARGET_P95_RATIO}",
            "met": p95 <= TARGET_P95_RATIO if comparable else None,
        },
        {
            "name": "Rembug CPU per update (ms)",
            "value": round(rembug.cpu_ms_per_update, 3),
            "target": f"<= {TARGET_CPU_MS}",
            "met": rembug.cpu_ms_per_update <= TARGET_CPU_MS,
        },
    ]


def compared(rembug: BotRun, echo: BotRun, closed_loop: bool) -> list[dict[str, Any]]:
    """For information, not targets: Rembug against another echo bot (the concurrent echo on
    httpx, or on Rembug's own transport: what Rembug's own work costs once the transport's gain
    is set aside)."""
    throughput = rembug.updates_per_s / echo.updates_per_s if echo.updates_per_s else math.nan
    cpu = rembug.cpu_ms_per_update / echo.cpu_ms_per_update
    comparable = closed_loop and not (rembug.generator_bound or echo.generator_bound)
    return [
        {
            "name": f"throughput Rembug/{echo.spec.key}",
            "value": round(throughput, 3) if comparable else None,
            "target": "info",
            "met": None,
        },
        {
            "name": f"CPU per update Rembug/{echo.spec.key}",
            "value": round(cpu, 3),
            "target": "info",
            "met": None,
        },
    ]


def environment(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "python_telegram_bot": telegram.__version__,
        "platform": platform.platform(),
        "emulator": "in-process, HTTP on 127.0.0.1, flood limits OFF",
        "settle_s": args.settle,
        "think_s": args.think,
        "warmup_participants": args.warmup,
    }


def print_text(
    runs: dict[str, BotRun], args: argparse.Namespace, checks: list[dict[str, Any]]
) -> None:
    env = environment(args)
    first = next(iter(runs.values()))
    print(
        f"Rembug dialogue benchmark: {args.participants} participants at once, "
        f"{'closed loop' if not args.think else 'with pauses'}, "
        f"{required(first.spec.journey(0))} actions each "
        "(/start, consent, registration, every proposal step, Send; Rembug adds one tap "
        "where a similar proposal is shown)"
    )
    print(
        "Emulator: in this process over HTTP on 127.0.0.1, flood limits OFF "
        "(measures the bot, not Telegram's pacing)"
    )
    if args.think:
        print(
            f"Participants pause {args.think:g} s on average (0.5-1.5x) between actions: "
            "updates/s is the offered load, not the bot's capacity"
        )
    print(
        f"Bots: subprocesses polling the emulator; SQLite in a temp dir; "
        f"{args.warmup} warm-up participants per bot not measured"
    )
    print(
        f"Machine: {env['cpus']} CPUs, Python {env['python']}, "
        f"python-telegram-bot {env['python_telegram_bot']}"
    )
    print()
    cols = list(runs.values())
    s = {run.spec.key: summary(run) for run in cols}
    header = f"{'':38}" + "".join(f"{run.spec.title:>14}" for run in cols)
    print(header)

    def row(label: str, values: list[str]) -> None:
        print(f"{label:38}" + "".join(f"{v:>14}" for v in values))

    def val(fn: Callable[[dict[str, Any]], Any], fmt: str = "{}") -> list[str]:
        out = []
        for run in cols:
            value = fn(s[run.spec.key])
            out.append("n/a" if value is None else fmt.format(value))
        return out

    row("participants (completed)", val(lambda d: f"{d['participants']} ({d['completed']})"))
    row("total updates", val(lambda d: d["total_updates"]))
    row("wall time (s)", val(lambda d: d["wall_s"], "{:.2f}"))
    row("updates/s", val(lambda d: d["updates_per_s"], "{:.1f}"))

    def pct(key: str, q: int) -> Callable[[dict[str, Any]], Any]:
        return lambda d: d[key][f"p{q}"]

    for q in (50, 95, 99):
        row(f"reply latency p{q} (ms)", val(pct("reply_latency_ms", q), "{:.1f}"))
    for q in (50, 95, 99):
        row(f"  next screen ready p{q} (ms)", val(pct("screen_ready_latency_ms", q), "{:.1f}"))
    row("bot CPU (user+sys, s)", val(lambda d: d["bot_cpu_s"], "{:.2f}"))
    row("bot CPU per update (ms)", val(lambda d: d["bot_cpu_ms_per_update"], "{:.3f}"))
    row(
        "bot CPU utilisation (1 core=100%)",
        val(lambda d: d["bot_cpu_utilisation"] * 100, "{:.0f}%"),
    )
    row(
        "load generator CPU (1 core=100%)",
        val(lambda d: d["harness_cpu_utilisation"] * 100, "{:.0f}%"),
    )
    row(
        "other processes' CPU (1 core=100%)",
        val(lambda d: d["other_processes_cpu_utilisation"] * 100, "{:.0f}%"),
    )
    row("new messages per action", val(lambda d: d["new_messages_per_action"], "{:.3f}"))
    row("edits per action", val(lambda d: d["edits_per_action"], "{:.3f}"))
    row("callback answers per action", val(lambda d: d["callback_answers_per_action"], "{:.3f}"))
    row("Bot API calls per action", val(lambda d: d["api_calls_per_action"], "{:.3f}"))
    row("SQL statements per update", val(lambda d: d["sql_statements_per_update"], "{:.2f}"))
    row("getUpdates calls", val(lambda d: d["api_calls"].get("getUpdates", 0)))
    row("Bot API errors", val(lambda d: sum(d["api_errors"].values())))
    if "rembug" in s:
        row("proposals in the database", val(lambda d: d["database_proposals"]))
    if checks:
        print()
        print(
            "Rembug against the plain echo bot (python-telegram-bot as it ships: httpx, one "
            "update at a time, one sendMessage each):"
        )
        for check in checks:
            mark = {True: "met", False: "NOT MET", None: "n/a"}[check["met"]]
            if check["target"] == "info":
                mark = "for information"
            print(
                f"  {check['name']:36} {check['value']!s:>9}   target {check['target']:>7}   {mark}"
            )
    for run in cols:
        busy = run.harness_cpu_s / max(run.wall_s, 1e-9)
        if run.generator_bound:
            print(
                f"\nNote: the load generator (harness+emulator) was busy {busy:.0%} "
                f"of the {run.spec.title} run: its updates/s and latency are bounded by the "
                "generator, not only by the bot, so no ratio of them is given."
            )
    for run in cols:
        if run.other_cpu_s / max(run.wall_s, 1e-9) > 0.15:
            print(
                f"\nWarning: other processes used {run.other_cpu_s / run.wall_s:.0%} of a core "
                f"during the {run.spec.title} run ({os.cpu_count()} CPUs): its wall-time figures "
                "(updates/s, latency) are disturbed; CPU per update much less so. Rerun on a "
                "quiet machine."
            )
    for run in cols:
        if run.failures:
            print(
                f"\n{run.spec.title}: RUN FAILED ({len(run.failures)} problems):", file=sys.stderr
            )
            for failure in run.failures[:10]:
                print(f"  - {failure}", file=sys.stderr)
