"""The shared vocabulary of persons: a role and an attribute give one field id and one type.

A field that says ``"vocab": "mother.dob"`` must be the field ``mother_dob`` of type ``date``
everywhere, so answers can be carried from one procedure to the next (docs/catalog-format.md).
"""
from __future__ import annotations

ROLES: dict[str, tuple[str, str]] = {
    "applicant": ("người nộp / người yêu cầu", "applicant"),
    "subject": ("người được cấp / người có sự kiện hộ tịch", "subject of the record"),
    "child": ("con", "child"),
    "mother": ("mẹ", "mother"),
    "father": ("cha", "father"),
    "spouse": ("vợ hoặc chồng", "spouse"),
    "bride": ("bên nữ (kết hôn)", "bride"),
    "groom": ("bên nam (kết hôn)", "groom"),
    "deceased": ("người chết", "deceased"),
    "owner": ("chủ sở hữu / chủ hộ kinh doanh", "owner"),
    "head": ("chủ hộ", "head of household"),
    "beneficiary": ("người hưởng", "beneficiary"),
    "guardian": ("người giám hộ", "guardian"),
    "ward": ("người được giám hộ", "ward"),
    "partner": ("bên kia (nhận cha, mẹ, con)", "other party"),
    "representative": ("người đại diện", "representative"),
    "adopter": ("người nhận con nuôi", "adopter"),
    "adoptee": ("người được nhận làm con nuôi", "adoptee"),
}

# attribute -> (field id template, field type, Vietnamese meaning)
ATTRIBUTES: dict[str, tuple[str, str, str]] = {
    "full_name": ("{role}_name", "full_name", "họ, chữ đệm và tên"),
    "id_number": ("{role}_id", "personal_id", "số định danh cá nhân"),
    "dob": ("{role}_dob", "date", "ngày sinh"),
    "sex": ("{role}_sex", "radio", "giới tính (nam / nu)"),
    "ethnicity": ("{role}_ethnicity", "text", "dân tộc"),
    "nationality": ("{role}_nationality", "text", "quốc tịch"),
    "permanent_address": ("{role}_address", "address", "nơi thường trú"),
    "current_address": ("{role}_current_address", "address", "nơi ở hiện tại"),
    "phone": ("{role}_phone", "phone", "số điện thoại"),
    "email": ("{role}_email", "email", "thư điện tử"),
}
SEX_VALUES = ["nam", "nu"]


def expected(vocab: str) -> tuple[str, str] | None:
    """(field id, type) a vocabulary meaning requires, or None when the meaning is unknown."""
    role, _, attribute = vocab.partition(".")
    if role not in ROLES or attribute not in ATTRIBUTES:
        return None
    template, kind, _ = ATTRIBUTES[attribute]
    return template.format(role=role), kind


# field id -> the vocabulary meaning that id stands for ("mother_dob" -> "mother.dob")
_BY_ID: dict[str, str] = {template.format(role=role): f"{role}.{attribute}"
                          for role in ROLES for attribute, (template, _, _) in ATTRIBUTES.items()}


def id_problem(field_id: str, field_type: str, vocab: str | None) -> str | None:
    """Why a field whose id is a vocabulary id (``mother_dob``) does not stand for that meaning.

    The id alone claims the meaning, so it must also say ``vocab`` and have the vocabulary's type;
    a field that means something else takes another id (``partner_document_number``, not
    ``partner_id`` for a passport number). None when the id is no vocabulary id or all agree."""
    meaning = _BY_ID.get(field_id)
    if meaning is None or vocab is not None:  # a vocab that disagrees is reported by vocab_problem
        return None
    kind = expected(meaning)[1]
    if field_type != kind:
        return (f"field id {field_id!r} is the vocabulary id of {meaning!r}, which is a {kind!r}: "
                f"use another id for a {field_type!r}")
    return f"field id {field_id!r} is the vocabulary id of {meaning!r}: add \"vocab\": \"{meaning}\""


def vocab_problem(vocab: str, field_id: str, field_type: str, option_values: list[str] | None) -> str | None:
    """Why a field cannot stand for ``vocab`` (None when it can)."""
    want = expected(vocab)
    if want is None:
        return f"unknown vocabulary {vocab!r} (roles: {', '.join(ROLES)}; attributes: {', '.join(ATTRIBUTES)})"
    want_id, want_type = want
    if (field_id, field_type) != want:
        return f"vocabulary {vocab!r} needs field id {want_id!r} of type {want_type!r}"
    if vocab.endswith(".sex") and option_values != SEX_VALUES:
        return f"vocabulary {vocab!r} needs the options {SEX_VALUES}"
    return None
