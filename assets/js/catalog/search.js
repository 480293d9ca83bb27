// Offline procedure search for the browser; mirrors volunteer_app/domain/search.py exactly.
// Ranking (all query words must match somewhere, each as a word prefix):
//   name hits > code hits > keyword/synonym hits, then phrase-in-name, shorter name, code.
// Works on full procedure definitions or on the summaries payload (code, name, keywords, field_of_law).
//
// The index keeps the catalog's distinct folded words sorted, each with the procedures (numbered
// in tie-break order: shorter name, then code) that have it in their name, code or keywords. A
// query word marks the procedures of the words in its prefix range, so search time grows with the
// matches, not with the catalog.

import { sortKey, words } from "./text.js";

const textOf = (value, lang) => (value && value[lang]) || "";
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

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
  const docs = procedures.map(makeDoc).sort((a, b) => a.nameLen - b.nameLen || cmp(a.code, b.code));
  const postings = new Map(); // word -> [name ranks, code ranks, keyword ranks]
  docs.forEach((doc, rank) => {
    const kinds = [doc.names.flat(), doc.codeWords, doc.keywordWords];
    kinds.forEach((found, kind) => {
      for (const word of found) {
        if (!postings.has(word)) postings.set(word, [[], [], []]);
        const list = postings.get(word)[kind];
        if (list[list.length - 1] !== rank) list.push(rank);
      }
    });
  });
  const vocabulary = [...postings.keys()].sort(cmp);
  return {
    codes: docs.map((d) => d.code),
    phraseText: docs.map((d) => d.names.map((name) => ` ${name.join(" ")}`)),
    byName: [...docs].sort((a, b) => cmp(a.orderKey, b.orderKey) || cmp(a.code, b.code)).map((d) => d.code),
    vocabulary,
    postings: vocabulary.map((w) => postings.get(w)),
  };
}

function lowerBound(sorted, value) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per procedure: how a query word matches (1 name, 2 code, 3 keyword: the best; 0: not at all). */
function tokenMarks(index, token) {
  const marks = new Uint8Array(index.codes.length);
  const { vocabulary, postings } = index;
  for (let i = lowerBound(vocabulary, token); i < vocabulary.length && vocabulary[i].startsWith(token); i++) {
    for (let kind = 0; kind < 3; kind++) {
      const mark = kind + 1;
      for (const rank of postings[i][kind]) if (marks[rank] === 0 || marks[rank] > mark) marks[rank] = mark;
    }
  }
  return marks;
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Codes of matching procedures, best first; an empty query lists all by Vietnamese name order. */
export function search(index, query, limit = undefined) {
  const tokens = words(query || "");
  if (tokens.length === 0) return limit === undefined ? [...index.byName] : index.byName.slice(0, limit);
  const marks = tokens.map((t) => tokenMarks(index, t));
  const phrase = tokens.length > 1 ? new RegExp(` ${tokens.map(escapeRegExp).join("[^ ]* ")}`) : null;
  const scored = [];
  for (let rank = 0; rank < index.codes.length; rank++) {
    const hits = [0, 0, 0];
    let all = true;
    for (const m of marks) {
      if (m[rank] === 0) { all = false; break; }
      hits[m[rank] - 1]++;
    }
    if (!all) continue;
    let isPhrase = hits[0] === tokens.length ? 1 : 0; // one word matching a name word is a phrase
    if (isPhrase && phrase) isPhrase = index.phraseText[rank].some((text) => phrase.test(text)) ? 1 : 0;
    scored.push({ rank, s: [hits[0], hits[1], hits[2], isPhrase] });
  }
  scored.sort((a, b) => b.s[0] - a.s[0] || b.s[1] - a.s[1] || b.s[2] - a.s[2] || b.s[3] - a.s[3] || a.rank - b.rank);
  const codes = scored.map((x) => index.codes[x.rank]);
  return limit === undefined ? codes : codes.slice(0, limit);
}
