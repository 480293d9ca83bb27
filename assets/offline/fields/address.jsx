// An address: province, then commune (from the offline administrative units; choosing another
// province clears the commune), then house number and street.
import React from 'react';
import { t } from '../i18n.js';
import { ErrorText, Hint, Legend } from './parts.jsx';
import { withAddressPart } from './paths.js';

export function Address({ field, path, value, onChange, lang, ctx, frame }) {
  const v = value && typeof value === 'object' ? value : {};
  const units = ctx.units;
  const communes = units && v.province ? units.communes(v.province) : [];
  const set = (key, val) => onChange(path, withAddressPart(v, key, val));
  const { base, invalid } = frame;
  return (
    <div className={frame.cls} data-field={path} data-type="address">
      <fieldset className="ts-fieldset">
        <Legend field={field} lang={lang} optional={frame.optional} />
        <Hint field={field} id={frame.hintId} lang={lang} />
        <ErrorText id={frame.errId} messages={frame.messages} />
        <div className="ts-field">
          <label htmlFor={`${base}-province`}>{t('ui.address.province', {}, lang)}</label>
          <select id={`${base}-province`} className="ts-input" value={v.province || ''} aria-invalid={invalid}
            aria-describedby={frame.errId || undefined} onChange={(e) => set('province', e.target.value)}>
            <option value="">{t('ui.field.choose', {}, lang)}</option>
            {(units?.provinces || []).map((p) => <option key={p.code} value={p.code}>{p.name}</option>)}
          </select>
        </div>
        <div className="ts-field">
          <label htmlFor={`${base}-commune`}>{t('ui.address.commune', {}, lang)}</label>
          <select id={`${base}-commune`} className="ts-input" value={v.commune || ''} disabled={!v.province} aria-invalid={invalid}
            onChange={(e) => set('commune', e.target.value)}>
            <option value="">{t(v.province ? 'ui.field.choose' : 'ui.address.choose_province_first', {}, lang)}</option>
            {communes.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </select>
        </div>
        <div className="ts-field">
          <label htmlFor={`${base}-street`}>{t('ui.address.street', {}, lang)}</label>
          <input id={`${base}-street`} className="ts-input" value={v.street || ''} autoComplete="off" aria-invalid={invalid}
            onChange={(e) => set('street', e.target.value)} />
        </div>
      </fieldset>
    </div>
  );
}
