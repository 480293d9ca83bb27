// The outbox runner: sends queued dossiers (tus uploads first, then the idempotent PUT of
// docs/sync-protocol.md §2), purges what the server confirmed, and polls sent dossiers for a
// supplement request (§3). Every change to a draft or an outbox row is a named operation of
// lifecycle/store.js; what a server answer means is sync-logic.js.
//
// Exactly once:
//   - one runner at a time across every tab of the origin: the Web Lock "tiepsuc-outbox"
//     (a tab that cannot take it asks the holder, over the BroadcastChannel, to run again);
//   - the PUT body is frozen in the outbox row the first time it is built, so every retry is
//     byte-identical (the server answers a repeat with 200, never a second dossier);
//   - the server's unique client_uuid settles anything that still races (two devices, a reply
//     lost after the commit).
// Started by app/start.js; runs then, on the `online` event, when the health probe sees the
// server come back, when a dossier is queued, and on a timer at the earliest next_attempt_at.
import * as data from './data.js';
import { getFile } from './db.js';
import * as store from './lifecycle/store.js';
import { keysEpoch } from './crypto/keyring.js';
import { STATUS, handedChanges } from './lifecycle/states.js';
import { submission, todayIso } from './model.js';
import {
  POLL_EVERY_MS, dueRows, fieldErrors, nextAttemptAt, nextWake, percent, pollVerdict, putVerdict, retryAfterMs,
  returnedChanges, uploadOutcome,
} from './sync-logic.js';
import { forgetUploads, uploadFile } from './upload.js';
import { forgetSession, readSession, sendBlock } from './session.js';

const LOCK = 'tiepsuc-outbox';
const CHANNEL = 'tiepsuc-sync';
const PARALLEL = 3;

let started = false;
let channel = null;
let wakeTimer = null;
let running = false;
let again = false;
let pollAll = true;

const stats = { puts: 0, runs: 0 };
if (typeof window !== 'undefined') window.__tiepsucSync = stats;

/** A request that hangs (a stalled connection) must not hold the outbox lock forever. */
const timeout = (ms) => (typeof AbortSignal !== 'undefined' && AbortSignal.timeout ? AbortSignal.timeout(ms) : undefined);

