// /thu-tuc: every procedure, searched as you type (diacritics folded, đ → d).
import React, { useEffect, useMemo, useState } from 'react';
import { t, tx } from '../i18n.js';
import * as data from '../data.js';
import { buildIndex, search } from '../../js/catalog/search.js';
import { useLang, useMessages } from '../app/hooks.js';
import { Loading } from './common.jsx';
import { levelLabel } from './procedure-text.js';

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
