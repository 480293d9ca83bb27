// The separate, optional consent of issue 15: the centre keeps the citizen's identity details and
// accepted documents for their next filing, for KEPT_MONTHS. Shown on the consent step under the
// procedure's own consents; never ticked in advance; sent as `consent.keep` (model.js submission).
import React from 'react';
import { t } from '../i18n.js';
import { KEPT_MONTHS } from './returning.js';

export function KeepConsent({ draft, onChange, lang }) {
  return (
    <div className="ts-field" data-field="keep_data" data-type="consent" data-testid="keep-consent">
      <p className="ts-consent-text" id="keep-consent-text">{t('returning.consent_text', { months: KEPT_MONTHS }, lang)}</p>
      <div className="ts-radio">
        <input type="checkbox" id="keep-consent" checked={draft.keep_data === true} aria-describedby="keep-consent-text"
          onChange={(e) => onChange(e.target.checked)} />
        <label htmlFor="keep-consent">{t('returning.consent_label', {}, lang)}</label>
      </div>
    </div>
  );
}
