// /nop-ho-so?ma=…&ho-so=…: the wizard. One catalog step per screen, short steps sharing one
// (sharing.js; "Bước n/N" counts screens), Back, Continue, the level-4 fee, the check page; errors as a GOV.UK summary plus inline text; once
// queued, the sync panel. The draft itself is use-wizard-draft.js; this module is the screens.
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { t, tx } from '../i18n.js';
import { checklist, screens, todayIso } from '../model.js';
import { editableFields } from '../sync-logic.js';
import { STATUS } from '../lifecycle/states.js';
import { centreChoiceNeeded } from '../centres.js';
import { resolve } from '../../js/rules/validate.js';
import { setIn } from '../fields/paths.js';
import { useLang, useMessages } from '../app/hooks.js';
import { Loading, NotFound } from '../screens/common.jsx';
import { useWizardDraft } from './use-wizard-draft.js';
import { useAttachments } from './attachments.js';
import { blocking, describeErrors, draftErrors, messagesFor, screenErrors } from './errors.js';
import { jumpStepId, nextStepId, previousStepId, progress, screenIdOf, stepIndex, withLinked } from './navigation.js';
import { partOrder, pinOf, wizardScreens, withinPin } from './sharing.js';
import { ErrorSummary } from './error-summary.jsx';
import { ElsewhereNotice, StatusNotice } from './notices.jsx';
import { StepForm, partTitle } from './step-form.jsx';
import { FeeSection } from './fee-screen.jsx';
import { CheckAnswers } from './check-answers.jsx';
import { NextActions, SyncPanel } from './sync-panel.jsx';
import { withKeepConsent, withKeptData } from './returning.js';

const focusElement = (id) => {
  const el = document.getElementById(id);
  if (el) { el.focus(); el.scrollIntoView({ block: 'center' }); }
  return !!el;
};

