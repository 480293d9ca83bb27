// One catalog field: picks its widget by type (one widget per file, as ODK Web Forms keeps one
// control per file) and gives it its frame (ids, described-by, optional, error messages).
import React from 'react';
import { fieldFrame } from './frame.js';
import { Address } from './address.jsx';
import { Checkbox } from './checkbox.jsx';
import { Consent } from './consent.jsx';
import { DateInput } from './date.jsx';
import { DocumentSlot } from './document-slot.jsx';
import { Group } from './group.jsx';
import { LongText } from './long-text.jsx';
import { Radio } from './radio.jsx';
import { Select } from './select.jsx';
import { TextInput } from './text.jsx';
import { YesNo } from './yes-no.jsx';

const WIDGETS = {
  address: Address, checkbox: Checkbox, consent: Consent, date: DateInput, document: DocumentSlot, group: Group,
  long_text: LongText, radio: Radio, select: Select, yes_no: YesNo,
};

/** props: field, path, value, onChange(path, value), errorsFor(path) → messages, lang, ctx. */
export function Field(props) {
  const { field, path, errorsFor } = props;
  const Widget = WIDGETS[field.type] || TextInput;
  const frame = fieldFrame(field, path, errorsFor(path));
  return <Widget {...props} frame={frame} {...(field.type === 'group' ? { Field } : {})} />;
}
