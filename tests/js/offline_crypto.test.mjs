// The pure parts of the device's encryption at rest (assets/offline/crypto/): the envelope
// format, the tablet PIN's rules and wrong-attempt counter, and the idle lock's state machine.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  DRAFT_CLEAR, FILE_CLEAR, aadOf, isSealed, join, lockedView, parseStash, sameSealed, sealedPart, split, stashText,
} from '../../assets/offline/crypto/envelope.js';
import {
  MAX_WRONG, afterOnlineSignIn, afterRight, afterWrong, mustSignIn, pinProblem, triesLeft, withNewKey, withoutRetired,
} from '../../assets/offline/crypto/pin-attempts.js';
import * as lock from '../../assets/offline/crypto/lock-timer.js';

const draft = {
  id: 'd1', procedure_code: '2.000635', status: 'draft', owner: 'tnv.demo', channel: 'volunteer', rev: 3, updated_at: 5,
  step: 's1', answers: { applicant: { full_name: 'Nguyễn Văn An', id_number: '001203004567' } },
  summary: { citizen_name: 'Nguyễn Văn An', id_masked: '••••4567' }, owner_name: 'Trần Thị Demo', device_token: 'tok',
  pin: '123456', code: 'HS-1', server_errors: [{ field: 'x' }],
};

test('split keeps only listing and sync fields in clear; nothing personal', () => {
  const { clear, secret } = split(draft, DRAFT_CLEAR);
  assert.deepEqual(Object.keys(clear).sort(), ['channel', 'id', 'owner', 'procedure_code', 'rev', 'status', 'step', 'updated_at']);
  const text = JSON.stringify(clear);
  for (const word of ['Nguyễn', '001203004567', '4567', 'Trần', 'tok', '123456', 'HS-1']) assert.equal(text.includes(word), false, word);
  assert.deepEqual(secret.answers, draft.answers);
  assert.equal(secret.pin, '123456');
});

test('split drops an earlier read\'s envelope fields; join lets a clear move win over the sealed copy', () => {
  const { clear, secret } = split({ ...draft, kid: 'v-1', sealed: { v: 1 }, locked: true }, DRAFT_CLEAR);
  assert.equal('sealed' in secret || 'kid' in secret || 'locked' in secret, false);
  const stored = { ...clear, status: 'queued', rev: 4, kid: 'v-1', sealed: sealedPart('v-1', new Uint8Array(12), new ArrayBuffer(0)) };
  const seen = join(stored, { ...secret, status: 'draft' });
  assert.equal(seen.status, 'queued');
  assert.equal(seen.rev, 4);
  assert.equal(seen.answers.applicant.full_name, 'Nguyễn Văn An');
  assert.equal('sealed' in seen || 'kid' in seen, false);
});

test('a record whose key is not in memory is seen as its clear fields, marked locked', () => {
  const stored = { id: 'd1', status: 'queued', kid: 'v-1', sealed: sealedPart('v-1', new Uint8Array(12), new ArrayBuffer(4)) };
  assert.equal(isSealed(stored), true);
  assert.equal(isSealed({ id: 'd1', answers: {} }), false);
  assert.deepEqual(lockedView(stored), { id: 'd1', status: 'queued', kid: 'v-1', locked: true });
});

test('file records keep bytes and file names out of the clear fields', () => {
  const { clear, secret } = split({ key: 'd1:ab', draft_id: 'd1', sha256: 'ab', mime: 'image/jpeg', size: 9, name: 'cccd-nguyen-van-an.jpg', field: 'f' }, FILE_CLEAR);
  assert.equal(JSON.stringify(clear).includes('nguyen'), false);
  assert.equal(secret.name, 'cccd-nguyen-van-an.jpg');
});

test('the additional data binds a sealed part to its table and record', () => {
  assert.notDeepEqual(aadOf('drafts', 'a'), aadOf('drafts', 'b'));
  assert.notDeepEqual(aadOf('drafts', 'a'), aadOf('stash', 'a'));
  assert.equal(new TextDecoder().decode(aadOf('files', 'd1:ab')), 'tiepsuc/1/files/d1:ab');
});

test('the stash text round-trips; a clear (old) stash or a broken one is not an envelope', () => {
  const iv = Uint8Array.from({ length: 12 }, (_, i) => i);
  const ct = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) & 255);
  const text = stashText('c-abc', iv, ct);
  assert.match(text, /^ts1\.c-abc\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
  const back = parseStash(text);
  assert.equal(back.kid, 'c-abc');
  assert.deepEqual(back.iv, iv);
  assert.deepEqual(back.ct, ct);
  assert.equal(parseStash(JSON.stringify({ draft: { id: 'd1' } })), null);
  assert.equal(parseStash('ts1.only.two'), null);
  assert.equal(parseStash('ts1.k.%%%.AAAA'), null);
  assert.equal(parseStash(null), null);
  assert.throws(() => stashText('a.b', iv, ct));
});