export function csrf() {
  const m = document.cookie.match(/(?:^|;\s*)ts_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

function withLock(fn) {
  if (navigator.locks?.request) {
    return navigator.locks.request(LOCK, { ifAvailable: true }, async (lock) => {
      if (!lock) return false;
      await fn();
      return true;
    });
  }
  return fn().then(() => true);  // no Web Locks: one tab at a time is then not guaranteed
}

/** Ask for a run now (this tab, or the tab holding the lock). */
export function kickSync({ poll = false } = {}) {
  if (poll) pollAll = true;
  try { channel?.postMessage({ type: 'kick', poll }); } catch { /* closed */ }
  run();
}

async function run() {
  if (typeof navigator === 'undefined') return;
  if (running) { again = true; return; }
  running = true;
  try {
    do {
      again = false;
      const ran = await withLock(runOnce);
      if (!ran) { schedule(Date.now() + 700); break; }  // another tab is sending; look again soon
    } while (again);
  } catch (err) {
    console.warn('sync run failed', err);
  } finally {
    running = false;
  }
}

async function runOnce() {
  stats.runs += 1;
  if (!navigator.onLine) { schedule(null); return; }
  for (;;) {
    // A row sealed with a key not in memory (the app restarted, no PIN typed yet) waits, uncounted.
    const rows = dueRows((await store.outboxRows()).filter(store.canSend), Date.now());
    if (!rows.length) break;
    // A few dossiers at a time: on a slow link one request's round trip no longer leaves the
    // line idle (each row is still one dossier, sent by this one runner).
    await Promise.all(rows.slice(0, PARALLEL).map((row) => sendOne(row).catch((err) => retry(row, String(err)))));
  }
  await pollSent();
  schedule(nextWake((await store.outboxRows()).filter(store.canSend)));
}

function schedule(at) {
  clearTimeout(wakeTimer);
  const nextPoll = Date.now() + POLL_EVERY_MS;
  const when = at === null ? nextPoll : Math.min(at, nextPoll);
  wakeTimer = setTimeout(run, Math.max(250, when - Date.now()));
}

/** Try again later: the backoff, or the server's Retry-After when it sent one. */
function retry(row, error, retryAfterHeader = null) {
  const now = Date.now();
  const { dueAt, notBefore } = nextAttemptAt((row.attempts || 0) + 1, now, retryAfterMs(retryAfterHeader, now));
  return store.retryLater(row, error, dueAt, notBefore);
}

async function sendOne(row) {
  const draft = await store.readDraft(row.draft_id);
  if (draft?.locked) return;  // its key left memory meanwhile
  if (!draft || draft.status === STATUS.SENT || !draft.answers) { await store.dropRow(row); return; }
  if (sendBlock(draft, readSession())) { await store.holdForSignIn(row); return; }
  const proc = await data.procedure(draft.procedure_code, draft.catalog_version).catch(() => null);
  if (!proc) { await retry(row, 'procedure'); return; }
  let body = row.body;
  if (!body) {
    const { extra, ...put } = submission(proc, draft, todayIso());  // eslint-disable-line no-unused-vars
    body = put;
  }
  if (!(await store.markSending(row, body))) return;

  // 1. Attachments (each distinct file once), resumable.
  const shas = [...new Set(body.attachments.map((a) => a.sha256))];
  const files = [];
  for (const sha of shas) {
    const f = await getFile(draft.id, sha);
    if (f) files.push(f);
    else if ((draft.version || 1) === 1 && !(draft.kept_files || []).includes(sha)) {
      const ref = body.attachments.find((a) => a.sha256 === sha);
      await store.needsFix(row, [{ field: ref.field, key: 'sync.file_missing', params: {} }]);
      return;
    }  // a resubmission, or a kept document copied on the server, references files it already holds
  }
  const total = files.reduce((n, f) => n + f.blob.size, 0);
  let doneBytes = 0;
  let lastWrite = 0;
  for (const f of files) {
    try {
      await uploadFile({
        dossier: draft.id, token: draft.device_token, sha256: f.sha256, blob: f.blob,
        documentId: f.document_id, procedureCode: draft.procedure_code, name: f.name,
        onProgress: (sent) => {
          const now = Date.now();
          if (now - lastWrite < 150) return;
          lastWrite = now;
          store.setProgress(row, percent(doneBytes + sent, total));
        },
      });
    } catch (err) {
      if (err.status && uploadOutcome(err.status) === 'needs_fix') {
        const ref = body.attachments.find((a) => a.sha256 === f.sha256);
        const field = ref?.field || f.field;
        await store.needsFix(row, fieldErrors(err.detail, field).map((e) => ({ ...e, field: field || e.field })));
      } else {
        await retry(row, `upload ${err.status || 'network'}`, err.retryAfter);
      }
      return;
    }
    doneBytes += f.blob.size;
    await store.setProgress(row, percent(doneBytes, total));
  }

  // 2. The dossier itself.
  let res;
  try {
    const headers = { 'Content-Type': 'application/json', 'X-Dossier-Token': draft.device_token };
    if (draft.channel === 'volunteer') headers['X-CSRF-Token'] = csrf();
    stats.puts += 1;
    res = await fetch(`/api/v1/dossiers/${draft.id}`, { method: 'PUT', headers, body: JSON.stringify(body), credentials: 'same-origin', cache: 'no-store', signal: timeout(60_000) });
  } catch {
    await retry(row, 'network');
    return;
  }
  let payload = null;
  try { payload = await res.json(); } catch { payload = null; }
  switch (putVerdict(res.status, payload, draft.channel)) {
    case 'sent':
      await store.purgeToStub(row, payload);
      forgetUploads(draft.id);
      break;
    case 'sign_in':
      forgetSession();  // the session expired or was revoked: wait for the volunteer to sign in again
      await store.holdForSignIn(row);
      break;
    case 'needs_fix':
      await store.needsFix(row, fieldErrors(payload?.detail));
      break;
    default:
      await retry(row, `put ${res.status}`, res.headers.get('Retry-After'));
  }
}

/** Ask the server about sent dossiers: returned for a supplement? accepted? */
async function pollSent() {
  const force = pollAll;
  pollAll = false;
  const now = Date.now();
  // A stub sealed with a key not in memory cannot be asked about (its token is sealed): it waits
  // for the key, whose arrival asks about every stub (startSync).
  const stubs = (await store.sentStubs()).filter((d) => !d.locked && (force || now - (d.polled_at || 0) >= POLL_EVERY_MS));
  for (const stub of stubs) {
    let res;
    try {
      res = await fetch(`/api/v1/dossiers/${stub.id}`, { headers: { 'X-Dossier-Token': stub.device_token }, cache: 'no-store', credentials: 'same-origin', signal: timeout(30_000) });
    } catch { return; }
    if (!res.ok) { await store.markPolled(stub.id, { polled_at: now }); continue; }
    const info = await res.json().catch(() => null);
    if (!info) continue;
    if (pollVerdict(stub, info) === 'reopen') {
      const proc = await data.procedure(stub.procedure_code).catch(() => null);
      await store.reopen(stub.id, returnedChanges(stub, info, proc, Date.now()));
    } else {
      await store.markPolled(stub.id, { polled_at: now, server_state: info.state, receipt: info.receipt || null,
        ...(info.receipt_handed_over ? handedChanges(now) : {}) });
    }
  }
}

/**
 * "Đã giao giấy tiếp nhận": tell the server the receipt (with the PIN) was printed or handed over,
 * then delete the PIN from this device. → 'ok' | 'offline' | 'failed'.
 */
export async function markReceiptHanded(stub) {
  const headers = { 'X-Dossier-Token': stub.device_token };
  if (csrf()) headers['X-CSRF-Token'] = csrf();
  let res;
  try {
    res = await fetch(`/api/v1/dossiers/${stub.id}/receipt-handed`, { method: 'POST', headers, cache: 'no-store',
      credentials: 'same-origin', signal: timeout(30_000) });
  } catch { return 'offline'; }
  if (!res.ok) return 'failed';
  await store.markHanded(stub.id);
  return 'ok';
}

/** Start the runner once per page (app/start.js). */
export function startSync() {
  if (started || typeof window === 'undefined') return;
  started = true;
  if ('BroadcastChannel' in window) {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (e) => { if (e.data?.type === 'kick') { if (e.data.poll) pollAll = true; run(); } };
  }
  // A key entered memory (the PIN was typed): what waited behind it goes now.
  keysEpoch.subscribe(() => { pollAll = true; run(); });
  run();
}

/** The connection (`online`) or the server (health probe) is back: everything waiting goes now. */
export async function wakeUp({ poll = false } = {}) {
  await store.wakeWaiting().catch(() => {});
  kickSync({ poll });
}

/** Someone signed in: dossiers held for a volunteer's session are looked at now. */
export async function releaseHeld() {
  await store.releaseHeld().catch(() => {});
  kickSync();
}
