"""Python's cyclic garbage collector, tuned for a bot that allocates many short-lived objects.

Every update allocates thousands of objects (the parsed update, ORM rows, screens); with the
default threshold (700) the youngest generation is collected several times per update, and
each full collection walks every module and class loaded at start-up. Collecting the youngest
generation every 20,000 allocations and freezing what start-up built took about 5-10 % of the
CPU per update off bench/dialogue.py; cycles are still collected, only less often."""

from __future__ import annotations

import gc

YOUNGEST = 20_000  # allocations between collections of the youngest generation (default 700)
OLDER = (50, 100)  # collections of the generation below between collections of the next


def tune() -> None:
    """Call once the bot is built, before it starts serving."""
    gc.collect()
    gc.freeze()  # start-up's objects live as long as the process: never walk them again
    gc.set_threshold(YOUNGEST, *OLDER)
