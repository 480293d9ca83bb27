// /thu-tuc/chi-tiet?ma=…: what to prepare, the agency, time limit and fees, then "Bắt đầu".
import React, { useEffect, useState } from 'react';
import { t, tx } from '../i18n.js';
import * as data from '../data.js';
import { feeSummary } from '../model.js';
import { formatDate } from '../../js/rules/fields.js';
import { unverifiedItems } from '../../js/catalog/unverified.js';
import { useLang, useMessages, useQuery } from '../app/hooks.js';
import { Loading, NotFound, Unverified } from './common.jsx';
import { feeText, levelLabel, processingText } from './procedure-text.js';

const docTag = (d) => (d.required ? 'ui.doc.required' : d.required_if ? 'ui.doc.conditional' : 'ui.doc.optional');

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
      <Provenance proc={proc} lang={lang} />
      <h2 className="ts-h2">{t('ui.detail.prepare', {}, lang)}</h2>
      <ul className="ts-docs">
        {(proc.documents || []).map((d) => (
          <li key={d.id}>
            <strong>{tx(d.name, lang)}</strong>{' '}
            <span className="ts-tag">{t(docTag(d), {}, lang)}</span>
            {d.note && <p className="ts-hint">{tx(d.note, lang)}</p>}
          </li>
        ))}
      </ul>
      <a className="ts-btn ts-btn-primary ts-start" href={`/nop-ho-so?ma=${encodeURIComponent(proc.code)}`}>{t('ui.detail.start', {}, lang)}</a>
    </div>
  );
}

// Where the procedure's data comes from, when it was checked, and each value its source does not confirm.
function Provenance({ proc, lang }) {
  const items = unverifiedItems(proc);
  return (
    <section className="ts-provenance" data-testid="provenance">
      <p className="ts-meta">{t('ui.detail.source', { source: proc.source || '', date: formatDate(proc.verified_on || '') }, lang)}</p>
      {items.length > 0 && (
        <details>
          <summary>{t('ui.detail.unchecked', { count: items.length }, lang)}</summary>
          <ul data-testid="unchecked-list">
            {items.map((u) => (
              <li key={u.path} data-path={u.path}>
                <strong>{t(`ui.unverified.${u.root}`, {}, lang)}</strong> ({u.path}): {u.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
