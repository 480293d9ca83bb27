"""Building blocks for authoring catalog procedures in Python (scripts/catalog_content/build.py).

Each helper returns plain catalog-format-v2 dicts (docs/catalog-format.md); persons use the shared
vocabulary (volunteer_app/domain/catalog/vocab.py) so their answers carry across procedures.
"""
from __future__ import annotations

import copy
from typing import Any

from volunteer_app.domain.catalog.generic import APPLICANT_FIELDS, consent_fields
from volunteer_app.domain.catalog.vocab import ATTRIBUTES

ACCEPT = ["application/pdf", "image/jpeg", "image/png"]
SEX = [{"value": "nam", "label": {"vi": "Nam", "en": "Male"}}, {"value": "nu", "label": {"vi": "Nữ", "en": "Female"}}]


def T(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def opts(*pairs: tuple[str, str, str]) -> list[dict]:
    return [{"value": v, "label": T(vi, en)} for v, vi, en in pairs]


def field(fid: str, ftype: str, vi: str, en: str, *, required: bool = True, **extra: Any) -> dict:
    f: dict[str, Any] = {"id": fid, "type": ftype, "label": T(vi, en)}
    if extra.get("required_if") or extra.get("derive"):
        required = False
    if required:
        f["required"] = True
    hint = extra.pop("hint", None)
    if hint:
        f["hint"] = T(*hint)
    f.update(extra)
    return f


def text(fid, vi, en, **kw):
    kw.setdefault("max_length", 200)
    return field(fid, "text", vi, en, **kw)


def long_text(fid, vi, en, **kw):
    kw.setdefault("max_length", 2000)
    return field(fid, "long_text", vi, en, **kw)


def date(fid, vi, en, **kw):
    return field(fid, "date", vi, en, **kw)


def number(fid, vi, en, **kw):
    return field(fid, "number", vi, en, **kw)


def money(fid, vi, en, **kw):
    return field(fid, "money", vi, en, **kw)


def yes_no(fid, vi, en, **kw):
    return field(fid, "yes_no", vi, en, **kw)


def select(fid, vi, en, options, **kw):
    return field(fid, "select", vi, en, options=opts(*options), **kw)


def radio(fid, vi, en, options, **kw):
    return field(fid, "radio", vi, en, options=opts(*options), **kw)


def address(fid, vi, en, **kw):
    kw.setdefault("require_street", True)
    return field(fid, "address", vi, en, **kw)


_LABELS = {
    "full_name": ("Họ, chữ đệm và tên", "Full name"),
    "id_number": ("Số định danh cá nhân", "Personal ID number"),
    "dob": ("Ngày, tháng, năm sinh", "Date of birth"),
    "sex": ("Giới tính", "Sex"),
    "ethnicity": ("Dân tộc", "Ethnicity"),
    "nationality": ("Quốc tịch", "Nationality"),
    "permanent_address": ("Nơi thường trú", "Permanent address"),
    "current_address": ("Nơi ở hiện tại", "Current address"),
    "phone": ("Số điện thoại", "Phone number"),
    "email": ("Thư điện tử (email)", "Email"),
}
PERSON = ("full_name", "dob", "sex", "id_number", "ethnicity", "nationality", "permanent_address")


def person(role: str, who_vi: str, who_en: str, attrs=PERSON, *, required: bool = True, optional=(),
           visible_if: str | None = None, id_required: bool = True, old_id: bool = True,
           dob_not_future: bool = True) -> list[dict]:
    """The fields of one person of the shared vocabulary: ``<role>_name``, ``<role>_dob``...

    ``optional`` lists attributes asked but not required (``id_number`` is optional when
    ``id_required`` is False, e.g. a child without a number yet)."""
    out = []
    for attr in attrs:
        template, ftype, _ = ATTRIBUTES[attr]
        fid = template.format(role=role)
        vi, en = _LABELS[attr]
        f: dict[str, Any] = {"id": fid, "type": ftype, "label": T(f"{vi} ({who_vi})", f"{en} ({who_en})")}
        req = required and attr not in optional and not (attr == "id_number" and not id_required)
        if req:
            f["required"] = True
        if visible_if:
            f["visible_if"] = visible_if
        if ftype == "radio":
            f["options"] = copy.deepcopy(SEX)
        if ftype == "date" and dob_not_future:
            f["not_future"] = True
        if ftype == "address":
            f["require_street"] = attr == "permanent_address" and req
        if ftype == "text":
            f["max_length"] = 100
        if ftype == "personal_id":
            if "dob" in attrs:
                f["dob_field"] = f"{role}_dob"
            if "sex" in attrs:
                f["sex_field"] = f"{role}_sex"
            if old_id:
                f["allow_old_id"] = True
        f["vocab"] = f"{role}.{attr}"
        out.append(f)
    return out


def applicant_fields() -> list[dict]:
    return copy.deepcopy(APPLICANT_FIELDS)


def document(did: str, vi: str, en: str, *, required: bool | str = True, form: str = "copy", count: int = 1,
             note: tuple[str, str] | None = None) -> dict:
    d: dict[str, Any] = {"id": did, "name": T(vi, en), "form": form, "count": count,
                         "required": required is True, "accept": list(ACCEPT), "max_size_mb": 10}
    if isinstance(required, str):
        d["required_if"] = required
    if note:
        d["note"] = T(*note)
    return d


def upload(doc: dict) -> dict:
    f: dict[str, Any] = {"id": f"upload_{doc['id']}", "type": "document", "label": copy.deepcopy(doc["name"]),
                         "document": doc["id"]}
    if doc.get("required"):
        f["required"] = True
    if doc.get("required_if"):
        f["required_if"] = doc["required_if"]
        f["visible_if"] = doc["required_if"]
    return f


DELIVERY = {"online": ("Nhận bản điện tử", "Electronic copy"),
            "post": ("Qua dịch vụ bưu chính công ích", "By public postal service"),
            "in_person": ("Trực tiếp tại Bộ phận Một cửa", "In person at the one-stop desk")}


def delivery_field(options: list[str]) -> dict:
    return radio("delivery", "Hình thức nhận kết quả", "How to receive the result",
                 [(o, *DELIVERY[o]) for o in options])


def rate(amount: int, per: str = "dossier", province: str = "*", channel: str = "*", note=None, **kw) -> dict:
    r: dict[str, Any] = {"province": province, "channel": channel, "amount": amount, "per": per}
    r.update(kw)
    if note:
        r["note"] = T(*note)
    return r


def step(sid: str, vi: str, en: str, fields: list[dict], **kw) -> dict:
    return {"id": sid, "title": T(vi, en), "fields": fields, **kw}


def structured(*, code, name, level, field_of_law, agency_level, agency, legal_basis, days, rule_15h=False,
               time_note=None, fees, documents, steps, rules=(), computed=(), delivery=("in_person",),
               keywords, source, verified_on, unverified=(), exemptions=(), fee_basis=(), fee_note=None,
               quantity_field=None, payment=None) -> dict:
    """A full wizard: applicant step, the procedure's own steps, documents, result, consent."""
    pt: dict[str, Any] = {"working_days": days, "rule_15h": rule_15h}
    if time_note:
        pt["note"] = T(*time_note)
    fee_obj: dict[str, Any] = {"rates": list(fees)}
    if quantity_field:
        fee_obj["quantity_field"] = quantity_field
    fee_obj["exemptions"] = [T(*e) for e in exemptions]
    fee_obj["basis"] = list(fee_basis)
    if fee_note:
        fee_obj["note"] = T(*fee_note)
    all_steps = [step("applicant", "Người nộp hồ sơ", "Applicant", applicant_fields())] + list(steps)
    uploads = [upload(d) for d in documents]
    if uploads:
        all_steps.append(step("documents", "Giấy tờ kèm theo", "Supporting documents", uploads))
    all_steps.append(step("result", "Nhận kết quả", "Result", [delivery_field(list(delivery))]))
    all_steps.append(step("consent", "Đồng ý và cam đoan", "Consent and declaration", consent_fields(name[0], name[1])))
    if payment is None:
        payment = ["online"] if level == "toan_trinh" and any(r["amount"] for r in fees) else []
    return {
        "kind": "structured", "code": code, "name": T(*name), "level": level, "field_of_law": T(*field_of_law),
        "agency_level": agency_level, "agency": T(*agency), "legal_basis": list(legal_basis),
        "processing_time": pt, "fees": fee_obj, "documents": list(documents), "steps": all_steps,
        "rules": list(rules), "computed": list(computed), "delivery_options": list(delivery),
        "payment_options": payment, "keywords": list(keywords), "source": source, "verified_on": verified_on,
        "unverified": [{"path": p, "reason": r} for p, r in unverified], "withdrawn": False,
    }
