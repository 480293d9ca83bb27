// The card scanner for one person of a step (loaded on first press of "Quét CCCD"): the tablet
// camera, or a photo of the card when the camera cannot focus; the QR read (qr-decoder.js), the
// card checked (card-qr.js), its address mapped to the 2025 units (card-address.js), the fields
// filled through the wizard's own onChange, and what was filled shown for the volunteer to
// confirm. Nothing of the card is kept but what lands in the draft: the QR text lives in this
// function's locals only.
import React, { useEffect, useRef, useState } from 'react';
import { t } from '../i18n.js';
import { manifest, units as loadUnits } from '../data.js';
import { parseCardQr } from './card-qr.js';
import { resolveCardAddress } from './card-address.js';
import { cardFill } from './card-fill.js';
import { makeDecoder } from './qr-decoder.js';

const SCAN_EVERY_MS = 150;
const PHOTO_SIDES = [1600, 800];

let legacy = null;
/** The pre-2025 units table (/offline-data/, precached after the first visit), once per page. */
function legacyTable() {
  if (!legacy) {
    legacy = manifest().then(async (m) => {
      if (!m?.admin_units_legacy) throw new Error('no legacy units');
      const res = await fetch(m.admin_units_legacy, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`legacy units: ${res.status}`);
      return res.json();
    }).catch((err) => { legacy = null; throw err; });
  }
  return legacy;
}

function drawn(source, width, height, maxSide) {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  canvas.getContext('2d', { willReadFrequently: true }).drawImage(source, 0, 0, canvas.width, canvas.height);
  return canvas;
}

export function CardScan({ id, target, onChange, lang, units, onClose }) {
  const [state, setState] = useState({ phase: 'idle' }); // idle | camera | filled | refused | failed
  const videoRef = useRef(null);
  const stream = useRef(null);
  const timer = useRef(null);
  const decoder = useRef(null);
  const resultRef = useRef(null);

  const stopCamera = () => {
    clearTimeout(timer.current);
    for (const track of stream.current?.getTracks() || []) track.stop();
    stream.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
  };
  useEffect(() => stopCamera, []);
  useEffect(() => { if (state.phase !== 'idle' && state.phase !== 'camera') resultRef.current?.focus(); }, [state]);

  const getDecoder = async () => {
    if (!decoder.current) decoder.current = await makeDecoder();
    return decoder.current;
  };

  const use = async (text) => {
    const parsed = parseCardQr(text);
    if (!parsed.ok) { setState({ phase: 'refused', problems: parsed.problems }); return; }
    let address = null;
    let shownUnits = units;
    if (target.fields.permanent_address) {
      try {
        shownUnits = units || await loadUnits();
        address = resolveCardAddress(parsed.card.address, await legacyTable(), shownUnits);
      } catch { address = null; }
    }
    const fill = cardFill(target, parsed.card, address, shownUnits);
    for (const [field, value] of fill.changes) onChange(field, value);
    setState({ phase: 'filled', lines: fill.lines, notes: fill.notes });
  };

  const fail = (key) => setState({ phase: 'failed', key });

  const startCamera = async () => {
    stopCamera();
    let decode;
    try { decode = await getDecoder(); } catch { fail('scan.error.decoder'); return; }
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
    } catch { fail('scan.error.no_camera'); return; }
    const video = videoRef.current;
    video.srcObject = stream.current;
    try { await video.play(); } catch { /* autoplay of a muted inline video is allowed; frames still come */ }
    setState({ phase: 'camera' });
    const tick = async () => {
      if (!stream.current) return;
      if (video.readyState >= 2 && video.videoWidth) {
        const text = await decode(drawn(video, video.videoWidth, video.videoHeight, PHOTO_SIDES[0]));
        if (text !== null && stream.current) { stopCamera(); await use(text); return; }
      }
      timer.current = setTimeout(tick, SCAN_EVERY_MS);
    };
    tick();
  };

  const fromPhoto = async (e) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    stopCamera();
    let decode;
    try { decode = await getDecoder(); } catch { fail('scan.error.decoder'); return; }
    let bitmap;
    try { bitmap = await createImageBitmap(file); } catch { fail('scan.error.not_found'); return; }
    for (const side of PHOTO_SIDES) {
      const text = await decode(drawn(bitmap, bitmap.width, bitmap.height, side));
      if (text !== null) { bitmap.close?.(); await use(text); return; }
    }
    bitmap.close?.();
    fail('scan.error.not_found');
  };

  const camera = state.phase === 'camera';
  return (
    <section id={id} className="ts-panel ts-scan-panel" aria-labelledby={`${id}-h`}>
      <h2 className="ts-h3" id={`${id}-h`}>{t('scan_button.label', { who: t(`scan_button.role.${target.role}`, {}, lang) }, lang)}</h2>
      <p className="ts-hint">{t('scan.intro', {}, lang)}</p>
      <video ref={videoRef} className="ts-scan-video" hidden={!camera} muted playsInline aria-label={t('scan.video', {}, lang)} />
      {camera && <p role="status">{t('scan.looking', {}, lang)}</p>}
      <div className="ts-actions">
        {camera ? (
          <button type="button" className="ts-btn ts-btn-secondary" onClick={() => { stopCamera(); setState({ phase: 'idle' }); }}>
            {t('scan.stop', {}, lang)}
          </button>
        ) : (
          <button type="button" className="ts-btn ts-btn-primary" onClick={startCamera}>{t('scan.camera', {}, lang)}</button>
        )}
        <button type="button" className="ts-linkbtn" onClick={() => { stopCamera(); onClose(); }}>{t('scan.close', {}, lang)}</button>
      </div>
      <div className="ts-field">
        <label htmlFor={`${id}-photo`}>{t('scan.photo', {}, lang)}</label>
        <input id={`${id}-photo`} type="file" accept="image/*" capture="environment" className="ts-scan-file" onChange={fromPhoto} />
      </div>
      {state.phase === 'filled' && (
        <div className="ts-success" role="status" tabIndex={-1} ref={resultRef} data-testid="scan-filled">
          <p>{t('scan.filled', {}, lang)}</p>
          <ul className="ts-list">
            {state.lines.map(([key, params, valueKey]) => (
              <li key={key}>{t(key, valueKey ? { value: t(valueKey, {}, lang) } : params, lang)}</li>
            ))}
          </ul>
          {state.notes.map(([key, params]) => <p key={key} className="ts-warning">{t(key, params, lang)}</p>)}
        </div>
      )}
      {state.phase === 'refused' && (
        <div className="ts-error-summary" role="alert" tabIndex={-1} ref={resultRef} data-testid="scan-refused">
          <p>{t('scan.error_title', {}, lang)}</p>
          <ul>{state.problems.map((p) => <li key={p.code}>{t(`scan.error.${p.code}`, p.params, lang)}</li>)}</ul>
        </div>
      )}
      {state.phase === 'failed' && (
        <p className="ts-error-message" role="alert" tabIndex={-1} ref={resultRef}>{t(state.key, {}, lang)}</p>
      )}
    </section>
  );
}
