// How a record is sealed and opened at rest, and the prepare-then-commit loop every move of the
// store runs: encryption happens outside the transaction, which commits only over the revision
// and key it was prepared from (the rationale is in lifecycle/store.js).
import { db } from '../../db.js';
import * as keyring from '../../crypto/keyring.js';
import { DRAFT_CLEAR, isSealed, join, lockedView, split } from '../../crypto/envelope.js';
import { sameVersion } from '../states.js';

export const refused = (reason, current) => ({ ok: false, reason, current: current ?? null });
export const RETRY = Symbol('retry');
export const TRIES = 5;

/** The record as stored: clear fields, its key id and the sealed rest (crypto/envelope.js). */
export async function seal(record, kid) {
  const { clear, secret } = split(record, DRAFT_CLEAR);
  return { ...clear, kid, sealed: await keyring.sealJson(kid, 'drafts', record.id, secret) };
}

/** A person's edit is sealed with the key of whoever files the draft; none in memory → null. */
export async function sealEdit(record) {
  const kid = await keyring.ensureKidFor(record);
  return kid ? seal(record, kid) : null;
}

/** An outbox move keeps the record's key; an old clear record is sealed now when a key is at hand. */
export async function sealMove(record, stored) {
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

export const openAll = (records) => Promise.all(records.map(openRecord));

export async function openRow(row) {
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
export async function prepared(id, prepare, commit) {
  for (let i = 0; i < TRIES; i += 1) {
    const stored = await db.drafts.get(id);
    const opened = await openRecord(stored);
    const next = await prepare(stored, opened);
    const result = await commit(next, (now) => sameVersion(now, stored));
    if (result !== RETRY) return result;
  }
  return false;
}
