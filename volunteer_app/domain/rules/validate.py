"""Whole-form validation and computed values (mirrored in assets/js/rules/validate.js).

Order of work, identical in both languages:

1. Answers are normalised field by field (``fields.normalize``).
2. Linked values, in step and field order (group items: item order): a field with ``derive``
   takes the expression's value (normalised by its type; an error gives null); a field with
   ``same_as`` whose ``when`` is true takes the value of its source field (a sibling in the same
   group item first, else the top-level field); a ``when`` that fails to evaluate is false.
3. ``computed`` values are evaluated once on those answers so ``visible_if`` may use them.
4. Visibility, in step order then field order (group items: item order, then sub-field order).
   Each ``visible_if`` sees earlier hidden fields as null; a hidden step hides all its fields.
   Hidden values become null from then on. An expression error counts as visible (safer).
   A visible linked field is linked again here (so a hidden source gives null); its path is
   listed in ``derived`` or ``copied``.
5. ``computed`` values are evaluated again on the visible answers; these are the final ones.
6. Errors, in a deterministic order: steps in order, fields in order; for a group, the group's
   own errors (item count, malformed items) and then each item's fields in item order; finally
   ``rules`` in catalog order, one error per field id listed by the rule.
   ``required_if`` that fails to evaluate means "not required". Derived and copied fields are
   never asked, so they have no errors (a copy's source is checked where it is asked). A rule is
   skipped when its check fails to evaluate, when a value it reads is empty, when a field it is
   attached to is hidden, or when that field already has an error.

``default`` is not applied here: it is the raw value a new draft starts with
(``initial_answers``), so an answer the person cleared stays cleared.
"""
from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from .checks import Units
from .expr import ExprError, evaluate, is_empty, truthy
from .fields import check_field
from .plan import _ABSENT, FieldPlan, plan, plan_of


def _as_dict(obj: Any) -> Any:
    return obj.model_dump(mode="json", exclude_none=True) if hasattr(obj, "model_dump") else obj


def _today_text(today: Any) -> str | None:
    if today is None:
        return None
    return today.isoformat()[:10] if hasattr(today, "isoformat") else str(today)


def _safe(expr: Any, names: Mapping, today: str | None, scope: Mapping | None, fallback: Any) -> Any:
    try:
        return evaluate(expr, names, today=today, scope=scope)
    except ExprError:
        return fallback


