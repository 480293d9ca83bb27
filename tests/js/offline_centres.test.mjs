// The receiving-centre choice (assets/offline/centres.js) and its place in the PUT body.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { centreChoiceNeeded, centreErrors } from '../../assets/offline/centres.js';
import { newDraft, submission } from '../../assets/offline/model.js';

const P635 = JSON.parse(readFileSync(new URL('../../volunteer_app/catalog/procedures/2.000635.json', import.meta.url), 'utf8'));
const ONE = [{ code: 'TTPVHCC-A', name: 'Trung tâm A' }];
const TWO = [...ONE, { code: 'TTPVHCC-B', name: 'Trung tâm B' }];

test('only a citizen on an install with several centres is asked, on the first version', () => {
  const citizen = newDraft({ procedure: P635 });
  const volunteer = newDraft({ procedure: P635, mode: 'volunteer', volunteer: 'tnv.an' });
  assert.equal(centreChoiceNeeded(citizen, TWO), true);
  assert.equal(centreChoiceNeeded(citizen, ONE), false);  // the usual install: nothing to choose
  assert.equal(centreChoiceNeeded(citizen, []), false);   // never online yet: the server decides
  assert.equal(centreChoiceNeeded(volunteer, TWO), false); // the volunteer's own centre
  assert.equal(centreChoiceNeeded({ ...citizen, version: 2 }, TWO), false); // a resubmission keeps its centre
});

test('a missing or unknown choice is an error on centre_code; a known one is not', () => {
  const d = newDraft({ procedure: P635 });
  assert.deepEqual(centreErrors(d, TWO), [{ field: 'centre_code', key: 'dossier.centre_required', params: {} }]);
  assert.equal(centreErrors({ ...d, centre_code: 'TTPVHCC-X' }, TWO).length, 1);
  assert.deepEqual(centreErrors({ ...d, centre_code: 'TTPVHCC-B' }, TWO), []);
  assert.deepEqual(centreErrors(d, ONE), []);
});

test('the chosen centre travels in the PUT body, and is absent when none was chosen', () => {
  const d = newDraft({ procedure: P635 });
  assert.equal('centre_code' in submission(P635, d, '2026-11-28'), false);
  assert.equal(submission(P635, { ...d, centre_code: 'TTPVHCC-B' }, '2026-11-28').centre_code, 'TTPVHCC-B');
});
