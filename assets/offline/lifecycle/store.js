// The named store operations of the draft and outbox lifecycle (lifecycle/states.js): the only
// code that writes the `drafts` and `outbox` tables. The wizard and the outbox runner (sync.js)
// both call these.
//
// Every operation prepares its records first and then runs ONE short Dexie transaction that
// re-reads what it changes, checks the move (states.writeCheck) and writes. Nothing but Dexie is
// awaited inside a transaction: awaiting any other promise (fetch, crypto) commits it early, so
// such work (encryption) belongs in the preparation, before the transaction opens.
//
// Everything personal is encrypted at rest (docs/device-encryption.md, crypto/): a draft is
// stored as its clear fields (ids, states, timestamps, revision) plus a sealed part, an outbox
// row's frozen request body is sealed, and so is the pagehide stash (synchronously). A move that
// must re-seal a record reads and opens it first, seals the result, and writes it only if the
// revision it read is still the stored one (else it prepares again).
//
// A person's edits (save, enqueue, the pagehide stash) are compare-and-set on `rev`: a tab
// writes only over the revision it last read or wrote, so it never replaces a newer one written
// by another tab or window; the caller gets {ok: false, reason: 'stale', current} and shows it.
import { db, openFile, sealFileRow } from '../db.js';
import * as keyring from '../crypto/keyring.js';
import { DRAFT_CLEAR, isSealed, join, lockedView, sameSealed, split } from '../crypto/envelope.js';
import { CHECK_STEP } from '../model.js';
import {
  ROW, STATUS, holdRowChanges, isHeld, moved, needsFixChanges, newRow, queuedRecord, retryRowChanges, savedRecord,
  handedChanges, receivedRecord, sameVersion, stashApplies, stubOf, wakeAt, waitingCounts, writeCheck,
} from './states.js';

const STASH = 'tiepsuc.unsaved.';

// Latencies (ms) from the input event to the IndexedDB commit, for bench/frontend_bench.py.
const latencies = [];
// And the write itself (seal + transaction, from saveDraft's call to the commit), for bench/encryption_bench.py.
const writes = [];
if (typeof window !== 'undefined') { window.__tiepsucAutosave = latencies; window.__tiepsucSaveWrite = writes; }
const clock = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

const refused = (reason, current) => ({ ok: false, reason, current: current ?? null });
const RETRY = Symbol('retry');
const TRIES = 5;

// ------------------------------------------------------------------ sealing

/** The record as stored: clear fields, its key id and the sealed rest (crypto/envelope.js). */
async function seal(record, kid) {
  const { clear, secret } = split(record, DRAFT_CLEAR);
  return { ...clear, kid, sealed: await keyring.sealJson(kid, 'drafts', record.id, secret) };
}

/** A person's edit is sealed with the key of whoever files the draft; none in memory → null. */
async function sealEdit(record) {
  const kid = await keyring.ensureKidFor(record);
  return kid ? seal(record, kid) : null;
}

/** An outbox move keeps the record's key; an old clear record is sealed now when a key is at hand. */
async function sealMove(record, stored) {
  if (stored && isSealed(stored)) return seal(record, stored.kid);
  const kid = await keyring.ensureKidFor(record).catch(() => null);
  return kid ? seal(record, kid) : record;
}

/** What a reader sees: the opened record, or its clear fields with `locked: true` while its key is not in memory. */
export async function openRecord(stored) {
  if (!stored || !isSealed(stored)) return stored;
  const secret = await keyring.openJson(stored.sealed, 'drafts', stored.id);
  return secret === null ? lockedView(stored) : join(stored, secret);
}

const openAll = (records) => Promise.all(records.map(openRecord));

async function openRow(row) {
  if (!row || !row.body || !row.body.sealed) return row;
  const body = await keyring.openJson(row.body.sealed, 'outbox', String(row.draft_id));
  return body === null ? { ...row, body: null, locked: true } : { ...row, body };
}

/** May the outbox work on this row now (its key is in memory)? A locked row waits, uncounted. */
export const canSend = (row) => !!row && keyring.hasKey(row.kid);

/**
 * Prepare-then-commit: `prepare(stored, opened)` (outside any transaction; may encrypt) returns
 * what `commit(next)` writes inside one transaction, which goes ahead only if the draft's
 * revision and key are still the ones prepared from (states.sameVersion).
 */
async function prepared(id, prepare, commit) {
  for (let i = 0; i < TRIES; i += 1) {
    const stored = await db.drafts.get(id);
    const opened = await openRecord(stored);
    const next = await prepare(stored, opened);
    const result = await commit(next, (now) => sameVersion(now, stored));
    if (result !== RETRY) return result;
  }
  return false;
}

// ------------------------------------------------------------------ reads

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

// ------------------------------------------------------------------ a person's edits

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

/**
 * Called from pagehide / visibilitychange(hidden) when a change is still inside the autosave
 * debounce. An IndexedDB transaction started while the document is being unloaded may be
 * aborted, so the draft is also stashed in localStorage, which is written synchronously, with
 * the revision it was made on and this tab's own write still in flight (`pending`, or null);
 * openDraft() folds it back only over one of those. The caller still saves it as usual.
 */
