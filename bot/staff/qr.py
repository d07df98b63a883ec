"""QR codes of deep links, as PNG images large enough to print on an A4 poster."""

from __future__ import annotations

import io

import segno

# About 15 cm wide at 300 dpi: scannable from a few metres on a poster at the kantor kecamatan.
PRINT_WIDTH_PX = 1800
QUIET_ZONE_MODULES = 4
PRINT_DPI = 300


def poster_png(url: str) -> bytes:
    """A black-on-white PNG; 'Q' error correction survives a crease or a little dirt."""
    code = segno.make(url, error="q", micro=False)
    modules = code.symbol_size(scale=1, border=QUIET_ZONE_MODULES)[0]
    buffer = io.BytesIO()
    scale = max(1, PRINT_WIDTH_PX // modules)
    code.save(buffer, kind="png", scale=scale, border=QUIET_ZONE_MODULES, dpi=PRINT_DPI)
    return buffer.getvalue()
