"""Cross-reference checks pydantic cannot express: ids, document slots, expression names."""
from __future__ import annotations

import re
from typing import Iterator

from .schema import Field, Procedure

_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_RESERVED = {
    "and", "or", "not", "in", "true", "false", "null",
    "len", "empty", "count", "sum", "min", "max", "round", "age", "years_between", "date", "contains", "lower", "today",
}


def expression_names(expr: str) -> set[str]:
    """Top-level identifiers used by an expression (string literals skipped)."""
    bare = _STRING.sub(" ", expr)
    names = set()
    for match in _NAME.finditer(bare):
        start = match.start()
        if start and (bare[start - 1].isdigit()):
            continue  # part of a number such as 1e3
        name = match.group().split(".")[0]
        if name not in _RESERVED:
            names.add(name)
    return names


def _syntax_error(expr: str) -> str | None:
    """Parse with the shared expression language when it is installed (it is the contract)."""
    try:
        from volunteer_app.domain.rules.expr import ExprError, parse
    except ImportError:  # rules package absent: names are still checked
        return None
    try:
        parse(expr)
    except ExprError as exc:
        return str(exc)
    return None


def _walk(fields: list[Field], path: str, scope: str = "") -> Iterator[tuple[str, Field, str]]:
    for i, field in enumerate(fields):
        here = f"{path}.fields[{i}]"
        yield here, field, scope
        if field.fields:
            yield from _walk(field.fields, here, f"{scope}{field.id}.")


def cross_check(proc: Procedure) -> list[tuple[str, str]]:
    """Return (json path, message) for every broken reference in a procedure."""
    errors: list[tuple[str, str]] = []
    walked = [w for i, s in enumerate(proc.steps) for w in _walk(s.fields, f"steps[{i}]")]
    located = [(p, f) for p, f, _ in walked]
    seen: dict[str, str] = {}
    for path, field, scope in walked:
        # ids are unique per scope: the whole form, or one repeatable group
        key = scope + field.id
        if key in seen:
            errors.append((f"{path}.id", f"duplicate field id {field.id!r} (first at {seen[key]})"))
        seen.setdefault(key, path)
    ids = {f.id for _, f in located}
    top_ids = {f.id for s in proc.steps for f in s.fields}
    known = set(ids) | {c.id for c in proc.computed} | {"today"}
    doc_ids = {d.id for d in proc.documents}

    def check_expr(path: str, expr: str | None) -> None:
        if expr is None:
            return
        syntax = _syntax_error(expr)
        if syntax:
            errors.append((path, f"invalid expression {expr!r}: {syntax}"))
            return
        unknown = expression_names(expr) - known
        if unknown:
            errors.append((path, f"unknown name(s) {sorted(unknown)} in expression {expr!r}"))

    for path, field in located:
        check_expr(f"{path}.visible_if", field.visible_if)
        check_expr(f"{path}.required_if", field.required_if)
        for option in ("dob_field", "sex_field", "after_field", "before_field"):
            ref = getattr(field, option)
            if ref is not None and ref not in ids:
                errors.append((f"{path}.{option}", f"unknown field {ref!r}"))
        if field.min_years_before and field.min_years_before.field not in ids | {"today"}:
            errors.append((f"{path}.min_years_before.field", f"unknown field {field.min_years_before.field!r}"))
        if field.type == "document" and field.document not in doc_ids:
            errors.append((f"{path}.document", f"unknown document {field.document!r}"))
    for i, step in enumerate(proc.steps):
        check_expr(f"steps[{i}].visible_if", step.visible_if)
    for i, doc in enumerate(proc.documents):
        check_expr(f"documents[{i}].required_if", doc.required_if)
        if not any(f.type == "document" and f.document == doc.id for _, f in located):
            errors.append((f"documents[{i}]", f"document {doc.id!r} has no upload field"))
    for i, rule in enumerate(proc.rules):
        check_expr(f"rules[{i}].check", rule.check)
        for j, ref in enumerate(rule.fields):
            if ref.split(".")[0] not in ids:
                errors.append((f"rules[{i}].fields[{j}]", f"unknown field {ref!r}"))
        for name, expr in (rule.params or {}).items():
            check_expr(f"rules[{i}].params.{name}", expr)
    for i, comp in enumerate(proc.computed):
        check_expr(f"computed[{i}].expr", comp.expr)
    if proc.fees.copies_field and proc.fees.copies_field not in top_ids:
        errors.append(("fees.copies_field", f"unknown field {proc.fees.copies_field!r}"))
    if proc.fees.per_copy and not proc.fees.copies_field:
        errors.append(("fees.copies_field", "per_copy fees need copies_field"))
    # Consent must be explicit and separate (Luật BVDLCN Điều 9): a step of its own.
    consent_steps = [s for s in proc.steps if s.fields and all(f.type == "consent" for f in s.fields)]
    if not consent_steps:
        errors.append(("steps", "a step holding only consent field(s) is required"))
    return errors
