// "Dùng dữ liệu đã lưu": shown under the applicant's ID number once it is a valid number, on a
// volunteer's draft, while the server is reachable (never offline). The citizen gives the PIN of
// an earlier receipt; the wizard then prefills the shared-vocabulary fields (wizard/returning.js).
import React, { useState } from 'react';
import { t } from '../i18n.js';
import { online } from '../app/connectivity.js';
import { useStore } from '../app/hooks.js';
import { offerable } from './returning.js';
import { lookUp } from './returning-api.js';

export function ReturningOffer({ number, draft, lang, onFound }) {
  const isOnline = useStore(online, true);
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  if (!isOnline || draft.channel !== 'volunteer' || !offerable(number)) return null;

  const use = async () => {
    if (busy || !pin.trim()) return;
    setBusy(true);
    setMessage('');
    try {
      const { status, payload } = await lookUp(String(number).trim(), pin.trim());
      if (status === 200 && payload) {
        const filled = onFound(payload);
        setMessage(t('returning.prefilled', { count: filled }, lang));
        setOpen(false);
        setPin('');
      } else if (status === 404) {
        setMessage(t('returning.not_found', {}, lang));
      } else if (payload?.detail?.[lang]) {
        setMessage(payload.detail[lang]);
      } else {
        setMessage(t('returning.failed', {}, lang));
      }
    } catch {
      setMessage(t('returning.failed', {}, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ts-panel ts-returning" data-testid="returning-offer">
      {!open ? (
        <>
          <p className="ts-hint">{t('returning.offer_hint', {}, lang)}</p>
          <button type="button" className="ts-btn ts-btn-secondary" onClick={() => setOpen(true)}>{t('returning.offer', {}, lang)}</button>
        </>
      ) : (
        <div className="ts-field">
          <label htmlFor="returning-pin">{t('returning.pin', {}, lang)}</label>
          <input id="returning-pin" className="ts-input" inputMode="numeric" autoComplete="off" maxLength={12} value={pin}
            onChange={(e) => setPin(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); use(); } }} />
          <div className="ts-actions">
            <button type="button" className="ts-btn ts-btn-primary" disabled={busy} onClick={use}>{t('returning.use', {}, lang)}</button>
            <button type="button" className="ts-btn ts-btn-secondary" onClick={() => { setOpen(false); setPin(''); }}>{t('returning.cancel', {}, lang)}</button>
          </div>
        </div>
      )}
      {message && <p role="status" data-testid="returning-message">{message}</p>}
    </div>
  );
}
