// A repeatable group ("Thành viên 1, 2, …"): add and remove items; each item's sub-fields have
// dotted paths (members.0.full_name) for their values and errors. The field dispatcher is passed
// in as `Field` (it renders this widget too, so importing it would make a circle).
import React from 'react';
import { t, tx } from '../i18n.js';
import { ErrorText, Hint } from './parts.jsx';

export function Group(props) {
  const { field, path, value, onChange, lang, ctx, frame, Field } = props;
  const { base } = frame;
  const items = Array.isArray(value) ? value : [];
  const label = tx(field.item_label, lang) || tx(field.label, lang);
  const max = field.max_items ?? Infinity;
  const fieldProps = { onChange, errorsFor: props.errorsFor, lang, ctx };
  return (
    <div className={frame.cls} data-field={path} data-type="group">
      <fieldset className="ts-fieldset">
        <legend className="ts-h2">{tx(field.label, lang)}</legend>
        <Hint field={field} id={frame.hintId} lang={lang} />
        <ErrorText id={frame.errId} messages={frame.messages} />
        {items.map((item, i) => (
          <section className="ts-group-item" key={i} aria-labelledby={`${base}-${i}-h`}>
            <h3 className="ts-h3" id={`${base}-${i}-h`}>{`${label} ${i + 1}`}</h3>
            {(field.fields || []).map((sub) => {
              const subPath = `${path}.${i}.${sub.id}`;
              if (ctx.hidden.has(subPath)) return null;
              return <Field key={sub.id} {...fieldProps} field={sub} path={subPath} value={item?.[sub.id]} />;
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
