"""Sample procedure definitions (catalog format v2) shared by the catalog tests."""

T = {"vi": "Giấy tờ", "en": "Paper"}

# A generic procedure: one row plus its documents; the loader builds its wizard.
GENERIC = {
    "kind": "generic", "code": "1.999998",  # a sample code the shipped catalog does not use
    "name": {"vi": "Đăng ký lại khai sinh", "en": "Re-registration of a birth"},
    "level": "mot_phan", "field_of_law": {"vi": "Hộ tịch", "en": "Civil status"}, "agency_level": "xa",
    "agency": {"vi": "UBND cấp xã", "en": "Commune People's Committee"}, "legal_basis": ["Luật Hộ tịch 2014"],
    "processing_time": {"working_days": 5, "rule_15h": False},
    "fees": {"rates": [{"province": "*", "channel": "*", "amount": 0, "per": "dossier"}]},
    "documents": [{"id": "old_copy", "name": T, "form": "copy", "count": 1, "required": False,
                   "required_if": "1 / 0 == 1", "accept": ["image/jpeg"], "max_size_mb": 5}],
    "delivery_options": ["in_person"], "keywords": [], "source": "QĐ công bố", "verified_on": "2026-11-01",
    "unverified": [{"path": "documents", "reason": "nguồn không nêu thành phần hồ sơ"}],
}
