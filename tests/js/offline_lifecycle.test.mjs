// The device-side lifecycle as data (assets/offline/lifecycle/states.js): which operation may
// write over which stored record, what each writes, the stash fold-back and what a tab does
// when another tab or the outbox changes its draft.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  HELD_FOR_SIGN_IN, LOCKED, MOVES, ROW, SIGN_IN_RECHECK_MS, STATES, STATUS, followStored, holdRowChanges, isEditable,
  isHeld, isLocked, isStub, isWaiting, moved, needsFixChanges, newRow, queuedRecord, retryRowChanges, savedRecord,
  sameVersion, stashApplies, stubOf, wakeAt, writeCheck,
} from '../../assets/offline/lifecycle/states.js';

const draft = (status, rev, extra = {}) => ({ id: 'd1', status, rev, answers: { a: 1 }, updated_at: 10, ...extra });

test('the moves are data: every operation starts from known states and ends in one', () => {
  for (const [op, move] of Object.entries(MOVES)) {
    assert.ok(move.from.length, op);
    for (const s of move.from) assert.ok(STATES.includes(s), `${op} from ${s}`);
    if (move.to) assert.ok(STATES.includes(move.to), `${op} to ${move.to}`);
  }
  // Only a person's edits are compare-and-set; only they may create the record.
  assert.deepEqual(Object.keys(MOVES).filter((op) => MOVES[op].cas).sort(), ['enqueue', 'save']);
  // Nothing a person does writes over a dossier in the outbox or sent; the outbox touches nothing else.
  for (const op of ['save', 'enqueue']) for (const s of LOCKED) assert.ok(!MOVES[op].from.includes(s), `${op} over ${s}`);
  for (const op of ['markSending', 'retryLater', 'holdForSignIn', 'needsFix', 'purgeToStub']) {
    assert.deepEqual(MOVES[op].from, [STATUS.QUEUED, STATUS.SENDING], op);
  }
  assert.deepEqual([...LOCKED].sort(), ['handed', 'queued', 'sending', 'sent']);  // handed: issue 16's hand-over
  assert.ok(isLocked('sending') && !isLocked('needs_fix'));
  assert.ok(isEditable('returned') && !isEditable('sent'));
});

test('a person\'s write lands only on the revision it was made on', () => {
  assert.equal(writeCheck('save', undefined, null), 'ok');          // the first write creates it
  assert.equal(writeCheck('save', draft('draft', 3), 3), 'ok');
  assert.equal(writeCheck('save', draft('draft', 4), 3), 'stale');  // another tab wrote revision 4
  assert.equal(writeCheck('save', draft('draft', 1), null), 'stale');  // another tab created it first
  assert.equal(writeCheck('save', undefined, 3), 'gone');           // deleted meanwhile
  assert.equal(writeCheck('save', draft('queued', 3), 3), 'locked');
  assert.equal(writeCheck('enqueue', draft('needs_fix', 7), 7), 'ok');
  assert.equal(writeCheck('enqueue', draft('draft', 8), 7), 'stale');
  assert.equal(writeCheck('enqueue', draft('sent', 8), 7), 'locked');  // locked wins: the other tab queued it
  // The outbox's moves check the state, not a revision.
  assert.equal(writeCheck('markSending', draft('queued', 9)), 'ok');
  assert.equal(writeCheck('needsFix', draft('draft', 9)), 'illegal');
  assert.equal(writeCheck('purgeToStub', undefined), 'gone');
  assert.equal(writeCheck('reopen', draft('sent', 2)), 'ok');
  assert.equal(writeCheck('reopen', draft('queued', 2)), 'locked');
  assert.throws(() => writeCheck('fly', draft('draft', 1)), /unknown operation/);
});

test('what each operation writes: the next revision, the new status, the row', () => {
  assert.equal(savedRecord(draft('draft', 0), 4).rev, 5);
  assert.equal(savedRecord(draft('draft', 0), null).rev, 1);
  const q = queuedRecord({ ...draft('needs_fix', 2), server_errors: [{ field: 'x' }] }, 2, 99);
  assert.deepEqual([q.status, q.rev, q.server_errors, q.updated_at], ['queued', 3, [], 99]);
  assert.deepEqual(newRow('d1', 5), { draft_id: 'd1', kind: 'submit', state: ROW.QUEUED, attempts: 0, next_attempt_at: 5 });
  const m = moved(draft('queued', 3), 'markSending');
  assert.deepEqual([m.status, m.rev, m.answers], ['sending', 4, { a: 1 }]);
  assert.equal(moved(draft('sent', 3), 'markPolled', { polled_at: 7 }).status, 'sent');
  const fix = moved(draft('sending', 4), 'needsFix', needsFixChanges([{ field: 'f' }], 8, '__check'));
  assert.deepEqual([fix.status, fix.step, fix.server_errors, fix.rev], ['needs_fix', '__check', [{ field: 'f' }], 5]);
});

