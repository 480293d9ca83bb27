"""Shared form rules: expression language, field types, whole-form validation.

Python side of the contract in docs/catalog-format.md; the browser runs the same rules from
assets/js/rules/*.js and tests/vectors/*.json keep the two identical.

Whole-form checks: ``from volunteer_app.domain.rules.validate import validate, compute, resolve``
(not re-exported here, so the ``validate`` submodule is never shadowed by the function).
"""
from .expr import ExprError, evaluate, parse, references, truthy
from .fields import FIELD_TYPES, check_field, normalize, validate_field
from .values import format_date, format_money, parse_date

__all__ = [
    "ExprError", "evaluate", "parse", "references", "truthy",
    "FIELD_TYPES", "check_field", "normalize", "validate_field",
    "format_date", "format_money", "parse_date",
]
