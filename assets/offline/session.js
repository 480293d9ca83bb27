// Who is filing on this device: the signed-in volunteer, or a citizen with no account.
//
// The session cookie is HttpOnly and the server is often unreachable, so the device keeps the
// last identity the server confirmed (GET /api/v1/auth/me) in localStorage: username, display
// name and role, never a token. Volunteer mode follows that identity: signing in (auth.jsx)
// remembers it, signing out or a 401 from the server forgets it, and offline the last confirmed
// one stands. Drafts are stamped with it (owner), the list shows only the current owner's
// drafts, and the outbox sends a volunteer's draft only under that volunteer's own session.
// Nothing here touches a browser API at load, so tests/js runs the pure part under node.
import { forgetTab } from './crypto/tab-carry.js';

const SESSION_KEY = 'tiepsuc.session';
const FILING_ROLES = new Set(['volunteer']);

/** The filing mode for a remembered identity (null → citizen). */
export function modeOf(session) {
  if (session && FILING_ROLES.has(session.role) && session.username) {
    return { mode: 'volunteer', volunteer: session.username, volunteerName: session.display_name || session.username };
  }
  return { mode: 'citizen', volunteer: '', volunteerName: '' };
}

/** Does this draft belong to whoever is filing now? (a shared tablet shows each person their own) */
export function ownsDraft(draft, mode) {
  if (mode.mode === 'volunteer') return draft.channel === 'volunteer' && draft.owner === mode.volunteer;
  return draft.channel !== 'volunteer';
}

/**
 * Why the outbox must hold a draft back, or null to send it. A volunteer's dossier goes out only
 * under that volunteer's session: the server records who submitted it from the session.
 */
export function sendBlock(draft, session) {
  if (draft.channel !== 'volunteer') return null;
  const mode = modeOf(session);
  return mode.mode === 'volunteer' && mode.volunteer === draft.owner ? null : 'sign_in';
}

/** The identity to keep from a /auth/me or login answer (display data only). */
export function identityOf(user, now = Date.now()) {
  if (!user || typeof user.username !== 'string' || !user.username) return null;
  return { username: user.username, display_name: String(user.display_name || ''), role: String(user.role || ''), checked_at: now };
}

// ------------------------------------------------------------------ browser side

export function readSession() {
  try {
    const v = JSON.parse(localStorage.getItem(SESSION_KEY) || 'null');
    return v && typeof v.username === 'string' ? v : null;
  } catch {
    return null;
  }
}

export function rememberSession(user) {
  const identity = identityOf(user);
  try {
    if (identity) localStorage.setItem(SESSION_KEY, JSON.stringify(identity));
    else localStorage.removeItem(SESSION_KEY);
  } catch { /* storage full or blocked: the mode falls back to citizen */ }
  return identity;
}

export function forgetSession() {
  try { localStorage.removeItem(SESSION_KEY); } catch { /* ignore */ }
  forgetTab();  // signed out: this tab's carried key goes (crypto/tab-carry.js)
}

/**
 * Ask the server who is signed in. Online: remember the answer (or forget on 401/403).
 * Offline or server down: keep the last confirmed identity. Returns { session, confirmed }.
 */
export async function refreshSession() {
  let res;
  try {
    res = await fetch('/api/v1/auth/me', { credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return { session: readSession(), confirmed: false };
  }
  if (res.status === 401 || res.status === 403) {
    forgetSession();
    return { session: null, confirmed: true };
  }
  if (!res.ok) return { session: readSession(), confirmed: false };
  const user = await res.json().catch(() => null);
  if (!user || user.must_change_password) return { session: readSession(), confirmed: false };
  return { session: rememberSession(user), confirmed: true };
}
