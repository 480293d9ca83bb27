"""Typed, strict schema of one procedure file, format v2 (see docs/catalog-format.md)."""
from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal, Optional, Union, get_args

from pydantic import (
    AfterValidator, BaseModel, ConfigDict, Field as PydField, StringConstraints, ValidationInfo, model_validator,
)

FieldId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
Code = Annotated[str, StringConstraints(pattern=r"^\d\.\d{6}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]

FieldType = Literal[
    "text", "long_text", "full_name", "personal_id", "old_id", "phone", "email", "date", "number",
    "money", "select", "radio", "checkbox", "yes_no", "address", "group", "document", "consent",
]
FIELD_TYPES = get_args(FieldType)
Number = Union[int, float]  # JSON numbers: ints stay ints in the served JSON

# Which type options each field type accepts; anything else is a catalogue bug.
_COMMON = {"id", "type", "label", "hint", "required", "required_if", "visible_if", "vocab"}
ALLOWED_OPTIONS: dict[str, set[str]] = {
    "text": {"min_length", "max_length", "pattern"},
    "long_text": {"max_length"},
    "full_name": {"max_length"},
    "personal_id": {"dob_field", "sex_field", "allow_old_id"},
    "old_id": set(),
    "phone": set(),
    "email": {"max_length"},
    "date": {"not_future", "not_past", "min_years_before", "after_field", "before_field"},
    "number": {"min", "max", "integer"},
    "money": {"min", "max"},
    "select": {"options"},
    "radio": {"options"},
    "checkbox": {"options", "min_items", "max_items"},
    "yes_no": set(),
    "address": {"require_street"},
    "group": {"fields", "min_items", "max_items", "item_label"},
    "document": {"document"},
    "consent": {"text"},
}
# Never asked, so never defaulted, derived or copied: an upload, a consent (never pre-ticked), a group.
_NOT_LINKED = {"document", "consent", "group"}
_NO_DEFAULT = _NOT_LINKED | {"address"}
for _type, _options in ALLOWED_OPTIONS.items():
    _options |= ({"derive", "same_as"} if _type not in _NOT_LINKED else set()) | (
        {"default"} if _type not in _NO_DEFAULT else set())
REQUIRED_OPTIONS: dict[str, set[str]] = {
    "select": {"options"}, "radio": {"options"}, "checkbox": {"options"},
    "group": {"fields", "item_label"}, "document": {"document"}, "consent": {"text"},
}


def _check_nfc(value: str) -> str:
    if unicodedata.normalize("NFC", value) != value:
        raise ValueError("text must be NFC")
    return value


NfcText = Annotated[str, StringConstraints(min_length=1), AfterValidator(_check_nfc)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class T(Strict):
    """Bilingual text."""

    vi: NfcText
    en: NfcText


class Option(Strict):
    value: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
    label: T


class MinYearsBefore(Strict):
    field: str
    years: int


class SameAs(Strict):
    """While ``when`` is true the field is not asked: its value is the ``field``'s."""

    field: FieldId
    when: NonEmpty


Vocab = Annotated[str, StringConstraints(pattern=r"^[a-z]+\.[a-z_]+$")]
Default = Union[NfcText, bool, list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]]]


class Field(Strict):
    id: FieldId
    type: FieldType
    label: T
    hint: Optional[T] = None
    required: bool = False
    required_if: Optional[str] = None
    visible_if: Optional[str] = None
    default: Optional[Default] = None  # the raw value a new draft starts with
    derive: Optional[NonEmpty] = None  # computed, shown read-only, never asked
    same_as: Optional[SameAs] = None
    vocab: Optional[Vocab] = None  # shared-vocabulary meaning "<role>.<attribute>"
    # type options (which are allowed depends on `type`, see ALLOWED_OPTIONS)
    min_length: Optional[int] = None
    max_length: Optional[int] = None
    pattern: Optional[str] = None
    dob_field: Optional[FieldId] = None
    sex_field: Optional[FieldId] = None
    allow_old_id: Optional[bool] = None
    not_future: Optional[bool] = None
    not_past: Optional[bool] = None
    min_years_before: Optional[MinYearsBefore] = None
    after_field: Optional[FieldId] = None
    before_field: Optional[FieldId] = None
    min: Optional[Number] = None
    max: Optional[Number] = None
    integer: Optional[bool] = None
    options: Optional[list[Option]] = None
    min_items: Optional[int] = None
    max_items: Optional[int] = None
    require_street: Optional[bool] = None
    fields: Optional[list["Field"]] = None
    item_label: Optional[T] = None
    document: Optional[FieldId] = None
    text: Optional[T] = None

    @model_validator(mode="after")
    def _options_match_type(self) -> "Field":
        present = {name for name in self.model_fields_set if getattr(self, name) is not None} - _COMMON
        extra = present - ALLOWED_OPTIONS[self.type]
        if extra:
            raise ValueError(f"option(s) {sorted(extra)} not allowed for type {self.type!r}")
        missing = REQUIRED_OPTIONS.get(self.type, set()) - present
        if missing:
            raise ValueError(f"type {self.type!r} needs option(s) {sorted(missing)}")
        if self.pattern is not None:
            re.compile(self.pattern)
        if self.options is not None:
            values = [o.value for o in self.options]
            if len(values) != len(set(values)):
                raise ValueError("option values must be unique")
        if self.derive is not None and (self.required or self.required_if or self.same_as or self.default is not None):
            raise ValueError("a derived field is never asked: no required, required_if, same_as or default")
        return self


class Document(Strict):
    id: FieldId
    name: T
    form: Literal["original", "copy", "certified_copy", "electronic"]
    count: Annotated[int, PydField(ge=1)]
    required: bool
    required_if: Optional[str] = None
    accept: Annotated[list[Literal["application/pdf", "image/jpeg", "image/png"]], PydField(min_length=1)]
    max_size_mb: Annotated[Number, PydField(gt=0, le=50)]
    note: Optional[T] = None


class Step(Strict):
    id: FieldId
    title: T
    fields: Annotated[list[Field], PydField(min_length=1)]
    visible_if: Optional[str] = None


class Rule(Strict):
    id: FieldId
    check: NonEmpty
    fields: Annotated[list[str], PydField(min_length=1)]
    message: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_.]+$")]
    params: Optional[dict[str, str]] = None


