// The outbox runner: sends queued dossiers (tus uploads first, then the idempotent PUT of
// docs/sync-protocol.md §2), purges what the server confirmed, and polls sent dossiers for a
// supplement request (§3).
//
// Exactly once:
//   - one runner at a time across every tab of the origin: the Web Lock "tiepsuc-outbox"
//     (a tab that cannot take it asks the holder, over the BroadcastChannel, to run again);
//   - the PUT body is frozen in the outbox row the first time it is built, so every retry is
//     byte-identical (the server answers a repeat with 200, never a second dossier);
//   - the server's unique client_uuid settles anything that still races (two devices, a reply
//     lost after the commit).
// Runs when the page starts, on the `online` event, when the health probe sees the server come
// back, when a dossier is queued, and on a timer at the earliest next_attempt_at (backoff + jitter).
import { db } from './db.js';
import * as data from './data.js';
import { consentStatement, submission, todayIso } from './model.js';
import { backoffMs, dueRows, fieldErrors, nextWake, outcome, percent, stubOf, POLL_EVERY_MS,
  answersForWizard, reasonErrors } from './sync-logic.js';
import { forgetUploads, uploadFile } from './upload.js';
import { forgetSession, readSession, sendBlock } from './session.js';

const LOCK = 'tiepsuc-outbox';
const CHANNEL = 'tiepsuc-sync';
const STASH = 'tiepsuc.unsaved.';
const PARALLEL = 3;
const SIGN_IN_RECHECK_MS = 60_000;  // a held dossier is looked at again; signing in kicks it at once

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

function csrf() {
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
    const rows = dueRows(await db.outbox.toArray(), Date.now());
    if (!rows.length) break;
    // A few dossiers at a time: on a slow link one request's round trip no longer leaves the
    // line idle (each row is still one dossier, sent by this one runner).
    await Promise.all(rows.slice(0, PARALLEL).map((row) => sendOne(row).catch((err) => retryLater(row, String(err)))));
  }
  await pollSent();
  schedule(nextWake(await db.outbox.toArray()));
}

function schedule(at) {
  clearTimeout(wakeTimer);
  const nextPoll = Date.now() + POLL_EVERY_MS;
  const when = at === null ? nextPoll : Math.min(at, nextPoll);
  wakeTimer = setTimeout(run, Math.max(250, when - Date.now()));
}

async function setRow(seq, changes) {
  await db.outbox.update(seq, changes);
}

async function retryLater(row, error) {
  const attempts = (row.attempts || 0) + 1;
  await db.transaction('rw', db.outbox, db.drafts, async () => {
    await db.outbox.update(row.seq, { state: 'queued', attempts, next_attempt_at: Date.now() + backoffMs(attempts), last_error: error, progress: row.progress || 0 });
    await db.drafts.update(row.draft_id, { status: 'queued' });
  });
}

/**
 * A volunteer's dossier waits for that volunteer's own session (session.js sendBlock): no
 * attempt is counted, nothing is sent, the draft stays queued with the reason on its row.
 */
async function holdForSignIn(row) {
  await db.transaction('rw', db.outbox, db.drafts, async () => {
    await db.outbox.update(row.seq, { state: 'queued', next_attempt_at: Date.now() + SIGN_IN_RECHECK_MS, last_error: 'sign_in' });
    await db.drafts.update(row.draft_id, { status: 'queued' });
  });
}

async function needsFix(row, draft, errors) {
  await db.transaction('rw', db.outbox, db.drafts, async () => {
    await db.outbox.delete(row.seq);
    await db.drafts.update(draft.id, { status: 'needs_fix', server_errors: errors, step: '__check', updated_at: Date.now() });
  });
}

/** The server has it: keep the receipt stub, drop the answers, files and every local copy. */
async function purge(row, draft, receipt) {
  await db.transaction('rw', db.outbox, db.drafts, db.files, async () => {
    await db.files.where('draft_id').equals(draft.id).delete();
    await db.outbox.where('draft_id').equals(draft.id).delete();
    await db.drafts.put(stubOf(draft, receipt));
  });
  forgetUploads(draft.id);
  try { localStorage.removeItem(STASH + draft.id); } catch { /* ignore */ }
}

