"""Figures as the screens show them, one rule for /statistik and /rekap."""

from __future__ import annotations


def share(part: int, whole: int | None) -> int | None:
    """Whole percent of `whole`, rounded down so 199 of a target of 200 never reads as done;
    None without a target (or nothing to divide)."""
    if whole is None or whole <= 0:
        return None
    return part * 100 // whole