class Computed(Strict):
    id: FieldId
    expr: NonEmpty


class ProcessingTime(Strict):
    working_days: Annotated[int, PydField(ge=0)]
    rule_15h: bool
    note: Optional[T] = None


Per = Literal["dossier", "copy", "page", "person"]
QUANTITY_PER = ("copy", "page", "person")


class Rate(Strict):
    """One amount for a (province, channel); ``"*"`` matches any. Rates of one ``part`` are
    alternatives (the most specific applies); the parts of a fee add up."""

    province: Annotated[str, StringConstraints(pattern=r"^(\*|\d{2})$")]
    channel: Literal["*", "in_person", "online"]
    amount: Annotated[int, PydField(ge=0)]
    per: Per
    part: Optional[FieldId] = None  # default part "fee"; e.g. "copies" for extract copies
    label: Optional[T] = None  # what the part is, for the fee lines ("Bản sao trích lục")
    note: Optional[T] = None


class Fees(Strict):
    rates: Annotated[list[Rate], PydField(min_length=1)]
    quantity_field: Optional[FieldId] = None  # a field or computed id holding the count
    exemptions: list[T] = []
    basis: list[NfcText] = []
    note: Optional[T] = None

    @property
    def charges(self) -> bool:
        return any(rate.amount > 0 for rate in self.rates)


class Unverified(Strict):
    path: Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\.[A-Za-z0-9_]+)*$")]
    reason: NfcText


class Procedure(Strict):
    kind: Literal["structured", "generic"] = "structured"
    code: Code
    name: T
    level: Literal["toan_trinh", "mot_phan"]
    field_of_law: T
    agency_level: Literal["xa", "tinh", "bo"]
    agency: T
    legal_basis: Annotated[list[NfcText], PydField(min_length=1)]
    processing_time: ProcessingTime
    fees: Fees
    documents: list[Document]
    steps: list[Step] = []
    rules: list[Rule] = []
    computed: list[Computed] = []
    delivery_options: Annotated[list[Literal["online", "post", "in_person"]], PydField(min_length=1)]
    payment_options: list[Literal["online", "bank_transfer", "at_counter"]] = []
    keywords: list[NfcText]
    source: NfcText
    verified_on: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    unverified: list[Unverified] = []
    withdrawn: bool = False

    @model_validator(mode="after")
    def _shape(self, info: ValidationInfo) -> "Procedure":
        if self.payment_options and self.level != "toan_trinh":
            raise ValueError("payment_options are for toan_trinh (level 4) procedures only")
        if self.level == "toan_trinh" and self.fees.charges and not self.payment_options:
            raise ValueError("a toan_trinh procedure with a fee needs payment_options")
        expanded = bool(info.context and info.context.get("expanded"))
        if self.kind == "generic" and (self.rules or self.computed or (self.steps and not expanded)):
            raise ValueError("a generic procedure has no steps, rules or computed (the loader builds its form)")
        if self.kind == "structured" and not self.steps:
            raise ValueError("a structured procedure needs steps")
        return self
