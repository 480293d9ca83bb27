// The separate, optional consent of issue 15: the centre keeps the citizen's identity details and
// accepted documents for their next filing, for the server's KEPT_DATA_MONTHS (as the device
// catalog carries it). Shown on the consent step under the procedure's own consents; never ticked
// in advance; sent as `consent.keep` with the months it stated (model.js submission).
import React from 'react';
import { t } from '../i18n.js';
import { heldKeptMonths } from '../data.js';
import { keptMonths } from './returning.js';

export function KeepConsent({ draft, onChange, lang }) {
  const months = keptMonths(heldKeptMonths());
  return (
    <div className="ts-field" data-field="keep_data" data-type="consent" data-testid="keep-consent">
      <p className="ts-consent-text" id="keep-consent-text">{t('returning.consent_text', { months }, lang)}</p>
      <div className="ts-radio">
        <input type="checkbox" id="keep-consent" checked={draft.keep_data === true} aria-describedby="keep-consent-text"
          onChange={(e) => onChange(e.target.checked, months)} />
        <label htmlFor="keep-consent">{t('returning.consent_label', {}, lang)}</label>
      </div>
    </div>
  );
}
