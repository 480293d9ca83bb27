"""Offline-friendly procedure search: folded, word-prefix, ranked; mirrored by assets/js/catalog/search.js.

Ranking (all query words must match somewhere):
  1. more query words matched in the name (vi or en) — name hits beat
  2. more matched in the code — code hits beat
  3. more matched in keywords / synonyms / field of law,
  then the query as a consecutive phrase in a name, then shorter names, then code.

An index keeps the catalog's distinct folded words in sorted order, each with three bitsets
(Python ints) of the procedures that have it in their name, code or keywords; procedures are
numbered in tie-break order (shorter name, then code). A query word's matches are the words in
its prefix range; bit algebra then splits the candidates into groups of equal hits, each already
in tie-break order, so only a multi-word query's all-name-hit group needs a per-procedure look
(the phrase test). Search time grows with the matches, not with the catalog.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import compress
from typing import Any, Iterable, Mapping

from .text import sort_key, words

NAME, CODE, KEYWORD = 0, 1, 2
SHORT = 2  # prefixes this short match many words: their bitsets are kept ready
_BITS = bytes.maketrans(b"01", b"\x00\x01")


@dataclass(frozen=True)
class SearchDoc:
    code: str
    names: tuple[tuple[str, ...], ...]  # folded words of each name (vi, en)
    code_words: tuple[str, ...]
    keyword_words: tuple[str, ...]
    name_len: int
    order_key: str  # Vietnamese collation key of the vi name (order for empty queries)


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, Mapping) else getattr(obj, key, None)


def _text(value: Any, lang: str) -> str:
    return _get(value, lang) or "" if value is not None else ""


def make_doc(proc: Any) -> SearchDoc:
    """Index a procedure (pydantic model or its JSON dict; needs code, name, keywords)."""
    name = _get(proc, "name")
    names = tuple(tuple(words(_text(name, lang))) for lang in ("vi", "en"))
    keyword_sources = list(_get(proc, "keywords") or [])
    field = _get(proc, "field_of_law")
    if field is not None:
        keyword_sources += [_text(field, "vi"), _text(field, "en")]
    return SearchDoc(
        code=_get(proc, "code"),
        names=names,
        code_words=tuple(words(_get(proc, "code"))),
        keyword_words=tuple(w for k in keyword_sources for w in words(k)),
        name_len=len(names[0]),
        order_key=sort_key(_text(name, "vi")),
    )


def _select(items: list, bits: int) -> list:
    """The items at the positions of the set bits, lowest first (at C speed)."""
    return list(compress(items, bin(bits)[:1:-1].encode().translate(_BITS)))


class SearchIndex:
    def __init__(self, docs: Iterable[SearchDoc]):
        self.docs = sorted(docs, key=lambda d: (d.name_len, d.code))  # rank = tie-break order
        self.codes = [d.code for d in self.docs]
        self.phrase_text = [tuple(" " + " ".join(name) for name in d.names) for d in self.docs]
        self.by_name = [d.code for d in sorted(self.docs, key=lambda d: (d.order_key, d.code))]
        postings: dict[str, list[int]] = {}
        for rank, doc in enumerate(self.docs):
            bit = 1 << rank
            for kind, found in ((NAME, [w for name in doc.names for w in name]), (CODE, doc.code_words),
                                (KEYWORD, doc.keyword_words)):
                for word in found:
                    postings.setdefault(word, [0, 0, 0])[kind] |= bit
        self.vocabulary = sorted(postings)
        self.postings = [postings[w] for w in self.vocabulary]
        self.ranks = list(range(len(self.docs)))
        self.short = {w[:n]: None for w in self.vocabulary for n in range(1, SHORT + 1)}
        for prefix in self.short:
            self.short[prefix] = self._scan(prefix)

    def __len__(self) -> int:
        return len(self.docs)

    def token_bits(self, token: str) -> tuple[int, int, int]:
        """Procedures with a word starting with ``token`` in their name, code, keywords."""
        if len(token) <= SHORT:
            return self.short.get(token, (0, 0, 0))
        return self._scan(token)

    def _scan(self, token: str) -> tuple[int, int, int]:
        bits = [0, 0, 0]
        i = bisect_left(self.vocabulary, token)
        vocabulary, postings = self.vocabulary, self.postings
        while i < len(vocabulary) and vocabulary[i].startswith(token):
            name, code, keyword = postings[i]
            bits[0] |= name
            bits[1] |= code
            bits[2] |= keyword
            i += 1
        return bits[0], bits[1], bits[2]

    def search(self, query: str, limit: int | None = None) -> list[str]:
        tokens = words(query or "")
        if not tokens:
            return self.by_name[:limit]
        per_token = [self.token_bits(t) for t in tokens]
        candidates = -1
        for name, code, keyword in per_token:
            candidates &= name | code | keyword
        if not candidates:
            return []
        groups: dict[tuple[int, int, int], int] = {(0, 0, 0): candidates}
        for name, code, _ in per_token:  # a word counts as a name hit first, then code, then keyword
            split = (name, code & ~name, ~name & ~code)
            grown: dict[tuple[int, int, int], int] = {}
            for hits, bits in groups.items():
                for kind, kind_bits in enumerate(split):
                    part = bits & kind_bits
                    if part:
                        key = tuple(h + (k == kind) for k, h in enumerate(hits))
                        grown[key] = grown.get(key, 0) | part
            groups = grown
        ranked: list[tuple[tuple[int, ...], int]] = []
        for hits, bits in groups.items():
            if hits[NAME] == len(tokens) and len(tokens) > 1:
                phrase = self._phrase_bits(tokens, bits)
                ranked += [((*hits, 1), phrase), ((*hits, 0), bits & ~phrase)]
            else:  # one word matching a name word is a phrase; fewer name hits never are
                ranked.append(((*hits, int(hits[NAME] == len(tokens))), bits))
        ranked.sort(key=lambda item: tuple(-h for h in item[0]))
        out: list[str] = []
        for _, bits in ranked:
            out += _select(self.codes, bits)
            if limit is not None and len(out) >= limit:
                break
        return out[:limit]

    def _phrase_bits(self, tokens: list[str], bits: int) -> int:
        """Procedures among ``bits`` whose vi or en name holds the tokens as consecutive word prefixes."""
        pattern = re.compile(" " + "[^ ]* ".join(re.escape(t) for t in tokens))
        found = 0
        for i in _select(self.ranks, bits):
            if any(pattern.search(text) for text in self.phrase_text[i]):
                found |= 1 << i
        return found


def build_index(procedures: Iterable[Any]) -> SearchIndex:
    return SearchIndex(make_doc(p) for p in procedures)


def search(index: SearchIndex, query: str, limit: int | None = None) -> list[str]:
    """Codes of matching procedures, best first. An empty query lists all by name."""
    return index.search(query, limit)
