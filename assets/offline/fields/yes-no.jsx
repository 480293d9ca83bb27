// "Có / Không": a radio pair whose values are true and false.
import React from 'react';
import { ChoiceList } from './choice-list.jsx';

const YES_NO = [{ value: true, label: { vi: 'Có', en: 'Yes' } }, { value: false, label: { vi: 'Không', en: 'No' } }];

export function YesNo(props) {
  const { path, value, onChange } = props;
  return <ChoiceList {...props} options={YES_NO} isChecked={(o) => value === o.value} onPick={(o) => onChange(path, o.value)} />;
}
