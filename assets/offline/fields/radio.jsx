// One choice from a few options, all visible.
import React from 'react';
import { ChoiceList } from './choice-list.jsx';

export function Radio(props) {
  const { field, path, value, onChange } = props;
  return (
    <ChoiceList {...props} options={field.options || []}
      isChecked={(o) => value === o.value} onPick={(o) => onChange(path, o.value)} />
  );
}
