// The device-side lifecycle of a draft and its outbox row (docs/sync-protocol.md §4), as data:
// the states, the named operations and the states each may start from, and what each one writes.
// Pure (no browser API), so tests/js/offline_lifecycle.test.mjs runs it under node. The writes
// themselves are lifecycle/store.js (modules in store/), the only code that writes the drafts and outbox tables.
//
//   draft ─enqueue─▶ queued ─markSending─▶ sending ─purgeToStub─▶ sent ─reopen─▶ returned
//                      ▲ ◀─retryLater, holdForSignIn─┘  │                          │
//                      │                            needsFix                       │
//                      │                               ▼                           │
//                      ├───────────enqueue───────── needs_fix                      │
//                      └───────────enqueue (version + 1) ──────────────────────────┘
//   save: a person's edit, in draft, needs_fix or returned (never over queued, sending, sent)
//   draft, needs_fix ─handOver─▶ handed ─takeBack─▶ draft   (issue 16: handed to another volunteer;
//   deleted once the server says the receiver has it, given back if the package expired)
//   (MOVES below is the exact table: the outbox's moves start from queued or sending.)
export const STATUS = Object.freeze({
  DRAFT: 'draft', QUEUED: 'queued', SENDING: 'sending', SENT: 'sent', NEEDS_FIX: 'needs_fix', RETURNED: 'returned',
  HANDED: 'handed',
});
export const STATES = Object.freeze(Object.values(STATUS));

/** An outbox row is waiting (queued) or being worked on (sending); a finished row is deleted. */
export const ROW = Object.freeze({ QUEUED: 'queued', SENDING: 'sending' });
export const ROW_STATES = Object.freeze(Object.values(ROW));

/** Why a waiting row is held back rather than retried (session.sendBlock). */
export const HELD_FOR_SIGN_IN = 'sign_in';
/** A held dossier is looked at again after this; signing in releases it at once. */
export const SIGN_IN_RECHECK_MS = 60_000;

const { DRAFT, QUEUED, SENDING, SENT, NEEDS_FIX, RETURNED, HANDED } = STATUS;
const EDITABLE = [DRAFT, NEEDS_FIX, RETURNED];
const IN_OUTBOX = [QUEUED, SENDING];

/**
 * Each store operation: the statuses it may start from, the status it leaves (null: unchanged or
 * removed), and whether it is a person's edit that must hold the latest revision (compare-and-set
 * on `rev`); the outbox's own moves act only on rows no person can edit.
 */
export const MOVES = Object.freeze({
  save: { from: EDITABLE, to: null, cas: true, create: true },
  enqueue: { from: EDITABLE, to: QUEUED, cas: true, create: true },
  markSending: { from: IN_OUTBOX, to: SENDING },
  retryLater: { from: IN_OUTBOX, to: QUEUED },
  holdForSignIn: { from: IN_OUTBOX, to: QUEUED },
  needsFix: { from: IN_OUTBOX, to: NEEDS_FIX },
  purgeToStub: { from: IN_OUTBOX, to: SENT },
  markPolled: { from: [SENT], to: null },
  markHanded: { from: [SENT, RETURNED], to: null },
  reopen: { from: [SENT], to: RETURNED },
  handOver: { from: [DRAFT, NEEDS_FIX], to: HANDED },
  takeBack: { from: [HANDED], to: DRAFT },
  delete: { from: STATES, to: null },
});

/** In the outbox or sent: only the outbox moves it; no tab's autosave writes over it. */
export const LOCKED = new Set([QUEUED, SENDING, SENT, HANDED]);

/** Queued, sending or sent: the wizard shows the sync panel, not the form. */
export const isLocked = (status) => LOCKED.has(status);
export const isEditable = (status) => EDITABLE.includes(status);

/** The receipt stub (sent, or returned without the answers read back): no answers, no files. */
export const isStub = (d) => !!d && (d.status === SENT || (d.status === RETURNED && !d.answers));

/**
 * May `op` write over `stored`, for a tab that last read or wrote revision `baseRev`?
 *   ok      — go ahead
 *   locked  — the draft is in the outbox or sent: nothing but the outbox changes it
 *   stale   — another tab (or window) wrote a newer revision: reload it, write nothing
 *   gone    — deleted meanwhile (or never written, for an outbox move)
 *   illegal — the operation does not start from this status
 */
