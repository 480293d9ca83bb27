"""A generic procedure (``kind: generic``: no form of its own) expanded into an ordinary wizard.

The expansion is deterministic and done in the domain, so the server validates, the browser
shows and staff review exactly the same definition: the applicant (identity and contact, with
their shared-vocabulary meanings), one upload per listed document plus the hand-filled
declaration form (``to_khai``, required) and any further papers (``other_documents``), and the
standard consent step.
"""
from __future__ import annotations

import copy
from typing import Any

TO_KHAI = "to_khai"
OTHER_DOCUMENTS = "other_documents"
_ACCEPT = ["application/pdf", "image/jpeg", "image/png"]


def _t(vi: str, en: str) -> dict[str, str]:
    return {"vi": vi, "en": en}


def _document(doc_id: str, name: dict, required: bool, note: dict) -> dict[str, Any]:
    return {"id": doc_id, "name": name, "form": "original", "count": 1, "required": required,
            "accept": list(_ACCEPT), "max_size_mb": 10, "note": note}


TO_KHAI_DOCUMENT = _document(
    TO_KHAI, _t("Tờ khai (bản giấy đã điền và ký)", "Declaration form (filled in and signed on paper)"), True,
    _t("Chụp hoặc quét tờ khai công dân đã tự điền và ký", "A photo or scan of the form the citizen filled in and signed"))
OTHER_DOCUMENT = _document(
    OTHER_DOCUMENTS, _t("Giấy tờ khác (nếu có)", "Other documents (if any)"), False,
    _t("Giấy tờ khác công dân mang theo để bổ sung hồ sơ", "Any further paper the citizen brings for the dossier"))

_SEX = [{"value": "nam", "label": _t("Nam", "Male")}, {"value": "nu", "label": _t("Nữ", "Female")}]
APPLICANT_FIELDS: list[dict[str, Any]] = [
    {"id": "applicant_name", "type": "full_name", "label": _t("Họ, chữ đệm và tên", "Full name"),
     "required": True, "vocab": "applicant.full_name"},
    {"id": "applicant_dob", "type": "date", "label": _t("Ngày, tháng, năm sinh", "Date of birth"),
     "required": True, "not_future": True, "vocab": "applicant.dob"},
    {"id": "applicant_sex", "type": "radio", "label": _t("Giới tính", "Sex"), "required": True,
     "options": _SEX, "vocab": "applicant.sex"},
    {"id": "applicant_id", "type": "personal_id", "label": _t("Số định danh cá nhân", "Personal ID number"),
     "hint": _t("12 chữ số trên thẻ căn cước / CCCD", "12 digits on the ID card"), "required": True,
     "dob_field": "applicant_dob", "sex_field": "applicant_sex", "allow_old_id": True, "vocab": "applicant.id_number"},
    {"id": "applicant_address", "type": "address", "label": _t("Nơi thường trú", "Permanent address"),
     "required": True, "require_street": True, "vocab": "applicant.permanent_address"},
    {"id": "applicant_phone", "type": "phone", "label": _t("Số điện thoại", "Phone number"), "required": True,
     "vocab": "applicant.phone"},
    {"id": "applicant_email", "type": "email", "label": _t("Thư điện tử (email)", "Email"), "vocab": "applicant.email"},
]


def consent_fields(name_vi: str, name_en: str) -> list[dict[str, Any]]:
    """The standard consent (Luật BVDLCN 91/2025) and declaration boxes, never pre-ticked."""
    return [
        {"id": "consent_data", "type": "consent", "label": _t("Đồng ý xử lý dữ liệu cá nhân",
                                                             "Consent to personal data processing"),
         "required": True, "text": _t(
            "Tôi đồng ý để tình nguyện viên hỗ trợ thu thập và xử lý dữ liệu cá nhân đã khai (kể cả ảnh giấy tờ) "
            f"chỉ để lập và nộp hồ sơ thủ tục “{name_vi}”. Dữ liệu được xóa khỏi thiết bị khi hoàn tất; tôi có thể "
            "rút lại sự đồng ý bất cứ lúc nào (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15).",
            "I agree that the helping volunteer collects and processes the personal data given here (including "
            f"document images) only to prepare and file the application “{name_en}”. The data is deleted from the "
            "device when finished; I may withdraw consent at any time (Personal Data Protection Law 91/2025/QH15).")},
        {"id": "declaration", "type": "consent", "label": _t("Cam đoan", "Declaration"), "required": True,
         "text": _t("Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật "
                    "về cam đoan của mình.",
                    "I declare that the information above is true and I take legal responsibility for this "
                    "declaration.")},
    ]


def _upload(doc: dict[str, Any]) -> dict[str, Any]:
    field = {"id": f"upload_{doc['id']}", "type": "document", "label": doc["name"], "document": doc["id"],
             "required": bool(doc.get("required"))}
    if doc.get("required_if"):
        field["required_if"] = doc["required_if"]
    return field


def expand_generic(source: dict[str, Any]) -> dict[str, Any]:
    """The structured definition of a generic procedure (a new dict; ``kind`` stays ``generic``).

    The declaration form comes first and "other documents" last; a listed document with the id
    ``to_khai`` or ``other_documents`` replaces the standard one.
    """
    data = copy.deepcopy(source)
    listed = {d.get("id"): d for d in data.get("documents") or []}
    documents = [listed.get(TO_KHAI) or copy.deepcopy(TO_KHAI_DOCUMENT)]
    documents += [d for d in data.get("documents") or [] if d.get("id") not in (TO_KHAI, OTHER_DOCUMENTS)]
    documents.append(listed.get(OTHER_DOCUMENTS) or copy.deepcopy(OTHER_DOCUMENT))
    data["documents"] = documents
    name = data.get("name") or {}
    data["steps"] = [
        {"id": "applicant", "title": _t("Người nộp hồ sơ", "Applicant"), "fields": copy.deepcopy(APPLICANT_FIELDS)},
        {"id": "documents", "title": _t("Giấy tờ", "Documents"), "fields": [_upload(d) for d in documents]},
        {"id": "consent", "title": _t("Đồng ý và cam đoan", "Consent and declaration"),
         "fields": consent_fields(name.get("vi", ""), name.get("en", ""))},
    ]
    return data
