// One screen of the wizard: a catalog step, the fee, or short steps sharing it (sharing.js). A
// step's visible fields (those a returned dossier does not let the person change are disabled),
// the checklist on a documents step, who is assisted on the consent step, then Continue and
// "Lưu và làm tiếp sau".
import React from 'react';
import { t, tx } from '../i18n.js';
import { draftSummary } from '../model.js';
import { Field } from '../fields/field.jsx';
import { Checklist } from './checklist.jsx';
import { displayValue } from './check-rows.js';
import { scanTargets } from '../scan/targets.js';
import { ScanCardButton } from '../scan/scan-button.jsx';
import { KeepConsent } from './keep-consent.jsx';
import { ReturningOffer } from './returning-offer.jsx';
import { ID_MEANING } from './returning.js';

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

/** A value the person is not asked for: copied from another answer (same_as) or derived. */
function LinkedValue({ field, value, copied, lang, units }) {
  return (
    <div className="ts-field ts-linked" data-field={field.id} data-linked={copied ? 'copied' : 'derived'}>
      <p className="ts-linked-label">{tx(field.label, lang)}</p>
      <p className="ts-linked-value" data-testid={`linked-${field.id}`}>{displayValue(field, value, lang, units) || '—'}</p>
      <p className="ts-hint">{t(copied ? 'assist.copied' : 'assist.derived', {}, lang)}</p>
    </div>
  );
}

/** One catalog step's content: who is assisted (consent), the checklist (documents), its fields. */
export function StepFields({ step, proc, draft, ctx, editable, errorsFor, onChange, lang }) {
  // "Quét CCCD …" before the first asked field of each person whose card can fill the step.
  const asked = (id) => !ctx.hidden.has(id) && !ctx.linked.has(id) && (!editable || editable.has(id));
  const scans = new Map(scanTargets(step.fields, (id) => !asked(id)).map((s) => [s.first, s]));
  const scan = (field) => scans.has(field.id) && (
    <ScanCardButton target={scans.get(field.id)} onChange={onChange} lang={lang} ctx={ctx} />
  );
  return (
    <>
      {step.fields.some((f) => f.type === 'consent') && <AssistedNote proc={proc} draft={draft} lang={lang} />}
      {step.fields.some((f) => f.type === 'document') && <Checklist items={ctx.checklist} lang={lang} />}
      {step.fields.map((field) => <React.Fragment key={field.id}>{scan(field)}{ctx.hidden.has(field.id) ? null : ctx.linked.has(field.id) ? (
        <LinkedValue key={field.id} field={field} value={ctx.resolvedAnswers[field.id]} copied={ctx.copied.has(field.id)}
          lang={lang} units={ctx.units} />
      ) : (
        <fieldset key={field.id} className="ts-lockable" disabled={!!editable && !editable.has(field.id)}>
          <Field field={field} path={field.id} value={draft.answers[field.id]} onChange={onChange}
            errorsFor={errorsFor} lang={lang} ctx={ctx} />
          {field.vocab === ID_MEANING && !editable && (
            <ReturningOffer number={draft.answers[field.id]} draft={draft} lang={lang} onFound={ctx.foundKept} />
          )}
        </fieldset>
      )}</React.Fragment>)}
      {step.fields.some((f) => f.type === 'consent') && <KeepConsent draft={draft} onChange={ctx.setKeep} lang={lang} />}
    </>
  );
}

/** A part's title: the catalog step's own, or the fee screen's. */
export const partTitle = (part, lang) => (part.kind === 'step' ? tx(part.step.title, lang) : t('ui.fee.title', {}, lang));

/**
 * One screen: a catalog step, the fee, or short steps sharing it (each after the first under its
 * own catalog title), then one Continue and "Lưu và làm tiếp sau".
 */
export function StepForm({ screen, proc, draft, ctx, editable, errorsFor, onChange, lang, onNext, onSaveExit, fee }) {
  return (
    <form noValidate onSubmit={(e) => { e.preventDefault(); onNext(); }}>
      {screen.parts.map((part, i) => (
        <section key={part.id} className="ts-part" data-part={part.id}>
          {i > 0 && <h2 className="ts-h2 ts-part-title">{partTitle(part, lang)}</h2>}
          {part.kind === 'step' ? (
            <StepFields step={part.step} proc={proc} draft={draft} ctx={ctx} editable={editable} errorsFor={errorsFor}
              onChange={onChange} lang={lang} />
          ) : fee(part)}
        </section>
      ))}
      <div className="ts-actions">
        <button type="submit" className="ts-btn ts-btn-primary">{t('ui.nav.next', {}, lang)}</button>
        {screen.kind !== 'fee' && (
          <button type="button" className="ts-linkbtn" onClick={onSaveExit}>{t('ui.nav.save_exit', {}, lang)}</button>
        )}
      </div>
    </form>
  );
}
