// The lock gate around every offline screen (screens.jsx). Citizen mode (nobody signed in) opens
// at once: its drafts are sealed with the device's own key. A volunteer's screens open only with
// that volunteer's key in memory:
//   setup  — no tablet PIN yet on this tablet (first sign-in), or a forgotten one after an
//            online sign-in: "Đặt mã mở khóa máy";
//   locked — the app restarted (no key), or the idle lock / "Khóa máy": the PIN, offline too;
//            after 5 wrong PINs only an online sign-in lets the volunteer try again;
//   open   — the screens, and, after a forgotten PIN, what the old PIN sealed (recover/discard).
import React, { useEffect, useState } from 'react';
import { t } from '../i18n.js';
import { modeOf } from '../session.js';
import * as keyring from '../crypto/keyring.js';
import { MAX_WRONG, mustSignIn, pinProblem, triesLeft } from '../crypto/pin-attempts.js';
import { discardSealed, recordsSealedWith, reseal, sealedWith } from '../lifecycle/store.js';
import { useFiler, useLang, useMessages, useStore } from './hooks.js';
import { lockNow, lockState, unlocked } from './lock.js';
import { Loading } from '../screens/common.jsx';

export const PIN_RESET_KEY = 'tiepsuc.pin_reset';

const here = () => `${window.location.pathname}${window.location.search}`;
const signInUrl = (flag) => `/dang-nhap?${flag}=1&next=${encodeURIComponent(here())}`;

function resetRequested(username) {
  try { return sessionStorage.getItem(PIN_RESET_KEY) === username; } catch { return false; }
}

function PinField({ id, label, hint, value, onChange, autoFocus }) {
  return (
    <div className="ts-field">
      <label htmlFor={id}>{label}</label>
      {hint && <p className="ts-hint" id={`${id}-hint`}>{hint}</p>}
      <input id={id} className="ts-input ts-input-number" type="password" inputMode="numeric" autoComplete="off"
        value={value} onChange={(e) => onChange(e.target.value.replace(/\D/g, ''))} autoFocus={autoFocus}
        aria-describedby={hint ? `${id}-hint` : undefined} maxLength={12} />
    </div>
  );
}

function PinSetup({ lang, username, forgotten, onDone }) {
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const bad = pinProblem(pin);
    if (bad) { setProblem(t(`lock.pin.${bad}`, {}, lang)); return; }
    if (pin !== again) { setProblem(t('lock.pin.mismatch', {}, lang)); return; }
    setBusy(true);
    await keyring.setNewPin(username, pin);
    try { sessionStorage.removeItem(PIN_RESET_KEY); } catch { /* ignore */ }
    setBusy(false);
    unlocked();
    onDone();
  };
  return (
    <div className="ts-screen" data-testid="pin-setup" data-lock="setup">
      <h1 className="ts-h1">{t('lock.setup.title', {}, lang)}</h1>
      <p>{t('lock.setup.body', {}, lang)}</p>
      {forgotten && <p className="ts-panel ts-info" data-testid="pin-forgotten">{t('lock.setup.forgotten', {}, lang)}</p>}
      <form onSubmit={submit} noValidate>
        {problem && <p className="ts-warning" role="alert">{problem}</p>}
        <PinField id="pin-new" label={t('lock.setup.pin', {}, lang)} hint={t('lock.setup.hint', {}, lang)} value={pin} onChange={setPin} autoFocus />
        <PinField id="pin-again" label={t('lock.setup.again', {}, lang)} value={again} onChange={setAgain} />
        <button type="submit" className="ts-btn ts-btn-primary" disabled={busy}>{t('lock.setup.save', {}, lang)}</button>
        {busy && <p role="status">{t('lock.working', {}, lang)}</p>}
      </form>
    </div>
  );
}

function UnlockScreen({ lang, username, holder, restarted, onDone }) {
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const [blocked, setBlocked] = useState(mustSignIn(holder));
  const submit = async (e) => {
    e.preventDefault();
    if (!pin) return;
    setBusy(true);
    const result = await keyring.unlock(username, pin);
    setBusy(false);
    setPin('');
    if (result.ok) { unlocked(); onDone(); return; }
    if (result.signIn) { setBlocked(true); return; }
    setProblem(t('lock.unlock.wrong', { left: result.left }, lang));
  };
  return (
    <div className="ts-screen" data-testid="lock-screen" data-lock="locked">
      <h1 className="ts-h1">{t('lock.unlock.title', {}, lang)}</h1>
      <p>{t(restarted ? 'lock.unlock.restarted' : 'lock.unlock.body', {}, lang)}</p>
      {blocked ? (
        <div className="ts-panel" role="alert" data-testid="pin-blocked">
          <p>{t('lock.unlock.blocked', { max: MAX_WRONG }, lang)}</p>
          <p><a className="ts-btn ts-btn-primary" href={signInUrl('mo-khoa')}>{t('lock.unlock.sign_in', {}, lang)}</a></p>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          {problem && <p className="ts-warning" role="alert" data-testid="pin-wrong">{problem}</p>}
          <PinField id="pin-unlock" label={t('lock.unlock.pin', {}, lang)} value={pin} onChange={setPin} autoFocus />
          <button type="submit" className="ts-btn ts-btn-primary" disabled={busy}>{t('lock.unlock.submit', {}, lang)}</button>
          {busy && <p role="status">{t('lock.working', {}, lang)}</p>}
          <p className="ts-hint">{t('lock.unlock.tries', { left: triesLeft(holder) }, lang)}</p>
        </form>
      )}
      <p><a href={signInUrl('quen-ma')} data-testid="pin-forgot">{t('lock.unlock.forgot', {}, lang)}</a></p>
    </div>
  );
}