test('a tablet PIN is 6 to 12 digits and not trivially guessable', () => {
  assert.equal(pinProblem('482915'), null);
  assert.equal(pinProblem('48291573'), null);
  assert.equal(pinProblem('12345'), 'length');
  assert.equal(pinProblem('1234567890123'), 'length');
  assert.equal(pinProblem('12a456'), 'digits');
  assert.equal(pinProblem(''), 'digits');
  assert.equal(pinProblem('000000'), 'weak');
  assert.equal(pinProblem('123456'), 'weak');
  assert.equal(pinProblem('987654'), 'weak');
});

test('5 wrong PINs require an online sign-in; the right PIN or a sign-in resets the count', () => {
  let h = { username: 'tnv.demo', kid: 'v-1', failures: 0, retired: [] };
  for (let i = 1; i < MAX_WRONG; i += 1) {
    h = afterWrong(h);
    assert.equal(mustSignIn(h), false);
    assert.equal(triesLeft(h), MAX_WRONG - i);
  }
  h = afterWrong(h);
  assert.equal(MAX_WRONG, 5);
  assert.equal(mustSignIn(h), true);
  assert.equal(triesLeft(h), 0);
  assert.equal(afterWrong(h).failures, MAX_WRONG);
  assert.equal(mustSignIn(afterOnlineSignIn(h)), false);
  assert.equal(afterRight({ ...h, failures: 3 }).failures, 0);
  assert.equal(mustSignIn(null), false);
});

test('a new PIN (forgotten one) makes a new key and keeps the old one only to recover', () => {
  const first = withNewKey(null, 'tnv.demo', 'v-1');
  assert.deepEqual(first, { username: 'tnv.demo', kid: 'v-1', failures: 0, retired: [] });
  const second = withNewKey({ ...first, failures: 5 }, 'tnv.demo', 'v-2');
  assert.deepEqual(second, { username: 'tnv.demo', kid: 'v-2', failures: 0, retired: ['v-1'] });
  assert.deepEqual(withoutRetired(second, 'v-1').retired, []);
});

test('the lock: idle for the set time locks; activity restarts the clock; locked ignores activity', () => {
  let s = lock.initial(0, 60_000, false);
  assert.equal(lock.dueAt(s), 60_000);
  s = lock.activity(s, 30_000);
  assert.equal(lock.tick(s, 60_000).locked, false);
  assert.equal(lock.dueAt(s), 90_000);
  s = lock.tick(s, 90_000);
  assert.equal(s.locked, true);
  assert.equal(s.reason, 'idle');
  assert.equal(lock.dueAt(s), null);
  assert.equal(lock.activity(s, 100_000), s);
  s = lock.unlock(s, 120_000);
  assert.deepEqual([s.locked, lock.dueAt(s)], [false, 180_000]);
  assert.equal(lock.lock(s, 'manual').reason, 'manual');
  assert.equal(lock.initial(0).locked, true);  // a start with no key is locked
});

test('the idle time setting: seconds, default 5 minutes, never below a second', () => {
  assert.equal(lock.idleMsOf(null), 5 * 60_000);
  assert.equal(lock.idleMsOf('120'), 120_000);
  assert.equal(lock.idleMsOf('2'), 2_000);
  assert.equal(lock.idleMsOf('0'), 5 * 60_000);
  assert.equal(lock.idleMsOf('abc'), 5 * 60_000);
  assert.equal(lock.setIdle(lock.initial(0, 1000, false), 5000).idleMs, 5000);
});

// ------------------------------------------------------------------ the carried key (tab-carry.js)
import { aadOfTab, blobText, parseBlob } from '../../assets/offline/crypto/tab-carry.js';

test('the carried key blob round-trips its user, key id and bytes, and refuses anything else', () => {
  const iv = new Uint8Array([1, 2, 3, 250]);
  const ct = new Uint8Array([0, 9, 255]).buffer;
  const back = parseBlob(blobText('tnv01', 'v-abc', iv, ct));
  assert.equal(back.u, 'tnv01');
  assert.equal(back.kid, 'v-abc');
  assert.deepEqual(Array.from(back.iv), [1, 2, 3, 250]);
  assert.deepEqual(Array.from(back.ct), [0, 9, 255]);
  for (const bad of [null, '', 'x', '{}', JSON.stringify({ v: 2, u: 'a', kid: 'b', iv: '', ct: '' })]) assert.equal(parseBlob(bad), null);
  assert.notDeepEqual(Array.from(aadOfTab('a', 'v-1')), Array.from(aadOfTab('b', 'v-1')));
});

test('the same sealed part is the same key and nonce; a re-sealed or re-frozen copy is not', () => {
  const iv = Uint8Array.from({ length: 12 }, (_, i) => i);
  const a = sealedPart('v-1', iv, new ArrayBuffer(4));
  assert.equal(sameSealed(a, sealedPart('v-1', Uint8Array.from(iv), new ArrayBuffer(4))), true);
  assert.equal(sameSealed(a, sealedPart('v-2', iv, new ArrayBuffer(4))), false);
  const other = Uint8Array.from(iv);
  other[11] = 99;
  assert.equal(sameSealed(a, sealedPart('v-1', other, new ArrayBuffer(4))), false);
  assert.equal(sameSealed(null, undefined), true);  // no body yet on either
  assert.equal(sameSealed(a, null), false);
});
