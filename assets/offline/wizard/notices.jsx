// Panels above the wizard's heading: Cần sửa, Cần bổ sung (the staff's reasons), and "this draft
// was changed (or deleted) in another tab or window" after this tab reloaded the stored values.
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

/** notice: 'changed' | 'gone' | 'moved' | null */
export function ElsewhereNotice({ notice, lang }) {
  if (notice === 'moved') {
    return <p className="ts-panel ts-info" role="status" data-testid="moved-version">{t('ui.draft.moved_version', {}, lang)}</p>;
  }
  if (notice === 'changed') {
    return <p className="ts-panel ts-warning" role="alert" data-testid="changed-elsewhere">{t('ui.draft.changed_elsewhere', {}, lang)}</p>;
  }
  if (notice === 'gone') {
    return (
      <div className="ts-panel ts-warning" role="alert" data-testid="deleted-elsewhere">
        <p>{t('ui.draft.deleted_elsewhere', {}, lang)}</p>
        <p><a href="/ho-so">{t('ui.nav.drafts', {}, lang)}</a></p>
      </div>
    );
  }
  return null;
}
