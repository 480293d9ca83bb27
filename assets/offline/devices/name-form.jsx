// "Tên máy tính bảng": the small screen after a volunteer's sign-in on a tablet that is not in the
// centre's register yet (issue 16). Shown by the sign-in form (assets/online/auth.jsx).
import React, { useEffect, useRef, useState } from 'react';
import { t } from '../i18n.js';
import { messages } from '../data.js';
import { registerDevice } from './device.js';

export function DeviceNameForm({ onDone }) {
  const [ready, setReady] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const inputRef = useRef(null);
  useEffect(() => { messages().finally(() => setReady(true)); }, []);
  useEffect(() => { if (ready) inputRef.current?.focus(); }, [ready]);
  if (!ready) return null;
  const onSubmit = async (e) => {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('device_name') || '').trim();
    if (!name) { setProblem(t('device.name_required')); return; }
    setBusy(true); setProblem('');
    const r = await registerDevice(name);
    setBusy(false);
    if (r.ok) { onDone(); return; }
    if (r.status === 410) { onDone(); return; }  // revoked: the data is gone, the notice says why
    setProblem(r.detail?.vi ? `${r.detail.vi} / ${r.detail.en}` : t('device.name_failed'));
  };
  return (
    <form onSubmit={onSubmit} data-testid="device-name-form" noValidate>
      <h2 style={{ fontSize: 20 }}>{t('device.name_title')}</h2>
      <p id="device_name-hint">{t('device.name_hint')}</p>
      {problem && <div role="alert" style={{ color: '#b42318', fontWeight: 600, marginBottom: 16 }}>{problem}</div>}
      <div style={{ marginBottom: 16 }}>
        <label htmlFor="device_name" style={{ display: 'block', fontWeight: 600, marginBottom: 4 }}>{t('device.name_label')}</label>
        <input id="device_name" name="device_name" ref={inputRef} maxLength={80} required aria-describedby="device_name-hint"
          style={{ minHeight: 44, fontSize: 16, padding: '8px 12px', border: '1px solid #8a94a6', borderRadius: 6, width: '100%', boxSizing: 'border-box' }} />
      </div>
      <button type="submit" disabled={busy} style={{ minHeight: 44, fontSize: 16, padding: '8px 20px', borderRadius: 6, border: 'none',
        background: '#0b5c8e', color: 'white', fontWeight: 600 }}>{t('device.name_submit')}</button>
    </form>
  );
}
