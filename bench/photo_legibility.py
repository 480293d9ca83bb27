"""Is 7 pt print still legible after the wizard's photo compression? A look, by eye.

    .venv/bin/python bench/photo_legibility.py [--out crop.png]

Draws an A4 page of 7 pt Vietnamese text photographed edge to edge at 12 MP (3000×4000, with
camera grain, saved at JPEG q 0.90 as a phone would), runs it through the wizard's own
``compressImage`` (assets/offline/compress.js, loaded as is into Debian's Chromium), prints the
sizes and writes a 1:1 crop of the stored image for a person to read.
"""
from __future__ import annotations

import argparse
import base64
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"

PAGE = """async () => {
  const w = 3000, h = 4000; const c = new OffscreenCanvas(w, h); const g = c.getContext('2d');
  g.fillStyle = '#f4f1ea'; g.fillRect(0, 0, w, h); g.fillStyle = '#222';
  const px = Math.round(7 / 72 * (h / 11.69));  // 7 pt on a 297 mm page across 4000 px
  g.font = `${px}px serif`;
  for (let y = 200, i = 0; y < h - 100; y += px * 1.4, i++)
    g.fillText(`Dòng ${i}: Họ, chữ đệm và tên NGUYỄN THỊ HỒNG ĐÀO, số định danh 079201001234, ngày sinh 03/04/1990`, 150, y);
  const img = g.getImageData(0, 0, w, h); const d = img.data; let s = 12345;
  for (let i = 0; i < d.length; i += 4) { s = (s * 1103515245 + 12345) & 0x7fffffff; const n = (s % 41) - 20; d[i] += n; d[i + 1] += n; d[i + 2] += n; }
  g.putImageData(img, 0, 0);
  const photo = await c.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
  const stored = await window.__compressImage(photo);
  const bmp = await createImageBitmap(stored);
  const crop = new OffscreenCanvas(900, 420); crop.getContext('2d').drawImage(bmp, 0, 0, 900, 420, 0, 0, 900, 420);
  const png = new Uint8Array(await (await crop.convertToBlob({ type: 'image/png' })).arrayBuffer());
  let b = ''; for (let i = 0; i < png.length; i += 0x8000) b += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return { photo: photo.size, stored: stored.size, width: bmp.width, height: bmp.height, crop: btoa(b) };
}"""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path("photo-7pt-crop.png"))
    args = ap.parse_args()
    module = (ROOT / "assets/offline/compress.js").read_text() + "\nwindow.__compressImage = compressImage;\n"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        page = browser.new_page()
        page.set_content("<!doctype html><title>bench</title>")
        page.add_script_tag(content=module, type="module")
        page.wait_for_function("() => typeof window.__compressImage === 'function'")
        r = page.evaluate(PAGE)
        browser.close()
    args.out.write_bytes(base64.b64decode(r["crop"]))
    print(f"| measure | value | goal |\n|---|---|---|\n"
          f"| phone photo of an A4 page, 7 pt text | {r['photo'] / 1024:.0f} KB | |\n"
          f"| stored by compressImage | {r['stored'] / 1024:.0f} KB, {r['width']}×{r['height']} px | ≤ 400 KB |\n"
          f"| 7 pt text | see {args.out} (1:1 crop) | legible by eye |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
