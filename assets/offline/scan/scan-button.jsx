// "Quét CCCD …": opens the card scanner for one person of the step. The scanner (camera, photo,
// the QR decoder, the pre-2025 units) is loaded on first press, never in the first visit.
import React, { Suspense, lazy, useState } from 'react';
import { t } from '../i18n.js';

const CardScan = lazy(() => import('./card-scan.jsx').then((m) => ({ default: m.CardScan })));

export function ScanCardButton({ target, onChange, lang, ctx }) {
  const [open, setOpen] = useState(false);
  const id = `scan-${target.role}`;
  return (
    <div className="ts-scan" data-scan={target.role}>
      <button type="button" className="ts-btn ts-btn-secondary" aria-expanded={open} aria-controls={open ? id : undefined}
        onClick={() => setOpen((o) => !o)}>
        {t('scan.button', { who: t(`scan.role.${target.role}`, {}, lang) }, lang)}
      </button>
      {open && (
        <Suspense fallback={<p role="status">{t('scan.loading', {}, lang)}</p>}>
          <CardScan id={id} target={target} onChange={onChange} lang={lang} units={ctx.units} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
