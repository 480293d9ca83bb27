"""Typed, strict schema of one procedure file (see docs/catalog-format.md)."""
from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal, Optional, Union, get_args

from pydantic import (
    AfterValidator, BaseModel, ConfigDict, Field as PydField, StringConstraints, model_validator,
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
_COMMON = {"id", "type", "label", "hint", "required", "required_if", "visible_if"}
ALLOWED_OPTIONS: dict[str, set[str]] = {
    "text": {"min_length", "max_length", "pattern"},
    "long_text": {"max_length"},
    "full_name": set(),
    "personal_id": {"dob_field", "sex_field", "allow_old_id"},
    "old_id": set(),
    "phone": set(),
    "email": set(),
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


class Field(Strict):
    id: FieldId
    type: FieldType
    label: T
    hint: Optional[T] = None
    required: bool = False
    required_if: Optional[str] = None
    visible_if: Optional[str] = None
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
    needs_verification: bool


class Fees(Strict):
    amount: Annotated[int, PydField(ge=0)]
    per_copy: bool
    copies_field: Optional[FieldId] = None
    unit: Optional[T] = None  # what `amount` is charged per when not per copy, e.g. a page
    exemptions: list[T]
    note: Optional[T] = None
    needs_verification: bool


class Procedure(Strict):
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
    steps: Annotated[list[Step], PydField(min_length=1)]
    rules: list[Rule] = []
    computed: list[Computed] = []
    delivery_options: Annotated[list[Literal["online", "post", "in_person"]], PydField(min_length=1)]
    payment_options: list[Literal["online", "bank_transfer", "at_counter"]] = []
    keywords: list[NfcText]
    code_needs_verification: bool = False
    agency_needs_verification: bool = False
    verified_on: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")]
    source: NfcText

    @model_validator(mode="after")
    def _payment_only_level4(self) -> "Procedure":
        if self.payment_options and self.level != "toan_trinh":
            raise ValueError("payment_options are for toan_trinh (level 4) procedures only")
        if self.level == "toan_trinh" and self.fees.amount > 0 and not self.payment_options:
            raise ValueError("a toan_trinh procedure with a fee needs payment_options")
        return self
