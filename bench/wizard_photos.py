"""Photos through the wizard's own compress step (assets/offline/compress.js) in Chromium.

Shared by bench/frontend_bench.py and bench/first_visit_bench.py: open the wizard's document
step for a draft, hand a photo to a camera slot as a volunteer would, read back what was stored
in IndexedDB; and the reference encodings the issue compares with.
"""
from __future__ import annotations

import base64
import time

from tests.browser.offline_support import READ_FILES, make_photo, wait_saved

# The wizard step with a camera slot: an authorised applicant must photograph the authorisation.
SLOT = "#f-upload_authorisation-camera"

# Re-encode a JPEG (base64) at a quality; returns [base64, bytes]. long: cap on the long side (0: keep).
ENCODE = """async ([b64, quality, long]) => {
  const bin = atob(b64); const raw = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) raw[i] = bin.charCodeAt(i);
  const bmp = await createImageBitmap(new Blob([raw], { type: 'image/jpeg' }));
  const s = long ? Math.min(1, long / Math.max(bmp.width, bmp.height)) : 1;
  const c = new OffscreenCanvas(Math.round(bmp.width * s), Math.round(bmp.height * s));
  const g = c.getContext('2d'); g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
  g.drawImage(bmp, 0, 0, c.width, c.height);
  const out = new Uint8Array(await (await c.convertToBlob({ type: 'image/jpeg', quality })).arrayBuffer());
  let s64 = ''; for (let i = 0; i < out.length; i += 0x8000) s64 += String.fromCharCode(...out.subarray(i, i + 0x8000));
  return [btoa(s64), out.length];
}"""


def phone_photo(page, target_bytes: int, width: int = 3000, height: int = 4000) -> bytes:
    """The tests' synthetic A4 page (text and camera grain) as a phone would save it: re-encoded at the quality that lands nearest
    ``target_bytes`` (a 12 MP phone JPEG of a page is about 3.7 MB)."""
    source = base64.b64encode(make_photo(page, width, height)).decode()
    low, high, best = 0.3, 0.95, None
    for _ in range(7):  # bisection on the quality
        q = (low + high) / 2
        b64, size = page.evaluate(ENCODE, [source, q, 0])
        if best is None or abs(size - target_bytes) < abs(best[1] - target_bytes):
            best = (b64, size)
        low, high = (q, high) if size < target_bytes else (low, q)
    return base64.b64decode(best[0])


def reference_size(page, data: bytes, quality: float, long_side: int) -> int:
    """Bytes of ``data`` resized to ``long_side`` and encoded at ``quality`` by the same canvas encoder."""
    return page.evaluate(ENCODE, [base64.b64encode(data).decode(), quality, long_side])[1]


def open_document_slot(page, base_url: str, draft: str):
    """Reopen the draft on its documents step with an authorised applicant; returns the camera slot."""
    page.locator("#f-applicant_relation").select_option("authorised")
    # Saved first: a navigation racing the debounce would leave a newer stash behind that the
    # reload prefers over the step set below.
    wait_saved(page, draft, "d.answers.applicant_relation === 'authorised'")
    page.goto(base_url + f"/nop-ho-so?ma=2.000635&ho-so={draft}")
    page.evaluate("""async (id) => {
        const db = await new Promise((ok) => { const r = indexedDB.open('tiepsuc'); r.onsuccess = () => ok(r.result); });
        const tx = db.transaction('drafts', 'readwrite'); const s = tx.objectStore('drafts');
        const d = await new Promise((ok) => { const q = s.get(id); q.onsuccess = () => ok(q.result); });
        d.step = 'documents'; d.rev += 1; s.put(d); await new Promise((ok) => { tx.oncomplete = ok; }); db.close(); }""", draft)
    page.reload()
    slot = page.locator(SLOT)
    slot.wait_for(state="attached")
    return slot


def store_photo(page, slot, draft: str, data: bytes, name: str) -> tuple[dict, float]:
    """Give ``data`` to the camera slot; return (the file record stored in IndexedDB, ms it took)."""
    before = len(page.evaluate(READ_FILES, draft))
    started = time.perf_counter()
    slot.set_input_files(files=[{"name": name, "mimeType": "image/jpeg", "buffer": data}])
    page.evaluate(f"""async ([id, n]) => {{ const read = {READ_FILES};
        for (let i = 0; i < 6000; i++) {{ if ((await read(id)).length > n) return; await new Promise((r) => setTimeout(r, 10)); }} }}""",
                  [draft, before])
    ms = (time.perf_counter() - started) * 1000
    return page.evaluate(READ_FILES, draft)[-1], ms
