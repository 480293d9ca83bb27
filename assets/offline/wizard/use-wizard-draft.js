// The wizard's draft: opened from the device (or created), edited, autosaved, followed live as
// the outbox or another tab changes it, and queued. Every write goes through lifecycle/store.js.
import { useCallback, useEffect, useRef, useState } from 'react';
import * as data from '../data.js';
import { isUuid, todayIso } from '../model.js';
import { enqueue, openDraft, outboxOf, readDraft } from '../lifecycle/store.js';
import { STATUS, followStored } from '../lifecycle/states.js';
import { kickSync } from '../sync.js';
import { modeOf, readSession } from '../session.js';
import { readCentres, refreshCentres } from '../centres.js';
import { requestPersist, storageStatus } from '../storage.js';
import { useLive } from '../app/hooks.js';
import { draftToOpen, editedDraft, opensWithErrors, shownDraft, showsSyncPanel } from './draft-edit.js';
import { useAutosave } from './use-autosave.js';
import { movedDraft } from './version-move.js';

export function useWizardDraft() {
  const [proc, setProc] = useState(undefined);
  const [draft, setDraft] = useState(null);
  const [units, setUnits] = useState(null);
  const [centres, setCentres] = useState([]);
  const [nearQuota, setNearQuota] = useState(false);
  const [done, setDone] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const [notice, setNotice] = useState(null);  // 'changed' | 'gone': another tab or window did it; 'moved'
  const draftRef = useRef(null);
  const submitting = useRef(false);

  const show = (d) => { draftRef.current = d; setDraft(d); };

  /** The stored record is not what this tab shows: follow the outbox, or another tab's edit. */
  const follow = (stored) => {
    const cur = draftRef.current;
    const action = followStored(cur, autosave.knownRev(), stored);
    if (action === 'none') return;
    if (action === 'gone') { setNotice('gone'); return; }
    autosave.adopt(stored.rev);
    if (action === 'done') {
      show(shownDraft(stored));
      setDone(true);
    } else if (action === 'reopened') {
      show(stored);
      setDone(false);
      setShowErrors(true);
    } else {
      // Another tab's values, on this tab's own screen; nothing of the stale copy is written.
      show({ ...stored, step: cur.step });
      setNotice('changed');
    }
  };
  const autosave = useAutosave(draftRef, (refused) => follow(refused.current));

  // Load the procedure and the draft (or create one), entirely from the device.
  useEffect(() => {
    (async () => {
      const q = new URLSearchParams(window.location.search);
      const urlId = isUuid(q.get('ho-so')) ? q.get('ho-so') : null;
      // The messages and the stored draft at once (the messages are usually on their way already:
      // app/start.js asks for them before React starts).
      const [, stored] = await Promise.all([data.messages().catch(() => null), urlId ? openDraft(urlId) : null]);
      // A draft keeps the procedure version it started on (while the device holds it).
      const p = await data.procedure(q.get('ma') || '', stored?.catalog_version).catch(() => null);
      if (!p) { setProc(null); return; }
      data.units().then(setUnits, () => setUnits(null));
      setCentres(readCentres());
      refreshCentres().then(setCentres);
      storageStatus().then((st) => setNearQuota(st.nearQuota), () => {});
      let { draft: d, fresh } = draftToOpen(p, stored, modeOf(readSession()), urlId);
      // Past the centre's grace days, a draft moves to the current version: what still fits is
      // kept and the wizard opens where something new is asked (saved at once, below).
      const moving = !fresh && d.status === STATUS.DRAFT && p.etag && d.catalog_version !== p.etag
        && await data.draftPinExpired(p.code, d.catalog_version);
      if (moving) d = movedDraft(p, d, todayIso());
      if (fresh) {
        // The record is written on the first answer, so merely opening the wizard leaves no
        // empty draft behind; the id is in the URL already, so a reload resumes the same draft.
        window.history.replaceState(window.history.state, '', `/nop-ho-so?ma=${encodeURIComponent(p.code)}&ho-so=${d.id}`);
        requestPersist();
      }
      autosave.adopt(fresh ? null : d.rev);
      show(shownDraft(d));
      setProc(p);
      if (moving) {
        setNotice('moved');
        autosave.changed(true, performance.now());
      }
      if (showsSyncPanel(d)) setDone(true);
      else if (opensWithErrors(d)) setShowErrors(true);
    })();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // The stored draft, live across tabs (null once deleted); the outbox row for "Đang gửi x%".
  const draftId = draft?.id;
  const live = useLive(() => (draftId ? readDraft(draftId).then((d) => d ?? null) : undefined), [draftId], undefined);
  const row = useLive(() => (draftId ? outboxOf(draftId) : undefined), [draftId], undefined);
  useEffect(() => {
    if (live !== undefined && !autosave.isOwnWrite(live)) follow(live);
  }, [live]); // eslint-disable-line react-hooks/exhaustive-deps

  /** Apply a change to the draft; autosave follows within 300 ms (at once when `immediate`). */
  const mutate = useCallback((fn, immediate = false) => {
    const at = performance.now();
    const prev = draftRef.current;
    show(editedDraft(proc, prev, fn(prev)));
    autosave.changed(immediate, at);
  }, [proc]); // eslint-disable-line react-hooks/exhaustive-deps

  /**
   * "Xác nhận và đưa vào hàng chờ gửi": write what is pending, then queue exactly the revision
   * this tab shows. If another tab changed the draft meanwhile, nothing is queued: this tab
   * shows the current values and says so, and the person looks before submitting again.
   */
  const submit = async () => {
    if (submitting.current) return;  // a double tap queues once (and enqueue() checks again)
    submitting.current = true;
    try {
      const generation = autosave.generation();
      await autosave.flush();
      if (autosave.generation() !== generation) return;  // replaced by another tab's revision
      const result = await enqueue(draftRef.current, autosave.knownRev());
      window.scrollTo(0, 0);
      if (!result.ok) { follow(result.current); return; }
      autosave.adopt(result.draft.rev);
      show(result.draft);
      setDone(true);
      kickSync();
    } finally {
      submitting.current = false;
    }
  };

  // "Lưu và làm tiếp sau": the draft is already saved; write any pending change, then list drafts.
  const saveAndExit = async () => {
    await autosave.flush();
    window.location.assign('/ho-so');
  };

  return {
    proc, draft, draftRef, units, centres, nearQuota, done, row, showErrors, setShowErrors, notice,
    clearNotice: () => setNotice((n) => (n === 'changed' || n === 'moved' ? null : n)), mutate, submit, saveAndExit,
  };
}
