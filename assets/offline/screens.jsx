// The offline screens, mounted by the Reflex pages as local JSX components (see
// volunteer_app/components/offline.py). Everything here runs in the browser with no server:
// Reflex processes no events while its websocket is down (shared notes §1), so navigation,
// values, validation, drafts and attachments never go through Reflex state.
// Window/navigator access stays inside effects: the pages are prerendered in Node.
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { liveQuery } from 'dexie';
import './offline.css';
import { getLang, onLangChange, setLang, t, tx } from './i18n.js';
import * as data from './data.js';
import {
  CHECK_STEP, FEE_STEP, allErrors, checklist, consentRecord, controlId, displayValue, draftSummary,
  errorsForStep, feeErrors, feeSummary, fieldForPath, formatDateTime, isLevel4, isUuid, newDraft,
  screens, todayIso, unverified,
} from './model.js';
import { db, deleteDraft, enqueue, getDraft, heldCount, listDrafts, outboxOf, pendingCount, putFile, removeFile, saveDraft, saveDraftNow } from './db.js';
import { kickSync, releaseHeld, serverBack, startSync } from './sync.js';
import { editableFields, formatReceived, isStub } from './sync-logic.js';
import { compressImage, sha256Hex } from './compress.js';
import { modeOf, ownsDraft, readSession, refreshSession } from './session.js';
import { centreChoiceNeeded, centreErrors, readCentres, refreshCentres } from './centres.js';
import { formatBytes, requestPersist, storageStatus } from './storage.js';
import { buildIndex, search } from '../js/catalog/search.js';
import { resolve } from '../js/rules/validate.js';
import { formatMoney, formatDate } from '../js/rules/fields.js';

const SAVE_DEBOUNCE_MS = 150;
const SAVE_MAX_WAIT_MS = 300;

// ------------------------------------------------------------------ shared hooks

function useLang() {
  const [lang, set] = useState('vi');
  useEffect(() => {
    set(getLang());
    document.documentElement.lang = getLang();
    return onLangChange(set);
  }, []);
  return lang;
}

/** Messages loaded (from the precached data file) → true. */
function useMessages() {
  const [ready, setReady] = useState(false);
  useEffect(() => { data.messages().then(() => setReady(true), () => setReady(true)); }, []);
  return ready;
}

function useLive(query, deps, initial) {
  const [value, setValue] = useState(initial);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({ next: setValue, error: () => {} });
    return () => sub.unsubscribe();
  }, deps); // eslint-disable-line react-hooks/exhaustive-deps
  return value;
}

/**
 * Who is filing (volunteer mode from the signed-in session, else citizen mode): the last identity
 * the server confirmed at once, then the server's current answer when it is reachable.
 */
function useFiler() {
  const [state, setState] = useState(null);
  useEffect(() => {
    let live = true;
    setState({ session: readSession(), confirmed: false });
    refreshSession().then((next) => {
      if (!live) return;
      setState(next);
      if (next.session) releaseHeld();  // a volunteer's held dossiers may go now
    });
    return () => { live = false; };
  }, []);
  return state;
}

function Loading() {
  return <p className="ts-loading" role="status">Đang tải… / Loading…</p>;
}

// ------------------------------------------------------------------ connection bar

async function serverReachable() {
  try {
    const res = await fetch('/api/v1/health', { cache: 'no-store' });
    return res.status > 0 && res.status < 500 || res.status === 503;
  } catch {
    return false;
  }
}

/** Online / offline / syncing N, the language switch and "new version — reload". */
export function ConnectionBar() {
  const lang = useLang();
  const ready = useMessages();
  const [online, setOnline] = useState(true);
  const [update, setUpdate] = useState(null);
  const pending = useLive(() => pendingCount(), [], 0);
  const held = useLive(() => heldCount(), [], 0);

  useEffect(() => {
    let alive = true;
    let wasOk = null;
    startSync();
    const probe = async () => {
      const ok = navigator.onLine && await serverReachable();
      if (alive) setOnline(ok);
      if (ok && wasOk === false) serverBack();  // the server came back: send now, not at the backoff time
      wasOk = ok;
    };
    const goOffline = () => setOnline(false);
    setOnline(navigator.onLine);
    probe();
    window.addEventListener('online', probe);
    window.addEventListener('offline', goOffline);
    const timer = setInterval(probe, 30000);
    return () => { alive = false; clearInterval(timer); window.removeEventListener('online', probe); window.removeEventListener('offline', goOffline); };
  }, []);

  useEffect(() => {
    if (!('serviceWorker' in navigator)) return;
    let reg = null;
    const watch = (r) => {
      reg = r;
      if (r.waiting && navigator.serviceWorker.controller) setUpdate(r.waiting);
      r.addEventListener('updatefound', () => {
        const sw = r.installing;
        sw?.addEventListener('statechange', () => {
          if (sw.state === 'installed' && navigator.serviceWorker.controller) setUpdate(sw);
        });
      });
    };
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(watch).catch(() => { /* dev: no sw.js */ });
    const check = () => reg?.update().catch(() => {});
    window.addEventListener('online', check);
    return () => window.removeEventListener('online', check);
  }, []);

  const reload = async () => {
    // Let every open wizard write its draft before the page goes away.
    const waits = [];
    window.dispatchEvent(new CustomEvent('tiepsuc:flush', { detail: { waitUntil: (p) => waits.push(p) } }));
    await Promise.allSettled(waits);
    navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
    update.postMessage({ type: 'SKIP_WAITING' });
  };

  // Dossiers waiting for their volunteer's sign-in are not "being sent": say what they wait for.
  const state = !online ? 'offline' : pending > held ? 'syncing' : held > 0 ? 'held' : 'online';
  const label = !ready ? '' : {
    offline: () => t('ui.conn.offline'), syncing: () => t('sync.conn.sending', { count: pending - held }),
    held: () => t('sync.conn.held', { count: held }), online: () => t('ui.conn.online'),
  }[state]();
  return (
    <div className="ts-bar">
      <span className={`ts-conn ts-conn-${state}`} role="status" data-state={state} data-pending={pending}>
        <span className="ts-dot" aria-hidden="true" />{label}
      </span>
      <button type="button" className="ts-lang" lang={lang === 'vi' ? 'en' : 'vi'}
        onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
        {lang === 'vi' ? 'English' : 'Tiếng Việt'}
      </button>
      {update && ready && (
        <div className="ts-update" role="alert">
          <button type="button" className="ts-btn ts-btn-light" onClick={reload}>{t('ui.update.reload')}</button>
        </div>
      )}
    </div>
  );
}

// ------------------------------------------------------------------ storage panel

function StoragePanel({ lang }) {
  const [status, setStatus] = useState(null);
  useEffect(() => {
    let alive = true;
    requestPersist().finally(() => storageStatus().then((s) => alive && setStatus(s)));
    return () => { alive = false; };
  }, []);
  if (!status) return null;
  return (
    <section className="ts-panel" aria-labelledby="ts-storage-h">
      <h2 id="ts-storage-h" className="ts-h3">{t('ui.storage.title', {}, lang)}</h2>
      <p data-testid="storage-usage">{t('ui.storage.usage', { used: formatBytes(status.usage), quota: formatBytes(status.quota) }, lang)}</p>
      {status.nearQuota && <p className="ts-warning" role="alert">{t('ui.storage.quota_warning', {}, lang)}</p>}
      {!status.persisted && <p className="ts-warning" data-testid="evict-warning">{t('ui.storage.evict_warning', {}, lang)}</p>}
      {status.persisted && <p>{t('ui.storage.persisted', {}, lang)}</p>}
    </section>
  );
}