async function sendOne(row) {
  const draft = await db.drafts.get(row.draft_id);
  if (!draft || draft.status === 'sent' || !draft.answers) { await db.outbox.delete(row.seq); return; }
  if (sendBlock(draft, readSession())) { await holdForSignIn(row); return; }
  const proc = await data.procedure(draft.procedure_code).catch(() => null);
  if (!proc) { await retryLater(row, 'procedure'); return; }
  let body = row.body;
  if (!body) {
    const { extra, ...put } = submission(proc, draft, todayIso());  // eslint-disable-line no-unused-vars
    body = put;
    await setRow(row.seq, { body });
  }
  await db.drafts.update(draft.id, { status: 'sending' });
  await setRow(row.seq, { state: 'sending' });

  // 1. Attachments (each distinct file once), resumable.
  const shas = [...new Set(body.attachments.map((a) => a.sha256))];
  const files = [];
  for (const sha of shas) {
    const f = await db.files.get(`${draft.id}:${sha}`);
    if (f) files.push(f);
    else if ((draft.version || 1) === 1) {
      const ref = body.attachments.find((a) => a.sha256 === sha);
      await needsFix(row, draft, [{ field: ref.field, key: 'sync.file_missing', params: {} }]);
      return;
    }  // a resubmission references files the server already holds
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
          setRow(row.seq, { progress: percent(doneBytes + sent, total) });
        },
      });
    } catch (err) {
      if (err.status && outcome(err.status) === 'needs_fix') {
        const ref = body.attachments.find((a) => a.sha256 === f.sha256);
        await needsFix(row, draft, fieldErrors(err.detail, ref?.field || f.field).map((e) => ({ ...e, field: ref?.field || f.field || e.field })));
      } else {
        await retryLater(row, `upload ${err.status || 'network'}`);
      }
      return;
    }
    doneBytes += f.blob.size;
    await setRow(row.seq, { progress: percent(doneBytes, total) });
  }

  // 2. The dossier itself.
  let res;
  try {
    const headers = { 'Content-Type': 'application/json', 'X-Dossier-Token': draft.device_token };
    if (draft.channel === 'volunteer') headers['X-CSRF-Token'] = csrf();
    stats.puts += 1;
    res = await fetch(`/api/v1/dossiers/${draft.id}`, { method: 'PUT', headers, body: JSON.stringify(body), credentials: 'same-origin', cache: 'no-store', signal: timeout(60_000) });
  } catch {
    await retryLater(row, 'network');
    return;
  }
  let payload = null;
  try { payload = await res.json(); } catch { payload = null; }
  const what = outcome(res.status);
  if (what === 'sent' && payload && payload.code) await purge(row, draft, payload);
  else if (draft.channel === 'volunteer' && res.status === 401) {
    forgetSession();  // the session expired or was revoked: wait for the volunteer to sign in again
    await holdForSignIn(row);
  }
  else if (what === 'needs_fix') await needsFix(row, draft, fieldErrors(payload?.detail));
  else await retryLater(row, `put ${res.status}`);
}

/** Ask the server about sent dossiers: returned for a supplement? accepted? */
async function pollSent() {
  const force = pollAll;
  pollAll = false;
  const now = Date.now();
  const stubs = (await db.drafts.where('status').equals('sent').toArray())
    .filter((d) => force || now - (d.polled_at || 0) >= POLL_EVERY_MS);
  for (const stub of stubs) {
    let res;
    try {
      res = await fetch(`/api/v1/dossiers/${stub.id}`, { headers: { 'X-Dossier-Token': stub.device_token }, cache: 'no-store', credentials: 'same-origin', signal: timeout(30_000) });
    } catch { return; }
    if (!res.ok) { await db.drafts.update(stub.id, { polled_at: now }); continue; }
    const info = await res.json().catch(() => null);
    if (!info) continue;
    if (info.state === 'needs_supplement' && info.version === stub.version) await reopen(stub, info);
    else await db.drafts.update(stub.id, { polled_at: now, server_state: info.state, receipt: info.receipt || null });
  }
}

/**
 * A dossier returned for a supplement comes back to the device as `returned`: the reasons on
 * their fields, only those editable, resent as version + 1. The answers come from the read-back
 * (`answers`, `attachments`: sent to the token holder while the dossier is needs_supplement);
 * without them the stub shows the reasons and what to bring to the centre.
 */
async function reopen(stub, info) {
  const proc = await data.procedure(stub.procedure_code).catch(() => null);
  const reasons = info.reasons || [];
  const changes = { status: 'returned', reasons, note: info.note || '', server_state: info.state, polled_at: Date.now(), updated_at: Date.now() };
  if (proc && info.answers && typeof info.answers === 'object') {
    Object.assign(changes, {
      answers: answersForWizard(proc, info.answers), version: info.version + 1, step: '__check',
      server_errors: reasonErrors(proc, reasons), extra: stub.extra || {},
      consent: info.consent ? { ...info.consent, statement: consentStatement(stub, info.consent.assisted_by, info.consent.subject || '') } : null,
      device_created_at: info.device_created_at || null,
      catalog_version: proc.verified_on || '', rev: (stub.rev || 0) + 1,
    });
  }
  await db.drafts.update(stub.id, changes);
}

/** Start the runner once per page. */
export function startSync() {
  if (started || typeof window === 'undefined') return;
  started = true;
  if ('BroadcastChannel' in window) {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = (e) => { if (e.data?.type === 'kick') { if (e.data.poll) pollAll = true; run(); } };
  }
  window.addEventListener('online', async () => {
    // The connection is back: everything waiting goes now, not at its backoff time.
    await db.outbox.where('state').anyOf('queued', 'sending').modify({ next_attempt_at: Date.now() }).catch(() => {});
    kickSync({ poll: true });
  });
  run();
}

/** Called when the health probe sees the server again after a failure. */
export async function serverBack() {
  await db.outbox.where('state').anyOf('queued', 'sending').modify({ next_attempt_at: Date.now() }).catch(() => {});
  kickSync();
}

/** Someone signed in: dossiers held for a volunteer's session are looked at now. */
export async function releaseHeld() {
  await db.outbox.where('state').equals('queued').filter((r) => r.last_error === 'sign_in')
    .modify({ next_attempt_at: Date.now() }).catch(() => {});
  kickSync();
}
