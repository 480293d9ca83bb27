// The receiving centres a citizen may choose (GET /api/v1/centres: public codes and names).
//
// Centres are data the administrator keeps in the database, not build-time data, so the device
// remembers the last list it saw (localStorage) and refreshes it whenever it is online. A
// volunteer's dossier goes to the volunteer's own centre; the usual install has one centre and
// asks nothing. Only when the device knows several does a citizen's check page ask where to file
// (and the server's 422 `centre_code` lands on that same choice).

const CENTRES_KEY = 'tiepsuc.centres';

/** Must this draft name its receiving centre before it is sent? */
export function centreChoiceNeeded(draft, centres) {
  return draft.channel !== 'volunteer' && (draft.version || 1) === 1 && Array.isArray(centres) && centres.length > 1;
}

/** The device-side error for a missing choice (same key as the server's answer). */
export function centreErrors(draft, centres) {
  if (!centreChoiceNeeded(draft, centres)) return [];
  if (draft.centre_code && centres.some((c) => c.code === draft.centre_code)) return [];
  return [{ field: 'centre_code', key: 'dossier.centre_required', params: {} }];
}

export function readCentres() {
  try {
    const list = JSON.parse(localStorage.getItem(CENTRES_KEY) || '[]');
    return Array.isArray(list) ? list.filter((c) => c && typeof c.code === 'string' && typeof c.name === 'string') : [];
  } catch {
    return [];
  }
}

/** Online: fetch and remember the list. Offline or server down: the remembered one. */
export async function refreshCentres() {
  try {
    const res = await fetch('/api/v1/centres', { cache: 'no-store', credentials: 'same-origin' });
    if (!res.ok) return readCentres();
    const list = (await res.json()).map((c) => ({ code: String(c.code), name: String(c.name) }));
    try { localStorage.setItem(CENTRES_KEY, JSON.stringify(list)); } catch { /* storage full */ }
    return list;
  } catch {
    return readCentres();
  }
}