/** After a forgotten PIN: what the old PIN sealed, recovered with it or discarded. */
function RetiredPanel({ lang, username, kid, count, onDone }) {
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const recover = async (e) => {
    e.preventDefault();
    setBusy(true);
    const ok = await keyring.unlockRetired(username, kid, pin);
    if (ok) {
      const h = await keyring.holder(username);
      // The old key is forgotten only once nothing names it any more (else its records are lost).
      if (!(await reseal(kid, h.kid))) await keyring.forgetRetired(username, kid);
      onDone();
    } else setProblem(t('lock.retired.wrong', {}, lang));
    setBusy(false);
  };
  const discard = async () => {
    setBusy(true);
    await discardSealed(kid);
    await keyring.forgetRetired(username, kid);
    setBusy(false);
    onDone();
  };
  return (
    <section className="ts-panel ts-warning-panel" aria-labelledby={`retired-${kid}`} data-testid="pin-retired">
      <h2 className="ts-h3" id={`retired-${kid}`}>{t('lock.retired.title', { count }, lang)}</h2>
      <p>{t('lock.retired.body', {}, lang)}</p>
      <form onSubmit={recover} noValidate>
        {problem && <p className="ts-warning" role="alert">{problem}</p>}
        <PinField id={`pin-old-${kid}`} label={t('lock.retired.pin', {}, lang)} value={pin} onChange={setPin} />
        <button type="submit" className="ts-btn ts-btn-primary" disabled={busy}>{t('lock.retired.recover', {}, lang)}</button>
      </form>
      {confirm ? (
        <div role="alertdialog" aria-labelledby={`retired-confirm-${kid}`} aria-modal="false">
          <p id={`retired-confirm-${kid}`}>{t('lock.retired.confirm', { count }, lang)}</p>
          <button type="button" className="ts-btn ts-btn-warning" onClick={discard} disabled={busy}>{t('lock.retired.discard_yes', {}, lang)}</button>
          <button type="button" className="ts-btn ts-btn-secondary" onClick={() => setConfirm(false)}>{t('lock.retired.discard_no', {}, lang)}</button>
        </div>
      ) : (
        <button type="button" className="ts-btn ts-btn-warning" onClick={() => setConfirm(true)}>{t('lock.retired.discard', {}, lang)}</button>
      )}
    </section>
  );
}

export function LockGate({ children, screen }) {
  const lang = useLang();
  const ready = useMessages();
  const filer = useFiler();
  const lock = useStore(lockState, lockState.get());
  const epoch = useStore(keyring.keysEpoch, 0);
  const [view, setView] = useState(null);
  const [again, setAgain] = useState(0);
  const mode = filer ? modeOf(filer.session) : null;
  const who = mode ? `${mode.mode}:${mode.volunteer}` : null;

  useEffect(() => {
    if (!mode) return undefined;
    let live = true;
    keyring.setFiler(mode);
    (async () => {
      if (mode.mode !== 'volunteer') {  // citizen mode's key, if one was made (at the first draft)
        // made by the wizard (so the pagehide stash of a first draft has a key), else only loaded
        await keyring.loadCitizenKey(screen === 'wizard').catch(() => null);
        if (live) setView({ citizen: true });
        return;
      }
      const holder = await keyring.holder(mode.volunteer);
      // Unlocked earlier in this tab (a link is a full page load): the key comes back without the PIN.
      if (holder && !keyring.hasKey(holder.kid) && !lockState.get().locked && !resetRequested(mode.volunteer)) {
        await keyring.resumeTab(mode.volunteer, holder.kid);
      }
      const retired = [];
      for (const kid of holder?.retired || []) {
        const count = await sealedWith(kid);
        if (count) retired.push({ kid, count });
        else if (holder && keyring.hasKey(holder.kid) && !(await recordsSealedWith(kid))) {
          await keyring.forgetRetired(mode.volunteer, kid);  // nothing behind it
        }
      }
      if (live) setView({ holder, retired });
    })();
    return () => { live = false; };
  }, [who, epoch, again]); // eslint-disable-line react-hooks/exhaustive-deps

  const state = !view ? 'loading' : view.citizen ? 'citizen'
    : !view.holder || resetRequested(mode.volunteer) ? 'setup'
      : !keyring.hasKey(view.holder.kid) || lock.locked ? 'locked' : 'open';
  useEffect(() => {
    document.documentElement.dataset.tabletLock = state;
    return () => { delete document.documentElement.dataset.tabletLock; };
  }, [state]);

  if (!ready || !view) return <Loading />;
  if (view.citizen) return children;
  const done = () => setAgain((n) => n + 1);
  if (state === 'setup') {
    return <PinSetup lang={lang} username={mode.volunteer} forgotten={!!view.holder} onDone={done} />;
  }
  if (state === 'locked') {
    return <UnlockScreen lang={lang} username={mode.volunteer} holder={view.holder} restarted={!keyring.hasKey(view.holder.kid)} onDone={done} />;
  }
  return (
    <>
      <div className="ts-lockbar">
        <button type="button" className="ts-btn ts-btn-secondary" onClick={() => lockNow('manual')} data-testid="lock-now">
          {t('lock.now', {}, lang)}
        </button>
      </div>
      {view.retired.map((r) => (
        <RetiredPanel key={r.kid} lang={lang} username={mode.volunteer} kid={r.kid} count={r.count} onDone={done} />
      ))}
      {children}
    </>
  );
}
