// Autosave: every change schedules a write, 150 ms after the last change and at most 300 ms
// after the first unsaved one (so continuous typing still commits every 300 ms); screen changes
// and attachments write at once; pagehide / hidden write at once and stash a synchronous copy
// (lifecycle/store.stashDraft); the new-version reload waits for the write (app/flush.js).
import { useCallback, useEffect, useRef } from 'react';
import { saveDraft, stashDraft } from '../lifecycle/store.js';
import { onFlush } from '../app/flush.js';

export const SAVE_DEBOUNCE_MS = 150;
export const SAVE_MAX_WAIT_MS = 300;

export function useAutosave(draftRef) {
  const dirty = useRef(false);
  const firstInputAt = useRef(null);
  const timer = useRef(null);
  const maxTimer = useRef(null);
  const chain = useRef(Promise.resolve());

  const clearTimers = () => {
    clearTimeout(timer.current); clearTimeout(maxTimer.current);
    timer.current = null; maxTimer.current = null;
  };

  /** Queue a write of `draft`; it runs after the writes before it. */
  const queueWrite = (draft, inputAt) => {
    chain.current = chain.current.then(() => saveDraft(draft, inputAt))
      .catch((err) => { console.error(err); dirty.current = true; return null; });
    return chain.current;
  };

  const flush = useCallback(() => {
    clearTimers();
    if (!dirty.current || !draftRef.current) return chain.current;
    dirty.current = false;
    const inputAt = firstInputAt.current;
    firstInputAt.current = null;
    return queueWrite(draftRef.current, inputAt);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, SAVE_DEBOUNCE_MS);
    if (!maxTimer.current) maxTimer.current = setTimeout(flush, SAVE_MAX_WAIT_MS);
  }, [flush]);

  // Leaving the page (reload, tab closed, app switched): stash synchronously, then write.
  const flushNow = useCallback(() => {
    clearTimers();
    if (!dirty.current || !draftRef.current) return;
    dirty.current = false;
    firstInputAt.current = null;
    stashDraft(draftRef.current);
    queueWrite(draftRef.current, null);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const onHide = () => flushNow();
    const onVisibility = () => { if (document.visibilityState === 'hidden') flushNow(); };
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVisibility);
    const stopFlush = onFlush(flush);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVisibility);
      stopFlush();
    };
  }, [flush, flushNow]);

  return {
    flush,
    /** The draft changed at `at` (draftRef holds it): write soon, or at once. */
    changed(immediate = false, at = performance.now()) {
      if (firstInputAt.current === null) firstInputAt.current = at;
      dirty.current = true;
      if (immediate) flush(); else schedule();
    },
    /** The draft shown is now the stored one (followed from the outbox, or queued): nothing pending. */
    settle() {
      clearTimers();
      dirty.current = false;
      firstInputAt.current = null;
    },
  };
}
