"""Tiny but valid media files, and reading image dimensions."""

from __future__ import annotations

import struct


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def tiny_jpeg(size: int = 8) -> bytes:
    """A valid baseline grey JPEG of size x size pixels (size a multiple of 8)."""
    blocks = (size // 8) ** 2
    quant = _segment(0xDB, bytes([0]) + bytes([1] * 64))
    frame = _segment(0xC0, bytes([8]) + struct.pack(">HH", size, size) + bytes([1, 1, 0x11, 0]))
    # One-symbol Huffman tables: DC category 0 and AC end-of-block, each coded as a single 0 bit.
    dc_table = _segment(0xC4, bytes([0x00, 1] + [0] * 15 + [0x00]))
    ac_table = _segment(0xC4, bytes([0x10, 1] + [0] * 15 + [0x00]))
    scan = _segment(0xDA, bytes([1, 1, 0x00, 0, 63, 0]))
    bits = "00" * blocks
    bits += "1" * (-len(bits) % 8)
    data = int(bits, 2).to_bytes(len(bits) // 8, "big")
    return b"\xff\xd8" + quant + frame + dc_table + ac_table + scan + data + b"\xff\xd9"


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a JPEG or PNG; (100, 100) when unknown."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        found = _jpeg_size(data)
        if found is not None:
            return found
    return 100, 100


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return int(width), int(height)
        i += 2 + length
    return None


def fake_ogg(duration: int = 2) -> bytes:
    """Bytes that start like an Ogg Opus stream; enough for bots that just store voice notes."""
    return b"OggS\x00\x02" + bytes(20) + b"OpusHead" + bytes([1, 1]) + bytes(duration * 10)


def tiny_webp() -> bytes:
    return (
        b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00"
        b"/\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
    )
