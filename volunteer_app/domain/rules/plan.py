"""A procedure's form worked out once, for validate.py (issue 17: the dossier PUT's rules check).

Checking a form walks its definition: each field's type, links, conditions and document, looked
up in the catalog's dicts on every answer. ``plan_of`` reads those once into plain objects
(``FieldPlan``) and keeps them while the procedure's definition is in use, so a check walks only
what the form has: fields with no link are never linked, a document slot's document is found
once. The order of work and every result are validate.py's (the shared vectors assert it). The
plan reads nothing but the definition; it never changes what is checked.

A definition must not be changed in place once it has been checked (the catalog's never are:
a publish makes a new one); ``plan(procedure)`` builds one without the cache.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from .expr import ExprError, Node, parse, references
from .fields import normalizer

_ABSENT = object()


class FieldPlan:
    """One field's definition, read once. ``visible_if`` / ``required_if``: the expression, or
    _ABSENT when the field has no such key (a key that is present but null still counts)."""

    __slots__ = ("field", "id", "kind", "normalize", "derive", "same_as", "linked", "visible_if",
                 "required", "required_if", "document", "subfields", "by_id", "plain")

    def __init__(self, field: Mapping, documents: Mapping[Any, Mapping]):
        self.field = field
        self.id = field["id"]
        self.kind = field.get("type")
        self.normalize: Callable[[Any], Any] = normalizer(field)  # for a value that is not None
        self.derive = field.get("derive")
        self.same_as = field.get("same_as")
        self.linked = self.derive is not None or self.same_as is not None
        self.visible_if = field["visible_if"] if "visible_if" in field else _ABSENT
        self.required = bool(field.get("required"))
        self.required_if = field["required_if"] if "required_if" in field else _ABSENT
        self.document = documents.get(field.get("document")) if self.kind == "document" else None
        self.subfields: tuple[FieldPlan, ...] = tuple(
            FieldPlan(sub, documents) for sub in field.get("fields") or []) if self.kind == "group" else ()
        self.by_id = {sub.id: sub for sub in self.subfields}  # a repeated id: the last, as a dict of them keeps
        # Asked whenever its step is shown, as it is: no condition, no link, no items to visit.
        self.plain = self.visible_if is _ABSENT and not self.linked and self.kind != "group"


class StepPlan:
    __slots__ = ("step", "visible_if", "fields")

    def __init__(self, step: Mapping, documents: Mapping[Any, Mapping]):
        self.step = step
        self.visible_if = step["visible_if"] if "visible_if" in step else _ABSENT
        self.fields = tuple(FieldPlan(f, documents) for f in step.get("fields") or [])


class RulePlan:
    """A cross-field rule: the field ids it is attached to, and the parsed nodes of the answer
    paths its check reads (None: the check does not parse, so the rule is always skipped)."""

    __slots__ = ("rule", "attached", "reads")

    def __init__(self, rule: Mapping):
        self.rule = rule
        self.attached = [f for f in rule.get("fields") or [] if isinstance(f, str)]
        check = rule.get("check")
        try:
            self.reads: list[Node] | None = [parse(ref) for ref in references(check)] \
                if isinstance(check, (str, Node)) else None
        except ExprError:
            self.reads = None


class FormPlan:
    __slots__ = ("procedure", "documents", "steps", "fields", "by_id", "to_link", "computed", "rules")

    def __init__(self, procedure: Mapping):
        self.procedure = procedure
        self.documents: dict[Any, Mapping] = {}
        for doc in procedure.get("documents") or []:
            self.documents.setdefault(doc.get("id"), doc)  # the first with an id, as a scan finds
        self.steps = tuple(StepPlan(s, self.documents) for s in procedure.get("steps") or []
                           if isinstance(s, Mapping))
        self.fields = tuple(f for s in self.steps for f in s.fields)  # top level, in step order
        self.by_id = {f.id: f for f in self.fields}
        # Only these have anything to link (themselves, or a group's sub-fields): the rest are skipped.
        self.to_link = tuple(f for f in self.fields if f.linked or any(s.linked for s in f.subfields))
        self.computed = list(procedure.get("computed") or [])
        self.rules = [RulePlan(rule) for rule in procedure.get("rules") or []]


    def first_answer(self, answers: Mapping, kind: str) -> Any:
        """The answer of the first top-level field of type ``kind`` that has one (truthy), or None:
        the applicant's name (full_name) and ID number (personal_id)."""
        return next((answers[f.id] for f in self.fields if f.kind == kind and answers.get(f.id)), None)


def plan(procedure: Mapping) -> FormPlan:
    return FormPlan(procedure)


_MAX = 1024  # definitions kept: a commune's ~190 procedures, their pinned revisions, the tests'
_plans: dict[int, FormPlan] = {}
_lock = threading.Lock()


def plan_of(procedure: Mapping) -> FormPlan:
    """The plan of this definition object, built once and kept (by identity: the plan holds the
    object, so its id cannot be reused by another while it is kept)."""
    found = _plans.get(id(procedure))
    if found is not None and found.procedure is procedure:
        return found
    made = FormPlan(procedure)
    with _lock:
        if len(_plans) >= _MAX:
            _plans.clear()
        _plans[id(procedure)] = made
    return made


__all__ = ["FieldPlan", "FormPlan", "plan", "plan_of"]
