// The panel above the wizard's heading for Cần sửa and Cần bổ sung (the staff's reasons).
import React from 'react';
import { t } from '../i18n.js';
import { STATUS } from '../lifecycle/states.js';

export function StatusNotice({ draft, lang }) {
  if (draft.status === STATUS.NEEDS_FIX) return <p className="ts-panel ts-warning" data-testid="needs-fix">{t('sync.needs_fix.body', {}, lang)}</p>;
  if (draft.status !== STATUS.RETURNED) return null;
  return (
    <div className="ts-panel ts-warning" data-testid="returned">
      <p>{t('sync.returned.body', { code: draft.code || '' }, lang)}</p>
      <ul>{(draft.reasons || []).map((r, i) => <li key={i} data-target={r.target}>{r.text}</li>)}</ul>
      {draft.note && <p data-testid="returned-note">{draft.note}</p>}
    </div>
  );
}
