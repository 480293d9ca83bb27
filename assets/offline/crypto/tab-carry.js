// The unlocked data key, carried across the page loads of one tab (docs/device-encryption.md):
// the offline screens link with full page loads, and a key only in page memory would make every
// link ask for the PIN again. On unlock the raw data key is wrapped with a random non-extractable
// AES-GCM "tab key" (IndexedDB meta 'kek:tab', a CryptoKey like 'kek:device') and the wrapped blob
// goes to sessionStorage (this tab only; gone when the tab closes). Both are needed to open it.
// The blob is removed on lock (idle, "Khóa máy"), sign-out, dropKeys, the wrong-PIN lockout and
// the wipe, so a reload while locked asks for the PIN.
export const TAB_BLOB = 'tiepsuc.tab_key';

const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const fromHex = (s) => new Uint8Array((s.match(/../g) || []).map((h) => parseInt(h, 16)));

/** The blob text of a wrapped key (pure). */
export function blobText(username, kid, iv, ct) {
  return JSON.stringify({ v: 1, u: username, kid, iv: toHex(iv), ct: toHex(new Uint8Array(ct)) });
}

/** {u, kid, iv, ct} of a blob text, or null (pure). */
export function parseBlob(text) {
  try {
    const b = JSON.parse(text);
    if (!b || b.v !== 1 || typeof b.u !== 'string' || typeof b.kid !== 'string') return null;
    return { u: b.u, kid: b.kid, iv: fromHex(b.iv), ct: fromHex(b.ct) };
  } catch {
    return null;
  }
}

export const aadOfTab = (username, kid) => new TextEncoder().encode(`tab:${username}:${kid}`);

export function readBlob() {
  try { return sessionStorage.getItem(TAB_BLOB); } catch { return null; }
}

export function writeBlob(text) {
  try { sessionStorage.setItem(TAB_BLOB, text); } catch { /* no storage: the PIN is asked per page */ }
}

/** Forget the carried key of this tab (the next page load asks for the PIN). */
export function forgetTab() {
  try { sessionStorage.removeItem(TAB_BLOB); } catch { /* no storage */ }
}