export function writeCheck(op, stored, baseRev = null) {
  const move = MOVES[op];
  if (!move) throw new Error(`unknown operation ${op}`);
  if (!stored) return move.create && !baseRev ? 'ok' : 'gone';
  if (!move.from.includes(stored.status)) return LOCKED.has(stored.status) ? 'locked' : 'illegal';
  if (move.cas && (stored.rev || 0) !== (baseRev || 0)) return 'stale';
  return 'ok';
}

/** The record a person's edit writes: the next revision after the one it was made on. */
/**
 * The stored record is still the one a write was prepared from: the same revision and the same
 * key. A re-seal (a forgotten PIN's records recovered) keeps the revision but changes the key, so a
 * move prepared before it must not put back the old key's copy.
 */
export const sameVersion = (now, before) =>
  (now?.rev ?? null) === (before?.rev ?? null) && (now?.kid ?? null) === (before?.kid ?? null);

export const savedRecord = (draft, baseRev) => ({ ...draft, rev: (baseRev || 0) + 1 });

/** The draft as it enters the outbox: queued, server errors cleared, the next revision. */
export const queuedRecord = (draft, baseRev, now) => ({
  ...draft, status: QUEUED, server_errors: [], updated_at: now, queued_at: now, rev: (baseRev || 0) + 1,
});

/**
 * A draft handed over by another volunteer, as the receiver's tablet keeps it (issue 16): theirs
 * now (owner), a draft again, and without the consent record, which names the volunteer who
 * helped: the receiver asks the citizen again.
 */
export function receivedRecord(draft, receiver, from, now) {
  const { consent, queued_at, handover, ...rest } = draft;  // eslint-disable-line no-unused-vars
  return {
    ...rest, channel: 'volunteer', owner: receiver.username, owner_name: receiver.display_name || receiver.username,
    status: draft.status === NEEDS_FIX ? NEEDS_FIX : DRAFT, consent: null, received_from: { name: from, at: now },
    updated_at: now, rev: 1,
  };
}

/**
 * What a tablet tells the server about what it holds (docs/devices-protocol.md): per owner the
 * drafts (draft, needs_fix, returned) and queued dossiers (queued, sending), and the age of the
 * oldest queued one. Counts only: `drafts` are records with nothing but status, owner, channel,
 * queued_at / updated_at read.
 */
export function waitingCounts(drafts, now) {
  const by = new Map();
  let oldest = null;
  for (const d of drafts) {
    const drafting = EDITABLE.includes(d.status);
    const queued = IN_OUTBOX.includes(d.status);
    if (!drafting && !queued) continue;
    const username = d.channel === 'volunteer' ? d.owner : null;
    const row = by.get(username) || { username, drafts: 0, queued: 0 };
    if (drafting) row.drafts += 1;
    if (queued) {
      row.queued += 1;
      const at = d.queued_at || d.updated_at;
      if (at && (oldest === null || at < oldest)) oldest = at;
    }
    by.set(username, row);
  }
  return { waiting: [...by.values()], oldest_queued_age_s: oldest === null ? null : Math.max(0, Math.floor((now - oldest) / 1000)) };
}

/** The one outbox row of a queued draft. */
export const newRow = (draftId, now) => ({ draft_id: draftId, kind: 'submit', state: ROW.QUEUED, attempts: 0, next_attempt_at: now });

/** An outbox move applied to the stored draft: the new status and the next revision. */
export const moved = (stored, op, changes = {}) => ({
  ...stored, ...changes, ...(MOVES[op].to ? { status: MOVES[op].to } : {}), rev: (stored.rev || 0) + 1,
});

/** What "needs fix" writes: the server's errors on their fields, and the screen to resume on. */
export const needsFixChanges = (errors, now, resumeStep) => ({ server_errors: errors, step: resumeStep, updated_at: now });

/**
 * The row's changes for "try again later": one more attempt, due at `dueAt` (backoff and any
 * Retry-After, sync-logic.nextAttemptAt), never before `notBefore` even when the connection comes
 * back (the server asked for the wait).
 */
