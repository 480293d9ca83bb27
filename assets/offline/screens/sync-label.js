// What a draft's place in the lifecycle reads as, on the drafts list and the wizard's sync panel:
// "Chờ gửi" / "Đang gửi (x%)" / "Đã gửi" + code / "Cần sửa" / "Cần bổ sung". Pure (node-tested).
import { t } from '../i18n.js';
import { ROW, STATUS, isHeld } from '../lifecycle/states.js';

export function syncLabel(d, row, lang) {
  if (!d) return '';
  const queued = d.status === STATUS.QUEUED;
  if (d.status === STATUS.SENDING || (queued && row?.state === ROW.SENDING)) return t('sync.state.sending', { percent: row?.progress || 0 }, lang);
  if (queued && isHeld(row)) return t('sync.state.sign_in', {}, lang);
  if (queued) return t('ui.status.queued', {}, lang);
  if (d.status === STATUS.SENT) return t('sync.state.sent', { code: d.code }, lang);
  if (d.status === STATUS.NEEDS_FIX) return t('ui.status.needs_fix', {}, lang);
  if (d.status === STATUS.RETURNED) return t('ui.status.returned', {}, lang);
  if (d.status === STATUS.HANDED) return t('transfer.waiting', { name: d.handover?.to_name || '' }, lang);
  return t('ui.status.draft', {}, lang);
}
