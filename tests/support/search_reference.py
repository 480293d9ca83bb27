"""The straightforward search (score every procedure): the ranking contract the index must
reproduce, and the anchor the search bench measures beside it."""
from __future__ import annotations

from volunteer_app.domain.search import SearchDoc, make_doc
from volunteer_app.domain.text import words


def _phrase(tokens: list[str], name: tuple[str, ...]) -> bool:
    n = len(tokens)
    return any(all(name[i + j].startswith(t) for j, t in enumerate(tokens)) for i in range(len(name) - n + 1))


def _score(doc: SearchDoc, tokens: list[str]) -> tuple[int, int, int, int] | None:
    hits = [0, 0, 0]
    name_words = [w for name in doc.names for w in name]
    for token in tokens:
        if any(w.startswith(token) for w in name_words):
            hits[0] += 1
        elif any(w.startswith(token) for w in doc.code_words):
            hits[1] += 1
        elif any(w.startswith(token) for w in doc.keyword_words):
            hits[2] += 1
        else:
            return None
    phrase = 1 if any(_phrase(tokens, name) for name in doc.names) else 0
    return hits[0], hits[1], hits[2], phrase


def reference_index(procedures) -> list[SearchDoc]:
    return [make_doc(p) for p in procedures]


def reference_search(index: list[SearchDoc], query: str, limit: int | None = None) -> list[str]:
    tokens = words(query or "")
    if not tokens:
        return [d.code for d in sorted(index, key=lambda d: (d.order_key, d.code))][:limit]
    scored = []
    for doc in index:
        s = _score(doc, tokens)
        if s is not None:
            scored.append(((-s[0], -s[1], -s[2], -s[3], doc.name_len, doc.code), doc.code))
    scored.sort()
    return [code for _, code in scored][:limit]
