// One attachment to the server: tus 1.0.0 (docs/sync-protocol.md §1) through tus-js-client.
//
// Resuming, never from 0: the upload's URL is remembered in localStorage under a fingerprint of
// (dossier, sha256), so after a crash, a reload or a dead server the next attempt asks HEAD for
// the server's offset and sends only the rest. The fingerprint is kept after success (a finished
// upload answers HEAD with offset = length and is not sent again) and removed with the purge.
// If the remembered URL is lost, POST returns the server's existing upload for (dossier, sha256);
// the first PATCH at 0 then gets 409 and tus-js-client retries with HEAD. A locked upload (423)
// is retried the same way; 429/503 are left to the outbox, which honours Retry-After.
import { CHUNK_SIZE, uploadRetriesNow } from './sync-logic.js';

const FP_PREFIX = 'tus::tiepsuc:';
const STALL_MS = 60_000;

export const fingerprintOf = (dossier, sha256) => `tiepsuc:${dossier}:${sha256}`;

/** Remove every remembered upload URL of a dossier (after the server confirmed receipt). */
export function forgetUploads(dossier) {
  try {
    const keys = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k && k.startsWith(`${FP_PREFIX}${dossier}:`)) keys.push(k);
    }
    keys.forEach((k) => localStorage.removeItem(k));
  } catch { /* private mode */ }
}

// tus-js-client (about 10 KB gzip) is only needed to send: imported on the first upload, not in
// every first visit; the service worker caches its chunk after the first visit (its later list).
// A failed import is a network error to the outbox ({status: 0}): it tries again later.
let tus = null;
function loadTus() {
  tus = tus || import('tus-js-client').catch((err) => {
    tus = null;
    throw { status: 0, message: `tus-js-client: ${err?.message || err}` };
  });
  return tus;
}

const safeName = (name) => String(name || 'tep').replace(/[\\/\u0000-\u001f\u007f]/g, '_').replace(/\.\.+/g, '.').slice(0, 120) || 'tep';

/**
 * Upload `blob` for dossier `dossier`; resolves when the server holds every byte.
 * onProgress(sentBytes) reports the offset the server has confirmed.
 * Rejects with {status, detail} (an HTTP answer) or {status: 0} (network).
 */
export async function uploadFile({ dossier, token, sha256, blob, documentId, procedureCode, name, onProgress, signal }) {
  const { Upload } = await loadTus();
  return new Promise((resolve, reject) => {
    let settled = false;
    const upload = new Upload(blob, {
      endpoint: new URL('/api/v1/uploads', window.location.href).href,
      chunkSize: CHUNK_SIZE,
      // Short in-attempt retries (a dropped request, a 409 after a lost URL); longer waits are
      // the outbox's backoff.
      retryDelays: [0, 500, 1500],
      headers: { 'X-Dossier-Token': token },
      metadata: {
        dossier_uuid: dossier, sha256, mime: blob.type, document_id: documentId,
        procedure_code: procedureCode, filename: safeName(name),
      },
      fingerprint: async () => fingerprintOf(dossier, sha256),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: false,
      onShouldRetry: (err) => uploadRetriesNow(err.originalResponse ? err.originalResponse.getStatus() : 0, navigator.onLine),
      onProgress: (sent) => { moved(); onProgress?.(sent); },
      onAfterResponse: () => moved(),
      onSuccess: () => { settled = true; resolve(upload.url); },
      onError: (err) => {
        settled = true;
        const res = err.originalResponse;
        const status = res ? res.getStatus() : 0;
        let detail = null;
        try { detail = res ? JSON.parse(res.getBody() || 'null')?.detail ?? null : null; } catch { detail = null; }
        const retryAfter = res ? res.getHeader('Retry-After') ?? null : null;  // 429/503: the outbox waits
        reject({ status, detail, retryAfter, message: String(err.message || err) });
      },
    });
    signal?.addEventListener('abort', () => { if (!settled) upload.abort(false).finally(() => reject({ status: 0, aborted: true })); });
    // A stalled connection must not hold the outbox forever: no progress for STALL_MS → give up
    // this attempt (the server keeps what it received; the next attempt resumes after it).
    let lastMove = Date.now();
    const watchdog = setInterval(() => {
      if (settled) { clearInterval(watchdog); return; }
      if (Date.now() - lastMove > STALL_MS) {
        clearInterval(watchdog);
        settled = true;
        upload.abort(false).catch(() => {}).finally(() => reject({ status: 0, stalled: true }));
      }
    }, 1000);
    const moved = () => { lastMove = Date.now(); };
    upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    }, () => upload.start());
  });
}
