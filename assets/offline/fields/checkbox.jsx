// Any number of options: the answer is the list of ticked values, in the order they were ticked.
import React from 'react';
import { ChoiceList } from './choice-list.jsx';

export function Checkbox(props) {
  const { field, path, value, onChange } = props;
  const list = Array.isArray(value) ? value : [];
  return (
    <ChoiceList {...props} multi options={field.options || []} isChecked={(o) => list.includes(o.value)}
      onPick={(o, checked) => onChange(path, checked ? [...list, o.value] : list.filter((v) => v !== o.value))} />
  );
}
