// Hand-over of an unfinished draft to another volunteer of the centre (issue 16,
// docs/devices-protocol.md): the sender's tablet posts the draft with its files; the receiver's
// tablet collects it, stores it (lifecycle/store.importDraft) and confirms; the sender's tablet
// deletes its copy once the server says the receiver has it (or takes it back if it expired).
// Every read and write of drafts and files goes through lifecycle/store.js and db.js.
import { filesOf } from '../db.js';
import { deleteDraft, handOver, importDraft, listDrafts, readDraft, takeBack } from '../lifecycle/store.js';
import { STATUS } from '../lifecycle/states.js';
import { readSession } from '../session.js';

function csrf() {
  const m = document.cookie.match(/(?:^|;\s*)ts_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

async function call(url, { method = 'GET', body } = {}) {
  const headers = { 'X-CSRF-Token': csrf() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, { method, headers, cache: 'no-store', credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await res.json().catch(() => null);
  return { status: res.status, ok: res.ok, data };
}

async function toBase64(blob) {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text, mime) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}

/** The other volunteers of the centre, by name → [{username, display_name}] | null (offline). */
export async function recipients() {
  try {
    const r = await call('/api/v1/handovers/recipients');
    return r.ok ? r.data : null;
  } catch {
    return null;
  }
}

/** Hand draft `id` to `to` (a username). → {outcome: 'ok' | 'offline' | 'failed', detail?, toName?}. */
export async function handDraft(id, to) {
  const draft = await readDraft(id);
  if (!draft) return { outcome: 'failed' };
  const rows = await filesOf(id);
  const files = [];
  for (const f of rows) {
    files.push({ sha256: f.sha256, mime: f.mime || f.blob.type, name: f.name || '', document_id: f.document_id || '',
      field: f.field || '', data: await toBase64(f.blob) });
  }
  let r;
  try {
    r = await call('/api/v1/handovers', { method: 'POST', body: { to, draft, files } });
  } catch {
    return { outcome: 'offline' };
  }
  if (!r.ok) return { outcome: 'failed', detail: r.data?.detail };
  await handOver(id, { id: r.data.id, to: r.data.to_username, to_name: r.data.to_name, at: Date.now() });
  return { outcome: 'ok', toName: r.data.to_name };
}

/** Collect every draft waiting for the signed-in volunteer, store it, and confirm it. */
export async function collectIncoming() {
  const me = readSession();
  if (!me || me.role !== 'volunteer') return 0;
  const list = await call('/api/v1/handovers/incoming');
  if (!list.ok || !Array.isArray(list.data)) return 0;
  let stored = 0;
  for (const item of list.data) {
    const got = await call(`/api/v1/handovers/${item.id}/collect`, { method: 'POST' });
    if (!got.ok) continue;
    const files = got.data.files.map((f) => ({ sha256: f.sha256, blob: fromBase64(f.data, f.mime), name: f.name,
      document_id: f.document_id, field: f.field }));
    await importDraft(got.data.draft, files, me, got.data.from_name);
    const done = await call(`/api/v1/handovers/${item.id}/received`, { method: 'POST' });
    if (done.ok) stored += 1;
  }
  return stored;
}

/** Drafts this tablet handed over: delete once received, take back once expired. */
export async function checkOutgoing() {
  // Only the signed-in volunteer's own: the server answers a package's state to its sender alone.
  const me = readSession();
  const handed = (await listDrafts()).filter((d) => d.status === STATUS.HANDED && d.handover?.id && d.owner === me?.username);
  for (const d of handed) {
    const r = await call(`/api/v1/handovers/${d.handover.id}`);
    if (r.ok && r.data.state === 'received') await deleteDraft(d.id);
    else if ((r.ok && r.data.state === 'expired') || r.status === 404) await takeBack(d.id);
  }
}
