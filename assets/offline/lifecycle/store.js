// The named store operations of the draft and outbox lifecycle (lifecycle/states.js): the public
// entry of store/, the only code that writes the `drafts` and `outbox` tables. The wizard and the
// outbox runner (sync.js) both call these; the modules of store/ never import this file.
//
// Every operation prepares its records first and then runs ONE short Dexie transaction that
// re-reads what it changes, checks the move (states.writeCheck) and writes. Nothing but Dexie is
// awaited inside a transaction: awaiting any other promise (fetch, crypto) commits it early, so
// such work (encryption) belongs in the preparation, before the transaction opens
// (store/sealing.prepared).
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
export { canSend, openRecord } from './store/sealing.js';
export {
  heldCount, listDrafts, outboxOf, outboxRows, pendingCount, readDraft, sealedWith, sentStubs,
} from './store/reads.js';
export { stashDraft } from './store/stash.js';
export { deleteDraft, enqueue, openDraft, saveDraft } from './store/edits.js';
export {
  dropRow, holdForSignIn, markHanded, markPolled, markSending, needsFix, purgeToStub, releaseHeld, reopen,
  retryLater, setProgress, wakeWaiting,
} from './store/outbox.js';
export { handOver, importDraft, takeBack, waitingSummary, wipeAll } from './store/tablets.js';
export { discardSealed, recordsSealedWith, reseal } from './store/forgotten-pin.js';
