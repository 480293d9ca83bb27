"""Offline-friendly procedure search: folded, word-prefix, ranked; mirrored by assets/js/catalog/search.js.

Ranking (all query words must match somewhere):
  1. more query words matched in the name (vi or en) — name hits beat
  2. more matched in the code — code hits beat
  3. more matched in keywords / synonyms / field of law,
  then the query as a consecutive phrase in a name, then shorter names, then code.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Mapping

from .text import sort_key, words

NAME, CODE, KEYWORD = 0, 1, 2


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


def build_index(procedures: Iterable[Any]) -> list[SearchDoc]:
    return [make_doc(p) for p in procedures]


def _prefix_in(token: str, candidates: Iterable[str]) -> bool:
    return any(c.startswith(token) for c in candidates)


def _phrase(tokens: list[str], name: tuple[str, ...]) -> bool:
    """Tokens match consecutive words of the name, each as a prefix."""
    n = len(tokens)
    return any(all(name[i + j].startswith(t) for j, t in enumerate(tokens)) for i in range(len(name) - n + 1))


def score(doc: SearchDoc, tokens: list[str]) -> tuple[int, int, int, int] | None:
    """(name hits, code hits, keyword hits, phrase) or None when a word matches nowhere."""
    hits = [0, 0, 0]
    name_words = [w for name in doc.names for w in name]
    for token in tokens:
        if _prefix_in(token, name_words):
            hits[NAME] += 1
        elif _prefix_in(token, doc.code_words):
            hits[CODE] += 1
        elif _prefix_in(token, doc.keyword_words):
            hits[KEYWORD] += 1
        else:
            return None
    phrase = 1 if any(_phrase(tokens, name) for name in doc.names) else 0
    return hits[NAME], hits[CODE], hits[KEYWORD], phrase


def search(index: list[SearchDoc], query: str, limit: int | None = None) -> list[str]:
    """Codes of matching procedures, best first. An empty query lists all by name."""
    tokens = words(query or "")
    if not tokens:
        ranked = sorted(index, key=lambda d: (d.order_key, d.code))
        return [d.code for d in ranked][:limit]
    scored = []
    for doc in index:
        s = score(doc, tokens)
        if s is not None:
            scored.append(((-s[0], -s[1], -s[2], -s[3], doc.name_len, doc.code), doc.code))
    scored.sort()
    return [code for _, code in scored][:limit]
