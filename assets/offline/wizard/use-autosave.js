// Autosave: every change schedules a write, 150 ms after the last change and at most 300 ms
// after the first unsaved one (so continuous typing still commits every 300 ms); screen changes
// and attachments write at once; pagehide / hidden write at once and stash a synchronous copy
// (lifecycle/store.stashDraft); the new-version reload waits for the write (app/flush.js).
//
// Each write is a compare-and-set over the revision this tab last read or wrote (`knownRev`).
// When another tab wrote a newer one, the store refuses and `onRefused(result)` gets the stored
// record; writes this tab had queued on its stale copy are dropped (`adopt` starts a new
// generation), so none of them can land on top of the newer revision.
import { useCallback, useEffect, useRef } from 'react';
import { saveDraft, stashDraft } from '../lifecycle/store.js';
import { onFlush } from '../app/flush.js';

export const SAVE_DEBOUNCE_MS = 150;
export const SAVE_MAX_WAIT_MS = 300;

export function useAutosave(draftRef, onRefused) {
  const dirty = useRef(false);
  const firstInputAt = useRef(null);
  const timer = useRef(null);
  const maxTimer = useRef(null);
  const chain = useRef(Promise.resolve());
  const knownRev = useRef(null);    // the stored revision this tab's draft is based on (null: never stored)
  const inFlight = useRef(null);    // {rev, updated_at} of this tab's write not yet committed
  const generation = useRef(0);     // bumped when the draft is replaced by the stored one
  const refused = useRef(onRefused);
  refused.current = onRefused;

  const clearTimers = () => {
    clearTimeout(timer.current); clearTimeout(maxTimer.current);
    timer.current = null; maxTimer.current = null;
  };

  /** Queue a write of `draft`; it runs after the writes before it, over the revision known then. */
  const queueWrite = (draft, inputAt) => {
    const gen = generation.current;
    chain.current = chain.current.then(async () => {
      if (gen !== generation.current) return null;  // made on a copy that has been replaced
      const base = knownRev.current;
      inFlight.current = { rev: (base || 0) + 1, updated_at: draft.updated_at };
      try {
        const result = await saveDraft(draft, base, inputAt);
        if (result.ok) knownRev.current = result.rev;
        else if (gen === generation.current) refused.current(result);
        return result;
      } finally {
        inFlight.current = null;
      }
    }).catch((err) => { console.error(err); dirty.current = true; return null; });
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
    stashDraft(draftRef.current, knownRev.current, inFlight.current);
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
    /** The draft shown is now the stored revision `rev` (loaded, followed, or queued): drop pending writes. */
    adopt(rev) {
      clearTimers();
      generation.current += 1;
      dirty.current = false;
      firstInputAt.current = null;
      knownRev.current = rev ?? null;
    },
    knownRev: () => knownRev.current,
    generation: () => generation.current,
    /** Is this stored record this tab's own write still being committed? */
    isOwnWrite: (stored) => !!stored && !!inFlight.current && stored.rev === inFlight.current.rev
      && stored.updated_at === inFlight.current.updated_at,
  };
}
