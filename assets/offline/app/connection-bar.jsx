// The header's bar on every page: online / offline / sending N, the language switch and
// "Có phiên bản mới — tải lại". It only shows state; app/start.js runs what it shows.
import React from 'react';
import { setLang, t } from '../i18n.js';
import { heldCount, pendingCount } from '../lifecycle/store.js';
import { barState, online as onlineSignal } from './connectivity.js';
import { applyUpdate, waitingWorker } from './service-worker.js';
import { useLang, useLive, useMessages, useStore } from './hooks.js';
import { RevokedNotice } from '../devices/revoked-notice.jsx';

const LABELS = {
  offline: () => t('ui.conn.offline'),
  syncing: (pending, held) => t('sync.conn.sending', { count: pending - held }),
  held: (pending, held) => t('sync.conn.held', { count: held }),
  online: () => t('ui.conn.online'),
};

export function ConnectionBar() {
  const lang = useLang();
  const ready = useMessages();
  const online = useStore(onlineSignal, true);
  const update = useStore(waitingWorker, null);
  const pending = useLive(() => pendingCount(), [], 0);
  const held = useLive(() => heldCount(), [], 0);
  const state = barState(online, pending, held);
  const label = ready ? LABELS[state](pending, held) : '';
  return (
    <div className="ts-bar">
      <span className={`ts-conn ts-conn-${state}`} role="status" data-state={state} data-pending={pending}>
        <span className="ts-dot" aria-hidden="true" />{label}
      </span>
      <button type="button" className="ts-lang" lang={lang === 'vi' ? 'en' : 'vi'}
        onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
        {lang === 'vi' ? 'English' : 'Tiếng Việt'}
      </button>
      {ready && <RevokedNotice lang={lang} />}
      {update && ready && (
        <div className="ts-update" role="alert">
          <button type="button" className="ts-btn ts-btn-light" onClick={applyUpdate}>{t('ui.update.reload')}</button>
        </div>
      )}
    </div>
  );
}