export const retryRowChanges = (row, error, dueAt, notBefore = 0) => ({
  state: ROW.QUEUED, attempts: (row.attempts || 0) + 1, next_attempt_at: dueAt, not_before: notBefore,
  last_error: error, progress: row.progress || 0,
});

/** Held for its volunteer's sign-in: no attempt counted, looked at again in a minute. */
export const holdRowChanges = (now) => ({ state: ROW.QUEUED, next_attempt_at: now + SIGN_IN_RECHECK_MS, last_error: HELD_FOR_SIGN_IN });

/** Waiting rows go now (connection or server back, a sign-in), but never before the server's Retry-After. */
export const wakeAt = (row, now) => Math.max(now, row.not_before || 0);

export const isHeld = (row) => !!row && row.state === ROW.QUEUED && row.last_error === HELD_FOR_SIGN_IN;
export const isWaiting = (row) => !!row && ROW_STATES.includes(row.state);

/**
 * A pagehide stash (written synchronously while the page unloads) goes back into the store only
 * if it was made on the revision still stored, or on this tab's own write that was still in
 * flight (`pending`: its rev and updated_at): a newer revision from another tab wins.
 */
export function stashApplies(stash, stored) {
  if (!stash || !stash.draft || !stash.draft.id) return false;
  if (stored && !isEditable(stored.status)) return false;
  if (writeCheck('save', stored, stash.base_rev) === 'ok') return true;
  const own = stash.pending;
  return !!(own && stored && stored.rev === own.rev && stored.updated_at === own.updated_at);
}

/** The receipt stub kept after the server confirmed receipt: no answers, no files. */
export function stubOf(draft, receipt, now = Date.now()) {
  return {
    id: draft.id,
    procedure_code: draft.procedure_code,
    channel: draft.channel,
    owner: draft.owner,
    owner_name: draft.owner_name || '',  // the volunteer's display name, for a returned dossier's consent
    device_token: draft.device_token,
    version: receipt.version ?? draft.version,
    status: SENT,
    code: receipt.code,
    pin: receipt.pin,
    received_at: receipt.received_at,
    due_at: receipt.due_at ?? null,
    server_state: receipt.state,
    sent_at: now,
    created_at: draft.created_at,
    updated_at: now,
    polled_at: now,
    rev: (draft.rev || 0) + 1,
    // The name masked as the server's lists show it ("N. V. An"): enough to tell dossiers apart.
    summary: { procedure_name: draft.summary?.procedure_name || null, citizen_masked: draft.summary?.citizen_masked || '' },
    // The payment choice is not sent in the PUT body and is no personal data: kept so that a
    // returned dossier's fee screen stays answered.
    extra: draft.extra?.payment_method ? { payment_method: draft.extra.payment_method } : {},
  };
}

/** The receipt was printed or handed to the citizen (services/handover.py): the PIN goes. */
export const handedChanges = (now) => ({ pin: null, receipt_handed: true, updated_at: now });

/** Show the PIN on this device? Until the receipt is handed over. */
export const showsPin = (d) => !!d && !!d.pin && !d.receipt_handed;

/**
 * What a tab showing the draft at revision `knownRev` does when the stored record changes
 * (revisions only grow, so an older snapshot arriving late is nothing new):
 *   none     — nothing new (its own write, an older snapshot, or not loaded)
 *   gone     — deleted elsewhere
 *   done     — the outbox has it (queued, sending, sent): show the sync panel
 *   reopened — the outbox gave it back to a person (Cần sửa, Cần bổ sung)
 *   changed  — another tab or window edited it: show the new values and say so
 */
export function followStored(shown, knownRev, stored) {
  if (stored === undefined || !shown) return 'none';
  if (stored === null) return knownRev ? 'gone' : 'none';
  if (stored.id !== shown.id || (stored.rev || 0) <= (knownRev || 0)) return 'none';
  if (LOCKED.has(stored.status) || isStub(stored)) return 'done';
  if ((stored.status === NEEDS_FIX || stored.status === RETURNED) && stored.status !== shown.status) return 'reopened';
  return 'changed';
}
