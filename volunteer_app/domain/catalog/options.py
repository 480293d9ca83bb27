"""Option values a condition compares a choice field with but that its option list lacks
(``visible_if: record_type == 'birthx'`` where the list has no ``birthx``): such a condition can
never be true (or is always true), so it is a catalog error."""
from __future__ import annotations

from typing import Iterator

from volunteer_app.domain.rules.expr import ExprError, Node, parse


def _walk(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _walk(child)


def _name(node: Node) -> str | None:
    return node.value[0] if node.kind == "path" and len(node.value) == 1 else None


def _literals(node: Node) -> list[str]:
    if node.kind == "lit" and isinstance(node.value, str):
        return [node.value]
    if node.kind == "list":
        return [c.value for c in node.children if c.kind == "lit" and isinstance(c.value, str)]
    return []


def compared_values(source: str) -> list[tuple[str, str]]:
    """(field id, string literal) pairs the expression compares: ``x == 'a'``, ``x != 'a'``,
    ``x in ['a', 'b']``, ``'a' in x``, ``contains(x, 'a')``."""
    try:
        tree = parse(source)
    except ExprError:
        return []
    pairs = []
    for node in _walk(tree):
        if node.kind == "cmp" and node.value in ("==", "!=", "in", "not in"):
            left, right = node.children
            for a, b in ((left, right), (right, left)):
                if _name(a):
                    pairs += [(_name(a), lit) for lit in _literals(b)]
        elif node.kind == "call" and node.value == "contains" and len(node.children) == 2:
            if _name(node.children[0]):
                pairs += [(_name(node.children[0]), lit) for lit in _literals(node.children[1])]
    return pairs


def missing_options(source: str, options: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(field id, value) for each compared value that the field's option list lacks."""
    return [(field, value) for field, value in compared_values(source)
            if field in options and value not in options[field]]
