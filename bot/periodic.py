"""A background pass repeated every few seconds, or at once when woken: the loop shared by the
workers that send from the database (status notices, retention)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

log = logging.getLogger(__name__)


class Periodic:
    """Runs `run_pass` in a task of its own every `every` seconds, and at once on `wake()`."""

    def __init__(self, name: str, every: float) -> None:
        self.name = name
        self.every = every
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def run_pass(self) -> object:
        raise NotImplementedError

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def wake(self) -> None:
        """Run a pass now rather than at the next one."""
        self._wake.set()

    async def _run(self) -> None:
        while True:
            try:
                await self.run_pass()
            except Exception:  # a database hiccup must not end the worker
                log.exception("%s: pass failed; trying again at the next one", self.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.every)
            self._wake.clear()
