#!/usr/bin/env python3
"""Draws Roomstart's icon (a white play mark on a blue rounded square) as RGBA PNGs,
and icon.ico (the same PNGs inside, as Windows and tauri-build's resource file take them).

Run once when the design changes; the PNGs are committed under icons/.
"""
import struct
import sys
import zlib
from pathlib import Path


def pixel(x, y, n):
    u, v = (x + 0.5) / n, (y + 0.5) / n
    r = 0.22  # corner radius as a fraction of the side
    cx, cy = min(max(u, r), 1 - r), min(max(v, r), 1 - r)
    if (u - cx) ** 2 + (v - cy) ** 2 > r * r:
        return (0, 0, 0, 0)
    # play triangle
    if 0.38 <= u <= 0.72 and abs(v - 0.5) <= (0.72 - u) * 0.62:
        return (255, 255, 255, 255)
    return (36, 87, 214, 255)


def png(n):
    rows = b"".join(b"\x00" + bytes(c for x in range(n) for c in pixel(x, y, n)) for y in range(n))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


out = Path(sys.argv[1] if len(sys.argv) > 1 else "icons")
out.mkdir(exist_ok=True)
for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
    (out / name).write_bytes(png(size))


def ico(sizes):
    """An ICO whose images are PNGs (Windows Vista and later read them); 256 is written as 0."""
    images = [png(n) for n in sizes]
    head = struct.pack("<HHH", 0, 1, len(images))
    offset = len(head) + 16 * len(images)
    entries = b""
    for n, image in zip(sizes, images):
        entries += struct.pack("<BBBBHHII", n % 256, n % 256, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return head + entries + b"".join(images)


(out / "icon.ico").write_bytes(ico([32, 128, 256]))