function IdentityPanel({ lang, filer }) {
  const mode = modeOf(filer.session);
  return (
    <section className="ts-panel" data-testid="identity" data-mode={mode.mode} aria-labelledby="identity-title">
      <h2 className="ts-h3" id="identity-title">{t('ui.mode.title', {}, lang)}</h2>
      {mode.mode === 'volunteer' ? (
        <>
          <p data-testid="identity-volunteer">{t('ui.mode.volunteer_as', { name: mode.volunteerName, username: mode.volunteer }, lang)}</p>
          {!filer.confirmed && <p className="ts-hint" data-testid="identity-unconfirmed">{t('ui.mode.unconfirmed', {}, lang)}</p>}
          <p><a href="/tnv">{t('ui.mode.dashboard', {}, lang)}</a></p>
        </>
      ) : (
        <>
          <p>{t('ui.mode.citizen_body', {}, lang)}</p>
          <p><a href={`/dang-nhap?next=${encodeURIComponent('/ho-so')}`} data-testid="volunteer-sign-in">{t('ui.mode.sign_in', {}, lang)}</a></p>
        </>
      )}
    </section>
  );
}

// ------------------------------------------------------------------ catalog

function levelLabel(level, lang) {
  return t(level === 'toan_trinh' ? 'ui.level.full' : 'ui.level.partial', {}, lang);
}

