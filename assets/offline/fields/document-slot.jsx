// A document slot: "Chụp ảnh" (the camera; photos are compressed on the device) and "Chọn tệp"
// (the document's accepted types), the files attached so far, each removable. Checking and
// storing a file is the wizard's (ctx.addFile / ctx.removeFile, wizard/attachments.js).
import React, { useState } from 'react';
import { t, tx } from '../i18n.js';
import { formatBytes } from '../storage.js';
import { ErrorText } from './parts.jsx';
import { acceptedTypes, slotDocument } from './frame.js';
import { online } from '../app/connectivity.js';
import { useStore } from '../app/hooks.js';
import { keptFor } from '../wizard/returning.js';

export function DocumentSlot({ field, path, value, lang, ctx, frame }) {
  const doc = slotDocument(ctx.procedure, field);
  const files = Array.isArray(value) ? value : [];
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const accept = (doc.accept || []).join(',');
  const imageOk = (doc.accept || []).some((m) => m.startsWith('image/'));
  const { base, errId } = frame;
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
  const isOnline = useStore(online, true);
  // A returning citizen's kept documents of this kind, offered instead of a new photo (online only).
  const kept = isOnline ? keptFor(ctx.returning, doc).filter((k) => !files.some((f) => f.sha256 === k.sha256)) : [];
  const useKept = async (k) => {
    setProblem('');
    setBusy(true);
    try {
      const msg = await ctx.addKept(field, path, doc, k);
      if (msg) setProblem(msg);
    } finally {
      setBusy(false);
    }
  };
  const all = [...frame.messages, ...(problem ? [problem] : [])];
  const status = ctx.checklist.find((c) => c.id === doc.id);
  return (
    <div className={`${frame.cls}${problem ? ' ts-field-error' : ''}`} data-field={path} data-type="document">
      <fieldset className="ts-fieldset ts-doc">
        <legend>{tx(field.label, lang)}</legend>
        <p className="ts-hint">
          {status?.required ? t('ui.doc.required', {}, lang) : t('ui.doc.optional', {}, lang)}
          {' · '}{t('ui.doc.limits', { types: acceptedTypes(doc), max_mb: doc.max_size_mb }, lang)}
        </p>
        {/* A note on when the document is not needed would contradict "Bắt buộc" once the answers require it. */}
        {doc.note && !status?.required && <p className="ts-hint" data-testid="doc-note">{tx(doc.note, lang)}</p>}
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
        {kept.length > 0 && (
          <div className="ts-doc-actions" data-testid="kept-documents">
            {kept.map((k) => (
              <button key={k.id} type="button" className="ts-btn ts-btn-secondary" onClick={() => useKept(k)}>
                {t('returning.use_document', { name: `${tx(k.name, lang)} · ${k.dossier_code}` }, lang)}
              </button>
            ))}
          </div>
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
