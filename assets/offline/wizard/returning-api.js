// The two requests of the returning-citizen offer (wizard/returning.js): a signed-in volunteer's,
// so they carry the session's CSRF header; online only (the offer is not shown offline).
import { csrf } from '../sync.js';

async function post(url, body, headers = {}) {
  const res = await fetch(url, {
    method: 'POST', credentials: 'same-origin', cache: 'no-store',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf(), ...headers }, body: JSON.stringify(body),
  });
  let payload = null;
  try { payload = await res.json(); } catch { payload = null; }
  return { status: res.status, payload };
}

/** POST /api/v1/returning/lookup → {status, payload}. */
export const lookUp = (idNumber, pin) => post('/api/v1/returning/lookup', { id_number: idNumber, pin });

/** POST /api/v1/returning/documents/{id}/attach → {status, payload: file item}. */
export const attachKept = (draft, kept, procedureCode, documentId) => post(
  `/api/v1/returning/documents/${kept.id}/attach`,
  { grant: draft.returning?.grant || '', dossier_uuid: draft.id, procedure_code: procedureCode, document_id: documentId },
  { 'X-Dossier-Token': draft.device_token },
);
