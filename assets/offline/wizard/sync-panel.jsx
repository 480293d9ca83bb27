// The wizard once its draft is in the outbox: Chờ gửi → Đang gửi x% → Đã gửi with the code and
// PIN (followed live, from this tab's outbox or another's), or a returned stub's reasons.
import React from 'react';
import { t, tx } from '../i18n.js';
import { formatReceived } from '../sync-logic.js';
import { STATUS, isHeld } from '../lifecycle/states.js';
import { syncLabel } from '../screens/sync-label.js';

function ReturnedStub({ draft, lang }) {
  return (
    <div className="ts-panel ts-warning" data-testid="returned" data-status="returned">
      <h1 className="ts-h1" tabIndex={-1}>{t('sync.returned.title', {}, lang)}</h1>
      <p>{t('sync.returned.body', { code: draft.code || '' }, lang)}</p>
      <ul>{(draft.reasons || []).map((r, i) => <li key={i} data-target={r.target}>{r.text}</li>)}</ul>
      {draft.note && <p>{draft.note}</p>}
      <p>{t('sync.returned.no_answers', {}, lang)}</p>
    </div>
  );
}

export function SyncPanel({ draft, row, lang }) {
  if (draft.status === STATUS.RETURNED) return <ReturnedStub draft={draft} lang={lang} />;
  const sent = draft.status === STATUS.SENT;
  return (
    <div className={`ts-panel ${sent ? 'ts-success' : 'ts-info'}`} data-testid="queued" data-status={draft.status}>
      <h1 className="ts-h1" tabIndex={-1}>{sent ? t('sync.sent.title', {}, lang) : t('ui.done.title', {}, lang)}</h1>
      <p data-testid="sync-state" role="status">{syncLabel(draft, row, lang)}</p>
      {sent ? (
        <dl className="ts-summary ts-compact">
          <div><dt>{t('sync.sent.code', {}, lang)}</dt><dd data-testid="receipt-code">{draft.code}</dd></div>
          {draft.pin && <div><dt>{t('sync.sent.pin', {}, lang)}</dt><dd data-testid="receipt-pin">{draft.pin}</dd></div>}
          <div><dt>{t('ui.drafts.procedure', {}, lang)}</dt><dd>{tx(draft.summary?.procedure_name, lang) || draft.procedure_code}</dd></div>
          <div><dt>{t('sync.sent.date', {}, lang)}</dt><dd>{formatReceived(draft.received_at)}</dd></div>
        </dl>
      ) : <p>{t('ui.done.body', {}, lang)}</p>}
      {!sent && isHeld(row) && <p className="ts-warning" data-testid="sign-in-needed">{t('sync.sign_in_needed', {}, lang)}</p>}
      {sent && <p>{t('sync.sent.purged', {}, lang)}</p>}
    </div>
  );
}
