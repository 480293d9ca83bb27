// The device's keys (docs/device-encryption.md). Each holder has one random 256-bit data key:
//   - a volunteer: wrapped (AES-GCM) with a key derived from the tablet PIN (kdf.js), so a PIN
//     change re-wraps the key and re-encrypts nothing;
//   - citizen mode (nobody signed in, a phone at home): wrapped with this device's own
//     non-extractable WebCrypto key, kept in IndexedDB as a CryptoKey.
// Data keys live in this page's memory (closing the app drops them): as a CryptoKey for
// WebCrypto, and as bytes for the synchronous cipher of the pagehide stash (@noble/ciphers),
// which cannot wait for a promise while the page unloads. A volunteer's unlocked key is carried
// to the next page load of the same tab (tab-carry.js): wrapped with 'kek:tab', blob in sessionStorage.
// Stored in the meta table: 'kek:device' (CryptoKey), 'dk:<kid>' (a wrapped key), 'holder:<username>'.
import { gcm } from '@noble/ciphers/aes.js';
import { db } from '../database.js';
import { derive, SCRYPT } from './kdf.js';
import { aadOf, parseStash, sealedPart, stashText } from './envelope.js';
import { afterOnlineSignIn, afterRight, afterWrong, mustSignIn, triesLeft, withNewKey, withoutRetired } from './pin-attempts.js';
import { signal } from '../app/signal.js';
import { aadOfTab, blobText, forgetTab, parseBlob, readBlob, writeBlob } from './tab-carry.js';

const subtle = () => globalThis.crypto.subtle;
const random = (n) => globalThis.crypto.getRandomValues(new Uint8Array(n));
const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const enc = new TextEncoder();
const dec = new TextDecoder();
// Inside a Dexie live query a non-Dexie promise must go through Promise.resolve (Dexie's zone).
const settle = (p) => Promise.resolve(p);

const keys = new Map();  // kid → {raw: Uint8Array, key: CryptoKey}
let citizenKid = null;
const holders = new Map();  // username → holder record (pin-attempts.js)

/** Changes whenever a key enters or leaves memory: live queries re-read, the outbox looks again. */
export const keysEpoch = signal(0);
const bump = () => keysEpoch.set(keysEpoch.get() + 1);

async function importRaw(raw) {
  return settle(subtle().importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']));
}

async function remember(kid, raw) {
  keys.set(kid, { raw, key: await importRaw(raw) });
  bump();
}

// ------------------------------------------------------------------ the same tab's next page

async function tabKek() {
  const row = await db.meta.get('kek:tab');
  if (row?.crypto_key) return row.crypto_key;
  const made = await settle(subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
  // Two tabs at once: the first write wins, the other uses it.
  return db.transaction('rw', db.meta, async () => {
    const again = await db.meta.get('kek:tab');
    if (again?.crypto_key) return again.crypto_key;
    await db.meta.put({ key: 'kek:tab', crypto_key: made });
    return made;
  });
}

/** After an unlock: this tab's next page loads open `kid` without the PIN. */
async function carryToTab(username, kid, raw) {
  try {
    const kek = await tabKek();
    const iv = random(12);
    const ct = await settle(subtle().encrypt({ name: 'AES-GCM', iv, additionalData: aadOfTab(username, kid) }, kek, raw));
    writeBlob(blobText(username, kid, iv, ct));
  } catch { /* no IndexedDB key: the PIN is asked per page */ }
}

/**
 * At page start: `username`'s key `kid`, unlocked earlier in this tab, back in memory without the
 * PIN (both the sessionStorage blob and the IndexedDB tab key are needed). → whether it opened.
 */
export async function resumeTab(username, kid) {
  if (keys.has(kid)) return true;
  const blob = parseBlob(readBlob());
  if (!blob || blob.u !== username || blob.kid !== kid) return false;
  try {
    const row = await db.meta.get('kek:tab');
    if (!row?.crypto_key) { forgetTab(); return false; }
    const raw = new Uint8Array(await settle(subtle().decrypt({ name: 'AES-GCM', iv: blob.iv, additionalData: aadOfTab(username, kid) }, row.crypto_key, blob.ct)));
    await remember(kid, raw);
    return true;
  } catch {
    forgetTab();
    return false;
  }
}

export { forgetTab };

// ------------------------------------------------------------------ citizen mode

/** Load (or make, the first time) citizen mode's data key. Needs no PIN. */
export async function loadCitizenKey(create = true) {
  if (citizenKid && keys.has(citizenKid)) return citizenKid;
  const stored = await db.meta.get('dk:citizen');
  if (!stored && !create) return null;  // reads only (a live query cannot write): made at the first draft
  const kekRow = await db.meta.get('kek:device');
  let kek = kekRow?.crypto_key;
  if (!kek) {
    kek = await settle(subtle().generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']));
    await db.meta.put({ key: 'kek:device', crypto_key: kek });
  }
  if (stored) {
    const raw = new Uint8Array(await settle(subtle().decrypt({ name: 'AES-GCM', iv: stored.iv, additionalData: enc.encode(stored.kid) }, kek, stored.ct)));
    citizenKid = stored.kid;
    await remember(stored.kid, raw);
    return citizenKid;
  }
  const kid = `c-${hex(random(6))}`;
  const raw = random(32);
  const iv = random(12);
  const ct = await settle(subtle().encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(kid) }, kek, raw));
  // Two tabs starting at once: the first write wins, the other reads it back.
  const won = await db.transaction('rw', db.meta, async () => {
    if (await db.meta.get('dk:citizen')) return false;
    await db.meta.put({ key: 'dk:citizen', kid, iv, ct, wrap: 'device' });
    return true;
  });
  if (!won) return loadCitizenKey();
  citizenKid = kid;
  await remember(kid, raw);
  return kid;
}

// ------------------------------------------------------------------ a volunteer's PIN

export async function holder(username) {
  const row = await db.meta.get(`holder:${username}`);
  const h = row ? row.holder : null;
  if (h) holders.set(username, h); else holders.delete(username);
  return h;
}

const saveHolder = async (h) => { holders.set(h.username, h); await db.meta.put({ key: `holder:${h.username}`, holder: h }); };

async function wrapWithPin(kid, raw, pin) {
  const salt = random(16);
  const kek = await importRaw(await settle(derive(pin, salt, SCRYPT)));
  const iv = random(12);
  const ct = await settle(subtle().encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(kid) }, kek, raw));
  return { key: `dk:${kid}`, kid, wrap: 'pin', kdf: { ...SCRYPT, salt }, iv, ct };
}

