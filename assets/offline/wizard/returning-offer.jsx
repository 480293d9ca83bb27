// "Dùng dữ liệu đã lưu": shown under the applicant's ID number once it is a valid number (typed, or
// filled by the CCCD scan), on a volunteer's draft, while the server is reachable (never offline).
// The PIN field is there at once and its sixth digit asks the server (issue 15: the PIN is one
// input, no extra presses); the button asks again, e.g. after a failed request. The wizard then
// prefills the shared-vocabulary fields and this procedure's kept choices (wizard/returning.js).
import React, { useEffect, useRef, useState } from 'react';
import { t } from '../i18n.js';
import { online } from '../app/connectivity.js';
import { useStore } from '../app/hooks.js';
import { fullPin, offerable } from './returning.js';
import { lookUp } from './returning-api.js';

export function ReturningOffer({ number, draft, lang, onFound }) {
  const isOnline = useStore(online, true);
  const [done, setDone] = useState(false);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const tried = useRef('');
  const shown = isOnline && draft.channel === 'volunteer' && offerable(number);

  const use = async (value = pin) => {
    if (busy || !value.trim()) return;
    tried.current = value.trim();
    setBusy(true);
    setMessage('');
    try {
      const { status, payload } = await lookUp(String(number).trim(), value.trim());
      if (status === 200 && payload) {
        const filled = onFound(payload);
        setMessage(t('returning.prefilled', { count: filled }, lang));
        setDone(true);
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

  // The sixth digit asks once per PIN typed; a changed PIN asks again.
  useEffect(() => {
    if (shown && !done && !busy && fullPin(pin) && pin.trim() !== tried.current) use(pin);
  }, [pin, shown, done, busy]);

  if (!shown) return null;
  return (
    <div className="ts-panel ts-returning" data-testid="returning-offer">
      {!done && (
        <div className="ts-field">
          <p className="ts-hint" id="returning-hint">{t('returning.offer_hint', {}, lang)}</p>
          <label htmlFor="returning-pin">{t('returning.pin', {}, lang)}</label>
          <input id="returning-pin" className="ts-input" inputMode="numeric" autoComplete="off" maxLength={12} value={pin}
            aria-describedby="returning-hint" onChange={(e) => setPin(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); use(); } }} />
          <div className="ts-actions">
            <button type="button" className="ts-btn ts-btn-secondary" disabled={busy} onClick={() => use()}>{t('returning.offer', {}, lang)}</button>
          </div>
        </div>
      )}
      {message && <p role="status" data-testid="returning-message">{message}</p>}
    </div>
  );
}
