"""Formula neutralisation (CSV/formula injection, OWASP).

A participant can type ``=HYPERLINK(...)`` as a problem; a spreadsheet must show it as text.
XLSX cells are always written with ``write_string`` (never ``write``), and risky ones also get
Excel's quote-prefix flag so that editing the cell keeps it text. CSV has no cell types, so a
risky text gets a leading single quote there.
"""

from __future__ import annotations

RISKY_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(text: str) -> bool:
    return text.startswith(RISKY_STARTS)


def for_csv(text: str) -> str:
    """The text as a CSV cell: a leading quote when a spreadsheet could run it."""
    return "'" + text if is_risky(text) else text