async function unwrapWithPin(wrapped, pin) {
  const kek = await importRaw(await settle(derive(pin, wrapped.kdf.salt, wrapped.kdf)));
  try {
    return new Uint8Array(await settle(subtle().decrypt({ name: 'AES-GCM', iv: wrapped.iv, additionalData: enc.encode(wrapped.kid) }, kek, wrapped.ct)));
  } catch {
    return null;  // the GCM tag does not match: a wrong PIN
  }
}

/**
 * A new PIN for `username` (first sign-in on this tablet, or after a forgotten PIN): a new data
 * key, in memory at once. A key the volunteer had before is kept, to be recovered with the old
 * PIN or discarded (what it sealed stays sealed with it).
 */
export async function setNewPin(username, pin) {
  const kid = `v-${hex(random(6))}`;
  const raw = random(32);
  const wrapped = await wrapWithPin(kid, raw, pin);
  const before = await holder(username);
  await db.meta.put(wrapped);
  await saveHolder(withNewKey(before, username, kid));
  await carryToTab(username, kid, raw);  // before the key shows: the screens open with the tab carrying it
  await remember(kid, raw);
  return kid;
}

/** Change a known PIN: the same data key, wrapped anew (nothing is re-encrypted). */
export async function changePin(username, oldPin, newPin) {
  const h = await holder(username);
  const wrapped = h && (await db.meta.get(`dk:${h.kid}`));
  const raw = wrapped && (await unwrapWithPin(wrapped, oldPin));
  if (!raw) return false;
  await db.meta.put(await wrapWithPin(h.kid, raw, newPin));
  return true;
}

/**
 * Unlock with the PIN (offline: nothing but the PIN). → {ok: true} | {ok: false, left} |
 * {ok: false, signIn: true} once 5 wrong PINs were typed (only an online sign-in resets that).
 */
export async function unlock(username, pin) {
  const h = await holder(username);
  if (!h) return { ok: false, setup: true };
  if (mustSignIn(h)) return { ok: false, signIn: true, left: 0 };
  const wrapped = await db.meta.get(`dk:${h.kid}`);
  const raw = wrapped && (await unwrapWithPin(wrapped, pin));
  if (!raw) {
    const next = afterWrong(h);
    await saveHolder(next);
    if (mustSignIn(next)) forgetTab();  // locked out: no page load of this tab opens without a sign-in
    return { ok: false, signIn: mustSignIn(next), left: triesLeft(next) };
  }
  await saveHolder(afterRight(h));
  await carryToTab(username, h.kid, raw);
  await remember(h.kid, raw);
  return { ok: true };
}

