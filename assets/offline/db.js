// The device store (IndexedDB through Dexie). One database per browser profile:
//   drafts  — one record per dossier (see model.newDraft); indexes for the list and the outbox
//   files   — attachment Blobs, keyed "<draft id>:<sha256>", never inlined into the draft
//   outbox  — what the outbox issue sends: {seq, draft_id, kind, state, attempts, next_attempt_at}
//   meta    — small key/value facts (persist() asked, last data version seen)
import Dexie from 'dexie';

export const db = new Dexie('tiepsuc');
db.version(1).stores({
  drafts: 'id, procedure_code, status, owner, updated_at',
  files: 'key, draft_id, sha256',
  outbox: '++seq, draft_id, state, next_attempt_at',
  meta: 'key',
});

// Latencies (ms) from the input event to the IndexedDB commit, for bench/frontend_bench.py.
const latencies = [];
if (typeof window !== 'undefined') window.__tiepsucAutosave = latencies;

// Once a dossier is in the outbox (or sent) only the outbox changes it: a second tab still showing
// the wizard, or a late autosave, must not write the answers back over a queued draft or a stub.
const LOCKED = new Set(['queued', 'sending', 'sent']);

export async function saveDraft(draft, inputAt = null) {
  const written = await db.transaction('rw', db.drafts, async () => {
    const stored = await db.drafts.get(draft.id);
    if (stored && LOCKED.has(stored.status) && stored.status !== draft.status) return false;
    await db.drafts.put(draft);
    return true;
  });
  if (!written) return draft;
  if (inputAt !== null && typeof performance !== 'undefined') latencies.push(performance.now() - inputAt);
  if (typeof window !== 'undefined') window.__tiepsucSavedRev = { id: draft.id, rev: draft.rev, step: draft.step };
  return draft;
}

const STASH = 'tiepsuc.unsaved.';

/**
 * Called from pagehide / visibilitychange(hidden) when a change is still inside the autosave
 * debounce. An IndexedDB transaction started while the document is being unloaded may be
 * aborted, so the draft is also stashed in localStorage, which is written synchronously;
 * getDraft() folds a newer stash back into IndexedDB on the next start.
 */
export function saveDraftNow(draft) {
  try { localStorage.setItem(STASH + draft.id, JSON.stringify(draft)); } catch { /* quota or private mode */ }
  saveDraft(draft).then(() => clearStash(draft), () => {});
}

function clearStash(draft) {
  try {
    const raw = localStorage.getItem(STASH + draft.id);
    if (raw && JSON.parse(raw).rev <= draft.rev) localStorage.removeItem(STASH + draft.id);
  } catch { /* ignore */ }
}

export async function getDraft(id) {
  const stored = await db.drafts.get(id);
  let stash = null;
  try { stash = JSON.parse(localStorage.getItem(STASH + id) || 'null'); } catch { stash = null; }
  if (stash && stash.id === id && !(stored && LOCKED.has(stored.status)) && (!stored || (stash.rev || 0) > (stored.rev || 0))) {
    await db.drafts.put(stash);
    localStorage.removeItem(STASH + id);
    return stash;
  }
  if (stash) localStorage.removeItem(STASH + id);
  return stored;
}


export const listDrafts = () => db.drafts.orderBy('updated_at').reverse().toArray();

export async function deleteDraft(id) {
  await db.transaction('rw', db.drafts, db.files, db.outbox, async () => {
    await db.files.where('draft_id').equals(id).delete();
    await db.outbox.where('draft_id').equals(id).delete();
    await db.drafts.delete(id);
  });
}

export async function putFile(draftId, sha256, blob, info) {
  const key = `${draftId}:${sha256}`;
  await db.files.put({ key, draft_id: draftId, sha256, blob, mime: blob.type, size: blob.size, created_at: Date.now(), ...info });
  return key;
}

export const removeFile = (draftId, sha256) => db.files.delete(`${draftId}:${sha256}`);
export const getFile = (draftId, sha256) => db.files.get(`${draftId}:${sha256}`);

/**
 * Put a finished draft in the outbox. Exactly one row per draft: the check and the insert are in
 * one IndexedDB transaction, so a double tap or the same draft submitted from two tabs queues it
 * once; a draft already queued, sending or sent is left alone (returns false).
 */
export async function enqueue(draft) {
  return db.transaction('rw', db.drafts, db.outbox, async () => {
    const stored = await db.drafts.get(draft.id);
    if (stored && LOCKED.has(stored.status)) return false;
    await db.drafts.put({ ...draft, status: 'queued', server_errors: [], updated_at: Date.now() });
    const existing = await db.outbox.where('draft_id').equals(draft.id).first();
    if (!existing) {
      await db.outbox.add({ draft_id: draft.id, kind: 'submit', state: 'queued', attempts: 0, next_attempt_at: Date.now() });
    }
    return true;
  });
}

export const pendingCount = () => db.outbox.where('state').anyOf('queued', 'sending').count();

/** Rows the outbox holds until their volunteer signs in (sync.js holdForSignIn). */
export const heldCount = () => db.outbox.where('state').equals('queued').filter((r) => r.last_error === 'sign_in').count();

/** The outbox row of a draft (state, progress %), or undefined. */
export const outboxOf = (draftId) => db.outbox.where('draft_id').equals(draftId).first();

export async function getMeta(key) {
  return (await db.meta.get(key))?.value;
}
export const setMeta = (key, value) => db.meta.put({ key, value });
