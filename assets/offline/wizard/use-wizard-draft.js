// The wizard's draft: opened from the device (or created), edited, autosaved, followed live as
// the outbox moves it (in this tab or another), and queued. Every write goes through
// lifecycle/store.js.
import { useCallback, useEffect, useRef, useState } from 'react';
import * as data from '../data.js';
import { isUuid } from '../model.js';
import { enqueue, openDraft, outboxOf, readDraft } from '../lifecycle/store.js';
import { followStored } from '../lifecycle/states.js';
import { kickSync } from '../sync.js';
import { modeOf, readSession } from '../session.js';
import { readCentres, refreshCentres } from '../centres.js';
import { requestPersist, storageStatus } from '../storage.js';
import { useLive } from '../app/hooks.js';
import { draftToOpen, editedDraft, opensWithErrors, shownDraft, showsSyncPanel } from './draft-edit.js';
import { useAutosave } from './use-autosave.js';

export function useWizardDraft() {
  const [proc, setProc] = useState(undefined);
  const [draft, setDraft] = useState(null);
  const [units, setUnits] = useState(null);
  const [centres, setCentres] = useState([]);
  const [nearQuota, setNearQuota] = useState(false);
  const [done, setDone] = useState(false);
  const [showErrors, setShowErrors] = useState(false);
  const draftRef = useRef(null);
  const submitting = useRef(false);

  const show = (d) => { draftRef.current = d; setDraft(d); };

  const autosave = useAutosave(draftRef);

  /** The outbox (this tab or another) moved the stored draft on: follow it. */
  const follow = (stored) => {
    const action = followStored(draftRef.current, stored);
    if (action === 'none') return;
    autosave.settle();
    if (action === 'done') {
      show(shownDraft(stored));
      setDone(true);
    } else {
      show(stored);
      setDone(false);
      setShowErrors(true);
    }
  };

  // Load the procedure and the draft (or create one), entirely from the device.
  useEffect(() => {
    (async () => {
      const q = new URLSearchParams(window.location.search);
      await data.messages().catch(() => null);
      const p = await data.procedure(q.get('ma') || '').catch(() => null);
      if (!p) { setProc(null); return; }
      data.units().then(setUnits, () => setUnits(null));
      setCentres(readCentres());
      refreshCentres().then(setCentres);
      storageStatus().then((st) => setNearQuota(st.nearQuota), () => {});
      const urlId = isUuid(q.get('ho-so')) ? q.get('ho-so') : null;
      const stored = urlId ? await openDraft(urlId) : null;
      const { draft: d, fresh } = draftToOpen(p, stored, modeOf(readSession()), urlId);
      if (fresh) {
        // The record is written on the first answer, so merely opening the wizard leaves no
        // empty draft behind; the id is in the URL already, so a reload resumes the same draft.
        window.history.replaceState(window.history.state, '', `/nop-ho-so?ma=${encodeURIComponent(p.code)}&ho-so=${d.id}`);
        requestPersist();
      }
      show(shownDraft(d));
      setProc(p);
      if (showsSyncPanel(d)) setDone(true);
      else if (opensWithErrors(d)) setShowErrors(true);
    })();
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // The stored draft, live across tabs; the outbox row for "Đang gửi x%".
  const draftId = draft?.id;
  const live = useLive(() => (draftId ? readDraft(draftId) : undefined), [draftId], undefined);
  const row = useLive(() => (draftId ? outboxOf(draftId) : undefined), [draftId], undefined);
  useEffect(() => { follow(live); }, [live]); // eslint-disable-line react-hooks/exhaustive-deps

  /** Apply a change to the draft; autosave follows within 300 ms (at once when `immediate`). */
  const mutate = useCallback((fn, immediate = false) => {
    const at = performance.now();
    const prev = draftRef.current;
    show(editedDraft(proc, prev, fn(prev)));
    autosave.changed(immediate, at);
  }, [proc]); // eslint-disable-line react-hooks/exhaustive-deps

  /** "Xác nhận và đưa vào hàng chờ gửi": write what is pending, then queue the draft once. */
  const submit = async () => {
    if (submitting.current) return;  // a double tap queues once (and enqueue() checks again)
    submitting.current = true;
    try {
      await autosave.flush();
      const result = await enqueue(draftRef.current);
      window.scrollTo(0, 0);
      if (!result.ok) { follow(result.current); return; }  // another tab queued it first
      autosave.settle();
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

  return { proc, draft, draftRef, units, centres, nearQuota, done, row, showErrors, setShowErrors, mutate, submit, saveAndExit };
}