/** An old key (before a forgotten PIN was replaced), opened with the old PIN to recover its records. */
export async function unlockRetired(username, kid, pin) {
  const h = await holder(username);
  if (!h || !(h.retired || []).includes(kid)) return false;
  const wrapped = await db.meta.get(`dk:${kid}`);
  const raw = wrapped && (await unwrapWithPin(wrapped, pin));
  if (!raw) return false;
  await remember(kid, raw);
  return true;
}

/** The old key is done with: its wrapped copy is deleted (after its records were re-sealed or discarded). */
export async function forgetRetired(username, kid) {
  const h = await holder(username);
  if (h) await saveHolder(withoutRetired(h, kid));
  await db.meta.delete(`dk:${kid}`);
  keys.delete(kid);
  bump();
}

/** The volunteer signed in online (the server checked the password): the wrong-PIN count restarts. */
export async function onlineSignIn(username) {
  const h = await holder(username);
  if (h) await saveHolder(afterOnlineSignIn(h));
}

/** Drop every key from memory (what closing the app does), and this tab's carried key. */
export function dropKeys() {
  forgetTab();
  keys.clear();
  citizenKid = null;
  bump();
}

// ------------------------------------------------------------------ which key, and sealing

export const hasKey = (kid) => !kid || keys.has(kid);

/**
 * The key id that seals a record of `owner`/`channel` now: the volunteer's current key (from
 * the holder read at start or unlock), or citizen mode's. null when that key is not in memory.
 */
export function kidFor(draftLike) {
  if (draftLike && draftLike.channel === 'volunteer') {
    const h = holders.get(draftLike.owner);
    return h && keys.has(h.kid) ? h.kid : null;
  }
  return citizenKid && keys.has(citizenKid) ? citizenKid : null;
}

export class LockedError extends Error {
  constructor() { super('locked'); this.reason = 'locked'; }
}

/** AES-GCM with the data key `kid`: {v, kid, iv, ct}. */
export async function sealBytes(kid, table, id, bytes) {
  const k = keys.get(kid);
  if (!k) throw new LockedError();
  const iv = random(12);
  const ct = await settle(subtle().encrypt({ name: 'AES-GCM', iv, additionalData: aadOf(table, id) }, k.key, bytes));
  return sealedPart(kid, iv, ct);
}

/** Citizen mode's key is loaded when first needed (no meta record before a citizen draft exists). */
async function citizenIfNeeded(kid) {
  if (kid && !keys.has(kid) && kid.startsWith('c-')) await loadCitizenKey(false).catch(() => null);
}

/** Before a synchronous stash read: the key it names, when that is citizen mode's. */
export const prepareStash = (text) => citizenIfNeeded(parseStash(text)?.kid);

/** The bytes of a sealed part, or null when its key is not in memory. */
export async function openBytes(sealed, table, id) {
  await citizenIfNeeded(sealed.kid);
  const k = keys.get(sealed.kid);
  if (!k) return null;
  return new Uint8Array(await settle(subtle().decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: aadOf(table, id) }, k.key, sealed.ct)));
}

export const sealJson = (kid, table, id, value) => sealBytes(kid, table, id, enc.encode(JSON.stringify(value)));
export async function openJson(sealed, table, id) {
  const bytes = await openBytes(sealed, table, id);
  return bytes === null ? null : JSON.parse(dec.decode(bytes));
}

/** Synchronous (pagehide): the stash text of `value`, or null when the key is not in memory. */
export function stashSeal(kid, id, value) {
  const k = kid && keys.get(kid);
  if (!k) return null;
  const iv = random(12);
  const ct = gcm(k.raw, iv, aadOf('stash', id)).encrypt(enc.encode(JSON.stringify(value)));
  return stashText(kid, iv, ct);
}

/** The value of a stash text, or null (not an envelope, key not in memory, or tampered with). */
export function stashOpen(text, id) {
  const parsed = parseStash(text);
  const k = parsed && keys.get(parsed.kid);
  if (!k) return null;
  try {
    return JSON.parse(dec.decode(gcm(k.raw, parsed.iv, aadOf('stash', id)).decrypt(parsed.ct)));
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ who is filing now

let filer = { channel: 'citizen', owner: 'citizen' };

/** Who is filing (session.modeOf): the key new files and drafts are sealed with. */
export function setFiler(mode) {
  filer = mode && mode.mode === 'volunteer' ? { channel: 'volunteer', owner: mode.volunteer } : { channel: 'citizen', owner: 'citizen' };
}

/** The key id for a record of `draftLike` (citizen mode's key is loaded on demand: it needs no PIN). */
export async function ensureKidFor(draftLike) {
  if (!draftLike || draftLike.channel !== 'volunteer') await loadCitizenKey();
  return kidFor(draftLike);
}

export const activeKid = () => ensureKidFor(filer);
