// The outbox's moves: what the runner (sync.js) does to a row and its draft as a send goes on,
// fails, is held or is answered, and the sent stub's later moves (poll, hand-over, reopen).
import { db } from '../../db.js';
import * as keyring from '../../crypto/keyring.js';
import { CHECK_STEP } from '../../model.js';
import {
  ROW, handedChanges, holdRowChanges, isHeld, moved, needsFixChanges, retryRowChanges, stubOf, wakeAt, writeCheck,
} from '../states.js';
import { RETRY, prepared, sealMove } from './sealing.js';
import { dropStash } from './stash.js';

/**
 * Apply outbox move `op` to the row's draft and `rowChanges` to the row (null: the row is done).
 * A row whose draft cannot make the move (deleted, or no longer in the outbox) is stale and is
 * removed, so the runner never loops on it. → whether the move was made.
 */
async function moveDraft(op, row, draftChanges, rowChanges) {
  let changes = rowChanges;
  return prepared(row.draft_id, async (stored, opened) => {
    if (writeCheck(op, stored) !== 'ok' || opened.locked) return null;
    changes = await sealedRowChanges(row, rowChanges, stored);
    return sealMove(moved(opened, op, draftChanges), stored);
  }, (next, same) => db.transaction('rw', db.drafts, db.outbox, async () => {
    const stored = await db.drafts.get(row.draft_id);
    if (writeCheck(op, stored) !== 'ok') {
      await db.outbox.delete(row.seq);
      return false;
    }
    if (!next) return false;  // its key is not in memory: nothing moves
    if (!same(stored)) return RETRY;
    await db.drafts.put(next);
    if (changes === null) await db.outbox.delete(row.seq);
    else await db.outbox.update(row.seq, changes);
    return true;
  }));
}

/**
 * The frozen request body is sealed with the draft's own key (the row read earlier may name a key
 * a re-seal has since replaced; the commit checks the draft's key is still that one).
 */
async function sealedRowChanges(row, rowChanges, stored) {
  if (!rowChanges || !rowChanges.body) return rowChanges;
  const kid = stored?.kid || row.kid || (await keyring.ensureKidFor(stored || {}));
  if (!kid || !keyring.hasKey(kid)) return rowChanges;
  const sealed = await keyring.sealJson(kid, 'outbox', String(row.draft_id), rowChanges.body);
  return { ...rowChanges, body: { sealed }, kid };
}

/** A row whose draft is gone, or already sent, has nothing left to do. */
export const dropRow = (row) => db.outbox.delete(row.seq);

/** The runner takes the row: the PUT body is frozen in it the first time (every retry byte-identical). */
export const markSending = (row, body) => moveDraft('markSending', row, {}, { state: ROW.SENDING, body });

export const setProgress = (row, progress) => db.outbox.update(row.seq, { progress });

/** Try again at `dueAt`, never before `notBefore` (a Retry-After). */
export const retryLater = (row, error, dueAt, notBefore = 0) =>
  moveDraft('retryLater', row, {}, retryRowChanges(row, error, dueAt, notBefore));

/** A volunteer's dossier waits for that volunteer's own session: no attempt is counted. */
export const holdForSignIn = (row) => moveDraft('holdForSignIn', row, {}, holdRowChanges(Date.now()));

/** A person must change something (Cần sửa): the errors on their fields, the check page, the row done. */
export const needsFix = (row, errors) => moveDraft('needsFix', row, needsFixChanges(errors, Date.now(), CHECK_STEP), null);

/** The server has it: keep the receipt stub, drop the answers, files, outbox row and stash. */
export async function purgeToStub(row, receipt) {
  const now = Date.now();
  const done = await prepared(row.draft_id, async (stored, opened) => {
    if (writeCheck('purgeToStub', stored) !== 'ok' || opened.locked) return null;
    return sealMove(stubOf(opened, receipt, now), stored);
  }, (next, same) => db.transaction('rw', db.drafts, db.outbox, db.files, async () => {
    const stored = await db.drafts.get(row.draft_id);
    if (writeCheck('purgeToStub', stored) !== 'ok') {
      await db.outbox.delete(row.seq);  // stale row (see moveDraft)
      return false;
    }
    if (!next) return false;
    if (!same(stored)) return RETRY;
    await db.files.where('draft_id').equals(stored.id).delete();
    await db.outbox.where('draft_id').equals(stored.id).delete();
    await db.drafts.put(next);
    return true;
  }));
  dropStash(row.draft_id);
  return done;
}

/** Move `op` on the draft alone, no outbox row involved (a sent stub's news, a hand-over). */
export async function moveStub(op, id, changes) {
  return prepared(id, async (stored, opened) => {
    if (writeCheck(op, stored) !== 'ok' || opened.locked) return null;
    return sealMove(moved(opened, op, changes), stored);
  }, (next, same) => db.transaction('rw', db.drafts, async () => {
    const stored = await db.drafts.get(id);
    if (writeCheck(op, stored) !== 'ok' || !next) return false;
    if (!same(stored)) return RETRY;
    await db.drafts.put(next);
    return true;
  }));
}

/** What the server said about a sent dossier (state, receipt), and when it was asked. */
export const markPolled = (id, changes) => moveStub('markPolled', id, changes);

/** The receipt was handed over: the PIN is deleted from the device (states.handedChanges). */
export const markHanded = (id) => moveStub('markHanded', id, handedChanges(Date.now()));

/** Returned for a supplement (Cần bổ sung): reasons, and the answers when the server sent them. */
export const reopen = (id, changes) => moveStub('reopen', id, changes);

/** Connection or server back: every waiting row goes now (but not before a Retry-After). */
export async function wakeWaiting(filter = () => true) {
  const now = Date.now();
  await db.outbox.where('state').anyOf(ROW.QUEUED, ROW.SENDING).filter(filter)
    .modify((row) => { row.next_attempt_at = wakeAt(row, now); });
}

/** Someone signed in: rows held for a volunteer's session are looked at now. */
export const releaseHeld = () => wakeWaiting(isHeld);
