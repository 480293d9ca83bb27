// Vietnamese text helpers for the offline browser: mirrors volunteer_app/domain/text.py.
// nfc and fold live in one place (rules/text.js); this module adds words and collation.
import { SEPARATORS, fold, nfc } from "../rules/text.js";

export { fold, nfc };

// Shared vectors (tests/vectors/text_*.json) keep this module identical to the Python one.

const WORD_SPLIT = /[^0-9a-z\u00e0-\uffff]+/u;
const MARKS = /\p{Mn}/gu;

// Tone marks, secondary weight: level < grave < hook < tilde < acute < dot.
const TONES = { "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5 };
// Vowel modifiers that make separate letters (ă â ê ô ơ ư).
const MODIFIERS = { "\u0306": "(", "\u0302": "^", "\u031b": "+" };
const ALPHABET = [
  "a", "a(", "a^", "b", "c", "d", "đ", "e", "e^", "f", "g", "h", "i", "j", "k", "l",
  "m", "n", "o", "o^", "o+", "p", "q", "r", "s", "t", "u", "u+", "v", "w", "x", "y", "z",
];
const LETTER_WEIGHT = new Map(ALPHABET.map((l, i) => [l, String.fromCharCode(0xca00 + i)]));
const SEPARATOR = "\u0002";
const LEVEL_SEP = "\u0001";

/** Folded words of a text (split on anything that is not a letter or digit). */
export function words(value) {
  return fold(value).split(WORD_SPLIT).filter((w) => w);
}

function primaryWeight(char) {
  if (LETTER_WEIGHT.has(char)) return LETTER_WEIGHT.get(char);
  if (char >= "0" && char <= "9") return String.fromCharCode(0xc900 + char.charCodeAt(0) - 0x30);
  // Punctuation and unknown letters sort before digits, in code point order.
  return String.fromCharCode(0x0800 + Math.min(char.codePointAt(0), 0xbfff));
}

const isMark = (char) => /^\p{Mn}$/u.test(char);

/**
 * Vietnamese collation key: compare keys with < (a<ă<â, d<đ, e<ê, o<ô<ơ, u<ư;
 * tones secondary, per word so Hoà/Hòa are equal; case third).
 */
export function sortKey(value) {
  const primary = [];
  const tones = [];
  const cases = [];
  let wordTone = 0;
  let letter = "";
  let upper = false;

  const flushLetter = () => {
    if (!letter) return;
    primary.push(primaryWeight(LETTER_WEIGHT.has(letter) ? letter : [...letter][0]));
    cases.push(upper ? "1" : "0");
    letter = "";
  };
  const flushWord = () => {
    flushLetter();
    tones.push(String.fromCharCode(0x30 + wordTone));
    wordTone = 0;
  };

  const text = value.normalize("NFD").replace(SEPARATORS, " ").trim();
  for (const char of text) {
    if (char === " ") {
      flushWord();
      primary.push(SEPARATOR);
    } else if (char in TONES) {
      wordTone = TONES[char];
    } else if (char in MODIFIERS) {
      if (letter) letter += MODIFIERS[char];
    } else if (isMark(char)) {
      continue; // other marks (e.g. cedilla) do not distinguish letters here
    } else {
      flushLetter();
      const lower = char.toLowerCase();
      upper = lower !== char;
      letter = [...lower].length === 1 ? lower : char;
    }
  }
  flushWord();
  return primary.join("") + LEVEL_SEP + tones.join("") + LEVEL_SEP + cases.join("");
}

/** Comparator for Array.prototype.sort using sortKey. */
export function compareVi(a, b) {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
