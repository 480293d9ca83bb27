// Volunteer mode follows the signed-in session (assets/offline/session.js): which drafts a
// person sees on a shared tablet, and which dossiers the outbox may send under their session.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { identityOf, modeOf, ownsDraft, sendBlock } from '../../assets/offline/session.js';
import { consentRecord, consentStatement, newDraft } from '../../assets/offline/model.js';
import { stubOf } from '../../assets/offline/lifecycle/states.js';

const P635 = JSON.parse(readFileSync(new URL('../../volunteer_app/catalog/procedures/2.000635.json', import.meta.url), 'utf8'));
const AN = { username: 'tnv.an', display_name: 'Trần Thị An', role: 'volunteer', checked_at: 1 };
const BINH = { username: 'tnv.binh', display_name: 'Lê Văn Bình', role: 'volunteer', checked_at: 1 };

test('a signed-in volunteer files in volunteer mode; nobody, staff or admin file as a citizen', () => {
  assert.deepEqual(modeOf(AN), { mode: 'volunteer', volunteer: 'tnv.an', volunteerName: 'Trần Thị An' });
  assert.equal(modeOf(null).mode, 'citizen');
  assert.equal(modeOf({ ...AN, role: 'staff' }).mode, 'citizen');
  assert.equal(modeOf({ ...AN, role: 'admin' }).mode, 'citizen');
  assert.equal(modeOf({ ...AN, username: '' }).mode, 'citizen');
});

test('identityOf keeps display data only, and nothing for a missing user', () => {
  const kept = identityOf({ username: 'tnv.an', display_name: 'Trần Thị An', role: 'volunteer', centre_id: 3,
    must_change_password: false, worker: 77, csrf_token: 'secret' }, 42);
  assert.deepEqual(kept, { username: 'tnv.an', display_name: 'Trần Thị An', role: 'volunteer', checked_at: 42 });
  assert.equal(identityOf(null), null);
  assert.equal(identityOf({ role: 'volunteer' }), null);
});

test('a new draft is stamped with the signed-in volunteer, and consent names them', () => {
  const d = newDraft({ procedure: P635, ...modeOf(AN) });
  assert.equal(d.channel, 'volunteer');
  assert.equal(d.owner, 'tnv.an');
  assert.equal(d.owner_name, 'Trần Thị An');
  d.answers = { applicant_name: 'Nguyễn Văn Bảy', consent_data: true, declaration: true };
  const consent = consentRecord(P635, d, new Date('2026-11-28T02:00:00Z'));
  assert.equal(consent.assisted_by, 'tnv.an');
  assert.match(consent.statement, /^tình nguyện viên Trần Thị An \(tnv\.an\) hỗ trợ công dân /);
  const citizen = newDraft({ procedure: P635, ...modeOf(null) });
  assert.equal(citizen.channel, 'citizen');
  assert.equal(citizen.owner_name, '');
});

test('on a shared tablet each person sees only their own drafts', () => {
  const mine = newDraft({ procedure: P635, ...modeOf(AN) });
  const binh = newDraft({ procedure: P635, ...modeOf(BINH) });
  const citizen = newDraft({ procedure: P635, ...modeOf(null) });
  const all = [mine, binh, citizen];
  assert.deepEqual(all.filter((d) => ownsDraft(d, modeOf(AN))), [mine]);
  assert.deepEqual(all.filter((d) => ownsDraft(d, modeOf(BINH))), [binh]);
  assert.deepEqual(all.filter((d) => ownsDraft(d, modeOf(null))), [citizen]);
});

test("the outbox sends a volunteer's dossier only under that volunteer's session", () => {
  const mine = newDraft({ procedure: P635, ...modeOf(AN) });
  const citizen = newDraft({ procedure: P635, ...modeOf(null) });
  assert.equal(sendBlock(mine, AN), null);
  assert.equal(sendBlock(mine, BINH), 'sign_in');
  assert.equal(sendBlock(mine, null), 'sign_in');
  assert.equal(sendBlock(mine, { ...AN, role: 'staff' }), 'sign_in');
  // A citizen's dossier needs no account, whoever is signed in.
  assert.equal(sendBlock(citizen, null), null);
  assert.equal(sendBlock(citizen, AN), null);
});

test("a returned dossier's consent, read back without its sentence, gets it rebuilt from the stub", () => {
  const d = newDraft({ procedure: P635, ...modeOf(AN) });
  const stub = stubOf(d, { code: 'TS-261128-0001', pin: '123456', version: 1, state: 'submitted', received_at: '2026-11-28T02:00:00Z' });
  assert.equal(stub.owner_name, 'Trần Thị An');  // the volunteer's name, no citizen data
  assert.equal(consentStatement(stub, 'tnv.an', 'Nguyễn Văn Bảy'), 'tình nguyện viên Trần Thị An (tnv.an) hỗ trợ công dân Nguyễn Văn Bảy');
  assert.equal(consentStatement(stub, null, 'Nguyễn Văn Bảy'), 'công dân Nguyễn Văn Bảy tự khai');
});
