// /ho-so, "Hồ sơ trên máy này": who is filing, the storage, and this person's drafts (a shared
// tablet shows each person their own, with a count of the others), each resumable or deletable.
import React, { useEffect, useRef, useState } from 'react';
import { t, tx } from '../i18n.js';
import { formatDateTime } from '../model.js';
import { deleteDraft, listDrafts, outboxRows } from '../lifecycle/store.js';
import { STATUS, isStub, showsPin } from '../lifecycle/states.js';
import { TransferPanel } from '../devices/transfer-panel.jsx';
import { markReceiptHanded } from '../sync.js';
import { modeOf, ownsDraft } from '../session.js';
import { useFiler, useLang, useLive, useMessages } from '../app/hooks.js';
import { Loading } from './common.jsx';
import { IdentityPanel, StoragePanel } from './drafts-panels.jsx';
import { syncLabel } from './sync-label.js';

/** "Đã giao giấy tiếp nhận": the PIN stays on this card until the receipt is handed over. */
function HandOver({ d, lang }) {
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    const result = await markReceiptHanded(d);
    setBusy(false);
    setProblem(result === 'ok' ? '' : t(result === 'offline' ? 'handover.offline' : 'handover.failed', {}, lang));
  };
  return (
    <>
      <button type="button" className="ts-btn ts-btn-secondary" onClick={onClick} disabled={busy} data-testid="hand-over">
        {t('handover.mark', {}, lang)}<span className="ts-vh">{` ${d.code || ''}`}</span>
      </button>
      {problem && <p className="ts-warning" role="status">{problem}</p>}
    </>
  );
}

const HANDABLE = [STATUS.DRAFT, STATUS.NEEDS_FIX];

function DraftCard({ d, row, lang, confirming, setConfirming, cancelRef, volunteer }) {
  const name = d.summary?.citizen_name || '';
  const [transferring, setTransferring] = useState(false);
  const handed = d.status === STATUS.HANDED;
  return (
    <li className="ts-card" data-draft={d.id}>
      <h2 className="ts-h3">{isStub(d) ? (d.code || '') : (name || t('ui.drafts.no_name', {}, lang))}</h2>
      <dl className="ts-summary ts-compact">
        {isStub(d) && d.summary?.citizen_masked && (
          <div><dt>{t('handover.citizen', {}, lang)}</dt><dd data-testid="citizen-masked">{d.summary.citizen_masked}</dd></div>
        )}
        <div><dt>{t('ui.drafts.id', {}, lang)}</dt><dd data-testid="masked-id">{d.summary?.id_masked || '—'}</dd></div>
        <div><dt>{t('ui.drafts.procedure', {}, lang)}</dt><dd>{tx(d.summary?.procedure_name, lang) || d.procedure_code}</dd></div>
        <div><dt>{t('ui.drafts.updated', {}, lang)}</dt><dd>{formatDateTime(d.updated_at)}</dd></div>
        <div><dt>{t('ui.drafts.sync', {}, lang)}</dt><dd data-testid="sync-state" data-status={d.status}>{syncLabel(d, row, lang)}</dd></div>
        {d.code && <div><dt>{t('sync.sent.code', {}, lang)}</dt><dd data-testid="receipt-code">{d.code}</dd></div>}
        {showsPin(d) && <div><dt>{t('sync.sent.pin', {}, lang)}</dt><dd data-testid="receipt-pin">{d.pin}</dd></div>}
      </dl>
      {showsPin(d) && <p className="ts-hint">{t('handover.hint', {}, lang)}</p>}
      {d.received_from && !isStub(d) && (
        <p className="ts-hint" data-testid="received-from">{t('transfer.received_from', { name: d.received_from.name }, lang)}. {t('transfer.consent_again', {}, lang)}</p>
      )}
      <div className="ts-actions">
        {showsPin(d) && <HandOver d={d} lang={lang} />}
        {volunteer && HANDABLE.includes(d.status) && !transferring && (
          <button type="button" className="ts-btn ts-btn-secondary" onClick={() => setTransferring(true)} data-testid="transfer-open">
            {t('transfer.open', {}, lang)}<span className="ts-vh">{` ${name}`}</span>
          </button>
        )}
        {!isStub(d) && !handed && <a className="ts-btn ts-btn-primary" href={`/nop-ho-so?ma=${encodeURIComponent(d.procedure_code)}&ho-so=${d.id}`}>
          {t('ui.drafts.resume', {}, lang)}<span className="ts-vh">{` ${name}`}</span>
        </a>}
        <button type="button" className="ts-btn ts-btn-warning" onClick={() => setConfirming(d)}>
          {t('ui.drafts.delete', {}, lang)}<span className="ts-vh">{` ${name}`}</span>
        </button>
      </div>
      {transferring && <TransferPanel d={d} lang={lang} onClose={() => setTransferring(false)} />}
      {confirming?.id === d.id && (
        <div className="ts-confirm" role="alertdialog" aria-labelledby={`confirm-${d.id}`} aria-modal="false">
          <p id={`confirm-${d.id}`}>{t('ui.drafts.confirm', { name: name || d.procedure_code }, lang)}</p>
          <div className="ts-actions">
            <button type="button" className="ts-btn ts-btn-warning" onClick={async () => { await deleteDraft(d.id); setConfirming(null); }}>
              {t('ui.drafts.confirm_yes', {}, lang)}
            </button>
            <button type="button" ref={cancelRef} className="ts-btn ts-btn-secondary" onClick={() => setConfirming(null)}>
              {t('ui.drafts.confirm_no', {}, lang)}
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

export function DraftsScreen() {
  const lang = useLang();
  const ready = useMessages();
  const filer = useFiler();
  const drafts = useLive(() => listDrafts(), [], null);
  const rows = useLive(() => outboxRows(), [], []);
  const [confirming, setConfirming] = useState(null);
  const cancelRef = useRef(null);
  useEffect(() => { if (confirming) cancelRef.current?.focus(); }, [confirming]);
  if (!ready || drafts === null || !filer) return <Loading />;
  const mode = modeOf(filer.session);
  // A record sealed with a key not in memory (a forgotten PIN's old key) is not listed: the lock
  // gate says how many wait behind the old PIN.
  const visible = drafts.filter((d) => ownsDraft(d, mode) && !d.locked);
  const others = drafts.filter((d) => !ownsDraft(d, mode)).length;
  return (
    <div className="ts-screen">
      <h1 className="ts-h1">{t('ui.drafts.title', {}, lang)}</h1>
      <IdentityPanel lang={lang} filer={filer} />
      <StoragePanel lang={lang} />
      <p role="status">{t('ui.drafts.count', { count: visible.length }, lang)}</p>
      {others > 0 && <p className="ts-hint" data-testid="others-drafts">{t('ui.drafts.others', { count: others }, lang)}</p>}
      {visible.length === 0 && <p><a href="/thu-tuc">{t('ui.drafts.empty', {}, lang)}</a></p>}
      <ul className="ts-list">
        {visible.map((d) => (
          <DraftCard key={d.id} d={d} row={rows.find((r) => r.draft_id === d.id)} lang={lang}
            confirming={confirming} setConfirming={setConfirming} cancelRef={cancelRef} volunteer={mode.mode === 'volunteer'} />
        ))}
      </ul>
    </div>
  );
}
