"""A deterministic synthetic catalog at any scale (the national portal lists ~1,965 citizen
services): the 12 shipped procedures plus generated ones, most of them generic, with realistic
Vietnamese names built from the words real procedure names use. For benches and scale tests.

    procedures(2000) -> list of canonical v2 definitions (sources, as authored)
"""
from __future__ import annotations

import copy
import random

from volunteer_app.domain.catalog import load_catalog

VERBS = [("Đăng ký", "Registration of"), ("Cấp", "Issue of"), ("Cấp lại", "Re-issue of"),
         ("Cấp đổi", "Replacement of"), ("Điều chỉnh", "Adjustment of"), ("Gia hạn", "Extension of"),
         ("Thu hồi", "Revocation of"), ("Xác nhận", "Certification of"), ("Công nhận", "Recognition of"),
         ("Chuyển đổi", "Conversion of"), ("Thay đổi", "Change of"), ("Cải chính", "Correction of"),
         ("Giải quyết", "Settlement of"), ("Hỗ trợ", "Support for"), ("Thẩm định", "Appraisal of"),
         ("Phê duyệt", "Approval of"), ("Chấm dứt", "Termination of"), ("Bổ sung", "Supplement to"),
         ("Xóa đăng ký", "Deregistration of"), ("Cho phép", "Permission for")]
OBJECTS = [("giấy phép kinh doanh", "business licence"), ("hộ kinh doanh", "household business"),
           ("giấy chứng nhận quyền sử dụng đất", "land use right certificate"), ("khai sinh", "birth"),
           ("kết hôn", "marriage"), ("khai tử", "death"), ("thường trú", "permanent residence"),
           ("tạm trú", "temporary residence"), ("trợ cấp xã hội hằng tháng", "monthly social allowance"),
           ("chế độ người có công với cách mạng", "benefits for people with revolutionary merit"),
           ("giấy phép xây dựng", "building permit"), ("chứng chỉ hành nghề", "practising certificate"),
           ("thẻ bảo hiểm y tế", "health insurance card"), ("học bổng chính sách", "policy scholarship"),
           ("chuyển trường cho học sinh", "school transfer"), ("tổ chức lễ hội", "festival"),
           ("hội có phạm vi hoạt động trong xã", "commune association"), ("tài sản gắn liền với đất", "property on land"),
           ("hộ nghèo, hộ cận nghèo", "poor and near-poor households"), ("hỗ trợ thiên tai", "disaster relief"),
           ("nhận cha, mẹ, con", "parentage"), ("giám hộ", "guardianship"), ("nuôi con nuôi", "adoption"),
           ("thay đổi, cải chính hộ tịch", "civil status change"), ("cửa hàng kinh doanh khí", "LPG shop"),
           ("mai táng phí", "funeral allowance"), ("trợ giúp pháp lý", "legal aid"), ("hòa giải viên", "mediator"),
           ("sử dụng đất nông nghiệp", "farm land use"), ("cơ sở giáo dục mầm non", "preschool"),
           ("biển số xe", "vehicle plate"), ("vệ sinh an toàn thực phẩm", "food safety"),
           ("hoạt động in", "printing"), ("nhà ở xã hội", "social housing"), ("lao động nước ngoài", "foreign workers")]
QUALIFIERS = [("", ""), ("", ""), (" lần đầu", " (first time)"), (" có yếu tố nước ngoài", " with a foreign element"),
              (" cho công dân Việt Nam cư trú ở nước ngoài", " for Vietnamese residing abroad"),
              (" do bị mất, hư hỏng", " after loss or damage"), (" tại cấp xã", " at commune level"),
              (" tại cấp tỉnh", " at provincial level"), (" theo danh sách", " as a list"),
              (" cho người khuyết tật", " for people with disabilities"), (" đối với doanh nghiệp nhỏ", " for small firms")]
FIELDS_OF_LAW = [("Hộ tịch", "Civil status"), ("Chứng thực", "Certification"), ("Đất đai", "Land"),
                 ("Xây dựng", "Construction"), ("Bảo trợ xã hội", "Social protection"), ("Người có công", "Merit"),
                 ("Giáo dục", "Education"), ("Y tế", "Health"), ("Cư trú", "Residence"),
                 ("Thành lập và hoạt động của hộ kinh doanh", "Household business"), ("Văn hóa", "Culture"),
                 ("Tư pháp", "Justice"), ("Lao động", "Labour"), ("Giao thông", "Transport"), ("Công thương", "Trade")]
KEYWORDS = ["làm giấy", "xin cấp", "đăng ký lại", "thủ tục", "hồ sơ", "giấy tờ", "cấp mới", "bổ sung hồ sơ"]
DOCUMENT = {"form": "copy", "count": 1, "required": True, "accept": ["application/pdf", "image/jpeg", "image/png"],
            "max_size_mb": 10}


def _generic(rng: random.Random, code: str, template: dict) -> dict:
    verb, obj, qual = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(QUALIFIERS)
    field = rng.choice(FIELDS_OF_LAW)
    name = {"vi": f"{verb[0]} {obj[0]}{qual[0]}", "en": f"{verb[1]} {obj[1]}{qual[1]}"}
    documents = [{"id": f"doc_{i}", "name": {"vi": f"Giấy tờ số {i + 1} về {obj[0]}", "en": f"Paper {i + 1}"},
                  **DOCUMENT} for i in range(rng.randint(1, 4))]
    return {
        "kind": "generic", "code": code, "name": name, "level": rng.choice(["toan_trinh", "mot_phan"]),
        "field_of_law": {"vi": field[0], "en": field[1]}, "agency_level": rng.choice(["xa", "tinh"]),
        "agency": {"vi": "Ủy ban nhân dân cấp xã", "en": "Commune People's Committee"},
        "legal_basis": [f"Nghị định {rng.randint(1, 200)}/{rng.randint(2015, 2025)}/NĐ-CP"],
        "processing_time": {"working_days": rng.choice([0, 3, 5, 7, 10, 15, 20]), "rule_15h": rng.random() < 0.3},
        "fees": {"rates": [{"province": "*", "channel": "*", "amount": 0, "per": "dossier"}]},
        "documents": documents, "delivery_options": ["in_person"],
        "keywords": rng.sample(KEYWORDS, rng.randint(0, 2)), "source": template["source"],
        "verified_on": "2026-11-28",
    }


def procedures(count: int, seed: int = 2026) -> list[dict]:
    """``count`` definitions: the shipped ones first, then generated ones with unique codes."""
    rng = random.Random(seed)
    shipped = [e.source for e in load_catalog().entries.values()]
    out = [copy.deepcopy(p) for p in shipped[:count]]
    codes = {p["code"] for p in out}
    while len(out) < count:
        code = f"{rng.choice('12')}.{rng.randint(0, 14999):06d}"
        if code not in codes:
            codes.add(code)
            out.append(_generic(rng, code, shipped[0]))
    return out