class _Form:
    def __init__(self, procedure: Any, answers: Any, today: Any, cached: bool = False):
        self.procedure = _as_dict(procedure) or {}
        self.plan = plan_of(self.procedure) if cached else plan(self.procedure)
        self.today = _today_text(today)
        self.answers = dict(answers) if isinstance(answers, Mapping) else {}
        self.steps = [s.step for s in self.plan.steps]
        # Each path never asked, in the order found, with why: "hidden", "derived" or "copied".
        self.not_asked: dict[str, str] = {}
        given = self.answers
        for field in self.plan.fields:
            if field.id in given and given[field.id] is not None:
                given[field.id] = field.normalize(given[field.id])
        for field in self.plan.to_link:
            self._link_all(field, given)
        self.computed = self._compute(given)
        names = {**given, **self.computed}
        for step in self.plan.steps:
            step_visible = step.visible_if is _ABSENT or truthy(
                _safe(step.visible_if, names, self.today, None, True))
            for field in step.fields:
                if not (step_visible and field.plain):  # a plain field of a shown step: nothing to decide
                    self._visit(field, field.id, names, None, step_visible)
                given[field.id] = names.get(field.id)
        self.computed = self._compute(given)
        self.names = {**given, **self.computed}

    def _compute(self, answers: Mapping) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for item in self.plan.computed:
            values[item["id"]] = _safe(item["expr"], {**answers, **values}, self.today, None, None)
        return values

    def _link(self, field: FieldPlan, names: Mapping, scope: dict | None) -> str | None:
        """Give a derived or copied field its value; return "derived", "copied" or None."""
        holder = scope if scope is not None else names
        if field.derive is not None:
            value = _safe(field.derive, names, self.today, scope, None)
            holder[field.id] = None if value is None else field.normalize(value)
            return "derived"
        same = field.same_as
        if isinstance(same, Mapping) and truthy(_safe(same.get("when"), names, self.today, scope, False)):
            source = same.get("field")
            value = scope[source] if scope is not None and source in scope else names.get(source)
            holder[field.id] = copy.deepcopy(value)
            return "copied"
        return None

    def _link_all(self, field: FieldPlan, names: dict) -> None:
        if field.linked:
            self._link(field, names, None)
        value = names.get(field.id)
        if field.subfields and isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    for sub in field.subfields:
                        if sub.linked:
                            self._link(sub, names, item)

    def _visit(self, field: FieldPlan, path: str, names: dict, scope: dict | None, parent_visible: bool) -> None:
        """Decide visibility of one field (and its group items); null out hidden values."""
        holder = scope if scope is not None else names
        visible = parent_visible and (
            field.visible_if is _ABSENT
            or truthy(_safe(field.visible_if, names, self.today, scope, True)))
        if not visible:
            self.not_asked[path] = "hidden"
            holder[field.id] = None
            return
        linked = self._link(field, names, scope) if field.linked else None
        if linked:
            self.not_asked[path] = linked
        if field.kind != "group":
            return
        value = holder.get(field.id)
        if isinstance(value, list):
            items = []
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    item = dict(item)
                    for sub in field.subfields:
                        self._visit(sub, f"{path}.{index}.{sub.id}", names, item, True)
                items.append(item)
            holder[field.id] = items

    def is_hidden(self, path: str) -> bool:
        return self.not_asked.get(path) == "hidden"

    def paths(self, why: str) -> list[str]:
        return [path for path, reason in self.not_asked.items() if reason == why]

    # ------------------------------------------------------------ errors

    def _required(self, field: FieldPlan, scope: Mapping | None) -> bool:
        if field.required:
            return True
        if field.required_if is not _ABSENT:
            return truthy(_safe(field.required_if, self.names, self.today, scope, False))
        return False

    def field_errors(self, field: FieldPlan, path: str, scope: Mapping | None, units: Units | None) -> list[dict]:
        if path in self.not_asked:  # hidden, derived or copied: never asked, so no errors
            return []
        holder = scope if scope is not None else self.names
        value = holder.get(field.id)
        required = self._required(field, scope)
        doc = field.document
        if doc is not None and not required:
            required = bool(doc.get("required")) or (
                "required_if" in doc
                and truthy(_safe(doc["required_if"], self.names, self.today, None, False)))
        errors = check_field(field.field, value, required=required, path=path, answers=self.names,
                             scope=scope, today=self.today, units=units, document=doc)
        if field.subfields and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, Mapping):
                    for sub in field.subfields:
                        errors += self.field_errors(sub, f"{path}.{index}.{sub.id}", item, units)
        return errors

    def rule_errors(self, errors: list[dict]) -> list[dict]:
        out: list[dict] = []
        for plan_ in self.plan.rules:
            rule, attached = plan_.rule, plan_.attached
            if plan_.reads is None or any(self.is_hidden(f) or _has_error(errors, f) for f in attached):
                continue  # a check that does not parse is skipped, as one that fails to evaluate
            try:
                if any(is_empty(evaluate(ref, self.names)) for ref in plan_.reads):
                    continue
                passed = truthy(evaluate(rule.get("check"), self.names, today=self.today))
            except ExprError:
                continue
            if passed:
                continue
            params = {
                name: _safe(expr, self.names, self.today, None, None)
                for name, expr in (rule.get("params") or {}).items()
            }
            for field_id in attached or [""]:
                out.append({"field": field_id, "key": rule.get("message"), "params": dict(params)})
        return out


def _has_error(errors: list[dict], field_id: str) -> bool:
    return any(e["field"] == field_id or e["field"].startswith(field_id + ".") for e in errors)


def resolve(procedure: Any, answers: Any, today: Any) -> dict[str, Any]:
    """Normalised answers with hidden values nulled and linked values filled; the hidden,
    derived and copied paths (never asked); computed values."""
    form = _Form(procedure, answers, today)
    return {"answers": form.answers, "hidden": form.paths("hidden"), "computed": form.computed,
            "derived": form.paths("derived"), "copied": form.paths("copied")}