export function WizardScreen() {
  const lang = useLang();
  const ready = useMessages();
  const w = useWizardDraft();
  const { proc, draft, mutate, showErrors, setShowErrors } = w;
  const [returnToCheck, setReturnToCheck] = useState(false);
  const summaryRef = useRef(null);
  const headingRef = useRef(null);
  const pendingFocus = useRef(null);
  const today = useMemo(() => todayIso(), []);
  const files = useAttachments(w.draftRef, mutate, lang);
  const draftRef = w.draftRef;

  const onChange = useCallback((path, value) => {
    mutate((d) => ({ ...d, answers: setIn(d.answers, path.split('.'), value) }));
  }, [mutate]);

  const parts = useMemo(() => (proc && draft ? screens(proc, draft.answers, today) : []), [proc, draft, today]);
  const resolved = useMemo(() => (proc && draft ? resolve(proc, draft.answers, today) : null), [proc, draft, today]);
  // Short steps share a screen; the screen being filled keeps the steps it opened with (its pin).
  const order = useMemo(() => (proc ? partOrder(proc) : new Map()), [proc]);
  const pin = useRef(null);
  const list = useMemo(() => {
    if (!proc || !draft) return [];
    const held = withinPin(pin.current, draft.step, order) ? pin.current : null;
    const out = wizardScreens(proc, parts, resolved, { pin: held, startAt: held ? null : draft.step, order });
    if (!held) pin.current = pinOf(out[stepIndex(out, draft.step)], order);
    return out;
  }, [proc, parts, resolved, order, draft?.step]); // eslint-disable-line react-hooks/exhaustive-deps
  const index = stepIndex(list, draft?.step);
  const current = list[index];
  // "Bước n/N" is worked out when a screen opens and stays while the person fills it.
  const counter = useMemo(() => progress(list, index), [current?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const hidden = useMemo(() => new Set(resolved?.hidden || []), [resolved]);
  // Copied (same_as) and derived values are shown, never asked; the check page shows them too.
  const copied = useMemo(() => new Set(resolved?.copied || []), [resolved]);
  const linked = useMemo(() => new Set([...(resolved?.copied || []), ...(resolved?.derived || [])]), [resolved]);
  const shown = useMemo(() => (draft && resolved ? withLinked(draft, resolved, linked) : draft), [draft, resolved, linked]);
  const docs = useMemo(() => (proc && draft ? checklist(proc, draft.answers, today) : []), [proc, draft, today]);
  const errors = useMemo(() => (proc && draft ? draftErrors(proc, draft, today, w.units ? w.units.check : null, w.centres) : []),
    [proc, draft, today, w.units, w.centres]);
  const editable = useMemo(() => (proc && draft?.status === STATUS.RETURNED ? editableFields(proc, draft.reasons) : null), [proc, draft]);
  const shownErrors = useMemo(() => screenErrors(current, errors, proc, draft), [current, errors, proc, draft]);
  const described = useMemo(() => describeErrors(shownErrors, proc, lang), [shownErrors, proc, lang]);
  const errorsFor = useCallback((path) => (showErrors ? messagesFor(described, path) : []), [showErrors, described]);

  // Focus management: a new screen focuses its heading; a pending jump focuses its control.
  useEffect(() => {
    if (!draft) return;
    if (pendingFocus.current) {
      const id = pendingFocus.current;
      pendingFocus.current = null;
      if (focusElement(id)) return;
    }
    headingRef.current?.focus();
  }, [draft?.step]); // eslint-disable-line react-hooks/exhaustive-deps

  const goTo = (stepId, opts = {}) => {
    setShowErrors(false);
    w.clearNotice();
    mutate((d) => ({ ...d, step: stepId }), true);
    window.scrollTo(0, 0);
    if (opts.focus) pendingFocus.current = opts.focus;
  };
  const showSummary = () => {
    setShowErrors(true);
    requestAnimationFrame(() => summaryRef.current?.focus());
  };
  const next = () => {
    if (blocking(shownErrors).length) { showSummary(); return; }
    setReturnToCheck(false);
    goTo(nextStepId(list, index, returnToCheck));
  };
  const back = () => { setReturnToCheck(false); goTo(previousStepId(list, index)); };
  const jump = (e) => {
    const stepId = jumpStepId(list, current, e);
    if (stepId && stepId !== current.id) {
      setReturnToCheck(true);
      goTo(stepId, { focus: e.target });
      setShowErrors(true);
      return;
    }
    focusElement(e.target);
  };
  const edit = (stepId, focus) => { setReturnToCheck(true); goTo(screenIdOf(list, stepId), { focus }); };
  const submit = () => {
    if (blocking(errors).length) { showSummary(); return; }
    w.submit();
  };

  if (!ready || proc === undefined || (proc && !draft)) return <Loading />;
  if (!proc) return <NotFound lang={lang} />;

  if (w.done) {
    return (
      <div className="ts-screen">
        <SyncPanel draft={draft} row={w.row} lang={lang} />
        <NextActions draft={draft} lang={lang} />
      </div>
    );
  }

  const ctx = { procedure: proc, units: w.units, hidden, linked, copied, resolvedAnswers: resolved.answers, checklist: docs,
    addFile: files.addFile, removeFile: files.removeFile, addKept: files.addKept, returning: draft.returning,
    setKeep: (value, months) => mutate((d) => withKeepConsent(d, value, months), true),
    // The kept data of a returning citizen: every empty shared-vocabulary field, across the wizard.
    foundKept: (found) => {
      const { filled } = withKeptData(proc, draftRef.current, found);
      mutate((d) => withKeptData(proc, d, found).draft, true);
      return filled.length;
    } };
  const stepTitle = current.kind === 'check' ? t('ui.check.title', {}, lang) : partTitle(current.parts[0], lang);
  return (
    <div className="ts-screen ts-wizard" data-step={current.id} data-steps={current.parts.map((p) => p.id).join(' ')}
      data-draft={draft.id}>
      <p className="ts-proc-name">{tx(proc.name, lang)} · {proc.code}</p>
      {index > 0 && <button type="button" className="ts-back ts-linkbtn" onClick={back}>{t('ui.nav.back', {}, lang)}</button>}
      {current.kind !== 'check' && (
        <p className="ts-progress" data-testid="progress">{t('ui.wizard.progress', counter, lang)}</p>
      )}
      {w.nearQuota && <p className="ts-warning" role="alert">{t('ui.storage.quota_warning', {}, lang)}</p>}
      <ElsewhereNotice notice={w.notice} lang={lang} />
      <StatusNotice draft={draft} lang={lang} />
      {showErrors && <ErrorSummary errors={described} lang={lang} onJump={jump} summaryRef={summaryRef} />}
      <h1 className="ts-h1" tabIndex={-1} ref={headingRef}>{stepTitle}</h1>

      {current.kind !== 'check' && (
        <StepForm screen={current} proc={proc} draft={draft} ctx={ctx} editable={editable} errorsFor={errorsFor}
          onChange={onChange} lang={lang} onNext={next} onSaveExit={w.saveAndExit}
          fee={() => (
            <FeeSection proc={proc} draft={draft} lang={lang} today={today} errorsFor={errorsFor}
              onPay={(v) => mutate((d) => ({ ...d, extra: { ...d.extra, payment_method: v } }))} />
          )} />
      )}
      {current.kind === 'check' && (
        <CheckAnswers draft={shown} linked={linked} list={parts} lang={lang} units={w.units} hidden={hidden} docs={docs} editable={editable}
          centres={centreChoiceNeeded(draft, w.centres) ? w.centres : null} centreMessages={errorsFor('centre_code')}
          onCentre={(code) => mutate((d) => ({ ...d, centre_code: code || null }), true)}
          onEdit={edit} onSubmit={submit} />
      )}
    </div>
  );
}
