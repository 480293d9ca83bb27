// A forgotten PIN's old key: every record it sealed is sealed again with the new key (recovered
// with the old PIN) or deleted (discarded), without losing a move made meanwhile.
import { db } from '../../db.js';
import * as keyring from '../../crypto/keyring.js';
import { sameSealed } from '../../crypto/envelope.js';
import { RETRY, TRIES, openRow, prepared, seal } from './sealing.js';
import { deleteDraft } from './edits.js';

/**
 * Recovered with the old PIN: every record sealed with `fromKid` is sealed again with `toKid`
 * (both keys in memory). Each record is prepared outside, then written only if it is still the
 * copy prepared from, so a move made meanwhile (a status poll) is neither lost nor left on the old
 * key. → how many records still name `fromKid` (0: the old key may be forgotten).
 */
export async function reseal(fromKid, toKid) {
  for (let round = 0; round < TRIES; round += 1) {
    for (const id of await db.drafts.filter((d) => d.kid === fromKid).primaryKeys()) await resealDraft(id, fromKid, toKid);
    for (const seq of await db.outbox.filter((r) => r.kid === fromKid).primaryKeys()) await resealRow(seq, fromKid, toKid);
    for (const key of await db.files.filter((f) => f.kid === fromKid).primaryKeys()) await resealFile(key, fromKid, toKid);
    const left = await recordsSealedWith(fromKid);
    if (!left) return 0;
  }
  return recordsSealedWith(fromKid);
}

/** Every record (draft, outbox row, file) still sealed with `kid`. */
export const recordsSealedWith = async (kid) => (await db.drafts.filter((d) => d.kid === kid).count())
  + (await db.outbox.filter((r) => r.kid === kid).count()) + (await db.files.filter((f) => f.kid === kid).count());

const resealDraft = (id, fromKid, toKid) => prepared(id,
  async (stored, opened) => (stored && stored.kid === fromKid && !opened.locked ? seal(opened, toKid) : null),
  (next, same) => db.transaction('rw', db.drafts, async () => {
    const stored = await db.drafts.get(id);
    if (!next || !stored || stored.kid !== fromKid) return false;
    if (!same(stored)) return RETRY;
    await db.drafts.put(next);
    return true;
  }));

/** Written only if the row still holds the body that was opened (same sealed part). */
async function resealRow(seq, fromKid, toKid) {
  for (let i = 0; i < TRIES; i += 1) {
    const row = await db.outbox.get(seq);
    if (!row || row.kid !== fromKid) return;
    const opened = await openRow(row);
    if (opened.locked) return;
    const body = opened.body ? { sealed: await keyring.sealJson(toKid, 'outbox', String(row.draft_id), opened.body) } : null;
    const done = await db.transaction('rw', db.outbox, async () => {
      const now = await db.outbox.get(seq);
      if (!now || now.kid !== fromKid) return true;
      if (!sameSealed(now.body?.sealed, row.body?.sealed)) return false;
      await db.outbox.update(seq, { kid: toKid, body });
      return true;
    });
    if (done) return;
  }
}

async function resealFile(key, fromKid, toKid) {
  const f = await db.files.get(key);
  const plain = f && f.kid === fromKid ? await keyring.openBytes(f.sealed, 'files', f.key) : null;
  if (!plain) return;
  const sealed = await keyring.sealBytes(toKid, 'files', f.key, plain);
  await db.files.where(':id').equals(key).filter((now) => now.kid === fromKid && sameSealed(now.sealed, f.sealed))
    .modify({ kid: toKid, sealed });
}

/** Discarded by the volunteer (the old PIN is lost): what `kid` sealed is deleted from the device. */
export async function discardSealed(kid) {
  const ids = (await db.drafts.filter((d) => d.kid === kid).toArray()).map((d) => d.id);
  for (const id of ids) await deleteDraft(id);
  await db.transaction('rw', db.files, db.outbox, async () => {
    await db.files.filter((f) => f.kid === kid).delete();
    await db.outbox.filter((r) => r.kid === kid).delete();
  });
}
