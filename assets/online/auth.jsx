// Sign-in, forced password change, sign-out and print: the only browser-side code of the online
// screens (volunteer_app/pages/online). The session cookie is HttpOnly, so it can only be set by
// an HTTP response: these components call the REST API (/api/v1/auth/*) with fetch and then load
// the next page in full, so the Reflex websocket reconnects carrying the new cookie.
// The CSP forbids eval, so rx.call_script is not an option for these few actions.
import React, { useEffect, useState } from 'react';
// The offline layer's volunteer mode follows the signed-in user (assets/offline/session.js).
import { forgetSession, rememberSession } from '../offline/session.js';
// A volunteer who signs in online may try the tablet PIN again (5 wrong PINs lock it until then),
// or, having forgotten it, set a new one (assets/offline/app/lock-gate.jsx).
import { onlineSignIn } from '../offline/crypto/keyring.js';
import { nextOr } from './next-url.js';
// Shared tablets (issue 16): the session is bound to this tablet; a tablet not yet registered is
// named after a volunteer's sign-in; a revoked one deletes its data.
import { readDevice, wipeDevice } from '../offline/devices/device.js';
import { DeviceNameForm } from '../offline/devices/name-form.jsx';

const HOME_BY_ROLE = { volunteer: '/tnv', staff: '/can-bo', admin: '/quan-tri' };