export function CatalogScreen() {
  const lang = useLang();
  const ready = useMessages();
  const [items, setItems] = useState(null);
  const [query, setQuery] = useState('');
  useEffect(() => { data.summaries().then(setItems, () => setItems([])); }, []);
  const index = useMemo(() => (items ? buildIndex(items) : []), [items]);
  const byCode = useMemo(() => new Map((items || []).map((p) => [p.code, p])), [items]);
  const codes = useMemo(() => (items ? search(index, query) : []), [index, query, items]);
  if (!ready || !items) return <Loading />;
  return (
    <div className="ts-screen">
      <h1 className="ts-h1">{t('ui.catalog.title', {}, lang)}</h1>
      <div className="ts-field">
        <label htmlFor="catalog-q">{t('ui.catalog.search_label', {}, lang)}</label>
        <p className="ts-hint" id="catalog-q-hint">{t('ui.catalog.search_hint', {}, lang)}</p>
        <input id="catalog-q" type="search" className="ts-input" value={query} aria-describedby="catalog-q-hint"
          onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      </div>
      <p role="status" className="ts-count">{t('ui.catalog.count', { count: codes.length }, lang)}</p>
      <ul className="ts-list">
        {codes.map((code) => {
          const p = byCode.get(code);
          return (
            <li key={code} className="ts-card">
              <a className="ts-card-link" href={`/thu-tuc/chi-tiet?ma=${encodeURIComponent(code)}`}>{tx(p.name, lang)}</a>
              <p className="ts-meta">{code} · {tx(p.field_of_law, lang)} · {levelLabel(p.level, lang)}</p>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

// ------------------------------------------------------------------ procedure detail

function useQuery() {
  const [q, setQ] = useState(null);
  useEffect(() => setQ(new URLSearchParams(window.location.search)), []);
  return q;
}

function processingText(pt, lang) {
  if (!pt) return '';
  const base = pt.working_days === 0 ? t('ui.detail.same_day', {}, lang) : t('ui.detail.working_days', { days: pt.working_days }, lang);
  return pt.note ? `${base} (${tx(pt.note, lang)})` : base;
}

function feeText(fees, lang) {
  if (!fees || !fees.amount) return t('ui.detail.free', {}, lang);
  return t(fees.per_copy ? 'ui.detail.fee_per_copy' : 'ui.detail.fee', { amount: formatMoney(fees.amount) }, lang);
}

export function DetailScreen() {
  const lang = useLang();
  const ready = useMessages();
  const q = useQuery();
  const [proc, setProc] = useState(undefined);
  useEffect(() => { if (q) data.procedure(q.get('ma') || '').then(setProc, () => setProc(null)); }, [q]);
  if (!ready || proc === undefined) return <Loading />;
  if (!proc) return <NotFound lang={lang} />;
  return (
    <div className="ts-screen">
      <a className="ts-back" href="/thu-tuc">{t('ui.nav.back_catalog', {}, lang)}</a>
      <h1 className="ts-h1">{tx(proc.name, lang)}</h1>
      <p className="ts-meta">{t('ui.detail.code', { code: proc.code }, lang)} · {levelLabel(proc.level, lang)}</p>
      <dl className="ts-summary">
        <div><dt>{t('ui.detail.agency', {}, lang)}</dt><dd>{tx(proc.agency, lang)}</dd></div>
        <div><dt>{t('ui.detail.time', {}, lang)}</dt><dd>{processingText(proc.processing_time, lang)}</dd></div>
        <div><dt>{t('ui.detail.fees', {}, lang)}</dt><dd>{feeText(feeSummary(proc, {}, null), lang)}</dd></div>
      </dl>
      <Unverified proc={proc} lang={lang} />
      <h2 className="ts-h2">{t('ui.detail.prepare', {}, lang)}</h2>
      <ul className="ts-docs">
        {(proc.documents || []).map((d) => (
          <li key={d.id}>
            <strong>{tx(d.name, lang)}</strong>{' '}
            <span className="ts-tag">{t(d.required ? 'ui.doc.required' : d.required_if ? 'ui.doc.conditional' : 'ui.doc.optional', {}, lang)}</span>
            {d.note && <p className="ts-hint">{tx(d.note, lang)}</p>}
          </li>
        ))}
      </ul>
      <a className="ts-btn ts-btn-primary ts-start" href={`/nop-ho-so?ma=${encodeURIComponent(proc.code)}`}>{t('ui.detail.start', {}, lang)}</a>
    </div>
  );
}

function NotFound({ lang }) {
  return (
    <div className="ts-screen">
      <h1 className="ts-h1">{t('ui.notfound.title', {}, lang)}</h1>
      <a href="/thu-tuc">{t('ui.nav.back_catalog', {}, lang)}</a>
    </div>
  );
}

// ------------------------------------------------------------------ wizard fields

const INPUT_MODE = { personal_id: 'numeric', old_id: 'numeric', phone: 'tel', number: 'decimal', money: 'numeric', email: 'email' };
const AUTOCOMPLETE = { full_name: 'name', phone: 'tel', email: 'email' };

function setIn(obj, parts, value) {
  if (!parts.length) return value;
  const [head, ...rest] = parts;
  if (Array.isArray(obj)) {
    const copy = obj.slice();
    copy[Number(head)] = setIn(copy[Number(head)] ?? {}, rest, value);
    return copy;
  }
  const base = obj && typeof obj === 'object' ? obj : {};
  return { ...base, [head]: setIn(base[head], rest, value) };
}

function getIn(obj, parts) {
  let cur = obj;
  for (const p of parts) { if (cur === null || cur === undefined) return undefined; cur = cur[p]; }
  return cur;
}

function ErrorText({ id, messages }) {
  if (!messages.length) return null;
  return (
    <p className="ts-error-message" id={id}>
      {messages.map((m, i) => <span key={i}><span className="ts-vh">{`Lỗi: `}</span>{m}<br /></span>)}
    </p>
  );
}

function FieldLabel({ field, htmlFor, lang, optional }) {
  return (
    <label htmlFor={htmlFor}>
      {tx(field.label, lang)}{optional && <span className="ts-optional">{` ${t('ui.field.optional', {}, lang)}`}</span>}
    </label>
  );
}

function Field(props) {
  const { field, path, value, onChange, errorsFor, lang, ctx } = props;
  const id = controlId(path, field);
  const base = `f-${path.replace(/\./g, '-')}`;
  const messages = errorsFor(path);
  const hintId = field.hint ? `${base}-hint` : null;
  const errId = messages.length ? `${base}-error` : null;
  const describedBy = [hintId, errId].filter(Boolean).join(' ') || undefined;
  const optional = !field.required && !field.required_if && !['consent', 'document', 'group'].includes(field.type);
  const cls = `ts-field${messages.length ? ' ts-field-error' : ''}`;
  const hint = field.hint ? <p className="ts-hint" id={hintId}>{tx(field.hint, lang)}</p> : null;
  const common = { 'aria-describedby': describedBy, 'aria-invalid': messages.length ? true : undefined };

  switch (field.type) {
    case 'radio': case 'yes_no': case 'checkbox': {
      const options = field.type === 'yes_no'
        ? [{ value: true, label: { vi: 'Có', en: 'Yes' } }, { value: false, label: { vi: 'Không', en: 'No' } }]
        : field.options || [];
      const multi = field.type === 'checkbox';
      const list = Array.isArray(value) ? value : [];
      return (
        <div className={cls} data-field={path} data-type={field.type}>
          <fieldset className="ts-fieldset" aria-describedby={describedBy}>
            <legend>{tx(field.label, lang)}{optional && <span className="ts-optional">{` ${t('ui.field.optional', {}, lang)}`}</span>}</legend>
            {hint}
            <ErrorText id={errId} messages={messages} />
            <div className="ts-radios">
              {options.map((o, i) => (
                <div className="ts-radio" key={String(o.value)}>
                  <input type={multi ? 'checkbox' : 'radio'} id={`${base}-${i}`} name={base} value={String(o.value)}
                    checked={multi ? list.includes(o.value) : value === o.value}
                    onChange={(e) => onChange(path, multi
                      ? (e.target.checked ? [...list, o.value] : list.filter((v) => v !== o.value)) : o.value)} />
                  <label htmlFor={`${base}-${i}`}>{tx(o.label, lang)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      );
    }
    case 'select':
      return (
        <div className={cls} data-field={path} data-type={field.type}>
          <FieldLabel field={field} htmlFor={id} lang={lang} optional={optional} />
          {hint}
          <ErrorText id={errId} messages={messages} />
          <select id={id} className="ts-input" value={value ?? ''} {...common} onChange={(e) => onChange(path, e.target.value)}>
            <option value="">{t('ui.field.choose', {}, lang)}</option>
            {(field.options || []).map((o) => <option key={o.value} value={o.value}>{tx(o.label, lang)}</option>)}
          </select>
        </div>
      );
    case 'long_text':
      return (
        <div className={cls} data-field={path} data-type={field.type}>
          <FieldLabel field={field} htmlFor={id} lang={lang} optional={optional} />
          {hint}
          <ErrorText id={errId} messages={messages} />
          <textarea id={id} className="ts-input" rows={4} value={value ?? ''} {...common} onChange={(e) => onChange(path, e.target.value)} />
        </div>
      );
    case 'consent':
      return (
        <div className={cls} data-field={path} data-type={field.type}>
          <p className="ts-consent-text" id={`${base}-text`}>{tx(field.text, lang)}</p>
          <ErrorText id={errId} messages={messages} />
          <div className="ts-radio">
            <input type="checkbox" id={id} checked={value === true}
              aria-describedby={[`${base}-text`, errId].filter(Boolean).join(' ')}
              aria-invalid={messages.length ? true : undefined}
              onChange={(e) => onChange(path, e.target.checked)} />
            <label htmlFor={id}>{tx(field.label, lang)}</label>
          </div>
        </div>
      );
    case 'address':
      return <AddressField {...props} base={base} messages={messages} errId={errId} hint={hint} cls={cls} optional={optional} />;
    case 'group':
      return <GroupField {...props} base={base} messages={messages} errId={errId} hint={hint} cls={cls} />;
    case 'document':
      return <DocumentSlot {...props} base={base} messages={messages} errId={errId} cls={cls} />;
    default: {
      const isDate = field.type === 'date';
      const dateHintId = isDate ? `${base}-fmt` : null;
      const shown = isDate && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value;
      return (
        <div className={cls} data-field={path} data-type={field.type}>
          <FieldLabel field={field} htmlFor={id} lang={lang} optional={optional} />
          {hint}
          {isDate && <p className="ts-hint" id={dateHintId}>{t('ui.field.date_hint', {}, lang)}</p>}
          <ErrorText id={errId} messages={messages} />
          <input id={id} type={field.type === 'email' ? 'email' : 'text'} className={`ts-input ts-input-${field.type}`}
            value={shown ?? ''} inputMode={INPUT_MODE[field.type]} autoComplete={AUTOCOMPLETE[field.type] || 'off'}
            spellCheck={false} placeholder={isDate ? 'dd/mm/yyyy' : undefined}
            aria-describedby={[hintId, dateHintId, errId].filter(Boolean).join(' ') || undefined}
            aria-invalid={messages.length ? true : undefined}
            onChange={(e) => onChange(path, e.target.value)} />
        </div>
      );
    }
  }
}

function AddressField({ field, path, value, onChange, lang, ctx, base, messages, errId, hint, cls, optional }) {
  const v = value && typeof value === 'object' ? value : {};
  const units = ctx.units;
  const communes = units && v.province ? units.communes(v.province) : [];
  const set = (key, val) => {
    const next = { ...v, [key]: val };
    if (key === 'province') next.commune = '';
    onChange(path, next);
  };
  const inv = messages.length ? true : undefined;
  return (
    <div className={cls} data-field={path} data-type="address">
      <fieldset className="ts-fieldset">
        <legend>{tx(field.label, lang)}{optional && <span className="ts-optional">{` ${t('ui.field.optional', {}, lang)}`}</span>}</legend>
        {hint}
        <ErrorText id={errId} messages={messages} />
        <div className="ts-field">
          <label htmlFor={`${base}-province`}>{t('ui.address.province', {}, lang)}</label>
          <select id={`${base}-province`} className="ts-input" value={v.province || ''} aria-invalid={inv} aria-describedby={errId || undefined}
            onChange={(e) => set('province', e.target.value)}>
            <option value="">{t('ui.field.choose', {}, lang)}</option>
            {(units?.provinces || []).map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
          </select>
        </div>
        <div className="ts-field">
          <label htmlFor={`${base}-commune`}>{t('ui.address.commune', {}, lang)}</label>
          <select id={`${base}-commune`} className="ts-input" value={v.commune || ''} disabled={!v.province} aria-invalid={inv}
            onChange={(e) => set('commune', e.target.value)}>
            <option value="">{t(v.province ? 'ui.field.choose' : 'ui.address.choose_province_first', {}, lang)}</option>
            {communes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </select>
        </div>
        <div className="ts-field">
          <label htmlFor={`${base}-street`}>{t('ui.address.street', {}, lang)}</label>
          <input id={`${base}-street`} className="ts-input" value={v.street || ''} autoComplete="off" aria-invalid={inv}
            onChange={(e) => set('street', e.target.value)} />
        </div>
      </fieldset>
    </div>
  );
}

function GroupField(props) {
  const { field, path, value, onChange, lang, ctx, base, messages, errId, hint, cls } = props;
  const items = Array.isArray(value) ? value : [];
  const label = tx(field.item_label, lang) || tx(field.label, lang);
  const max = field.max_items ?? Infinity;
  return (
    <div className={cls} data-field={path} data-type="group">
      <fieldset className="ts-fieldset">
        <legend className="ts-h2">{tx(field.label, lang)}</legend>
        {hint}
        <ErrorText id={errId} messages={messages} />
        {items.map((item, i) => (
          <section className="ts-group-item" key={i} aria-labelledby={`${base}-${i}-h`}>
            <h3 className="ts-h3" id={`${base}-${i}-h`}>{`${label} ${i + 1}`}</h3>
            {(field.fields || []).map((sub) => {
              const subPath = `${path}.${i}.${sub.id}`;
              if (ctx.hidden.has(subPath)) return null;
              return <Field key={sub.id} {...props} field={sub} path={subPath} value={item?.[sub.id]} />;
            })}
            <button type="button" className="ts-btn ts-btn-secondary" onClick={() => onChange(path, items.filter((_, j) => j !== i))}>
              {t('ui.group.remove', { item: `${label} ${i + 1}` }, lang)}
            </button>
          </section>
        ))}
        {items.length < max && (
          <button type="button" id={`${base}-add`} className="ts-btn ts-btn-secondary"
            onClick={() => onChange(path, [...items, {}])}>
            {t('ui.group.add', { item: label }, lang)}
          </button>
        )}
      </fieldset>
    </div>
  );
}

function DocumentSlot({ field, path, value, lang, ctx, base, messages, errId, cls }) {
  const doc = (ctx.procedure.documents || []).find((d) => d.id === field.document) || { accept: [], name: field.label };
  const files = Array.isArray(value) ? value : [];
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const accept = (doc.accept || []).join(',');
  const imageOk = (doc.accept || []).some((m) => m.startsWith('image/'));
  const onFiles = async (list) => {
    setProblem('');
    setBusy(true);
    try {
      for (const file of Array.from(list || [])) {
        const msg = await ctx.addFile(field, path, doc, file);
        if (msg) setProblem(msg);
      }
    } finally {
      setBusy(false);
    }
  };
  const all = [...messages, ...(problem ? [problem] : [])];
  const status = ctx.checklist.find((c) => c.id === doc.id);
  return (
    <div className={`${cls}${problem ? ' ts-field-error' : ''}`} data-field={path} data-type="document">
      <fieldset className="ts-fieldset ts-doc">
        <legend>{tx(field.label, lang)}</legend>
        <p className="ts-hint">
          {status?.required ? t('ui.doc.required', {}, lang) : t('ui.doc.optional', {}, lang)}
          {' · '}{t('ui.doc.limits', { types: (doc.accept || []).map((m) => m.split('/')[1].toUpperCase()).join(', '), max_mb: doc.max_size_mb }, lang)}
        </p>
        {doc.note && <p className="ts-hint">{tx(doc.note, lang)}</p>}
        <ErrorText id={errId || `${base}-problem`} messages={all} />
        {files.length > 0 && (
          <ul className="ts-files">
            {files.map((f) => (
              <li key={f.sha256}>
                <span>{f.name} — {formatBytes(f.size)}</span>
                <button type="button" className="ts-btn ts-btn-secondary" onClick={() => ctx.removeFile(field, path, f)}>
                  {t('ui.doc.remove', { name: f.name }, lang)}
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="ts-doc-actions">
          {imageOk && (
            <div className="ts-file">
              <input type="file" id={`${base}-camera`} className="ts-vh-input" accept="image/*" capture="environment"
                onChange={(e) => { onFiles(e.target.files); e.target.value = ''; }} />
              <label htmlFor={`${base}-camera`} className="ts-btn ts-btn-secondary">{t('ui.doc.camera', {}, lang)}</label>
            </div>
          )}
          <div className="ts-file">
            <input type="file" id={`${base}-file`} className="ts-vh-input" accept={accept}
              aria-describedby={all.length ? (errId || `${base}-problem`) : undefined}
              onChange={(e) => { onFiles(e.target.files); e.target.value = ''; }} />
            <label htmlFor={`${base}-file`} className="ts-btn ts-btn-secondary">{t('ui.doc.choose_file', {}, lang)}</label>
          </div>
        </div>
        {busy && <p role="status">{t('ui.doc.processing', {}, lang)}</p>}
      </fieldset>
    </div>
  );
}

// ------------------------------------------------------------------ checklist, summary, errors

function Checklist({ items, lang }) {
  if (!items.length) return null;
  const missing = items.filter((i) => i.missing);
  return (
    <section className="ts-panel" aria-labelledby="ts-checklist-h" data-testid="checklist">
      <h2 className="ts-h3" id="ts-checklist-h">{t('ui.checklist.title', {}, lang)}</h2>
      <p>{missing.length ? t('ui.checklist.missing_count', { count: missing.length }, lang) : t('ui.checklist.complete', {}, lang)}</p>
      <ul className="ts-checklist">
        {items.filter((i) => i.required || i.attached).map((i) => (
          <li key={i.id} data-doc={i.id} data-status={i.missing ? 'missing' : 'ok'} className={i.missing ? 'ts-missing' : 'ts-ok'}>
            <span aria-hidden="true">{i.missing ? '✗ ' : '✓ '}</span>
            {tx(i.name, lang)} — {t(i.missing ? 'ui.checklist.missing' : 'ui.checklist.attached', {}, lang)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ErrorSummary({ errors, lang, onJump, summaryRef }) {
  if (!errors.length) return null;
  return (
    <div className="ts-error-summary" role="alert" tabIndex={-1} ref={summaryRef} aria-labelledby="ts-es-h">
      <h2 className="ts-h2" id="ts-es-h">{t('ui.errors.title', {}, lang)}</h2>
      <ul>
        {errors.map((e, i) => (
          <li key={`${e.path}-${i}`}><a href={`#${e.target}`} onClick={(ev) => { ev.preventDefault(); onJump(e); }}>{e.text}</a></li>
        ))}
      </ul>
    </div>
  );
}

// ------------------------------------------------------------------ sync states

const SENT_OR_WAITING = new Set(['queued', 'sending', 'sent']);

/** A server message carries its own vi/en text; a device rule's is looked up by key. */
function msgOf(e, lang) {
  if (e.vi || e.en) return (lang === 'en' ? e.en : e.vi) || e.vi || e.en;
  return t(e.key, e.params || {}, lang);
}

/** "Chờ gửi" / "Đang gửi (x%)" / "Đã gửi" + code / "Cần sửa" / "Cần bổ sung". */
function syncLabel(d, row, lang) {
  if (!d) return '';
  if (d.status === 'sending' || (d.status === 'queued' && row?.state === 'sending')) return t('sync.state.sending', { percent: row?.progress || 0 }, lang);
  if (d.status === 'queued' && row?.last_error === 'sign_in') return t('sync.state.sign_in', {}, lang);
  if (d.status === 'queued') return t('ui.status.queued', {}, lang);
  if (d.status === 'sent') return t('sync.state.sent', { code: d.code }, lang);
  if (d.status === 'needs_fix') return t('ui.status.needs_fix', {}, lang);
  if (d.status === 'returned') return t('ui.status.returned', {}, lang);
  return t('ui.status.draft', {}, lang);
}

function SyncPanel({ draft, row, lang }) {
  if (draft.status === 'returned') {
    return (
      <div className="ts-panel ts-warning" data-testid="returned" data-status="returned">
        <h1 className="ts-h1" tabIndex={-1}>{t('sync.returned.title', {}, lang)}</h1>
        <p>{t('sync.returned.body', { code: draft.code || '' }, lang)}</p>
        <ul>{(draft.reasons || []).map((r, i) => <li key={i} data-target={r.target}>{r.text}</li>)}</ul>
        {draft.note && <p>{draft.note}</p>}
        <p>{t('sync.returned.no_answers', {}, lang)}</p>
      </div>
    );
  }
  const sent = draft.status === 'sent';
  return (
    <div className={`ts-panel ${sent ? 'ts-success' : 'ts-info'}`} data-testid="queued" data-status={draft.status}>
      <h1 className="ts-h1" tabIndex={-1}>{sent ? t('sync.sent.title', {}, lang) : t('ui.done.title', {}, lang)}</h1>
      <p data-testid="sync-state" role="status">{syncLabel(draft, row, lang)}</p>
      {sent ? (
        <dl className="ts-summary ts-compact">
          <div><dt>{t('sync.sent.code', {}, lang)}</dt><dd data-testid="receipt-code">{draft.code}</dd></div>
          {draft.pin && <div><dt>{t('sync.sent.pin', {}, lang)}</dt><dd data-testid="receipt-pin">{draft.pin}</dd></div>}
          <div><dt>{t('ui.drafts.procedure', {}, lang)}</dt><dd>{tx(draft.summary?.procedure_name, lang) || draft.procedure_code}</dd></div>
          <div><dt>{t('sync.sent.date', {}, lang)}</dt><dd>{formatReceived(draft.received_at)}</dd></div>
        </dl>
      ) : <p>{t('ui.done.body', {}, lang)}</p>}
      {!sent && row?.last_error === 'sign_in' && <p className="ts-warning" data-testid="sign-in-needed">{t('sync.sign_in_needed', {}, lang)}</p>}
      {sent && <p>{t('sync.sent.purged', {}, lang)}</p>}
    </div>
  );
}

// ------------------------------------------------------------------ wizard

// Answers the device asks for itself (not catalog fields): their label and the control to focus.
const DEVICE_FIELDS = {
  payment_method: { label: 'ui.fee.payment_label', target: 'f-payment_method-0' },
  centre_code: { label: 'ui.centre.label', target: 'f-centre_code' },
};

export function WizardScreen() {
  const lang = useLang();
  const ready = useMessages();
  const [proc, setProc] = useState(undefined);
  const [draft, setDraft] = useState(null);
  const [units, setUnits] = useState(null);
  const [showErrors, setShowErrors] = useState(false);
  const [returnToCheck, setReturnToCheck] = useState(false);
  const [done, setDone] = useState(false);
  const [nearQuota, setNearQuota] = useState(false);
  const [centres, setCentres] = useState([]);
  const draftRef = useRef(null);
  const submitting = useRef(false);
  const dirty = useRef(false);
  const firstInputAt = useRef(null);
  const timer = useRef(null);
  const maxTimer = useRef(null);
  const saving = useRef(Promise.resolve());
  const summaryRef = useRef(null);
  const headingRef = useRef(null);
  const pendingFocus = useRef(null);
  const today = useMemo(() => todayIso(), []);

  // Load the procedure and the draft (or create one), entirely from the device.
  useEffect(() => {
    (async () => {
      const q = new URLSearchParams(window.location.search);
      const code = q.get('ma') || '';
      const id = q.get('ho-so');
      await data.messages().catch(() => null);
      const p = await data.procedure(code).catch(() => null);
      if (!p) { setProc(null); return; }
      data.units().then(setUnits, () => setUnits(null));
      setCentres(readCentres());
      refreshCentres().then(setCentres);
      storageStatus().then((st) => setNearQuota(st.nearQuota), () => {});
      const mode = modeOf(readSession());
      const stored = id && isUuid(id) ? await getDraft(id) : null;
      // Another procedure's draft, or another person's on a shared tablet, is never opened or
      // overwritten: a new draft (with a new id) starts instead.
      let d = stored && stored.procedure_code === p.code && ownsDraft(stored, mode) ? stored : null;
      if (!d) {
        // The record is written on the first answer, so merely opening the wizard leaves no
        // empty draft behind; the id is in the URL already, so a reload resumes the same draft.
        d = newDraft({ procedure: p, mode: mode.mode, volunteer: mode.volunteer, volunteerName: mode.volunteerName,
          ...(id && isUuid(id) && !stored ? { id } : {}) });
        d.summary = { procedure_name: p.name, ...draftSummary(p, d) };
        window.history.replaceState(window.history.state, '', `/nop-ho-so?ma=${encodeURIComponent(p.code)}&ho-so=${d.id}`);
        requestPersist();
      }
      const stub = isStub(d);
      if (!d.answers) d = { answers: {}, extra: {}, ...d };  // a receipt stub
      draftRef.current = d;
      setProc(p);
      setDraft(d);
      if (SENT_OR_WAITING.has(d.status) || stub) setDone(true);
      else if (d.status === 'needs_fix' || d.status === 'returned') setShowErrors(true);
    })();
  }, []);

  // The outbox (this tab or another) moves the draft on: follow it (queued → sending → sent, or
  // back to the form as Cần sửa / Cần bổ sung with the server's errors on their fields).
  const draftId = draft?.id;
  const live = useLive(() => (draftId ? db.drafts.get(draftId) : undefined), [draftId], undefined);
  const row = useLive(() => (draftId ? outboxOf(draftId) : undefined), [draftId], undefined);
  useEffect(() => {
    const cur = draftRef.current;
    if (!live || !cur || live.id !== cur.id || live.status === cur.status) return;
    if (SENT_OR_WAITING.has(live.status) || isStub(live)) {
      // A stub has no answers any more: keep the wizard's derived values computable.
      const shown = { answers: {}, extra: {}, ...live };
      draftRef.current = shown; dirty.current = false; setDraft(shown); setDone(true);
    } else if (live.status === 'needs_fix' || live.status === 'returned') {
      draftRef.current = live; dirty.current = false; setDraft(live); setDone(false); setShowErrors(true);
    }
  }, [live]);

  const flush = useCallback(async () => {
    clearTimeout(timer.current); clearTimeout(maxTimer.current);
    timer.current = null; maxTimer.current = null;
    if (!dirty.current || !draftRef.current) return saving.current;
    dirty.current = false;
    const inputAt = firstInputAt.current;
    firstInputAt.current = null;
    const d = draftRef.current;
    saving.current = saving.current.then(() => saveDraft(d, inputAt)).catch((err) => { console.error(err); dirty.current = true; });
    return saving.current;
  }, []);

  const schedule = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, SAVE_DEBOUNCE_MS);
    if (!maxTimer.current) maxTimer.current = setTimeout(flush, SAVE_MAX_WAIT_MS);
  }, [flush]);

  // Leaving the page (reload, tab closed, app switched): write at once, synchronously.
  const flushNow = useCallback(() => {
    clearTimeout(timer.current); clearTimeout(maxTimer.current);
    timer.current = null; maxTimer.current = null;
    if (!dirty.current || !draftRef.current) return;
    dirty.current = false;
    firstInputAt.current = null;
    saveDraftNow(draftRef.current);
  }, []);

  useEffect(() => {
    const onHide = () => { flushNow(); };
    const onVis = () => { if (document.visibilityState === 'hidden') flushNow(); };
    const onFlush = (e) => e.detail?.waitUntil?.(flush());
    window.addEventListener('pagehide', onHide);
    document.addEventListener('visibilitychange', onVis);
    window.addEventListener('tiepsuc:flush', onFlush);
    return () => {
      window.removeEventListener('pagehide', onHide);
      document.removeEventListener('visibilitychange', onVis);
      window.removeEventListener('tiepsuc:flush', onFlush);
    };
  }, [flush, flushNow]);

  /** Apply a change to the draft; autosave follows within 300 ms. */
  const mutate = useCallback((fn, immediate = false) => {
    if (firstInputAt.current === null) firstInputAt.current = performance.now();
    const prev = draftRef.current;
    const next = fn(prev);
    if (next.server_errors?.length) {
      const changed = new Set(Object.keys({ ...prev.answers, ...next.answers })
        .filter((k) => prev.answers?.[k] !== next.answers?.[k]));
      if (prev.extra?.payment_method !== next.extra?.payment_method) changed.add('payment_method');
      if (prev.centre_code !== next.centre_code) changed.add('centre_code');
      next.server_errors = next.server_errors.filter((e) => !changed.has(String(e.field).split('.')[0]));
    }
    next.rev = (prev.rev || 0) + 1;
    next.updated_at = Date.now();
    next.consent = proc ? consentRecord(proc, next) : next.consent;
    next.summary = { procedure_name: proc?.name, ...(proc ? draftSummary(proc, next) : {}) };
    draftRef.current = next;
    dirty.current = true;
    setDraft(next);
    if (immediate) flush(); else schedule();
  }, [proc, flush, schedule]);

  const onChange = useCallback((path, value) => {
    mutate((d) => ({ ...d, answers: setIn(d.answers, path.split('.'), value) }));
  }, [mutate]);

  const list = useMemo(() => (proc && draft ? screens(proc, draft.answers, today) : []), [proc, draft, today]);
  const index = Math.max(0, list.findIndex((s) => s.id === draft?.step));
  const current = list[index];
  const resolved = useMemo(() => (proc && draft ? resolve(proc, draft.answers, today) : null), [proc, draft, today]);
  const hidden = useMemo(() => new Set(resolved?.hidden || []), [resolved]);
  const docs = useMemo(() => (proc && draft ? checklist(proc, draft.answers, today) : []), [proc, draft, today]);
  const errors = useMemo(() => {
    if (!proc || !draft) return [];
    const fromServer = draft.server_errors || [];
    // The server's own "choose a centre" replaces the device's, never doubles it.
    const centre = centreErrors(draft, centres).filter((e) => !fromServer.some((x) => x.field === e.field));
    return [...allErrors(proc, draft, today, units ? units.check : null), ...centre, ...fromServer];
  }, [proc, draft, today, units, centres]);
  const blocking = useMemo(() => errors.filter((e) => !e.reason), [errors]);
  const editable = useMemo(() => (proc && draft?.status === 'returned' ? editableFields(proc, draft.reasons) : null), [proc, draft]);

  const screenErrors = useMemo(() => {
    if (!current) return [];
    if (current.kind === 'step') return errorsForStep(errors, current.step);
    if (current.kind === 'fee') return feeErrors(proc, draft);
    return errors;
  }, [current, errors, proc, draft]);

  const stepOfField = useCallback((fieldId) => {
    if (fieldId === 'payment_method') return FEE_STEP;
    if (fieldId === 'centre_code') return CHECK_STEP;
    return list.find((s) => s.kind === 'step' && s.step.fields.some((f) => f.id === fieldId))?.id;
  }, [list]);

  const described = useMemo(() => screenErrors.map((e) => {
    const own = DEVICE_FIELDS[e.field];  // choices the device asks itself, not catalog fields
    const field = own ? null : fieldForPath(proc, e.field);
    const parts = String(e.field).split('.');
    // Errors on a document item (upload_x.0) point at the slot.
    const path = field && field.type === 'document' ? parts[0] : (field && field.type === 'group' && parts.length < 3 ? parts[0] : e.field);
    const group = parts.length >= 3 ? fieldForPath(proc, parts[0]) : null;
    const itemLabel = group && group.type === 'group' ? `${tx(group.item_label, lang) || tx(group.label, lang)} ${Number(parts[1]) + 1} — ` : '';
    const label = field ? itemLabel + tx(field.label, lang) : t((own || DEVICE_FIELDS.payment_method).label, {}, lang);
    const text = msgOf(e, lang);
    return {
      ...e, path, label,
      target: own ? own.target : controlId(path, field),
      // Each summary link names its field (seven "required" messages alone would be ambiguous).
      text: `${label}: ${text}`,
    };
  }), [screenErrors, proc, lang, current]);

  const errorsFor = useCallback((path) => (showErrors
    ? described.filter((e) => e.path === path).map((e) => msgOf(e, lang)) : []), [showErrors, described, lang]);

  // Focus management: a new screen focuses its heading; a pending jump focuses its control.
  useEffect(() => {
    if (!draft) return;
    if (pendingFocus.current) {
      const el = document.getElementById(pendingFocus.current);
      pendingFocus.current = null;
      if (el) { el.focus(); el.scrollIntoView({ block: 'center' }); return; }
    }
    headingRef.current?.focus();
  }, [draft?.step]); // eslint-disable-line react-hooks/exhaustive-deps

  const goTo = (stepId, opts = {}) => {
    setShowErrors(false);
    mutate((d) => ({ ...d, step: stepId }), true);
    window.scrollTo(0, 0);
    if (opts.focus) pendingFocus.current = opts.focus;
  };

  const next = () => {
    if (screenErrors.some((e) => !e.reason)) {
      setShowErrors(true);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    if (returnToCheck) { setReturnToCheck(false); goTo(CHECK_STEP); return; }
    goTo(list[Math.min(index + 1, list.length - 1)].id);
  };
  const back = () => { setReturnToCheck(false); goTo(list[Math.max(0, index - 1)].id); };

  const jump = (e) => {
    const stepId = current.kind === 'check' ? stepOfField(String(e.field).split('.')[0]) : current.id;
    if (stepId && stepId !== current.id) {
      setReturnToCheck(true);
      goTo(stepId, { focus: e.target });
      setShowErrors(true);
      return;
    }
    const el = document.getElementById(e.target);
    if (el) { el.focus(); el.scrollIntoView({ block: 'center' }); }
  };

  const submit = async () => {
    if (submitting.current) return;  // a double tap queues once (and enqueue() checks again)
    if (blocking.length) {
      setShowErrors(true);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    submitting.current = true;
    try {
      await flush();
      const d = { ...draftRef.current, status: 'queued', updated_at: Date.now() };
      // One submission per draft across tabs: the draft's Web Lock around the check-and-queue.
      const queue = () => enqueue(d);
      const queued = navigator.locks?.request ? await navigator.locks.request(`tiepsuc-draft-${d.id}`, queue) : await queue();
      draftRef.current = queued ? d : ((await db.drafts.get(d.id)) || d);
      setDraft(draftRef.current);
      setDone(true);
      window.scrollTo(0, 0);
      kickSync();
    } finally {
      submitting.current = false;
    }
  };

  // "Lưu và làm tiếp sau": the draft is already saved; write any pending change, then list drafts.
  const saveAndExit = async () => {
    await flush();
    window.location.assign('/ho-so');
  };

  const addFile = async (field, path, doc, file) => {
    const isImage = file.type.startsWith('image/');
    let blob = file;
    let name = file.name || 'tep';
    if (isImage) {
      if (!(doc.accept || []).includes('image/jpeg')) return t('document.mime', { name }, lang);
      blob = await compressImage(file);
      name = name.replace(/\.[^.]+$/, '') + '.jpg';
    } else if (!(doc.accept || []).includes(file.type)) {
      return t('document.mime', { name }, lang);
    }
    if (doc.max_size_mb && blob.size > doc.max_size_mb * 1024 * 1024) {
      return t('document.too_large', { name, max_mb: doc.max_size_mb }, lang);
    }
    const sha256 = await sha256Hex(blob);
    const d = draftRef.current;
    await putFile(d.id, sha256, blob, { name, original_size: file.size, document_id: doc.id, field: field.id });
    const parts = path.split('.');
    const existing = getIn(draftRef.current.answers, parts);
    const items = Array.isArray(existing) ? existing.filter((x) => x.sha256 !== sha256) : [];
    mutate((cur) => ({ ...cur, answers: setIn(cur.answers, parts, [...items, { sha256, size: blob.size, mime: blob.type, name }]) }), true);
    return '';
  };

  const removeFileFromSlot = async (field, path, item) => {
    const parts = path.split('.');
    mutate((cur) => {
      const items = (getIn(cur.answers, parts) || []).filter((x) => x.sha256 !== item.sha256);
      return { ...cur, answers: setIn(cur.answers, parts, items.length ? items : null) };
    }, true);
    await removeFile(draftRef.current.id, item.sha256);
  };

  if (!ready || proc === undefined || (proc && !draft)) return <Loading />;
  if (!proc) return <NotFound lang={lang} />;

  const ctx = { procedure: proc, units, hidden, checklist: docs, addFile, removeFile: removeFileFromSlot };
  const total = list.length - 1; // the check-answers page is not a numbered step
  const stepTitle = current.kind === 'step' ? tx(current.step.title, lang)
    : current.kind === 'fee' ? t('ui.fee.title', {}, lang) : t('ui.check.title', {}, lang);
  const mode = draft.channel;

  if (done) {
    const shown = live && live.id === draft.id ? live : draft;
    return (
      <div className="ts-screen">
        <SyncPanel draft={shown} row={row} lang={lang} />
        <p><a href="/ho-so">{t('ui.nav.drafts', {}, lang)}</a></p>
      </div>
    );
  }

  return (
    <div className="ts-screen ts-wizard" data-step={current.id} data-draft={draft.id}>
      <p className="ts-proc-name">{tx(proc.name, lang)} · {proc.code}</p>
      {index > 0 && <button type="button" className="ts-back ts-linkbtn" onClick={back}>{t('ui.nav.back', {}, lang)}</button>}
      {current.kind !== 'check' && (
        <p className="ts-progress" data-testid="progress">{t('ui.wizard.progress', { n: index + 1, total }, lang)}</p>
      )}
      {nearQuota && <p className="ts-warning" role="alert">{t('ui.storage.quota_warning', {}, lang)}</p>}
      {draft.status === 'needs_fix' && <p className="ts-panel ts-warning" data-testid="needs-fix">{t('sync.needs_fix.body', {}, lang)}</p>}
      {draft.status === 'returned' && (
        <div className="ts-panel ts-warning" data-testid="returned">
          <p>{t('sync.returned.body', { code: draft.code || '' }, lang)}</p>
          <ul>{(draft.reasons || []).map((r, i) => <li key={i} data-target={r.target}>{r.text}</li>)}</ul>
          {draft.note && <p data-testid="returned-note">{draft.note}</p>}
        </div>
      )}
      {showErrors && <ErrorSummary errors={described} lang={lang} onJump={jump} summaryRef={summaryRef} />}
      <h1 className="ts-h1" tabIndex={-1} ref={headingRef}>{stepTitle}</h1>

      {current.kind === 'step' && (
        <form noValidate onSubmit={(e) => { e.preventDefault(); next(); }}>
          {current.step.fields.some((f) => f.type === 'consent') && (
            <p className="ts-panel" data-testid="assisted">
              {mode === 'volunteer'
                ? t('ui.consent.assisted', { volunteer: draft.owner_name || draft.owner, citizen: draftSummary(proc, draft).citizen_name || '…' }, lang)
                : t('ui.consent.self', { citizen: draftSummary(proc, draft).citizen_name || '…' }, lang)}
            </p>
          )}
          {current.step.fields.some((f) => f.type === 'document') && <Checklist items={docs} lang={lang} />}
          {current.step.fields.map((field) => (hidden.has(field.id) ? null : (
            <fieldset key={field.id} className="ts-lockable" disabled={!!editable && !editable.has(field.id)}>
              <Field field={field} path={field.id} value={draft.answers[field.id]} onChange={onChange}
                errorsFor={errorsFor} lang={lang} ctx={ctx} />
            </fieldset>
          )))}
          <div className="ts-actions">
            <button type="submit" className="ts-btn ts-btn-primary">{t('ui.nav.next', {}, lang)}</button>
            <button type="button" className="ts-linkbtn" onClick={saveAndExit}>{t('ui.nav.save_exit', {}, lang)}</button>
          </div>
        </form>
      )}

      {current.kind === 'fee' && (
        <FeeScreen proc={proc} draft={draft} lang={lang} today={today} errorsFor={errorsFor}
          onPay={(v) => mutate((d) => ({ ...d, extra: { ...d.extra, payment_method: v } }))} onNext={next} />
      )}

      {current.kind === 'check' && (
        <CheckAnswers proc={proc} draft={draft} list={list} lang={lang} units={units} hidden={hidden} docs={docs} editable={editable}
          centres={centreChoiceNeeded(draft, centres) ? centres : null} centreErrors={errorsFor('centre_code')}
          onCentre={(code) => mutate((d) => ({ ...d, centre_code: code || null }), true)}
          onEdit={(stepId, focus) => { setReturnToCheck(true); goTo(stepId, { focus }); }} onSubmit={submit} />
      )}
    </div>
  );
}

/** A catalog entry not yet checked against the national portal says so, in plain words. */
function Unverified({ proc, lang, only }) {
  const items = unverified(proc).filter((k) => !only || only.includes(k));
  if (!items.length) return null;
  const what = items.map((k) => t(`ui.unverified.${k}`, {}, lang)).join(', ');
  return <p className="ts-panel ts-info" data-testid="unverified">{t('ui.unverified.body', { what }, lang)}</p>;
}

function FeeScreen({ proc, draft, lang, today, errorsFor, onPay, onNext }) {
  const fee = feeSummary(proc, draft.answers, today);
  const messages = errorsFor('payment_method');
  const options = proc.payment_options || [];
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); onNext(); }}>
      <dl className="ts-summary" data-testid="fee-summary">
        <div><dt>{t('ui.fee.amount', {}, lang)}</dt><dd>{fee.amount ? formatMoney(fee.amount) : t('ui.detail.free', {}, lang)}{fee.per_copy ? ` ${t('ui.fee.per_copy', {}, lang)}` : ''}</dd></div>
        {fee.per_copy && <div><dt>{t('ui.fee.copies', {}, lang)}</dt><dd>{fee.copies ?? '—'}</dd></div>}
        <div><dt>{t('ui.fee.total', {}, lang)}</dt><dd data-testid="fee-total">{fee.total === null ? '—' : fee.total ? formatMoney(fee.total) : t('ui.detail.free', {}, lang)}</dd></div>
        <div><dt>{t('ui.detail.time', {}, lang)}</dt><dd>{processingText(proc.processing_time, lang)}</dd></div>
      </dl>
      <Unverified proc={proc} lang={lang} only={['fees', 'processing_time']} />
      {fee.exemptions.length > 0 && (
        <>
          <h2 className="ts-h3">{t('ui.fee.exemptions', {}, lang)}</h2>
          <ul>{fee.exemptions.map((x, i) => <li key={i}>{tx(x, lang)}</li>)}</ul>
        </>
      )}
      {options.length > 0 && (
        <div className={`ts-field${messages.length ? ' ts-field-error' : ''}`} data-field="payment_method" data-type="radio">
          <fieldset className="ts-fieldset">
            <legend>{t('ui.fee.payment_label', {}, lang)}</legend>
            <ErrorText id={messages.length ? 'f-payment_method-error' : null} messages={messages} />
            <div className="ts-radios">
              {options.map((o, i) => (
                <div className="ts-radio" key={o}>
                  <input type="radio" id={`f-payment_method-${i}`} name="payment_method" value={o} checked={draft.extra?.payment_method === o}
                    onChange={() => onPay(o)} />
                  <label htmlFor={`f-payment_method-${i}`}>{t(`ui.payment.${o}`, {}, lang)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      <div className="ts-actions"><button type="submit" className="ts-btn ts-btn-primary">{t('ui.nav.next', {}, lang)}</button></div>
    </form>
  );
}

/** Where a citizen's dossier is received, when the install has several centres. */
function CentreChoice({ centres, value, messages, lang, onChange }) {
  return (
    <div className={`ts-field${messages.length ? ' ts-field-error' : ''}`} data-field="centre_code" data-type="select">
      <label htmlFor="f-centre_code">{t('ui.centre.label', {}, lang)}</label>
      <p className="ts-hint" id="f-centre_code-hint">{t('ui.centre.hint', {}, lang)}</p>
      <ErrorText id={messages.length ? 'f-centre_code-error' : null} messages={messages} />
      <select id="f-centre_code" className="ts-input" value={value || ''}
        aria-describedby={`f-centre_code-hint${messages.length ? ' f-centre_code-error' : ''}`}
        aria-invalid={messages.length ? 'true' : undefined} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('ui.centre.choose', {}, lang)}</option>
        {centres.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
      </select>
    </div>
  );
}

function CheckAnswers({ proc, draft, list, lang, units, hidden, docs, editable, centres, centreErrors: centreMessages, onCentre, onEdit, onSubmit }) {
  return (
    <div>
      <Checklist items={docs} lang={lang} />
      {list.filter((s) => s.kind !== 'check').map((s) => {
        if (s.kind === 'fee') {
          return (
            <section key={s.id} className="ts-check-section">
              <h2 className="ts-h2">{t('ui.fee.title', {}, lang)}</h2>
              <dl className="ts-summary">
                <div>
                  <dt>{t('ui.fee.payment_label', {}, lang)}</dt>
                  <dd>{draft.extra?.payment_method ? t(`ui.payment.${draft.extra.payment_method}`, {}, lang) : '—'}</dd>
                  <dd className="ts-change" hidden={!!editable}>
                    <button type="button" className="ts-linkbtn" onClick={() => onEdit(FEE_STEP, 'f-payment_method-0')}>
                      {t('ui.check.change', {}, lang)}<span className="ts-vh">{` ${t('ui.fee.payment_label', {}, lang)}`}</span>
                    </button>
                  </dd>
                </div>
              </dl>
            </section>
          );
        }
        const rows = [];
        for (const field of s.step.fields) {
          if (hidden.has(field.id)) continue;
          const value = draft.answers[field.id];
          if (field.type === 'group') {
            (Array.isArray(value) ? value : []).forEach((item, i) => {
              for (const sub of field.fields || []) {
                const p = `${field.id}.${i}.${sub.id}`;
                if (hidden.has(p)) continue;
                rows.push({ key: p, label: `${tx(field.item_label, lang) || tx(field.label, lang)} ${i + 1} — ${tx(sub.label, lang)}`, value: displayValue(sub, item?.[sub.id], lang, units), focus: controlId(p, sub) });
              }
            });
            if (!Array.isArray(value) || !value.length) rows.push({ key: field.id, label: tx(field.label, lang), value: '', focus: controlId(field.id, field) });
            continue;
          }
          rows.push({ key: field.id, label: tx(field.label, lang), value: displayValue(field, value, lang, units), focus: controlId(field.id, field) });
        }
        return (
          <section key={s.id} className="ts-check-section">
            <h2 className="ts-h2">{tx(s.step.title, lang)}</h2>
            <dl className="ts-summary">
              {rows.map((r) => (
                <div key={r.key} data-answer={r.key}>
                  <dt>{r.label}</dt>
                  <dd>{r.value || <span className="ts-muted">{t('ui.check.not_given', {}, lang)}</span>}</dd>
                  <dd className="ts-change" hidden={!!editable && !editable.has(r.key.split('.')[0])}>
                    <button type="button" className="ts-linkbtn" onClick={() => onEdit(s.id, r.focus)}>
                      {t('ui.check.change', {}, lang)}<span className="ts-vh">{` ${r.label}`}</span>
                    </button>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        );
      })}
      {centres && (
        <section className="ts-check-section">
          <h2 className="ts-h2">{t('ui.centre.title', {}, lang)}</h2>
          <CentreChoice centres={centres} value={draft.centre_code} messages={centreMessages} lang={lang} onChange={onCentre} />
        </section>
      )}
      {draft.consent && <p className="ts-panel" data-testid="consent-record">{t('ui.consent.recorded', { when: formatDateTime(Date.parse(draft.consent.given_at)), statement: draft.consent.statement }, lang)}</p>}
      <div className="ts-actions">
        <button type="button" className="ts-btn ts-btn-primary" onClick={onSubmit}>
          {draft.status === 'returned' ? t('sync.returned.resubmit', { version: draft.version }, lang) : t('ui.check.submit', {}, lang)}
        </button>
      </div>
    </div>
  );
}

// ------------------------------------------------------------------ drafts list


export function DraftsScreen() {
  const lang = useLang();
  const ready = useMessages();
  const filer = useFiler();
  const drafts = useLive(() => listDrafts(), [], null);
  const rows = useLive(() => db.outbox.toArray(), [], []);
  const [confirming, setConfirming] = useState(null);
  const cancelRef = useRef(null);
  useEffect(() => { if (confirming) cancelRef.current?.focus(); }, [confirming]);
  if (!ready || drafts === null || !filer) return <Loading />;
  const mode = modeOf(filer.session);
  const visible = drafts.filter((d) => ownsDraft(d, mode));
  const others = drafts.length - visible.length;
  return (
    <div className="ts-screen">
      <h1 className="ts-h1">{t('ui.drafts.title', {}, lang)}</h1>
      <IdentityPanel lang={lang} filer={filer} />
      <StoragePanel lang={lang} />
      <p role="status">{t('ui.drafts.count', { count: visible.length }, lang)}</p>
      {others > 0 && <p className="ts-hint" data-testid="others-drafts">{t('ui.drafts.others', { count: others }, lang)}</p>}
      {visible.length === 0 && <p><a href="/thu-tuc">{t('ui.drafts.empty', {}, lang)}</a></p>}
      <ul className="ts-list">
        {visible.map((d) => (
          <li key={d.id} className="ts-card" data-draft={d.id}>
            <h2 className="ts-h3">{isStub(d) ? (d.code || '') : (d.summary?.citizen_name || t('ui.drafts.no_name', {}, lang))}</h2>
            <dl className="ts-summary ts-compact">
              <div><dt>{t('ui.drafts.id', {}, lang)}</dt><dd data-testid="masked-id">{d.summary?.id_masked || '—'}</dd></div>
              <div><dt>{t('ui.drafts.procedure', {}, lang)}</dt><dd>{tx(d.summary?.procedure_name, lang) || d.procedure_code}</dd></div>
              <div><dt>{t('ui.drafts.updated', {}, lang)}</dt><dd>{formatDateTime(d.updated_at)}</dd></div>
              <div><dt>{t('ui.drafts.sync', {}, lang)}</dt><dd data-testid="sync-state" data-status={d.status}>{syncLabel(d, rows.find((r) => r.draft_id === d.id), lang)}</dd></div>
              {d.code && <div><dt>{t('sync.sent.code', {}, lang)}</dt><dd data-testid="receipt-code">{d.code}</dd></div>}
            </dl>
            <div className="ts-actions">
              {!isStub(d) && <a className="ts-btn ts-btn-primary" href={`/nop-ho-so?ma=${encodeURIComponent(d.procedure_code)}&ho-so=${d.id}`}>
                {t('ui.drafts.resume', {}, lang)}<span className="ts-vh">{` ${d.summary?.citizen_name || ''}`}</span>
              </a>}
              <button type="button" className="ts-btn ts-btn-warning" onClick={() => setConfirming(d)}>
                {t('ui.drafts.delete', {}, lang)}<span className="ts-vh">{` ${d.summary?.citizen_name || ''}`}</span>
              </button>
            </div>
            {confirming?.id === d.id && (
              <div className="ts-confirm" role="alertdialog" aria-labelledby={`confirm-${d.id}`} aria-modal="false">
                <p id={`confirm-${d.id}`}>{t('ui.drafts.confirm', { name: d.summary?.citizen_name || d.procedure_code }, lang)}</p>
                <div className="ts-actions">
                  <button type="button" className="ts-btn ts-btn-warning" onClick={async () => { await deleteDraft(d.id); setConfirming(null); }}>
                    {t('ui.drafts.confirm_yes', {}, lang)}
                  </button>
                  <button type="button" ref={cancelRef} className="ts-btn ts-btn-secondary" onClick={() => setConfirming(null)}>
                    {t('ui.drafts.confirm_no', {}, lang)}
                  </button>
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One entry point for the pages: <OfflineScreen screen="wizard" />. */
export function OfflineScreen({ screen }) {
  switch (screen) {
    case 'catalog': return <CatalogScreen />;
    case 'detail': return <DetailScreen />;
    case 'wizard': return <WizardScreen />;
    case 'drafts': return <DraftsScreen />;
    default: return null;
  }
}

export { db };
