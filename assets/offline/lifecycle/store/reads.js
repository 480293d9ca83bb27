// The store's reads: records opened with the keys in memory (locked views otherwise). Also the
// browser tests' and bench's window.__tiepsucDevice, which reads the way the app does.
import { db, openFile } from '../../db.js';
import { ROW, STATUS, isHeld } from '../states.js';
import { openAll, openRecord, openRow } from './sealing.js';

export const readDraft = (id) => db.drafts.get(id).then(openRecord);
export const listDrafts = () => db.drafts.orderBy('updated_at').reverse().toArray().then(openAll);
export const outboxRows = () => db.outbox.toArray().then((rows) => Promise.all(rows.map(openRow)));
/** The outbox row of a draft (state, progress %), or undefined. */
export const outboxOf = (draftId) => db.outbox.where('draft_id').equals(draftId).first().then(openRow);
export const pendingCount = () => db.outbox.where('state').anyOf(ROW.QUEUED, ROW.SENDING).count();
/** Rows the outbox holds until their volunteer signs in (holdForSignIn). */
export const heldCount = () => db.outbox.where('state').equals(ROW.QUEUED).filter(isHeld).count();
export const sentStubs = () => db.drafts.where('status').equals(STATUS.SENT).toArray().then(openAll);
/** Records sealed with key `kid` (a forgotten PIN's old key): how many drafts wait behind it. */
export const sealedWith = (kid) => db.drafts.filter((d) => d.kid === kid).count();

// For the browser tests and the bench: the app's own reads (opened with the keys in memory).
if (typeof window !== 'undefined') {
  window.__tiepsucDevice = {
    readDraft,
    files: (id) => db.files.where('draft_id').equals(id).toArray().then((fs) => Promise.all(fs.map(openFile))),
    outbox: (id) => db.outbox.where('draft_id').equals(id).toArray().then((rows) => Promise.all(rows.map(openRow))),
  };
}
