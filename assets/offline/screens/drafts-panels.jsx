// The drafts list's two panels: who is filing on this device, and its storage.
import React, { useEffect, useState } from 'react';
import { t } from '../i18n.js';
import { modeOf } from '../session.js';
import { formatBytes, requestPersist, storageStatus } from '../storage.js';
import { idleSeconds, setIdleSeconds } from '../app/lock.js';

const IDLE_MINUTES = [1, 2, 5, 10, 15];

/** The tablet's idle lock (default 5 minutes): a setting of this device. */
function IdleSetting({ lang }) {
  const [seconds, setSeconds] = useState(null);
  useEffect(() => setSeconds(idleSeconds()), []);
  if (seconds === null) return null;
  const options = IDLE_MINUTES.map((m) => m * 60);
  if (!options.includes(seconds)) options.unshift(seconds);
  return (
    <div className="ts-field">
      <label htmlFor="idle-lock">{t('lock.idle.label', {}, lang)}</label>
      <select id="idle-lock" className="ts-input" value={seconds}
        onChange={(e) => { const v = Number(e.target.value); setIdleSeconds(v); setSeconds(v); }}>
        {options.map((s) => <option key={s} value={s}>{s % 60 ? `${s} s` : t('lock.idle.minutes', { n: s / 60 }, lang)}</option>)}
      </select>
    </div>
  );
}

export function StoragePanel({ lang }) {
  const [status, setStatus] = useState(null);
  useEffect(() => {
    let alive = true;
    requestPersist().finally(() => storageStatus().then((s) => alive && setStatus(s)));
    return () => { alive = false; };
  }, []);
  if (!status) return null;
  return (
    <section className="ts-panel" aria-labelledby="ts-storage-h">
      <h2 id="ts-storage-h" className="ts-h3">{t('ui.storage.title', {}, lang)}</h2>
      <p data-testid="storage-usage">{t('ui.storage.usage', { used: formatBytes(status.usage), quota: formatBytes(status.quota) }, lang)}</p>
      {status.nearQuota && <p className="ts-warning" role="alert">{t('ui.storage.quota_warning', {}, lang)}</p>}
      {!status.persisted && <p className="ts-warning" data-testid="evict-warning">{t('ui.storage.evict_warning', {}, lang)}</p>}
      {status.persisted && <p>{t('ui.storage.persisted', {}, lang)}</p>}
    </section>
  );
}

export function IdentityPanel({ lang, filer }) {
  const mode = modeOf(filer.session);
  return (
    <section className="ts-panel" data-testid="identity" data-mode={mode.mode} aria-labelledby="identity-title">
      <h2 className="ts-h3" id="identity-title">{t('ui.mode.title', {}, lang)}</h2>
      {mode.mode === 'volunteer' ? (
        <>
          <p data-testid="identity-volunteer">{t('ui.mode.volunteer_as', { name: mode.volunteerName, username: mode.volunteer }, lang)}</p>
          {!filer.confirmed && <p className="ts-hint" data-testid="identity-unconfirmed">{t('ui.mode.unconfirmed', {}, lang)}</p>}
          <p><a href="/tnv">{t('ui.mode.dashboard', {}, lang)}</a></p>
          <IdleSetting lang={lang} />
        </>
      ) : (
        <>
          <p>{t('ui.mode.citizen_body', {}, lang)}</p>
          <p><a href={`/dang-nhap?next=${encodeURIComponent('/ho-so')}`} data-testid="volunteer-sign-in">{t('ui.mode.sign_in', {}, lang)}</a></p>
        </>
      )}
    </section>
  );
}
