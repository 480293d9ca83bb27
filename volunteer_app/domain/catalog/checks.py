"""Cross-reference checks pydantic cannot express: ids, document slots, expression names,
copies and derived values, defaults, the shared vocabulary, fee rates, unverified paths."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from . import unverified
from .fees import ANY, DEFAULT_PART
from .options import missing_options
from .schema import QUANTITY_PER, Field, Procedure
from .vocab import id_problem, vocab_problem

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


@lru_cache(maxsize=1)
def _province_codes() -> frozenset[str]:
    from volunteer_app.domain.admin_units import load_admin_units

    return frozenset(p.code for p in load_admin_units().provinces)


def _default_problem(field: Field) -> str | None:
    """A default must be a value the field accepts (as the rules engine reads it)."""
    from volunteer_app.domain.rules.fields import check_field, normalize

    value = field.default
    want = list if field.type == "checkbox" else bool if field.type == "yes_no" else str
    if not isinstance(value, want):
        return f"a {field.type} field's default is a {want.__name__}"
    data = field.model_dump(mode="json", exclude_none=True)
    errors = check_field(data, normalize(data, value), required=True, today=None)
    return f"default {value!r} is not a valid value ({errors[0]['key']})" if errors else None


def _fee_checks(proc: Procedure, top_ids: set[str]) -> list[tuple[str, str]]:
    errors = []
    fees = proc.fees
    known = top_ids | {c.id for c in proc.computed}
    if fees.quantity_field and fees.quantity_field not in known:
        errors.append(("fees.quantity_field", f"unknown field or computed value {fees.quantity_field!r}"))
    seen: dict[tuple, int] = {}
    general: set[str] = set()
    labelled: set[str] = set()
    for i, rate in enumerate(fees.rates):
        part = rate.part or DEFAULT_PART
        key = (part, rate.province, rate.channel)
        if key in seen:
            errors.append((f"fees.rates[{i}]", f"same part, province and channel as fees.rates[{seen[key]}]"))
        seen.setdefault(key, i)
        if rate.province != ANY and rate.province not in _province_codes():
            errors.append((f"fees.rates[{i}].province", f"unknown province code {rate.province!r} "
                                                        "(admin_units.json, 2025 units)"))
        if rate.per in QUANTITY_PER and not fees.quantity_field:
            errors.append((f"fees.rates[{i}].per", f"a rate per {rate.per} needs fees.quantity_field"))
        if rate.province == ANY and rate.channel == ANY:
            general.add(part)
        if rate.label is not None:
            labelled.add(part)
    parts = list(dict.fromkeys(r.part or DEFAULT_PART for r in fees.rates))
    for part in parts:
        if part not in general:
            errors.append(("fees.rates", f"part {part!r} needs a rate for province '*' and channel '*'"))
        if len(parts) > 1 and part not in labelled:
            errors.append(("fees.rates", f"part {part!r} needs a label (the fee has several parts)"))
    return errors


def cross_check(proc: Procedure) -> list[tuple[str, str]]:
    """Return (json path, message) for every broken reference in a procedure (expanded when generic)."""
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
    options = {f.id: [o.value for o in f.options] for _, f in located if f.options is not None}

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
        for field_id, value in missing_options(expr, options):
            errors.append((path, f"{field_id!r} has no option {value!r} (expression {expr!r})"))

    order = {scope + f.id: n for n, (_, f, scope) in enumerate(walked)}
    for n, (path, field, scope) in enumerate(walked):
        check_expr(f"{path}.derive", field.derive)
        if field.derive is not None and field.id in expression_names(field.derive):
            errors.append((f"{path}.derive", "a derived value cannot read itself"))
        if field.same_as is not None:
            check_expr(f"{path}.same_as.when", field.same_as.when)
            source_key = next((k for k in (scope + field.same_as.field, field.same_as.field) if k in order), None)
            source = walked[order[source_key]][1] if source_key else None
            if source is None or source_key == scope + field.id:
                errors.append((f"{path}.same_as.field", f"unknown field {field.same_as.field!r}"))
            elif order[source_key] > n:
                errors.append((f"{path}.same_as.field", f"{field.same_as.field!r} must come before {field.id!r}"))
            elif source.type != field.type:
                errors.append((f"{path}.same_as.field", f"{field.same_as.field!r} is a {source.type}, "
                                                        f"not a {field.type}"))
        if field.default is not None:
            problem = _default_problem(field)
            if problem:
                errors.append((f"{path}.default", problem))
        problem = id_problem(field.id, field.type, field.vocab) if not scope else None  # group items have own ids
        if problem:
            errors.append((f"{path}.id", problem))
        if field.vocab is not None:
            values = [o.value for o in field.options] if field.options else None
            problem = vocab_problem(field.vocab, field.id, field.type, values)
            if problem:
                errors.append((f"{path}.vocab", problem))
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
    errors += _fee_checks(proc, top_ids)
    errors += unverified.check(proc.model_dump(mode="json", exclude_none=True))
    # Consent must be explicit and separate (Luật BVDLCN Điều 9): a step of its own.
    consent_steps = [s for s in proc.steps if s.fields and all(f.type == "consent" for f in s.fields)]
    if not consent_steps:
        errors.append(("steps", "a step holding only consent field(s) is required"))
    return errors
