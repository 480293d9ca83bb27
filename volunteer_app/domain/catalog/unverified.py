"""``unverified``: the values a procedure's cited source does not confirm, each with the reason.

A path is dotted: a top-level key (``code``, ``agency``, ``processing_time``, ``fees``...), a
key inside it (``fees.rates.0``, ``processing_time.working_days``), a document by id
(``documents.<id>``) or a field by id (``fields.<id>``, ``fields.<group>.<sub-field>``).
Mirrored for the screens by assets/js/catalog/unverified.js.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Iterator

# Roots a path may start with, in the order screens name them; each has a ui.unverified.<root> message.
ROOTS = ("fees", "processing_time", "code", "name", "level", "field_of_law", "agency_level", "agency", "legal_basis",
         "documents", "fields", "delivery_options", "payment_options")


def _fields(fields: list[Mapping], prefix: str = "") -> Iterator[str]:
    for field in fields:
        yield prefix + field["id"]
        yield from _fields(field.get("fields") or [], f"{prefix}{field['id']}.")


def path_exists(data: Mapping[str, Any], path: str) -> bool:
    """Does the dotted path name something in the (expanded, JSON) definition?"""
    root, _, rest = path.partition(".")
    if root not in ROOTS:
        return False
    if root == "fields":
        return not rest or rest in {p for s in data.get("steps") or [] for p in _fields(s.get("fields") or [])}
    if root == "documents" and rest:
        return rest in {d.get("id") for d in data.get("documents") or []}
    node: Any = data.get(root)
    for part in rest.split(".") if rest else []:
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return node is not None


def check(data: Mapping[str, Any]) -> list[tuple[str, str]]:
    errors = []
    seen = set()
    for i, item in enumerate(data.get("unverified") or []):
        path = item["path"]
        if path in seen:
            errors.append((f"unverified[{i}].path", f"{path!r} is listed twice"))
        seen.add(path)
        if not path_exists(data, path):
            errors.append((f"unverified[{i}].path", f"{path!r} names nothing in the procedure "
                                                     f"(it starts with one of {', '.join(ROOTS)})"))
    return errors


def areas(data: Any) -> list[str]:
    """The distinct roots of the unverified paths, in ROOTS order."""
    items = data.get("unverified") if isinstance(data, Mapping) else getattr(data, "unverified", None)
    roots = {(item.get("path") if isinstance(item, Mapping) else item.path).split(".")[0] for item in items or []}
    return [root for root in ROOTS if root in roots]
