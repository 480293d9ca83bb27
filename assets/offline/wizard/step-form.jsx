// One catalog step: its visible fields (those a returned dossier does not let the person change
// are disabled), the checklist on a documents step, who is assisted on the consent step, then
// Continue and "Lưu và làm tiếp sau".
import React from 'react';
import { t } from '../i18n.js';
import { draftSummary } from '../model.js';
import { Field } from '../fields/field.jsx';
import { Checklist } from './checklist.jsx';

function AssistedNote({ proc, draft, lang }) {
  const citizen = draftSummary(proc, draft).citizen_name || '…';
  return (
    <p className="ts-panel" data-testid="assisted">
      {draft.channel === 'volunteer'
        ? t('ui.consent.assisted', { volunteer: draft.owner_name || draft.owner, citizen }, lang)
        : t('ui.consent.self', { citizen }, lang)}
    </p>
  );
}

export function StepForm({ step, proc, draft, ctx, editable, errorsFor, onChange, lang, onNext, onSaveExit }) {
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); onNext(); }}>
      {step.fields.some((f) => f.type === 'consent') && <AssistedNote proc={proc} draft={draft} lang={lang} />}
      {step.fields.some((f) => f.type === 'document') && <Checklist items={ctx.checklist} lang={lang} />}
      {step.fields.map((field) => (ctx.hidden.has(field.id) ? null : (
        <fieldset key={field.id} className="ts-lockable" disabled={!!editable && !editable.has(field.id)}>
          <Field field={field} path={field.id} value={draft.answers[field.id]} onChange={onChange}
            errorsFor={errorsFor} lang={lang} ctx={ctx} />
        </fieldset>
      )))}
      <div className="ts-actions">
        <button type="submit" className="ts-btn ts-btn-primary">{t('ui.nav.next', {}, lang)}</button>
        <button type="button" className="ts-linkbtn" onClick={onSaveExit}>{t('ui.nav.save_exit', {}, lang)}</button>
      </div>
    </form>
  );
}
