// "Quét CCCD …": opens the card scanner for one person of the step. The scanner (camera, photo,
// the QR decoder, the pre-2025 units) is loaded on first press, never in the first visit.
import React, { Suspense, lazy, useState } from 'react';
import { t } from '../i18n.js';
import { partMessages } from '../data.js';

// The scanner's code and its messages (a file of their own: build_plugin.ON_DEMAND_MESSAGES).
const CardScan = lazy(() => Promise.all([import('./card-scan.jsx'), partMessages('messages_scan').catch(() => null)])
  .then(([m]) => ({ default: m.CardScan })));

export function ScanCardButton({ target, onChange, lang, ctx }) {
  const [open, setOpen] = useState(false);
  const id = `scan-${target.role}`;
  return (
    <div className="ts-scan" data-scan={target.role}>
      <button type="button" className="ts-btn ts-btn-secondary" aria-expanded={open} aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}>
        {t('scan_button.label', { who: t(`scan_button.role.${target.role}`, {}, lang) }, lang)}
      </button>
      {open && (
        <Suspense fallback={<p role="status">{t('scan_button.loading', {}, lang)}</p>}>
          <CardScan id={id} target={target} onChange={onChange} lang={lang} units={ctx.units} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
