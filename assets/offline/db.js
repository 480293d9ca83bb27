// The device store (IndexedDB through Dexie). One database per browser profile:
//   drafts  — one record per dossier (see model.newDraft); indexes for the list and the outbox
//   files   — attachment Blobs, keyed "<draft id>:<sha256>", never inlined into the draft
//   outbox  — what the outbox sends: {seq, draft_id, kind, state, attempts, next_attempt_at, …}
//   meta    — small key/value facts: the device's keys (crypto/keyring.js)
// Only lifecycle/store/ (entry: lifecycle/store.js) writes `drafts` and `outbox` (tests/js/offline_store_owner.test.mjs).
// Everything personal is encrypted at rest (docs/device-encryption.md): a file's bytes and name
// are sealed here, before the write, with the key of the draft it belongs to.
import { db } from './database.js';
import * as keyring from './crypto/keyring.js';
import { FILE_CLEAR, isSealed, split } from './crypto/envelope.js';

export { db };

const fileKey = (draftId, sha256) => `${draftId}:${sha256}`;

// One sealed buffer per file: a 4-byte length, the JSON of the sealed fields, then the bytes.
function pack(info, bytes) {
  const head = new TextEncoder().encode(JSON.stringify(info));
  const out = new Uint8Array(4 + head.length + bytes.length);
  new DataView(out.buffer).setUint32(0, head.length);
  out.set(head, 4);
  out.set(bytes, 4 + head.length);
  return out;
}

function unpack(buf) {
  const n = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(0);
  return { info: JSON.parse(new TextDecoder().decode(buf.subarray(4, 4 + n))), bytes: buf.subarray(4 + n) };
}

/** The key that seals a draft's files: the draft's own, else whoever is filing now. */
async function fileKid(draftId) {
  const draft = await db.drafts.get(draftId);
  if (draft?.kid && keyring.hasKey(draft.kid)) return draft.kid;
  return keyring.activeKid();
}

/** A file row ({…, blob}) as stored: clear fields, key id and the sealed bytes and name. */
export async function sealFileRow(record, kid) {
  const { blob, ...rest } = record;
  const { clear, secret } = split(rest, FILE_CLEAR);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return { ...clear, kid, sealed: await keyring.sealBytes(kid, 'files', record.key, pack(secret, bytes)) };
}

export async function putFile(draftId, sha256, blob, info) {
  const key = fileKey(draftId, sha256);
  const record = { key, draft_id: draftId, sha256, mime: blob.type, size: blob.size, created_at: Date.now(), ...info };
  const kid = await fileKid(draftId);
  if (!kid) throw new keyring.LockedError();
  const { clear, secret } = split(record, FILE_CLEAR);
  const bytes = new Uint8Array(await blob.arrayBuffer());
  const sealed = await keyring.sealBytes(kid, 'files', key, pack(secret, bytes));
  await db.files.put({ ...clear, kid, sealed });  // sealed before the write: no transaction waits on crypto
  return key;
}

/** A stored file as the app uses it ({…, blob}), or with `locked: true` and no blob while its key is not in memory. */
export async function openFile(stored) {
  if (!stored || !isSealed(stored)) return stored;
  const plain = await keyring.openBytes(stored.sealed, 'files', stored.key);
  const { sealed, ...clear } = stored;  // eslint-disable-line no-unused-vars
  if (plain === null) return { ...clear, locked: true };
  const { info, bytes } = unpack(plain);
  return { ...info, ...clear, blob: new Blob([bytes], { type: stored.mime || '' }) };
}

export const removeFile = (draftId, sha256) => db.files.delete(fileKey(draftId, sha256));
export const getFile = (draftId, sha256) => db.files.get(fileKey(draftId, sha256)).then(openFile);
/** Every file row of a draft, opened (a hand-over sends them along, devices/transfer.js). */
export const filesOf = (draftId) => db.files.where('draft_id').equals(draftId).toArray().then((fs) => Promise.all(fs.map(openFile)));
