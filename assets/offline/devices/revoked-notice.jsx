// Why this tablet's data is gone: shown on every page (in the header's bar) after a revoked tablet
// deleted its data, until the person dismisses it (issue 16).
import React from 'react';
import { t } from '../i18n.js';
import { dismissNotice, revokedNotice } from './device.js';
import { useStore } from '../app/hooks.js';

export function RevokedNotice({ lang }) {
  const notice = useStore(revokedNotice, null);
  if (!notice) return null;
  return (
    <div className="ts-revoked" role="alertdialog" aria-modal="false" aria-labelledby="ts-revoked-h" aria-describedby="ts-revoked-b"
      data-testid="device-revoked">
      <h2 id="ts-revoked-h" className="ts-h3">{t('device.wiped_title', {}, lang)}</h2>
      <p id="ts-revoked-b">{t('device.wiped_body', { name: notice.name }, lang)}</p>
      <button type="button" className="ts-btn ts-btn-secondary" onClick={dismissNotice}>{t('device.wiped_dismiss', {}, lang)}</button>
    </div>
  );
}
