// The wizard once its draft is in the outbox: Chờ gửi → Đang gửi x% → Đã gửi with the code and
// PIN (followed live, from this tab's outbox or another's), or a returned stub's reasons.
import React, { useEffect, useRef } from 'react';
import { t, tx } from '../i18n.js';
import { formatReceived } from '../sync-logic.js';
import { STATUS, isHeld, showsPin } from '../lifecycle/states.js';
import { syncLabel } from '../screens/sync-label.js';

function ReturnedStub({ draft, lang, headingRef }) {
  return (
    <div className="ts-panel ts-warning" data-testid="returned" data-status="returned">
      <h1 className="ts-h1" tabIndex={-1} ref={headingRef}>{t('sync.returned.title', {}, lang)}</h1>
      <p>{t('sync.returned.body', { code: draft.code || '' }, lang)}</p>
      <ul>{(draft.reasons || []).map((r, i) => <li key={i} data-target={r.target}>{r.text}</li>)}</ul>
      {draft.note && <p>{draft.note}</p>}
      <p>{t('sync.returned.no_answers', {}, lang)}</p>
    </div>
  );
}

/** Whom and what the dossier is for: the citizen (masked once sent) and the procedure. */
function Subject({ draft, lang }) {
  const citizen = draft.summary?.citizen_name || draft.summary?.citizen_masked || '—';
  return (
    <>
      <div><dt>{t('handover.citizen', {}, lang)}</dt><dd data-testid="queued-citizen">{citizen}</dd></div>
      <div><dt>{t('ui.drafts.procedure', {}, lang)}</dt>
        <dd data-testid="queued-procedure">{tx(draft.summary?.procedure_name, lang) || draft.procedure_code} · {draft.procedure_code}</dd></div>
    </>
  );
}

/** What the volunteer does next: the next citizen (same procedure), another procedure, the list. */
export function NextActions({ draft, lang }) {
  return (
    <div className="ts-actions" data-testid="next-actions">
      <a className="ts-btn ts-btn-primary" href={`/nop-ho-so?ma=${encodeURIComponent(draft.procedure_code)}`}>
        {t('assist.next_citizen', {}, lang)}
      </a>
      <a href="/thu-tuc">{t('assist.other_procedure', {}, lang)}</a>
      <a href="/ho-so">{t('ui.nav.drafts', {}, lang)}</a>
    </div>
  );
}

export function SyncPanel({ draft, row, lang }) {
  const headingRef = useRef(null);
  // A new screen: focus its heading (after "Xác nhận…" the focus would otherwise fall to the body).
  useEffect(() => { headingRef.current?.focus(); }, [draft.status === STATUS.RETURNED]); // eslint-disable-line react-hooks/exhaustive-deps
  if (draft.status === STATUS.RETURNED) return <ReturnedStub draft={draft} lang={lang} headingRef={headingRef} />;
  const sent = draft.status === STATUS.SENT;
  return (
    <div className={`ts-panel ${sent ? 'ts-success' : 'ts-info'}`} data-testid="queued" data-status={draft.status}>
      <h1 className="ts-h1" tabIndex={-1} ref={headingRef}>{sent ? t('sync.sent.title', {}, lang) : t('ui.done.title', {}, lang)}</h1>
      <p data-testid="sync-state" role="status">{syncLabel(draft, row, lang)}</p>
      <dl className="ts-summary ts-compact">
        <Subject draft={draft} lang={lang} />
        {sent && <div><dt>{t('sync.sent.code', {}, lang)}</dt><dd data-testid="receipt-code">{draft.code}</dd></div>}
        {sent && showsPin(draft) && <div><dt>{t('sync.sent.pin', {}, lang)}</dt><dd data-testid="receipt-pin">{draft.pin}</dd></div>}
        {sent && <div><dt>{t('sync.sent.date', {}, lang)}</dt><dd>{formatReceived(draft.received_at)}</dd></div>}
      </dl>
      {!sent && <p>{t('ui.done.body', {}, lang)}</p>}
      {!sent && isHeld(row) && <p className="ts-warning" data-testid="sign-in-needed">{t('sync.sign_in_needed', {}, lang)}</p>}
      {sent && <p>{t('sync.sent.purged', {}, lang)}</p>}
    </div>
  );
}
