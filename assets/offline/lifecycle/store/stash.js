// The pagehide stash: a draft's unsaved change, sealed synchronously into localStorage while the
// page unloads (an IndexedDB write may be aborted then). Folded back by edits.openDraft.
import * as keyring from '../../crypto/keyring.js';

const STASH = 'tiepsuc.unsaved.';

/**
 * Called from pagehide / visibilitychange(hidden) when a change is still inside the autosave
 * debounce. An IndexedDB transaction started while the document is being unloaded may be
 * aborted, so the draft is also stashed in localStorage, which is written synchronously, with
 * the revision it was made on and this tab's own write still in flight (`pending`, or null);
 * openDraft() folds it back only over one of those. The caller still saves it as usual.
 */
export function stashDraft(draft, baseRev, pending = null) {
  try {
    // Sealed synchronously with the in-memory key (no promise can finish while the page unloads);
    // with no key in memory nothing is stashed: a draft is never written in clear.
    const text = keyring.stashSeal(keyring.kidFor(draft), draft.id, { draft, base_rev: baseRev || 0, pending });
    if (text) localStorage.setItem(STASH + draft.id, text);
  } catch { /* quota or private mode */ }
}

/** Makes the stash's key ready to open it (keyring.prepareStash); no storage → nothing to do. */
export async function prepareStash(id) {
  try { await keyring.prepareStash(localStorage.getItem(STASH + id)); } catch { /* no storage */ }
}

export function readStash(id) {
  try {
    const stash = keyring.stashOpen(localStorage.getItem(STASH + id), id);
    return stash && stash.draft && stash.draft.id === id ? stash : null;
  } catch {
    return null;
  }
}

export function dropStash(id) {
  try { localStorage.removeItem(STASH + id); } catch { /* ignore */ }
}

/** A saved record at least as new as the stash makes it useless: drop it (it holds personal data). */
export function settleStash(record) {
  const stash = readStash(record.id);
  if (stash && (stash.draft.updated_at || 0) <= (record.updated_at || 0)) dropStash(record.id);
}
