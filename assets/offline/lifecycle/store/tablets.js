// Shared tablets (issue 16, docs/devices-protocol.md): what this tablet holds for the device
// report, a draft handed to another volunteer or taken back, one received, and a revoked wipe.
import { db, sealFileRow } from '../../db.js';
import * as keyring from '../../crypto/keyring.js';
import { receivedRecord, waitingCounts } from '../states.js';
import { sealEdit } from './sealing.js';
import { moveStub } from './outbox.js';

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
