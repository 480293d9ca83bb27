"""Image dimensions from the header alone (PNG, JPEG, WebP): what the pixel limit reads."""
from __future__ import annotations

import struct

import pytest

from tests.support.dossiers import png_bytes
from volunteer_app.services.image_size import dimensions


def jpeg(width: int, height: int, exif: int = 0, sof: int = 0xC0) -> bytes:
    """SOI, an APP1 of ``exif`` bytes, a DQT, then the frame header with the size, then SOS."""
    app1 = b"\xff\xe1" + struct.pack(">H", exif + 2) + b"E" * exif
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes(64)
    frame = b"\xff" + bytes([sof]) + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app1 + dqt + frame + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + b"\x00" * 10 + b"\xff\xd9"


def webp(kind: bytes, payload: bytes) -> bytes:
    chunk = kind + struct.pack("<I", len(payload)) + payload
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def png(width: int, height: int) -> bytes:
    data = bytearray(png_bytes(200))
    data[16:24] = struct.pack(">II", width, height)
    return bytes(data)


CASES = [
    ("image/png", png(1, 1), (1, 1)),
    ("image/png", png(20_000, 20_000), (20_000, 20_000)),
    ("image/jpeg", jpeg(4000, 3000), (4000, 3000)),
    ("image/jpeg", jpeg(65_535, 65_535, exif=60_000), (65_535, 65_535)),  # past a large EXIF block
    ("image/jpeg", jpeg(1200, 1600, sof=0xC2), (1200, 1600)),  # progressive
    ("image/webp", webp(b"VP8X", b"\x00" * 4 + (19_999).to_bytes(3, "little") + (9_999).to_bytes(3, "little")),
     (20_000, 10_000)),
    ("image/webp", webp(b"VP8L", b"\x2f" + ((640 - 1) | ((480 - 1) << 14)).to_bytes(4, "little") + b"\x00" * 5),
     (640, 480)),
    ("image/webp", webp(b"VP8 ", b"\x00" * 3 + b"\x9d\x01\x2a" + struct.pack("<HH", 800, 600) + b"\x00" * 4),
     (800, 600)),
    # Not readable: no frame header before the scan, a truncated header, a broken segment chain.
    ("image/jpeg", b"\xff\xd8\xff\xda\x00\x08" + b"\x00" * 20, None),
    ("image/jpeg", b"\xff\xd8\xff\xc0\x00", None),
    ("image/jpeg", b"\xff\xd8\x00\x00\x00\x00", None),
    ("image/png", b"\x89PNG\r\n\x1a\n\x00\x00", None),
    ("image/webp", webp(b"VP8 ", b"\x00" * 10), None),
    ("application/pdf", b"%PDF-1.4", None),
]


@pytest.mark.parametrize("mime, data, expected", CASES)
def test_dimensions_come_from_the_header(tmp_path, mime, data, expected):
    path = tmp_path / "f"
    path.write_bytes(data)
    with open(path, "rb") as fh:
        assert dimensions(fh, mime) == expected
