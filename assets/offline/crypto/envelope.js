// The envelope format of what the device keeps encrypted (docs/device-encryption.md). Pure (no
// browser API), so tests/js/offline_crypto.test.mjs runs it under node.
//
// A sealed record keeps in clear only what listing and the outbox need without a key (ids,
// timestamps, states, the owner's username) and puts everything else in `sealed`:
//   {...clear fields, kid, sealed: {v: 1, kid, iv: Uint8Array(12), ct: ArrayBuffer}}
// ct is AES-256-GCM over the JSON of the other fields (or a file's bytes), with the additional
// data "tiepsuc/<v>/<table>/<id>", so a sealed part moved onto another record does not open.
// The pagehide stash in localStorage is the same cipher as text: "ts1.<kid>.<iv b64>.<ct b64>".
export const VERSION = 1;
export const STASH_PREFIX = `ts${VERSION}.`;

/** Draft fields kept in clear: none names a person or holds an answer. */
export const DRAFT_CLEAR = Object.freeze([
  'id', 'procedure_code', 'catalog_version', 'version', 'channel', 'owner', 'status', 'step', 'rev',
  'created_at', 'updated_at', 'device_created_at', 'sent_at', 'polled_at', 'received_at', 'due_at',
  'server_state', 'receipt_handed', 'queued_at', 'handover',
]);
/** Attachment record fields kept in clear (the bytes and any file name are sealed). */
export const FILE_CLEAR = Object.freeze(['key', 'draft_id', 'sha256', 'mime', 'size', 'created_at', 'original_size']);
/** Outbox row fields kept in clear: everything but the frozen request body. */
export const ROW_SEALED = Object.freeze(['body']);

/** The additional authenticated data that binds a sealed part to its table and record. */
export const aadOf = (table, id) => new TextEncoder().encode(`tiepsuc/${VERSION}/${table}/${id}`);

export const isSealed = (stored) => !!stored && !!stored.sealed && stored.sealed.v === VERSION;

/** {clear, secret}: `clearFields` kept, the rest to seal (`sealed` and `kid` of an earlier read dropped). */
export function split(record, clearFields) {
  const keep = new Set(clearFields);
  const clear = {};
  const secret = {};
  for (const [k, v] of Object.entries(record || {})) {
    if (k === 'sealed' || k === 'kid' || k === 'locked') continue;
    if (keep.has(k)) clear[k] = v;
    else secret[k] = v;
  }
  return { clear, secret };
}

/** The record a reader sees: the opened fields under the clear ones (a clear move wins). */
export function join(stored, secret) {
  const { sealed, kid, locked, ...clear } = stored;  // eslint-disable-line no-unused-vars
  return { ...secret, ...clear };
}

/** What a reader sees when the key is not in memory: the clear fields, marked locked. */
export function lockedView(stored) {
  const { sealed, ...clear } = stored;  // eslint-disable-line no-unused-vars
  return { ...clear, locked: true };
}

export const sealedPart = (kid, iv, ct) => ({ v: VERSION, kid, iv, ct });

/** The same sealed part (same key and nonce: every seal draws a fresh nonce), or both absent. */
export function sameSealed(a, b) {
  if (!a || !b) return !a && !b;
  if (a.kid !== b.kid || !a.iv || !b.iv || a.iv.length !== b.iv.length) return false;
  return a.iv.every((byte, i) => byte === b.iv[i]);
}

const b64 = (bytes) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The stash text for (kid, iv, ct). kid never contains a dot. */
export function stashText(kid, iv, ct) {
  if (!kid || kid.includes('.')) throw new Error('bad key id');
  return `${STASH_PREFIX}${kid}.${b64(iv)}.${b64(ct)}`;
}

/** {kid, iv, ct} from a stash text, or null (not an envelope: an old clear stash is never trusted). */
export function parseStash(text) {
  if (typeof text !== 'string' || !text.startsWith(STASH_PREFIX)) return null;
  const parts = text.slice(STASH_PREFIX.length).split('.');
  if (parts.length !== 3 || !parts[0]) return null;
  try {
    return { kid: parts[0], iv: unb64(parts[1]), ct: unb64(parts[2]) };
  } catch {
    return null;
  }
}
