// "Chuyển cho tình nguyện viên khác" on a draft card of /ho-so (issue 16): choose a volunteer of
// the centre by name (the list comes from the server), then hand the draft over (devices/transfer.js).
import React, { useEffect, useRef, useState } from 'react';
import { t } from '../i18n.js';
import { handDraft, recipients } from './transfer.js';

export function TransferPanel({ d, lang, onClose }) {
  const [people, setPeople] = useState(undefined);  // undefined: loading; null: offline
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const selectRef = useRef(null);
  useEffect(() => { recipients().then(setPeople); }, []);
  useEffect(() => { if (people) selectRef.current?.focus(); }, [people]);
  const id = `transfer-to-${d.id}`;
  const onSubmit = async (e) => {
    e.preventDefault();
    if (!to) return;
    setBusy(true); setProblem('');
    const r = await handDraft(d.id, to);
    setBusy(false);
    if (r.outcome === 'ok') { onClose(); return; }
    setProblem(r.outcome === 'offline' ? t('transfer.offline', {}, lang)
      : (r.detail?.vi ? `${lang === 'en' ? r.detail.en : r.detail.vi}` : t('transfer.failed', {}, lang)));
  };
  return (
    <form className="ts-panel" onSubmit={onSubmit} data-testid="transfer-panel" aria-label={t('transfer.open', {}, lang)}>
      <p className="ts-hint">{t('transfer.hint', {}, lang)}</p>
      {people === undefined && <p aria-busy="true">{t('transfer.loading', {}, lang)}</p>}
      {people === null && <p className="ts-warning" role="status">{t('transfer.offline', {}, lang)}</p>}
      {people && people.length === 0 && <p role="status">{t('transfer.none_available', {}, lang)}</p>}
      {people && people.length > 0 && (
        <div className="ts-field">
          <label htmlFor={id}>{t('transfer.to_label', {}, lang)}</label>
          <select id={id} ref={selectRef} className="ts-input" value={to} onChange={(e) => setTo(e.target.value)} required>
            <option value="">{t('transfer.choose', {}, lang)}</option>
            {people.map((p) => <option key={p.username} value={p.username}>{p.display_name}</option>)}
          </select>
        </div>
      )}
      {problem && <p className="ts-warning" role="alert">{problem}</p>}
      <div className="ts-actions">
        {people && people.length > 0 && (
          <button type="submit" className="ts-btn ts-btn-primary" disabled={busy || !to}>{t('transfer.submit', {}, lang)}</button>
        )}
        <button type="button" className="ts-btn ts-btn-secondary" onClick={onClose}>{t('transfer.cancel', {}, lang)}</button>
      </div>
    </form>
  );
}
