// Vietnamese text at the boundaries; mirrors volunteer_app/domain/text.py (nfc, fold) so the
// rules modules stand alone. tests/vectors/fields_format.json pins it to the Python functions.

// Python's \s (which also covers \x1c-\x1f and \x85) plus hyphens/dashes and apostrophes.
export const SEPARATORS = /[\s\x1c-\x1f\x85\-\u2010-\u2015'\u2019]+/gu;

/** Normalise any keyboard's output (NFC, NFD or a mix) to NFC. */
export function nfc(value) {
  return String(value).normalize('NFC');
}

/** Fold for search: drop diacritics (đ→d too), lower-case, collapse separators. */
export function fold(value) {
  return String(value)
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(SEPARATORS, ' ')
    .trim();
}
