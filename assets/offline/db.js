// The device store (IndexedDB through Dexie). One database per browser profile:
//   drafts  — one record per dossier (see model.newDraft); indexes for the list and the outbox
//   files   — attachment Blobs, keyed "<draft id>:<sha256>", never inlined into the draft
//   outbox  — what the outbox sends: {seq, draft_id, kind, state, attempts, next_attempt_at, …}
//   meta    — small key/value facts (unused today; kept in the schema of version 1)
// Only lifecycle/store.js writes `drafts` and `outbox` (tests/js/offline_store_owner.test.mjs).
import Dexie from 'dexie';

export const db = new Dexie('tiepsuc');
db.version(1).stores({
  drafts: 'id, procedure_code, status, owner, updated_at',
  files: 'key, draft_id, sha256',
  outbox: '++seq, draft_id, state, next_attempt_at',
  meta: 'key',
});

const fileKey = (draftId, sha256) => `${draftId}:${sha256}`;

export async function putFile(draftId, sha256, blob, info) {
  const key = fileKey(draftId, sha256);
  await db.files.put({ key, draft_id: draftId, sha256, blob, mime: blob.type, size: blob.size, created_at: Date.now(), ...info });
  return key;
}

export const removeFile = (draftId, sha256) => db.files.delete(fileKey(draftId, sha256));
export const getFile = (draftId, sha256) => db.files.get(fileKey(draftId, sha256));
/** Every file row of a draft (a hand-over sends them along, devices/transfer.js). */
export const filesOf = (draftId) => db.files.where('draft_id').equals(draftId).toArray();
