// The tablet PIN ("mã mở khóa máy") rules and its wrong-attempt counter. Pure, so
// tests/js/offline_crypto.test.mjs runs it under node. The holder record is what the keyring
// keeps per volunteer in the device store's meta table: {username, kid, failures, retired}.
export const MAX_WRONG = 5;
export const PIN_MIN = 6;
export const PIN_MAX = 12;

/** A PIN is 6 to 12 digits (the tablet's number pad), not one digit repeated, not a plain run. */
export function pinProblem(pin) {
  const p = String(pin ?? '');
  if (!/^[0-9]+$/.test(p)) return 'digits';
  if (p.length < PIN_MIN || p.length > PIN_MAX) return 'length';
  if (/^(\d)\1+$/.test(p)) return 'weak';
  const up = '01234567890123456789';
  const down = '98765432109876543210';
  if (up.includes(p) || down.includes(p)) return 'weak';
  return null;
}

/** Must this volunteer sign in online before trying the PIN again? */
export const mustSignIn = (holder) => !!holder && (holder.failures || 0) >= MAX_WRONG;

/** Tries left before an online sign-in is required. */
export const triesLeft = (holder) => Math.max(0, MAX_WRONG - ((holder && holder.failures) || 0));

/** The holder after a wrong PIN. */
export const afterWrong = (holder) => ({ ...holder, failures: Math.min(MAX_WRONG, (holder.failures || 0) + 1) });

/** The holder after the right PIN, or after signing in online (the server checked the password). */
export const afterRight = (holder) => ({ ...holder, failures: 0 });
export const afterOnlineSignIn = afterRight;

/** A new PIN (first sign-in, or a forgotten one): a new key; the old one is kept only to recover. */
export function withNewKey(holder, username, kid) {
  const retired = [...((holder && holder.retired) || [])];
  if (holder && holder.kid && holder.kid !== kid) retired.push(holder.kid);
  return { username, kid, failures: 0, retired };
}

/** The old key is done with (its records re-sealed with the new key, or discarded). */
export const withoutRetired = (holder, kid) => ({ ...holder, retired: (holder.retired || []).filter((k) => k !== kid) });
