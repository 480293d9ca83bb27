"""Draw the app icons (PNG) with the standard library only: a white check in a ring on blue.

    python scripts/make_icons.py   # writes assets/icons/*.png
"""
from __future__ import annotations

import math
import struct
import zlib
from pathlib import Path

BLUE = (11, 92, 142)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parents[1] / "assets" / "icons"


def png(path: Path, size: int, pixel) -> None:
    rows = b"".join(b"\x00" + bytes(c for x in range(size) for c in pixel(x + 0.5, y + 0.5)) for y in range(size))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def seg_dist(px, py, ax, ay, bx, by) -> float:
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def icon(size: int, maskable: bool):
    scale = 0.8 if maskable else 1.0  # maskable icons keep the drawing inside the safe zone
    radius = 0 if maskable else size * 0.2

    def pixel(x, y):
        # Rounded-square background (full bleed for maskable icons).
        cx, cy = min(max(x, radius), size - radius), min(max(y, radius), size - radius)
        if radius and math.hypot(x - cx, y - cy) > radius:
            return (0, 0, 0, 0)
        u, v = (x - size / 2) / (size * scale), (y - size / 2) / (size * scale)
        ring = abs(math.hypot(u, v) - 0.33) < 0.04
        check = min(seg_dist(u, v, -0.16, 0.0, -0.04, 0.13), seg_dist(u, v, -0.04, 0.13, 0.18, -0.12)) < 0.045
        return (*WHITE, 255) if ring or check else (*BLUE, 255)

    return pixel


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        png(OUT / f"icon-{size}.png", size, icon(size, maskable=False))
        png(OUT / f"icon-maskable-{size}.png", size, icon(size, maskable=True))
    png(OUT / "apple-touch-icon.png", 180, icon(180, maskable=True))
    print("wrote", sorted(p.name for p in OUT.glob("*.png")))
