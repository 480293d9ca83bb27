// The offline data the build wrote as content-hashed JSON (volunteer_app/web/build_plugin.py):
// /offline-data/manifest.json names the files; the service worker precaches all of them.
// Without a production build (dev), the same data comes from the catalog API.
import { makeUnits } from './units.js';
import { setCatalog } from './i18n.js';

const cache = new Map();
const once = (key, fn) => {
  if (!cache.has(key)) cache.set(key, fn().catch((err) => { cache.delete(key); throw err; }));
  return cache.get(key);
};

async function json(url) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

export const manifest = () => once('manifest', () => json('/offline-data/manifest.json').catch(() => null));

export const messages = () => once('messages', async () => {
  const m = await manifest();
  const data = m ? await json(m.messages) : {};
  setCatalog(data);
  return data;
});

export const summaries = () => once('summaries', async () => {
  const m = await manifest();
  if (m) return json(m.summaries);
  return (await json('/api/v1/procedures')).items;
});

export const procedure = (code) => once(`p:${code}`, async () => {
  const m = await manifest();
  if (m) {
    const url = m.procedures[code];
    if (!url) return null;
    return json(url);
  }
  return json(`/api/v1/procedures/${encodeURIComponent(code)}`).catch(() => null);
});

export const units = () => once('units', async () => {
  const m = await manifest();
  return makeUnits(await json(m ? m.admin_units : '/api/v1/admin-units'));
});