test('outbox rows: retry, hold for sign-in, wake — never before the server\'s Retry-After', () => {
  const row = { seq: 1, state: ROW.SENDING, attempts: 2, progress: 40 };
  assert.deepEqual(retryRowChanges(row, 'put 503', 5000, 4000),
    { state: 'queued', attempts: 3, next_attempt_at: 5000, not_before: 4000, last_error: 'put 503', progress: 40 });
  const held = { ...row, ...holdRowChanges(100) };
  assert.deepEqual([held.state, held.next_attempt_at, held.last_error, held.attempts], ['queued', 100 + SIGN_IN_RECHECK_MS, HELD_FOR_SIGN_IN, 2]);
  assert.ok(isHeld(held) && !isHeld(row) && !isHeld(undefined));
  assert.ok(isWaiting(row) && isWaiting(held) && !isWaiting({ state: 'done' }));
  assert.equal(wakeAt({ not_before: 0 }, 50), 50);
  assert.equal(wakeAt({ not_before: 900 }, 50), 900);
  assert.equal(wakeAt({}, 50), 50);
});

test('a pagehide stash goes back only over the revision it was made on (or this tab\'s own write in flight)', () => {
  const stash = (base, pending = null) => ({ draft: draft('draft', 0, { answers: { a: 2 } }), base_rev: base, pending });
  assert.ok(stashApplies(stash(3), draft('draft', 3)));
  assert.ok(stashApplies(stash(0), undefined));                 // never stored before
  assert.ok(!stashApplies(stash(3), draft('draft', 4)));        // another tab's revision 4 wins
  assert.ok(!stashApplies(stash(3), draft('queued', 3)));       // queued meanwhile
  assert.ok(!stashApplies(stash(3), undefined));                // deleted meanwhile
  // Its own write (rev 4, stamped 10) committed before the page went away: the stash still applies.
  assert.ok(stashApplies(stash(3, { rev: 4, updated_at: 10 }), draft('draft', 4, { updated_at: 10 })));
  // Another tab's revision 4 (another time stamp) is not this tab's write.
  assert.ok(!stashApplies(stash(3, { rev: 4, updated_at: 10 }), draft('draft', 4, { updated_at: 11 })));
  assert.ok(!stashApplies(null, draft('draft', 1)));
});

test('a tab follows the stored draft: its own write, the outbox, or another tab', () => {
  const shown = draft('draft', 5);
  assert.equal(followStored(shown, 5, undefined), 'none');              // not loaded yet
  assert.equal(followStored(shown, 5, draft('draft', 5)), 'none');      // its own write
  assert.equal(followStored(shown, 6, draft('draft', 5)), 'none');      // an older snapshot, late
  assert.equal(followStored(shown, 5, draft('draft', 6)), 'changed');   // another tab edited it
  assert.equal(followStored(shown, null, draft('draft', 1)), 'changed');
  assert.equal(followStored(shown, 5, draft('queued', 6)), 'done');     // another tab queued it
  assert.equal(followStored(draft('sending', 7), 7, draft('needs_fix', 8)), 'reopened');
  assert.equal(followStored(draft('needs_fix', 8), 8, draft('needs_fix', 9)), 'changed');
  assert.equal(followStored(shown, 5, null), 'gone');
  assert.equal(followStored(shown, null, null), 'none');               // a new draft, not written yet
  assert.equal(followStored(shown, 5, { ...draft('draft', 9), id: 'other' }), 'none');
});

test('the receipt stub keeps code, procedure, date and token, and no personal data', () => {
  const d = { ...draft('sending', 4), procedure_code: '2.000635', channel: 'citizen', owner: 'citizen', device_token: 'tok',
    version: 1, created_at: 1, answers: { applicant_name: 'Nguyễn Văn An', applicant_id: '001090012345' },
    summary: { procedure_name: { vi: 'X' }, citizen_name: 'Nguyễn Văn An', citizen_masked: 'N. V. An', id_masked: '*********345' }, extra: { payment_method: 'online' } };
  const stub = stubOf(d, { code: 'TS-261128-0001', pin: '123456', version: 1, state: 'submitted', received_at: '2026-11-28T02:00:00Z' }, 5);
  assert.equal(stub.status, 'sent');
  assert.equal(stub.code, 'TS-261128-0001');
  assert.equal(stub.device_token, 'tok');
  assert.equal(stub.rev, 5);
  assert.deepEqual(stub.extra, { payment_method: 'online' });
  const text = JSON.stringify(stub);
  for (const secret of ['Nguyễn', '001090012345', '*********345']) assert.ok(!text.includes(secret), secret);
  assert.ok(!('answers' in stub) && !('consent' in stub));
  assert.equal(stub.summary.citizen_masked, 'N. V. An');  // as the server's lists show a citizen
  assert.ok(isStub(stub) && !isStub(d));
  assert.ok(isStub({ status: 'returned' }) && !isStub({ status: 'returned', answers: {} }));
});

test('a write goes ahead only on the copy it was prepared from: same revision and same key', () => {
  const before = { id: 'd1', rev: 4, kid: 'old' };
  assert.equal(sameVersion({ ...before }, before), true);
  assert.equal(sameVersion({ ...before, rev: 5 }, before), false);
  // A re-seal (a forgotten PIN's records recovered) keeps the revision and changes the key: a status
  // poll prepared before it must not put the old key's copy back (the old key is then forgotten).
  assert.equal(sameVersion({ ...before, kid: 'new' }, before), false);
  assert.equal(sameVersion({ id: 'd1', rev: 4 }, { id: 'd1', rev: 4 }), true);  // an old clear record
  assert.equal(sameVersion(undefined, undefined), true);  // still absent
  assert.equal(sameVersion(undefined, before), false);  // deleted meanwhile
});