def initial_item(group: Any) -> dict[str, Any]:
    """The raw answers a new item of a repeatable group starts with (sub-fields' ``default``)."""
    group = _as_dict(group) or {}
    return {f["id"]: copy.deepcopy(f["default"]) for f in group.get("fields") or [] if f.get("default") is not None}


def initial_answers(procedure: Any) -> dict[str, Any]:
    """The raw answers a new draft starts with: every top-level field's ``default``."""
    procedure = _as_dict(procedure) or {}
    return {f["id"]: copy.deepcopy(f["default"]) for s in procedure.get("steps") or []
            for f in s.get("fields") or [] if f.get("default") is not None}


_CHOICES = ("select", "radio")


def _allows_one(field: Mapping) -> bool:
    low, high = field.get("min"), field.get("max")
    return (low is None or low <= 1) and (high is None or high >= 1)


def start_answers(procedure: Any) -> dict[str, Any]:
    """The raw answers a new draft starts with, so nobody is asked what is already known: every
    top-level field's ``default``; a required choice with exactly one option, that option; the
    fee's count (``fees.quantity_field``, a number) at 1 when 1 is allowed. Derived fields are
    never asked and start with nothing."""
    procedure = _as_dict(procedure) or {}
    out = initial_answers(procedure)
    count = (procedure.get("fees") or {}).get("quantity_field")
    for step in procedure.get("steps") or []:
        for field in step.get("fields") or []:
            if field["id"] in out or field.get("derive") is not None:
                continue
            options = field.get("options") or []
            if field.get("type") in _CHOICES and len(options) == 1 and field.get("required"):
                out[field["id"]] = options[0]["value"]
            elif field["id"] == count and field.get("type") == "number" and _allows_one(field):
                out[field["id"]] = "1"
    return out


def document_status(procedure: Any, answers: Any, today: Any) -> list[dict[str, Any]]:
    """Each catalog document ``{id, required, applies}`` for these answers: required now (its
    ``required``, or its ``required_if`` on the resolved answers; an expression error means "not
    required"), and whether it applies at all (required now, or one of its slots is visible, or
    the form has no slot for it). A document that does not apply is not listed to staff."""
    form = _Form(procedure, answers, today)
    slots: dict[str, list[str]] = {}
    for step in form.steps:
        for field in step.get("fields") or []:
            if field.get("type") == "document":
                slots.setdefault(field.get("document"), []).append(field["id"])
    out = []
    for doc in form.procedure.get("documents") or []:
        required = bool(doc.get("required")) or (
            "required_if" in doc and truthy(_safe(doc["required_if"], form.names, form.today, None, False)))
        ids = slots.get(doc.get("id"), [])
        applies = required or not ids or any(not form.is_hidden(i) for i in ids)
        out.append({"id": doc.get("id"), "required": required, "applies": applies})
    return out


def compute(procedure: Any, answers: Any, today: Any) -> dict[str, Any]:
    """Computed values (``{id: value}``); an expression error yields null."""
    return _Form(procedure, answers, today).computed


def _errors(form: _Form, units: Units | None) -> list[dict]:
    errors: list[dict] = []
    for field in form.plan.fields:
        errors += form.field_errors(field, field.id, None, units)
    return errors + form.rule_errors(errors)


def validate(procedure: Any, answers: Any, today: Any, *, units: Units | None = None) -> list[dict]:
    """All errors ``{field, key, params}`` of a form, in the order described in the docstring."""
    return _errors(_Form(procedure, answers, today), units)


def check(procedure: Any, answers: Any, today: Any, *, units: Units | None = None) -> tuple[list[dict], dict]:
    """``validate`` and ``resolve(...)["answers"]`` from one pass over the form (a dossier PUT
    needs both: the form is worked out once, not twice)."""
    form = _Form(procedure, answers, today, cached=True)
    return _errors(form, units), form.answers


__all__ = ["validate", "check", "compute", "resolve", "initial_answers", "initial_item", "start_answers", "document_status"]
