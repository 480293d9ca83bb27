// Pieces several screens show: the loading line, "not found", and the note on catalog data not
// yet checked against the national portal.
import React from 'react';
import { t } from '../i18n.js';
import { unverified } from '../model.js';

export function Loading() {
  return <p className="ts-loading" role="status">Đang tải… / Loading…</p>;
}

export function NotFound({ lang }) {
  return (
    <div className="ts-screen">
      <h1 className="ts-h1">{t('ui.notfound.title', {}, lang)}</h1>
      <a href="/thu-tuc">{t('ui.nav.back_catalog', {}, lang)}</a>
    </div>
  );
}

/** A catalog entry not yet checked against the national portal says so, in plain words. */
export function Unverified({ proc, lang, only }) {
  const items = unverified(proc).filter((k) => !only || only.includes(k));
  if (!items.length) return null;
  const what = items.map((k) => t(`ui.unverified.${k}`, {}, lang)).join(', ');
  return <p className="ts-panel ts-info" data-testid="unverified">{t('ui.unverified.body', { what }, lang)}</p>;
}
