"""Width and height of a stored image, read from its header: the image is never decoded, so a
small file that claims a huge canvas (a decompression bomb) costs nothing to refuse."""
from __future__ import annotations

from typing import BinaryIO

# JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the size.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, 0xD8} | set(range(0xD0, 0xD8))


def _png(fh: BinaryIO) -> tuple[int, int] | None:
    fh.seek(8)
    head = fh.read(16)
    if len(head) < 16 or head[4:8] != b"IHDR":
        return None
    return int.from_bytes(head[8:12], "big"), int.from_bytes(head[12:16], "big")


def _jpeg(fh: BinaryIO) -> tuple[int, int] | None:
    """Walk the segments (each says its length) up to the first start-of-frame."""
    fh.seek(2)
    while True:
        byte = fh.read(1)
        if byte != b"\xff":
            return None  # segments follow one another directly: anything else is not a JPEG
        while byte == b"\xff":  # fill bytes
            byte = fh.read(1)
        if not byte:
            return None
        marker = byte[0]
        if marker in _STANDALONE:
            continue
        if marker in (0xD9, 0xDA):  # end of image / start of scan before any frame header
            return None
        size = fh.read(2)
        if len(size) < 2 or int.from_bytes(size, "big") < 2:
            return None
        if marker in _SOF:
            frame = fh.read(5)
            if len(frame) < 5:
                return None
            return int.from_bytes(frame[3:5], "big"), int.from_bytes(frame[1:3], "big")
        fh.seek(int.from_bytes(size, "big") - 2, 1)


def _webp(fh: BinaryIO) -> tuple[int, int] | None:
    fh.seek(12)
    head = fh.read(18)
    if len(head) < 18:
        return None
    kind, data = head[:4], head[8:]
    if kind == b"VP8X":  # extended: 24-bit canvas width-1 and height-1
        return int.from_bytes(data[4:7], "little") + 1, int.from_bytes(data[7:10], "little") + 1
    if kind == b"VP8L" and data[0] == 0x2F:  # lossless: 14-bit width-1 and height-1
        bits = int.from_bytes(data[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 " and data[3:6] == b"\x9d\x01\x2a":  # lossy: 14-bit width and height
        return int.from_bytes(data[6:8], "little") & 0x3FFF, int.from_bytes(data[8:10], "little") & 0x3FFF
    return None


_READERS = {"image/png": _png, "image/jpeg": _jpeg, "image/webp": _webp}


def dimensions(fh: BinaryIO, mime: str) -> tuple[int, int] | None:
    """(width, height) of an image of type ``mime`` read from the seekable ``fh``; None when the
    header cannot be read."""
    reader = _READERS.get(mime)
    return None if reader is None else reader(fh)


def is_image(mime: str) -> bool:
    return mime in _READERS
