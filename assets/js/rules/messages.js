// Message formatting; mirrors volunteer_app/i18n (format_param, format_message, t).
export const LANGS = ['vi', 'en'];
const PLACEHOLDER = /\{([a-z_][a-z0-9_]*)\}/g;

/** Vietnamese-style numbers: ints of 5+ digits grouped ("12.000"), decimal comma in vi. */
export function formatParam(value, lang = 'vi') {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isInteger(value)) {
      if (Math.abs(value) < 10000) return String(value);
      const sep = lang === 'vi' ? '.' : ',';
      const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, sep);
      return (value < 0 ? '-' : '') + digits;
    }
    const text = String(value);
    return lang === 'vi' ? text.replace('.', ',') : text;
  }
  if (Array.isArray(value)) return value.map((v) => formatParam(v, lang)).join(', ');
  return String(value);
}

/** Merge message files; a key defined twice is an error, as on the server. */
export function mergeCatalogs(...catalogs) {
  const merged = {};
  for (const catalog of catalogs) {
    for (const [key, entry] of Object.entries(catalog)) {
      if (Object.prototype.hasOwnProperty.call(merged, key)) {
        throw new Error(`duplicate message key ${key}`);
      }
      merged[key] = entry;
    }
  }
  return merged;
}

/** The message `key` in `lang` with `{param}` placeholders filled; throws for unknown keys. */
export function formatMessage(catalog, key, params = {}, lang = 'vi') {
  if (!LANGS.includes(lang)) throw new Error(`unsupported language ${lang}`);
  const entry = Object.prototype.hasOwnProperty.call(catalog, key) ? catalog[key] : null;
  if (!entry || typeof entry[lang] !== 'string') throw new Error(`unknown message key ${key}`);
  const values = params ?? {};
  return entry[lang].replace(PLACEHOLDER, (whole, name) => (
    Object.prototype.hasOwnProperty.call(values, name) ? formatParam(values[name], lang) : whole));
}