function csrf() {
  const m = document.cookie.match(/(?:^|;\s*)ts_csrf=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

function nextUrl(role) {
  // Only a target on this site (resolved as the browser will resolve it), else the role's home.
  const next = new URLSearchParams(window.location.search).get('next') || '';
  return nextOr(next, window.location.origin, HOME_BY_ROLE[role] || '/');
}

async function post(url, body) {
  const res = await fetch(url, {
    method: 'POST', credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf() },
    body: JSON.stringify(body || {}),
  });
  let data = null;
  try { data = await res.json(); } catch (e) { data = null; }
  return { ok: res.ok, status: res.status, data };
}

function errorText(result, texts) {
  const d = result && result.data && result.data.detail;
  if (d && typeof d === 'object' && d.vi) return `${d.vi} / ${d.en}`;
  return texts.error_generic;
}

const inputStyle = { minHeight: 44, fontSize: 16, padding: '8px 12px', border: '1px solid #8a94a6',
  borderRadius: 6, width: '100%', boxSizing: 'border-box', background: 'white' };
const buttonStyle = { minHeight: 44, minWidth: 44, fontSize: 16, padding: '8px 20px', borderRadius: 6,
  border: 'none', background: '#0b5c8e', color: 'white', cursor: 'pointer', fontWeight: 600 };
const labelStyle = { display: 'block', fontWeight: 600, marginBottom: 4 };

function Field({ id, label, hint, ...props }) {
  return (
    <div style={{ marginBottom: 16 }}>
      <label htmlFor={id} style={labelStyle}>{label}</label>
      {hint ? <div style={{ color: '#555', fontSize: 14, marginBottom: 4 }} id={`${id}-hint`}>{hint}</div> : null}
      <input id={id} name={id} style={inputStyle} aria-describedby={hint ? `${id}-hint` : undefined} {...props} />
    </div>
  );
}

/** The tablet's side of an online sign-in: the wrong-PIN count restarts; "quên mã" asks for a new PIN. */
async function afterOnlineSignIn(user) {
  try {
    await onlineSignIn(user.username);
    const params = new URLSearchParams(window.location.search);
    if (params.get('quen-ma') === '1') sessionStorage.setItem('tiepsuc.pin_reset', user.username);
  } catch { /* no IndexedDB (private mode): nothing is kept on this device */ }
}

/** Signing in again for the tablet (?quen-ma=1 forgotten PIN, ?mo-khoa=1 after 5 wrong PINs): the password is asked even when a session exists. */
const reauth = () => {
  const p = new URLSearchParams(window.location.search);
  return p.get('quen-ma') === '1' || p.get('mo-khoa') === '1';
};

export function SignInForm({ texts }) {
  const [mode, setMode] = useState('loading'); // loading | login | change | signed_in
  const [me, setMe] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [oldPassword, setOldPassword] = useState('');

  useEffect(() => {
    fetch('/api/v1/auth/me', { credentials: 'same-origin' })
      // null: nobody is signed in (401); undefined: no answer worth believing (5xx).
      .then((r) => (r.ok ? r.json() : (r.status === 401 ? null : undefined)))
      .then((u) => {
        if (u) rememberSession(u); else if (u === null) forgetSession();
        u = u || null;
        setMe(u);
        setMode(!u || reauth() ? 'login' : u.must_change_password ? 'change' : 'signed_in');
      })
      .catch(() => setMode('login'));
  }, []);

  // A volunteer on a tablet that is not in the centre's register names it first.
  const onward = async (user) => {
    if (user && user.role === 'volunteer' && !(await readDevice())) { setMode('device'); return; }
    window.location.assign(nextUrl(user && user.role));
  };

  const onLogin = async (e) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true); setError('');
    const device = await readDevice();
    const r = await post('/api/v1/auth/login', { username: form.get('username'), password: form.get('password'),
      ...(device ? { device_id: device.id } : {}) });
    setBusy(false);
    if (r.status === 410 && device) { await wipeDevice(device.name); setError(errorText(r, texts)); return; }
    if (!r.ok) { setError(errorText(r, texts)); return; }
    rememberSession(r.data.user);
    setMe(r.data.user);
    await afterOnlineSignIn(r.data.user);
    if (r.data.user.must_change_password) { setOldPassword(String(form.get('password'))); setMode('change'); return; }
    await onward(r.data.user);
  };

  const onChange = async (e) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    if (form.get('new_password') !== form.get('new_password2')) { setError(texts.mismatch); return; }
    setBusy(true); setError('');
    const r = await post('/api/v1/auth/password', {
      old_password: oldPassword || form.get('old_password'), new_password: form.get('new_password') });
    setBusy(false);
    if (!r.ok) { setError(errorText(r, texts)); return; }
    await onward(me);
  };

  const err = error ? <div role="alert" data-testid="signin-error" style={{ color: '#b42318', fontWeight: 600,
    marginBottom: 16, padding: 12, border: '1px solid #b42318', borderRadius: 6, background: '#fef3f2' }}>{error}</div> : null;

  if (mode === 'loading') return <p aria-busy="true">{texts.loading}</p>;
  if (mode === 'device') return <DeviceNameForm onDone={() => window.location.assign(nextUrl(me && me.role))} />;
  if (mode === 'signed_in') {
    return (
      <div data-testid="signed-in">
        <p>{texts.signed_in_as} <strong>{me.display_name}</strong></p>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <a href={nextUrl(me.role)} style={{ ...buttonStyle, textDecoration: 'none', display: 'inline-flex', alignItems: 'center' }}>{texts.continue}</a>
          <SignOutButton texts={texts} />
        </div>
      </div>
    );
  }
  if (mode === 'change') {
    return (
      <form onSubmit={onChange} data-testid="password-change-form" noValidate>
        <h2 style={{ fontSize: 20 }}>{texts.change_title}</h2>
        <p>{texts.change_hint}</p>
        {err}
        {oldPassword ? null : <Field id="old_password" label={texts.old_password} type="password" autoComplete="current-password" required />}
        <Field id="new_password" label={texts.new_password} hint={texts.new_password_hint} type="password" autoComplete="new-password" required minLength={10} />
        <Field id="new_password2" label={texts.new_password2} type="password" autoComplete="new-password" required minLength={10} />
        <button type="submit" style={buttonStyle} disabled={busy}>{texts.change_submit}</button>
      </form>
    );
  }
  return (
    <form onSubmit={onLogin} data-testid="signin-form" noValidate>
      {err}
      <Field id="username" label={texts.username} autoComplete="username" autoCapitalize="none" required />
      <Field id="password" label={texts.password} type="password" autoComplete="current-password" required />
      <button type="submit" style={buttonStyle} disabled={busy}>{texts.submit}</button>
    </form>
  );
}

export function SignOutButton({ texts, compact }) {
  const onClick = async () => {
    await post('/api/v1/auth/logout', {});
    forgetSession();  // this device now files as a citizen; the volunteer's drafts stay, hidden
    window.location.assign('/dang-nhap');
  };
  const style = compact ? { ...buttonStyle, background: 'white', color: '#0b5c8e', border: '1px solid #0b5c8e' } : { ...buttonStyle, background: '#44546a' };
  return <button type="button" onClick={onClick} style={style} data-testid="sign-out">{texts.sign_out}</button>;
}

export function PrintButton({ label }) {
  return <button type="button" className="no-print" onClick={() => window.print()} style={buttonStyle}>{label}</button>;
}
