// A person's edits: autosave, the stash folded back on open, queueing and deleting. Each is
// compare-and-set on `rev`, so a tab never writes over a newer revision from another tab.
import { db } from '../../db.js';
import * as keyring from '../../crypto/keyring.js';
import { newRow, queuedRecord, savedRecord, stashApplies, writeCheck } from '../states.js';
import { RETRY, openRecord, prepared, refused, sealEdit } from './sealing.js';
import { readDraft } from './reads.js';
import { dropStash, prepareStash, readStash, settleStash } from './stash.js';

// Latencies (ms) from the input event to the IndexedDB commit, for bench/frontend_bench.py.
const latencies = [];
// And the write itself (seal + transaction, from saveDraft's call to the commit), for bench/encryption_bench.py.
const writes = [];
if (typeof window !== 'undefined') { window.__tiepsucAutosave = latencies; window.__tiepsucSaveWrite = writes; }
const clock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Autosave: write `draft` as the revision after `baseRev` (the revision this tab last read or
 * wrote). → {ok: true, rev} | {ok: false, reason: 'stale' | 'locked' | 'gone', current}.
 */
export async function saveDraft(draft, baseRev, inputAt = null) {
  const started = clock();
  const record = savedRecord(draft, baseRev);
  const sealed = await sealEdit(record);
  if (!sealed) throw new keyring.LockedError();  // no key in memory: the lock screen is up; kept dirty
  const result = await db.transaction('rw', db.drafts, async () => {
    const stored = await db.drafts.get(draft.id);
    const check = writeCheck('save', stored, baseRev);
    if (check !== 'ok') return refused(check, stored);
    await db.drafts.put(sealed);
    return { ok: true, rev: record.rev };
  });
  if (!result.ok) return { ...result, current: await openRecord(result.current) };
  settleStash(record);
  writes.push(clock() - started);
  if (inputAt !== null && typeof performance !== 'undefined') latencies.push(performance.now() - inputAt);
  if (typeof window !== 'undefined') window.__tiepsucSavedRev = { id: record.id, rev: record.rev, step: record.step };
  return result;
}

/** The stored draft, with a pagehide stash folded back when it was made on the stored revision. */
export async function openDraft(id) {
  await prepareStash(id);
  const stash = readStash(id);
  if (!stash) return readDraft(id);
  let record = null;
  const folded = await prepared(id, async (stored) => {
    if (!stashApplies(stash, stored)) return null;
    record = savedRecord(stash.draft, stored?.rev);  // the revision after the one it goes over
    return sealEdit(record);
  }, (next, same) => db.transaction('rw', db.drafts, async () => {
    const stored = await db.drafts.get(id);
    if (!next || !stashApplies(stash, stored)) return null;
    if (!same(stored)) return RETRY;
    await db.drafts.put(next);
    return record;
  }));
  dropStash(id);
  return folded || readDraft(id);
}

/**
 * Put a finished draft in the outbox. Exactly one row per draft: the checks and the insert are
 * one transaction (under the draft's Web Lock too), so a double tap or two tabs queue it once.
 * → {ok: true, draft} | {ok: false, reason: 'locked' (already queued or sent) | 'stale' | 'gone', current}.
 */
export async function enqueue(draft, baseRev) {
  const now = Date.now();
  const record = queuedRecord(draft, baseRev, now);
  const sealed = await sealEdit(record);
  if (!sealed) throw new keyring.LockedError();
  const row = { ...newRow(draft.id, now), kid: sealed.kid };
  const queue = () => db.transaction('rw', db.drafts, db.outbox, async () => {
    const stored = await db.drafts.get(draft.id);
    const check = writeCheck('enqueue', stored, baseRev);
    if (check !== 'ok') return refused(check, stored);
    await db.drafts.put(sealed);
    if (!(await db.outbox.where('draft_id').equals(draft.id).first())) await db.outbox.add(row);
    return { ok: true, draft: record };
  });
  const locks = typeof navigator !== 'undefined' ? navigator.locks : null;
  const result = await (locks?.request ? locks.request(`tiepsuc-draft-${draft.id}`, queue) : queue());
  return result.ok ? { ...result, draft: record } : { ...result, current: await openRecord(result.current) };
}

/** Delete a draft with its files and outbox row (after the person confirmed). */
export async function deleteDraft(id) {
  await db.transaction('rw', db.drafts, db.files, db.outbox, async () => {
    await db.files.where('draft_id').equals(id).delete();
    await db.outbox.where('draft_id').equals(id).delete();
    await db.drafts.delete(id);
  });
  dropStash(id);
}
