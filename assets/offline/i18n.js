// UI language (vi default, en switch) and message lookup over the merged message catalog.
// Pure except for the optional localStorage/event plumbing, which is guarded for Node and SSR.
import { formatMessage } from '../js/rules/messages.js';

export const LANG_KEY = 'tiepsuc.lang';
let catalog = {};
let later = {}; // messages of a screen loaded on demand (data.js partMessages), kept across setCatalog
const listeners = new Set();

export function setCatalog(messages) {
  catalog = { ...(messages || {}), ...later };
}

/** Add the messages of a screen loaded on demand (the build serves them in a file of their own). */
export function addMessages(messages) {
  later = { ...later, ...(messages || {}) };
  catalog = { ...catalog, ...later };
}

export function getCatalog() {
  return catalog;
}

export function getLang() {
  try {
    const stored = globalThis.localStorage?.getItem(LANG_KEY);
    return stored === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function setLang(lang) {
  const value = lang === 'en' ? 'en' : 'vi';
  try { globalThis.localStorage?.setItem(LANG_KEY, value); } catch { /* private mode */ }
  if (globalThis.document) globalThis.document.documentElement.lang = value;
  for (const fn of listeners) fn(value);
}

export function onLangChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The message `key` in `lang`; an unknown key falls back to the key itself (never throws). */
export function t(key, params = {}, lang = getLang(), messages = catalog) {
  try {
    return formatMessage(messages, key, params, lang);
  } catch {
    return key;
  }
}

/** A bilingual catalog text {vi, en} in the current language (falls back to vi). */
export function tx(text, lang = getLang()) {
  if (!text) return '';
  if (typeof text === 'string') return text;
  return text[lang] || text.vi || '';
}
