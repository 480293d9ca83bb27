// Shared tablets (issue 16): what a tablet reports (counts per volunteer and the oldest queued age,
// no personal data) and how a handed-over draft is kept by its receiver.
import test from 'node:test';
import assert from 'node:assert/strict';
import { LOCKED, STATUS, receivedRecord, waitingCounts, writeCheck } from '../../assets/offline/lifecycle/states.js';

const HOUR = 3600 * 1000;

test('the report counts drafts and queued dossiers per owner, and the oldest queued age', () => {
  const now = 100 * HOUR;
  const drafts = [
    { status: 'draft', owner: 'an', channel: 'volunteer', updated_at: now - HOUR },
    { status: 'needs_fix', owner: 'an', channel: 'volunteer', updated_at: now - HOUR },
    { status: 'queued', owner: 'an', channel: 'volunteer', queued_at: now - 30 * HOUR, updated_at: now - HOUR },
    { status: 'sending', owner: 'binh', channel: 'volunteer', queued_at: now - 2 * HOUR },
    { status: 'sent', owner: 'binh', channel: 'volunteer', updated_at: 0 },
    { status: 'handed', owner: 'binh', channel: 'volunteer', updated_at: 0 },
    { status: 'draft', owner: 'citizen', channel: 'citizen', updated_at: 0 },
  ];
  const out = waitingCounts(drafts, now);
  assert.deepEqual(out.waiting, [
    { username: 'an', drafts: 2, queued: 1 }, { username: 'binh', drafts: 0, queued: 1 },
    { username: null, drafts: 1, queued: 0 },
  ]);
  assert.equal(out.oldest_queued_age_s, 30 * 3600);
  assert.equal(waitingCounts([{ status: 'draft', owner: 'an', channel: 'volunteer' }], now).oldest_queued_age_s, null);
  // Nothing but counts and usernames leaves the tablet.
  assert.deepEqual(Object.keys(out).sort(), ['oldest_queued_age_s', 'waiting']);
});

test('a handed-over draft becomes the receiver\'s, without the consent that named the sender', () => {
  const sent = { id: 'd1', status: 'handed', owner: 'an', owner_name: 'An', channel: 'volunteer', answers: { x: 1 },
    consent: { given: true, assisted_by: 'an' }, handover: { id: 'p' }, rev: 7 };
  const kept = receivedRecord({ ...sent, status: 'draft' }, { username: 'binh', display_name: 'Bình' }, 'An', 5);
  assert.equal(kept.owner, 'binh');
  assert.equal(kept.owner_name, 'Bình');
  assert.equal(kept.consent, null);
  assert.equal(kept.status, 'draft');
  assert.equal(kept.handover, undefined);
  assert.deepEqual(kept.received_from, { name: 'An', at: 5 });
  assert.deepEqual(kept.answers, { x: 1 });
});

test('a handed draft is locked until it comes back: no autosave writes over it', () => {
  assert.ok(LOCKED.has(STATUS.HANDED));
  assert.equal(writeCheck('save', { status: 'handed', rev: 2 }, 2), 'locked');
  assert.equal(writeCheck('handOver', { status: 'draft', rev: 2 }), 'ok');
  assert.equal(writeCheck('handOver', { status: 'queued', rev: 2 }), 'locked');
  assert.equal(writeCheck('takeBack', { status: 'handed', rev: 3 }), 'ok');
});