export function stashDraft(draft, baseRev, pending = null) {
  try {
    // Sealed synchronously with the in-memory key (no promise can finish while the page unloads);
    // with no key in memory nothing is stashed: a draft is never written in clear.
    const text = keyring.stashSeal(keyring.kidFor(draft), draft.id, { draft, base_rev: baseRev || 0, pending });
    if (text) localStorage.setItem(STASH + draft.id, text);
  } catch { /* quota or private mode */ }
}

function readStash(id) {
  try {
    const stash = keyring.stashOpen(localStorage.getItem(STASH + id), id);
    return stash && stash.draft && stash.draft.id === id ? stash : null;
  } catch {
    return null;
  }
}

function dropStash(id) {
  try { localStorage.removeItem(STASH + id); } catch { /* ignore */ }
}

/** A saved record at least as new as the stash makes it useless: drop it (it holds personal data). */
function settleStash(record) {
  const stash = readStash(record.id);
  if (stash && (stash.draft.updated_at || 0) <= (record.updated_at || 0)) dropStash(record.id);
}

/** The stored draft, with a pagehide stash folded back when it was made on the stored revision. */
export async function openDraft(id) {
  try { await keyring.prepareStash(localStorage.getItem(STASH + id)); } catch { /* no storage */ }
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

// ------------------------------------------------------------------ the outbox's moves

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

async function moveStub(op, id, changes) {
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

// ------------------------------------------------------------------ shared tablets (issue 16)

/**
 * What this tablet holds, as counts per owner and the oldest queued age (states.waitingCounts), for
 * the device report. Reads only status, owner, channel and the queue times of each record.
 */
export async function waitingSummary(now = Date.now()) {
  const facts = [];
  await db.drafts.each((d) => { facts.push({ status: d.status, owner: d.owner, channel: d.channel, queued_at: d.queued_at, updated_at: d.updated_at }); });
  return waitingCounts(facts, now);
}

/** Handed to another volunteer: locked on this tablet until the receiver has it (`handover`: id, to). */
export const handOver = (id, handover) => moveStub('handOver', id, { handover, updated_at: Date.now() });

/** The hand-over expired or failed: the draft is this volunteer's again. */
export const takeBack = (id) => moveStub('takeBack', id, { handover: null, updated_at: Date.now() });

/**
 * Store a draft handed over by another volunteer, with its files (`files`: [{sha256, blob, name,
 * document_id, field, original_size}]), as `receiver`'s. One transaction; a draft already on this
 * tablet is left as it is (→ false).
 */
export async function importDraft(draft, files, receiver, fromName) {
  const now = Date.now();
  const record = receivedRecord(draft, receiver, fromName, now);
  const plain = files.map((f) => ({
    key: `${record.id}:${f.sha256}`, draft_id: record.id, sha256: f.sha256, blob: f.blob, mime: f.blob.type,
    size: f.blob.size, created_at: now, name: f.name, document_id: f.document_id, field: f.field,
    original_size: f.original_size ?? f.blob.size,
  }));
  // Sealed with the receiver's key before the transaction (docs/device-encryption.md).
  const sealed = (await sealEdit(record)) || record;
  const rows = sealed.kid ? await Promise.all(plain.map((r) => sealFileRow(r, sealed.kid))) : plain;
  return db.transaction('rw', db.drafts, db.files, async () => {
    if (await db.drafts.get(record.id)) return false;
    await db.files.bulkPut(rows);
    await db.drafts.put(sealed);
    return true;
  });
}

const WIPED_KEEP = new Set(['tiepsuc.lang']);

/**
 * A revoked tablet: delete everything personal it holds, in every table (drafts, files, outbox,
 * meta: the device registration and any key material go too), and every localStorage entry of
 * the app (pagehide stashes, remembered upload URLs, the signed-in identity), but the language.
 */
export async function wipeAll() {
  await db.transaction('rw', db.drafts, db.files, db.outbox, db.meta, async () => {
    await db.files.clear();
    await db.outbox.clear();
    await db.drafts.clear();
    await db.meta.clear();
  });
  try {
    const keys = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k && (k.startsWith('tiepsuc') || k.startsWith('tus::')) && !WIPED_KEEP.has(k)) keys.push(k);
    }
    keys.forEach((k) => localStorage.removeItem(k));
  } catch { /* no storage */ }
  keyring.dropKeys();  // the wrapped keys went with meta; nothing sealed is left to open
}

// ------------------------------------------------------------------ a forgotten PIN's old key

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

// For the browser tests and the bench: the app's own reads (opened with the keys in memory).
if (typeof window !== 'undefined') {
  window.__tiepsucDevice = {
    readDraft,
    files: (id) => db.files.where('draft_id').equals(id).toArray().then((fs) => Promise.all(fs.map(openFile))),
    outbox: (id) => db.outbox.where('draft_id').equals(id).toArray().then((rows) => Promise.all(rows.map(openRow))),
  };
}
