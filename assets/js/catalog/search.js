// Offline procedure search for the browser; mirrors volunteer_app/domain/search.py exactly.
// Ranking (all query words must match somewhere, each as a word prefix):
//   name hits > code hits > keyword/synonym hits, then phrase-in-name, shorter name, code.
// Works on full procedure definitions or on the summaries payload (code, name, keywords, field_of_law).

import { sortKey, words } from "./text.js";

const textOf = (value, lang) => (value && value[lang]) || "";

/** Index one procedure object. */
export function makeDoc(proc) {
  const names = ["vi", "en"].map((lang) => words(textOf(proc.name, lang)));
  const sources = [...(proc.keywords || [])];
  if (proc.field_of_law) sources.push(textOf(proc.field_of_law, "vi"), textOf(proc.field_of_law, "en"));
  return {
    code: proc.code,
    names,
    codeWords: words(proc.code),
    keywordWords: sources.flatMap((k) => words(k)),
    nameLen: names[0].length,
    orderKey: sortKey(textOf(proc.name, "vi")),
  };
}

/** Build the search index from a list of procedures or summaries. */
export function buildIndex(procedures) {
  return procedures.map(makeDoc);
}

const prefixIn = (token, candidates) => candidates.some((c) => c.startsWith(token));

function phrase(tokens, name) {
  for (let i = 0; i + tokens.length <= name.length; i++) {
    if (tokens.every((t, j) => name[i + j].startsWith(t))) return true;
  }
  return false;
}

/** [name hits, code hits, keyword hits, phrase] or null when a word matches nowhere. */
export function score(doc, tokens) {
  const hits = [0, 0, 0];
  const nameWords = doc.names.flat();
  for (const token of tokens) {
    if (prefixIn(token, nameWords)) hits[0]++;
    else if (prefixIn(token, doc.codeWords)) hits[1]++;
    else if (prefixIn(token, doc.keywordWords)) hits[2]++;
    else return null;
  }
  const isPhrase = doc.names.some((name) => phrase(tokens, name)) ? 1 : 0;
  return [hits[0], hits[1], hits[2], isPhrase];
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Codes of matching procedures, best first; an empty query lists all by Vietnamese name order. */
export function search(index, query, limit = undefined) {
  const tokens = words(query || "");
  let ranked;
  if (tokens.length === 0) {
    ranked = [...index].sort((a, b) => cmp(a.orderKey, b.orderKey) || cmp(a.code, b.code));
  } else {
    const scored = [];
    for (const doc of index) {
      const s = score(doc, tokens);
      if (s) scored.push({ doc, s });
    }
    scored.sort(
      (a, b) =>
        b.s[0] - a.s[0] || b.s[1] - a.s[1] || b.s[2] - a.s[2] || b.s[3] - a.s[3] ||
        a.doc.nameLen - b.doc.nameLen || cmp(a.doc.code, b.doc.code),
    );
    ranked = scored.map((x) => x.doc);
  }
  const codes = ranked.map((d) => d.code);
  return limit === undefined ? codes : codes.slice(0, limit);
}
