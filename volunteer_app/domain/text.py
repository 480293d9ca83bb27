"""Vietnamese text at the boundaries: NFC normalisation, search folding, collation.

Mirrored byte-for-byte by `assets/js/catalog/text.js`; shared vectors in
`tests/vectors/text_*.json` keep the two in step.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

_SPACES = re.compile(r"[\s\-\u2010-\u2015'\u2019]+")
_WORD_SPLIT = re.compile(r"[^0-9a-z\u00e0-\uffff]+")

# Tone marks (secondary weight order: level < grave < hook < tilde < acute < dot).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Vowel modifiers that make separate letters (ă â ê ô ơ ư).
_MODIFIERS = {"\u0306": "(", "\u0302": "^", "\u031b": "+"}
# Primary order: CLDR vi (a ă â b c d đ e ê ... o ô ơ ... u ư ...) plus f j w z.
_ALPHABET = [
    "a", "a(", "a^", "b", "c", "d", "đ", "e", "e^", "f", "g", "h", "i", "j", "k", "l",
    "m", "n", "o", "o^", "o+", "p", "q", "r", "s", "t", "u", "u+", "v", "w", "x", "y", "z",
]
_LETTER_WEIGHT = {letter: chr(0xCA00 + i) for i, letter in enumerate(_ALPHABET)}
_SEPARATOR = "\u0002"
_LEVEL_SEP = "\u0001"


def nfc(value: str) -> str:
    """Normalise any keyboard's output (NFC, NFD or a mix) to NFC."""
    return unicodedata.normalize("NFC", value)


def nfc_deep(value: Any) -> Any:
    """NFC every string (keys too) of a JSON-like value: the boundary normalisation of a request
    body (server side only; the browser sends what the rules module already normalised)."""
    if isinstance(value, str):
        return value if value.isascii() else nfc(value)  # ASCII is NFC already
    if value is None or type(value) in (bool, int, float):  # most leaves: no ABC check below
        return value
    if isinstance(value, Mapping):
        return {nfc_deep(k): nfc_deep(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [nfc_deep(v) for v in value]
    return value


def json_text_is_nfc(text: str) -> bool:
    """Whether every string and key of the value that ``text`` encodes is NFC, for ``text`` made by
    ``json.dumps(value, ensure_ascii=False)``: one C pass instead of ``nfc_deep``'s walk. Each
    string is a quoted run of the text, and a quote never composes or reorders with what is
    around it, so a string that NFC would change changes the text too. The characters dumps
    escapes (quote, backslash, controls) compose with nothing; an escape's letter can (``\\n``
    then a tilde), which only answers False where the value is NFC: the caller then walks it."""
    return unicodedata.is_normalized("NFC", text)


def fold(value: str) -> str:
    """Fold for search: drop diacritics (đ→d too), casefold, collapse separators.

    Tone-placement variants (hoà/hòa, thuỷ/thủy) fold equal because every mark goes.
    """
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    stripped = stripped.replace("đ", "d").replace("Đ", "D").lower()
    return _SPACES.sub(" ", stripped).strip()


def words(value: str) -> list[str]:
    """Folded words of a text (split on anything that is not a letter or digit)."""
    return [w for w in _WORD_SPLIT.split(fold(value)) if w]


def _primary_weight(char: str) -> str:
    if char in _LETTER_WEIGHT:
        return _LETTER_WEIGHT[char]
    if "0" <= char <= "9":
        return chr(0xC900 + ord(char) - 0x30)
    # Punctuation and unknown letters sort before digits, in code point order.
    return chr(0x0800 + min(ord(char), 0xBFFF))


def sort_key(value: str) -> str:
    """Vietnamese collation key (a<ă<â, d<đ, e<ê, o<ô<ơ, u<ư; tones secondary; case third).

    The tone is taken per word, not per letter, so tone-placement variants
    (Hoà/Hòa) get the same key. Plain string comparison of keys gives the order.
    """
    primary: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    word_tone = 0
    letter = ""
    upper = False

    def flush_letter() -> None:
        nonlocal letter
        if letter:
            primary.append(_primary_weight(letter) if letter in _LETTER_WEIGHT else _primary_weight(letter[0]))
            cases.append("1" if upper else "0")
            letter = ""

    def flush_word() -> None:
        nonlocal word_tone
        flush_letter()
        tones.append(chr(0x30 + word_tone))
        word_tone = 0

    text = _SPACES.sub(" ", unicodedata.normalize("NFD", value)).strip()
    for char in text:
        if char == " ":
            flush_word()
            primary.append(_SEPARATOR)
        elif char in _TONES:
            word_tone = _TONES[char]
        elif char in _MODIFIERS:
            if letter:
                letter += _MODIFIERS[char]
        elif unicodedata.category(char) == "Mn":
            continue  # other marks (e.g. cedilla) do not distinguish letters here
        else:
            flush_letter()
            lower = char.lower()
            upper = lower != char
            letter = lower if len(lower) == 1 else char
    flush_word()
    return "".join(primary) + _LEVEL_SEP + "".join(tones) + _LEVEL_SEP + "".join(cases)
