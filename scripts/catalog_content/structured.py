"""The structured (full-wizard) procedures added for issue 14: the Vĩnh Bảo priority list and the
police residence procedures. Every value no cited source confirms is listed in ``unverified``."""
from __future__ import annotations

from blocks import (T, address, date, document, long_text, money, number, person, radio, rate, select, step,
                    structured, text, yes_no, field)

CHECKED = "2026-11-30"
HP = "UBND thành phố Hải Phòng"
SRC_HT = ("Quyết định công bố TTHC lĩnh vực hộ tịch của UBND TP Hải Phòng, niêm yết tại Trung tâm PVHCC xã Vĩnh Bảo "
          "(https://cdn.haiphong.gov.vn/gov-hpg/6868/tintuc/2026/4/qd-658639112645712936429.pdf)")
SRC_TP = ("Danh mục TTHC lĩnh vực tư pháp thực hiện không phụ thuộc địa giới hành chính, UBND TP Hải Phòng "
          "(https://vinhbao.haiphong.gov.vn/linh-vuc-tu-phap/danh-muc-thu-tuc-hanh-chinh-thuc-hien-khong-phu-thuoc-vao-dia-gioi-hanh-chinh-trong-pham-vi-than-827521)")
SRC_CT = ("Danh mục TTHC chứng thực niêm yết năm 2026, Hải Phòng "
          "(https://cdn.haiphong.gov.vn/gov-hpg/6799/tintuc/2026/3/26.02-kh-ngay-thu-5-hanh-chinh.signed639080565000341409.pdf); "
          "Thông tư 226/2016/TT-BTC (phí chứng thực)")
SRC_CT2 = ("Danh mục TTHC chứng thực sửa đổi theo Quyết định 3152/QĐ-BTP, niêm yết tại xã Vĩnh Bảo "
           "(https://vinhbao.haiphong.gov.vn/linh-vuc-tu-phap/danh-muc-thu-tuc-hanh-chinh-duoc-sua-doi-bo-sung-va-bi-bai-bo-linh-vuc-chung-thuc-thuoc-pham-vi--810099); "
           "Thông tư 226/2016/TT-BTC")
SRC_HKD = ("Thông báo niêm yết TTHC đăng ký hộ kinh doanh, Hải Phòng "
           "(https://cdn.haiphong.gov.vn/gov-hpg/6822/tintuc/2026/5/27.5-tb-niem-yet-tthc.signed639154720526079683.pdf); Quyết định 2831/QĐ-UBND ngày 10/7/2025")
SRC_BTXH = ("Quyết định 2874/QĐ-UBND của UBND TP Hải Phòng công bố TTHC chuẩn hóa lĩnh vực bảo trợ xã hội "
            "(https://cdn.haiphong.gov.vn/gov-hpg/6819/tintuc/2025/7/dm-tthc-chuan-hoa-syt638893087955858786.pdf)")
SRC_NCC = ("Danh mục TTHC lĩnh vực người có công, Hải Phòng "
           "(https://cdn.haiphong.gov.vn/gov-hpg/6856/tintuc/2025/11/13.11.dmtthc.signed638989743120385193.pdf)")
SRC_BNV = ("Danh mục TTHC thuộc phạm vi quản lý của Bộ Nội vụ, Hải Phòng "
           "(https://cdn.haiphong.gov.vn/gov-hpg/6823/tintuc/2026/4/danh_muc_tthc_bo_noi_vu639109961034637945.pdf)")
SRC_GN = ("Quyết định công bố TTHC phi địa giới lĩnh vực giảm nghèo, Hải Phòng "
          "(https://cdn.haiphong.gov.vn/gov-hpg/6812/tintuc/2025/8/quyet-dinh-2025-cong-bo-dmttc-thuc-hien-phi-dia-gioi-so-nn-va-moi-truong-ttr443-..signed638917970880695305.pdf)")
SRC_DD = ("Quyết định 15/QĐ-UBND: nội dung TTHC lĩnh vực đất đai cấp xã, niêm yết tại xã Vĩnh Bảo "
          "(https://vinhbao.haiphong.gov.vn/linh-vuc-dat-dai/cong-khai-thu-tuc-hanh-chinh-moi-ban-hanh-duoc-sua-doi-bo-sung-linh-vuc-lam-nghiep-kiem-lam-ung--773283); "
          "Nghị quyết 34/2025/NQ-HĐND và 23/2026/NQ-HĐND Hải Phòng (lệ phí)")
SRC_VH = ("Danh mục TTHC chuẩn hóa lĩnh vực văn hóa, Hải Phòng "
          "(https://cdn.haiphong.gov.vn/gov-hpg/6815/tintuc/2025/7/dm-tthc-chuan-hoa-so-van-hoa-tt-trang-2638883643696552431.pdf)")
SRC_GD = ("Quyết định 2851/QĐ-UBND; Thông báo danh mục TTHC phi địa giới lĩnh vực giáo dục, Hải Phòng "
          "(https://cdn.haiphong.gov.vn/gov-hpg/6805/tintuc/2025/12/thong-bao-danh-muc-thu-tuc-hanh-chinh-phi-dia-gioi.signed639004671669010703.pdf)")
SRC_BCA = "Cổng Dịch vụ công - Bộ Công an (dichvucong.bocongan.gov.vn); Luật Cư trú 68/2020/QH14; Nghị định 154/2024/NĐ-CP; Thông tư 75/2022/TT-BTC"

R_FIELDS = ("fields", "Các trường theo nội dung thường gặp của tờ khai; chưa đối chiếu từng ô với mẫu tờ khai ban hành / "
                      "fields follow the usual content of the declaration form, not checked box by box against the official form")
R_DOCS = ("documents", "Danh mục đã xem chỉ có mã, tên và quyết định công bố; thành phần hồ sơ theo quy định chung, chưa đối chiếu / "
                       "the list seen gives code, name and decision only; documents follow the general rules, not checked")
R_TIME = ("processing_time", "Thời hạn theo quy định chung, chưa đối chiếu với quyết định công bố / time limit not checked against the decision")
R_FEES = ("fees", "Mức thu chưa đối chiếu với văn bản quy định phí, lệ phí / amount not checked against the fee regulation")
R_LEVEL = ("level", "Mức độ dịch vụ công trực tuyến chưa đối chiếu / online service level not checked")
R_AGENCY = ("agency", "Cơ quan giải quyết suy ra từ danh mục cấp xã; chưa đối chiếu / agency inferred from the commune list, not checked")
DEFAULT_UNV = [R_FIELDS, R_DOCS, R_TIME, R_LEVEL]

XA = ("Ủy ban nhân dân cấp xã", "Commune People's Committee")
HT_LAW = ["Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP (sửa đổi bởi Nghị định 07/2025/NĐ-CP)", "Thông tư 04/2020/TT-BTP"]
HT_FIELD = ("Hộ tịch", "Civil status")
CT_FIELD = ("Chứng thực", "Certification")
CT_LAW = ["Nghị định 23/2015/NĐ-CP (sửa đổi bởi Nghị định 07/2025/NĐ-CP)", "Thông tư 226/2016/TT-BTC"]
HKD_FIELD = ("Đăng ký hộ kinh doanh", "Household business registration")
HKD_LAW = ["Luật Doanh nghiệp 2020", "Nghị định 168/2025/NĐ-CP về đăng ký doanh nghiệp, hộ kinh doanh"]
BTXH_FIELD = ("Bảo trợ xã hội", "Social protection")
BTXH_LAW = ["Nghị định 20/2021/NĐ-CP (sửa đổi bởi Nghị định 76/2024/NĐ-CP)", "Luật Người cao tuổi 2009"]
NCC_FIELD = ("Người có công", "People with revolutionary merit")
NCC_LAW = ["Pháp lệnh Ưu đãi người có công với cách mạng 2020", "Nghị định 131/2021/NĐ-CP"]
DD_FIELD = ("Đất đai", "Land")
DD_LAW = ["Luật Đất đai 2024", "Nghị định 101/2024/NĐ-CP", "Nghị định 151/2025/NĐ-CP"]
CU_FIELD = ("Đăng ký, quản lý cư trú", "Residence registration")
CU_LAW = ["Luật Cư trú số 68/2020/QH14", "Nghị định 154/2024/NĐ-CP", "Thông tư 55/2021/TT-BCA (sửa đổi bởi Thông tư 66/2023/TT-BCA)",
          "Thông tư 75/2022/TT-BTC"]
CA_XA = ("Công an cấp xã nơi đăng ký cư trú", "Commune police where the residence is registered")

REL = select("applicant_relation", "Quan hệ với người được đăng ký", "Relationship to the person registered",
             [("self", "Chính là tôi", "Myself"), ("relative", "Người thân", "Relative"),
              ("authorised", "Người được ủy quyền", "Authorised person")])
AUTH = document("authorisation", "Văn bản ủy quyền (có chứng thực)", "Certified letter of authorisation",
                required="applicant_relation == 'authorised'",
                note=("Không cần chứng thực nếu người được ủy quyền là ông, bà, cha, mẹ, con, vợ, chồng, anh, chị, em ruột",
                      "No certification needed between close relatives"))
HT_FREE_ONLINE_HP = rate(0, province="31", channel="online",
                         note=("Nghị quyết 23/2026/NQ-HĐND Hải Phòng: lệ phí hộ tịch 0 đ khi nộp trực tuyến",
                               "Hải Phòng resolution 23/2026: civil-status fees are 0 VND online"))
HT_FEE_NOTE = ("Lệ phí hộ tịch do HĐND tỉnh quy định; Hải Phòng thu 0 đ khi nộp trực tuyến (Nghị quyết 23/2026/NQ-HĐND)",
               "Civil-status fees are set by each province; Hải Phòng charges 0 VND online (resolution 23/2026)")
HT_FEE_BASIS = ["Luật Hộ tịch 2014 Điều 11", "Nghị quyết 23/2026/NQ-HĐND Hải Phòng"]
R_HT_FEE = ("fees.rates.0", "Mức thu khi nộp trực tiếp do HĐND từng tỉnh quy định, chưa đối chiếu; mức 0 đ trực tuyến ở Hải Phòng đã đối chiếu / "
                            "the in-person amount is provincial and not checked; Hải Phòng's 0 VND online is checked")
FREE_HT = ("Miễn lệ phí (Điều 11 Luật Hộ tịch 2014)", "Free (art. 11 Civil Status Law)")

BIRTH_PLACE = text("birth_place", "Nơi sinh", "Place of birth")
REG_PLACE = text("registered_at", "Nơi đã đăng ký trước đây", "Where it was registered before")


def ht(code, name, days, steps, documents, keywords, *, fee=None, unv=(), law=(), rules=(), time_note=None, rule_15h=False,
       level="mot_phan", delivery=("online", "in_person"), source=SRC_HT):
    fees = fee or [rate(0, note=FREE_HT)]
    extra_unv = [] if fee is None else [R_HT_FEE]
    return structured(code=code, name=name, level=level, field_of_law=HT_FIELD, agency_level="xa", agency=XA,
                      legal_basis=HT_LAW + list(law), days=days, rule_15h=rule_15h, time_note=time_note, fees=fees,
                      documents=documents, steps=steps, rules=rules, delivery=delivery, keywords=keywords,
                      source=source, verified_on=CHECKED, unverified=DEFAULT_UNV + extra_unv + list(unv),
                      fee_basis=HT_FEE_BASIS, fee_note=HT_FEE_NOTE if fee else None)


def ht_fee(amount):
    return [rate(amount, note=("Nộp trực tiếp (mức tham khảo)", "In person (reference amount)")), HT_FREE_ONLINE_HP]


def subject(extra=()):
    return step("subject", "Người được đăng ký", "Person registered",
                person("subject", "người được đăng ký", "person registered") + list(extra))


PROCS = []
add = PROCS.append

# ---------------------------------------------------------------- civil status (hộ tịch)
add(ht("1.004859", ("Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc",
                    "Changing, correcting or supplementing civil-status information; re-determining ethnicity"), 3,
       [step("relation", "Người yêu cầu", "Requester", [REL]),
        subject(),
        step("change", "Nội dung yêu cầu", "Request", [
            select("change_type", "Loại yêu cầu", "Kind of request",
                   [("thay_doi", "Thay đổi thông tin hộ tịch", "Change"), ("cai_chinh", "Cải chính (sửa sai sót)", "Correction"),
                    ("bo_sung", "Bổ sung thông tin", "Supplement"), ("dan_toc", "Xác định lại dân tộc", "Re-determine ethnicity")]),
            select("record_type", "Giấy tờ hộ tịch cần sửa", "Record to change",
                   [("birth", "Giấy khai sinh", "Birth certificate"), ("marriage", "Giấy chứng nhận kết hôn", "Marriage certificate"),
                    ("death", "Trích lục khai tử", "Death extract"), ("other", "Giấy tờ hộ tịch khác", "Other record")]),
            REG_PLACE,
            long_text("current_content", "Nội dung hiện ghi", "Current content", max_length=1000),
            long_text("requested_content", "Nội dung đề nghị", "Requested content", max_length=1000),
            long_text("reason", "Lý do", "Reason", max_length=1000)])],
       [document("record_copy", "Bản sao giấy tờ hộ tịch cần sửa", "Copy of the record to change", required=False),
        document("evidence", "Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung", "Evidence for the change"), AUTH],
       ["cải chính hộ tịch", "sửa giấy khai sinh", "đổi tên", "xác định lại dân tộc", "bổ sung hộ tịch", "correct birth certificate"],
       fee=ht_fee(15000), time_note=("Cần xác minh: không quá 06 ngày làm việc", "If verification is needed: up to 6 working days")))

add(ht("1.004884", ("Thủ tục đăng ký lại khai sinh", "Re-registering a birth"), 5,
       [step("relation", "Người yêu cầu", "Requester", [REL]),
        subject([BIRTH_PLACE, REG_PLACE]),
        step("parents", "Cha, mẹ", "Parents",
             person("mother", "mẹ", "mother", ("full_name", "dob", "ethnicity", "nationality"), optional=("dob",)) +
             person("father", "cha", "father", ("full_name", "dob", "ethnicity", "nationality"), required=False))],
       [document("personal_papers", "Bản sao giấy tờ cá nhân có thông tin khai sinh (hồ sơ học tập, lý lịch…)",
                 "Copies of personal papers showing the birth details"),
        document("old_certificate", "Bản sao Giấy khai sinh cũ (nếu có)", "Copy of the old birth certificate (if any)", required=False), AUTH],
       ["đăng ký lại khai sinh", "mất giấy khai sinh", "làm lại giấy khai sinh", "re-register birth"],
       fee=ht_fee(5000)))

add(ht("1.005461", ("Đăng ký lại khai tử", "Re-registering a death"), 5,
       [step("relation", "Người yêu cầu", "Requester", [REL]),
        step("deceased", "Người đã chết", "The deceased",
             person("deceased", "người đã chết", "deceased", ("full_name", "dob", "sex", "id_number", "permanent_address"),
                    id_required=False) +
             [date("death_date", "Ngày chết", "Date of death", not_future=True, after_field="deceased_dob"),
              text("death_place", "Nơi chết", "Place of death"), REG_PLACE])],
       [document("death_papers", "Bản sao Giấy chứng tử cũ hoặc giấy tờ liên quan đến việc chết", "Copy of the old death certificate or related papers"),
        AUTH],
       ["đăng ký lại khai tử", "mất giấy chứng tử", "re-register death"], fee=ht_fee(5000)))

BRIDE_GROOM = (person("bride", "bên nữ", "bride") + person("groom", "bên nam", "groom"))
add(ht("1.004746", ("Thủ tục đăng ký lại kết hôn", "Re-registering a marriage"), 5,
       [step("couple", "Hai bên", "The couple", BRIDE_GROOM),
        step("marriage", "Việc kết hôn trước đây", "The earlier marriage",
             [date("marriage_date", "Ngày đăng ký kết hôn trước đây", "Date of the earlier registration", not_future=True), REG_PLACE])],
       [document("marriage_copy", "Bản sao Giấy chứng nhận kết hôn cũ hoặc giấy tờ chứng minh việc đã đăng ký", "Copy of the old marriage certificate or proof of registration")],
       ["đăng ký lại kết hôn", "mất giấy đăng ký kết hôn", "re-register marriage"], fee=ht_fee(5000)))

add(ht("1.004772", ("Thủ tục đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân", "Registering the birth of a person who already has personal papers"), 3,
       [step("relation", "Người yêu cầu", "Requester", [REL]),
        subject([BIRTH_PLACE]),
        step("parents", "Cha, mẹ", "Parents",
             person("mother", "mẹ", "mother", ("full_name", "ethnicity", "nationality"), required=False) +
             person("father", "cha", "father", ("full_name", "ethnicity", "nationality"), required=False))],
       [document("personal_papers", "Bản sao giấy tờ cá nhân (thẻ căn cước, hộ chiếu, hồ sơ học tập…)", "Copies of personal papers (ID card, passport, school records…)"),
        document("undertaking", "Văn bản cam đoan chưa đăng ký khai sinh", "Undertaking that the birth was never registered", form="original"), AUTH],
       ["khai sinh cho người lớn", "chưa có giấy khai sinh", "birth registration adult"], fee=ht_fee(5000)))

add(ht("1.000689", ("Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con", "Registering a birth together with recognising a parent"), 3,
       [step("child", "Người con", "The child",
             person("child", "con", "child", ("full_name", "dob", "sex", "ethnicity", "nationality")) + [BIRTH_PLACE]),
        step("parents", "Cha, mẹ", "Parents",
             person("mother", "mẹ", "mother", ("full_name", "dob", "id_number", "ethnicity", "nationality", "permanent_address"), old_id=True) +
             person("father", "cha", "father", ("full_name", "dob", "id_number", "ethnicity", "nationality", "permanent_address"))),
        step("recognition", "Nhận cha, mẹ, con", "Recognition",
             [radio("recognising_parent", "Người nhận con", "Parent recognising the child",
                    [("father", "Cha nhận con", "The father"), ("mother", "Mẹ nhận con", "The mother")])])],
       [document("birth_proof", "Giấy chứng sinh hoặc giấy tờ thay thế", "Birth notice or substitute"),
        document("relation_proof", "Chứng cứ chứng minh quan hệ cha, mẹ, con (giám định ADN, văn bản xác nhận…)", "Evidence of the parent-child relationship (DNA test, written confirmation…)")],
       ["khai sinh nhận cha", "nhận con", "khai sinh có cha", "recognise father"],
       fee=[rate(0, part="birth", label=T("Khai sinh đúng hạn", "Birth registration"), note=FREE_HT),
            rate(15000, part="recognition", label=T("Nhận cha, mẹ, con", "Recognition"),
                 note=("Nộp trực tiếp (mức tham khảo)", "In person (reference amount)")),
            rate(0, part="recognition", label=T("Nhận cha, mẹ, con", "Recognition"), province="31", channel="online",
                 note=("Nghị quyết 23/2026/NQ-HĐND Hải Phòng", "Hải Phòng resolution 23/2026"))],
       unv=[]))
PROCS[-1]["unverified"] = [u for u in PROCS[-1]["unverified"] if u["path"] != "fees.rates.0"] + [
    {"path": "fees.rates.1", "reason": "Lệ phí nhận cha, mẹ, con khi nộp trực tiếp do HĐND tỉnh quy định, chưa đối chiếu / in-person amount not checked"}]

add(ht("1.004837", ("Thủ tục đăng ký giám hộ", "Registering guardianship"), 3,
       [step("guardian", "Người giám hộ", "Guardian", person("guardian", "người giám hộ", "guardian")),
        step("ward", "Người được giám hộ", "Ward", person("ward", "người được giám hộ", "ward", id_required=False)),
        step("kind", "Loại giám hộ", "Kind of guardianship",
             [radio("guardianship_type", "Loại giám hộ", "Kind of guardianship",
                    [("natural", "Giám hộ đương nhiên", "By law (natural guardian)"), ("appointed", "Giám hộ được cử", "Appointed guardian")])])],
       [document("appointment", "Văn bản cử người giám hộ", "Written appointment of the guardian", required="guardianship_type == 'appointed'", form="original"),
        document("relation_proof", "Giấy tờ chứng minh điều kiện giám hộ đương nhiên", "Proof of natural guardianship", required="guardianship_type == 'natural'")],
       ["giám hộ", "người giám hộ", "guardianship"]))

add(ht("2.000528", ("Thủ tục đăng ký khai sinh có yếu tố nước ngoài", "Registering a birth with a foreign element"), 3,
       [step("relation", "Người yêu cầu", "Requester", [REL]),
        step("child", "Trẻ", "The child", person("child", "trẻ", "child", ("full_name", "dob", "sex", "ethnicity", "nationality")) + [BIRTH_PLACE]),
        step("parents", "Cha, mẹ", "Parents",
             person("mother", "mẹ", "mother", ("full_name", "dob", "ethnicity", "nationality", "permanent_address")) +
             person("father", "cha", "father", ("full_name", "dob", "ethnicity", "nationality", "permanent_address"), required=False) +
             [yes_no("nationality_agreement_needed", "Cha hoặc mẹ là người nước ngoài, cần thỏa thuận chọn quốc tịch", "One parent is foreign: a nationality agreement is needed")])],
       [document("birth_proof", "Giấy chứng sinh hoặc giấy tờ thay thế", "Birth notice or substitute"),
        document("nationality_agreement", "Văn bản thỏa thuận chọn quốc tịch cho con", "Parents' agreement on the child's nationality",
                 required="nationality_agreement_needed", form="original"),
        document("foreign_parent_passport", "Bản sao hộ chiếu của cha/mẹ là người nước ngoài", "Copy of the foreign parent's passport",
                 required="nationality_agreement_needed"), AUTH],
       ["khai sinh có yếu tố nước ngoài", "khai sinh con lai", "foreign birth registration"],
       fee=ht_fee(75000)))

add(ht("2.000806", ("Thủ tục đăng ký kết hôn có yếu tố nước ngoài", "Registering a marriage with a foreign element"), 10,
       [step("couple", "Hai bên", "The couple", BRIDE_GROOM)],
       [document("marital_status", "Giấy tờ chứng minh tình trạng hôn nhân của người nước ngoài (hợp pháp hóa lãnh sự)", "Foreign party's proof of marital status (legalised)"),
        document("health_cert", "Giấy xác nhận của tổ chức y tế: không mắc bệnh tâm thần làm mất khả năng nhận thức", "Medical certificate on mental capacity", form="original"),
        document("passport", "Bản sao hộ chiếu hoặc giấy tờ thay thế của người nước ngoài", "Copy of the foreign party's passport")],
       ["kết hôn với người nước ngoài", "kết hôn có yếu tố nước ngoài", "marry a foreigner"],
       fee=ht_fee(1000000), time_note=("Hai bên phải có mặt khi trao Giấy chứng nhận kết hôn", "Both parties must attend to receive the certificate")))

add(ht("2.002189", ("Thủ tục ghi vào Sổ hộ tịch việc kết hôn của công dân Việt Nam đã được giải quyết tại cơ quan có thẩm quyền của nước ngoài",
                    "Recording in the civil-status register a marriage concluded abroad"), 5,
       [step("couple", "Hai bên", "The couple", BRIDE_GROOM),
        step("marriage", "Việc kết hôn ở nước ngoài", "The marriage abroad",
             [date("marriage_date", "Ngày kết hôn", "Date of marriage", not_future=True),
              text("marriage_country", "Nước nơi đăng ký kết hôn", "Country of registration")])],
       [document("foreign_certificate", "Bản sao giấy tờ kết hôn do nước ngoài cấp (đã hợp pháp hóa lãnh sự, dịch)", "Copy of the foreign marriage certificate (legalised, translated)")],
       ["ghi chú kết hôn", "kết hôn ở nước ngoài", "record foreign marriage"], fee=ht_fee(75000)))

add(ht("1.000593", ("Thủ tục đăng ký kết hôn lưu động", "Mobile marriage registration"), 5,
       [step("couple", "Hai bên", "The couple", BRIDE_GROOM),
        step("mobile", "Đăng ký lưu động", "Mobile registration",
             [select("mobile_reason", "Lý do đề nghị đăng ký lưu động", "Why mobile registration",
                     [("illness", "Ốm bệnh, khuyết tật, không đi lại được", "Illness or disability"),
                      ("custody", "Đang chấp hành hình phạt tù, tạm giam", "In custody"),
                      ("remote", "Vùng đặc biệt khó khăn", "Remote area"), ("other", "Lý do khác", "Other")]),
              address("mobile_address", "Địa điểm đăng ký lưu động", "Place of the mobile registration")])],
       [document("reason_proof", "Giấy tờ chứng minh lý do (nếu có)", "Proof of the reason (if any)", required=False)],
       ["kết hôn lưu động", "đăng ký kết hôn tại nhà", "mobile marriage"]))

# ---------------------------------------------------------------- certification (chứng thực)
def ct(code, name, fields, documents, keywords, fee, *, days=0, source=SRC_CT, unv=(), fee_note=None, computed=(), quantity=None):
    return structured(code=code, name=name, level="mot_phan", field_of_law=CT_FIELD, agency_level="xa", agency=XA,
                      legal_basis=CT_LAW, days=days, rule_15h=days == 0, fees=fee, documents=documents,
                      steps=[step("request", "Nội dung yêu cầu chứng thực", "What to certify", fields)],
                      delivery=("in_person",), keywords=keywords, source=source, verified_on=CHECKED,
                      unverified=[R_FIELDS, R_LEVEL] + list(unv), fee_basis=["Thông tư 226/2016/TT-BTC"], fee_note=fee_note,
                      computed=computed, quantity_field=quantity)

DOC_TITLE = text("document_title", "Tên giấy tờ, văn bản", "Title of the document")
add(ct("2.000884", ("Thủ tục chứng thực chữ ký trong các văn bản (áp dụng cho cả trường hợp chứng thực điểm chỉ và trường hợp người yêu cầu chứng thực không điểm chỉ được)",
                    "Certifying a signature (or fingerprint) on a document"),
       [DOC_TITLE, yes_no("fingerprint", "Điểm chỉ thay cho ký", "Fingerprint instead of signature", default=False),
        number("copies", "Số bản cần chứng thực", "Number of copies", integer=True, min=1, max=50, default="1")],
       [document("paper", "Giấy tờ, văn bản sẽ ký trước mặt người thực hiện chứng thực", "The paper to be signed in front of the officer", form="original")],
       ["chứng thực chữ ký", "công chứng chữ ký", "xác nhận chữ ký", "certify signature"],
       [rate(10000, note=("10.000 đ/trường hợp (Thông tư 226/2016/TT-BTC)", "10,000 VND per case"))],
       unv=[("processing_time", "Trong ngày theo quy định chung; chưa đối chiếu / same day by the general rule, not checked")]))

add(ct("2.000992", ("Chứng thực chữ ký người dịch mà người dịch là cộng tác viên dịch thuật của Ủy ban nhân dân cấp xã, tổ chức hành nghề công chứng",
                    "Certifying the signature of a translator who collaborates with the commune"),
       [DOC_TITLE, text("language", "Ngôn ngữ dịch", "Language"), number("pages", "Số trang bản dịch", "Pages of the translation", integer=True, min=1, max=500)],
       [document("original", "Giấy tờ, văn bản cần dịch (bản chính hoặc bản sao)", "The document to translate"),
        document("translation", "Bản dịch", "The translation")],
       ["chứng thực bản dịch", "dịch thuật công chứng", "certify translation"],
       [rate(10000, note=("10.000 đ/trường hợp (Thông tư 226/2016/TT-BTC)", "10,000 VND per case"))],
       unv=[R_TIME]))

add(ct("2.000913", ("Chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch", "Certifying an amendment, supplement or cancellation of a transaction"),
       [text("transaction_title", "Tên hợp đồng, giao dịch đã chứng thực", "Certified contract or transaction"),
        date("certified_date", "Ngày đã chứng thực", "Date it was certified", not_future=True),
        radio("change_type", "Nội dung yêu cầu", "Request",
              [("modify", "Sửa đổi", "Amend"), ("supplement", "Bổ sung", "Supplement"), ("cancel", "Hủy bỏ", "Cancel")])],
       [document("certified_contract", "Hợp đồng, giao dịch đã được chứng thực", "The certified contract", form="original"),
        document("amendment", "Dự thảo văn bản sửa đổi, bổ sung, hủy bỏ", "Draft of the amendment or cancellation")],
       ["sửa đổi hợp đồng", "hủy hợp đồng", "chứng thực hủy bỏ giao dịch", "amend contract"],
       [rate(30000, note=("30.000 đ/hợp đồng, giao dịch", "30,000 VND per contract"))], days=2, unv=[R_FEES, R_TIME]))

PARTIES = field("parties", "group", "Các bên tham gia", "Parties", min_items=2, max_items=10,
                item_label=T("Bên", "Party"), fields=[
                    field("full_name", "full_name", "Họ, chữ đệm và tên", "Full name"),
                    field("dob", "date", "Ngày sinh", "Date of birth", not_future=True),
                    field("personal_id", "personal_id", "Số định danh cá nhân", "Personal ID number", dob_field="dob", allow_old_id=True),
                    select("role", "Tư cách", "Role", [("transferor", "Bên chuyển giao / bên bán / bên tặng", "Transferor"),
                                                       ("transferee", "Bên nhận", "Transferee"), ("other", "Khác", "Other")])])
ASSET = select("asset_type", "Tài sản", "Asset", [("movable", "Động sản", "Movable property"), ("land", "Quyền sử dụng đất", "Land-use right"),
                                                    ("house", "Nhà ở", "House")])
add(ct("2.001035", ("Chứng thực giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất, nhà ở",
                    "Certifying transactions on movable property, land-use rights or houses"),
       [ASSET, select("contract_type", "Loại hợp đồng", "Kind of contract",
                      [("transfer", "Chuyển nhượng, mua bán", "Sale or transfer"), ("gift", "Tặng cho", "Gift"),
                       ("lease", "Cho thuê, cho mượn", "Lease or loan"), ("mortgage", "Thế chấp", "Mortgage"), ("other", "Khác", "Other")]),
        PARTIES],
       [document("draft_contract", "Dự thảo hợp đồng, giao dịch", "Draft contract"),
        document("ownership", "Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản", "Copy of the ownership or land-use certificate")],
       ["chứng thực hợp đồng", "mua bán đất", "tặng cho nhà đất", "certify contract"],
       [rate(50000, note=("50.000 đ/hợp đồng, giao dịch", "50,000 VND per contract"))], days=2, source=SRC_CT2, unv=[R_FEES, R_TIME]))

add(ct("2.000942", ("Thủ tục cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực",
                    "Issuing certified copies of a certified contract"),
       [text("transaction_title", "Tên hợp đồng, giao dịch", "Contract or transaction"),
        date("certified_date", "Ngày đã chứng thực", "Date it was certified", not_future=True),
        number("pages", "Số trang", "Pages", integer=True, min=1, max=500),
        number("copies", "Số bản sao", "Copies", integer=True, min=1, max=50, default="1")],
       [], ["bản sao hợp đồng", "sao y hợp đồng", "copy of certified contract"],
       [rate(2000, per="page")], source=SRC_TP, days=2,
       fee_note=("2.000 đ/trang cho trang thứ nhất và thứ hai; từ trang thứ ba 1.000 đ/trang; tối đa 200.000 đ/bản",
                 "2,000 VND per page for pages 1-2; 1,000 VND from page 3; at most 200,000 VND per copy"),
       computed=[{"id": "fee_total", "expr": "pages and copies * min(200000, 1000 * pages + 1000 * min(pages, 2))"}],
       quantity="pages", unv=[R_TIME]))

HEIRS = field("heirs", "group", "Những người thừa kế", "Heirs", min_items=1, max_items=20, item_label=T("Người thừa kế", "Heir"), fields=[
    field("full_name", "full_name", "Họ, chữ đệm và tên", "Full name"),
    field("dob", "date", "Ngày sinh", "Date of birth", not_future=True),
    field("personal_id", "personal_id", "Số định danh cá nhân", "Personal ID number", dob_field="dob", allow_old_id=True),
    text("relation", "Quan hệ với người để lại di sản", "Relationship to the deceased")])
DECEASED_MIN = (person("deceased", "người để lại di sản", "deceased", ("full_name", "dob", "permanent_address"), optional=("permanent_address",)) +
                [date("death_date", "Ngày chết", "Date of death", not_future=True, after_field="deceased_dob")])
add(ct("2.001016", ("Chứng thực văn bản từ chối nhận di sản", "Certifying a renunciation of inheritance"),
       DECEASED_MIN,
       [document("death_proof", "Bản sao Giấy chứng tử / Trích lục khai tử", "Copy of the death certificate"),
        document("heir_proof", "Giấy tờ chứng minh quan hệ thừa kế", "Proof of being an heir"),
        document("draft", "Dự thảo văn bản từ chối nhận di sản", "Draft renunciation", required=False)],
       ["từ chối nhận di sản", "từ chối thừa kế", "renounce inheritance"],
       [rate(50000, note=("50.000 đ/văn bản", "50,000 VND per document"))], days=2, unv=[R_FEES, R_TIME, R_DOCS]))

add(ct("2.001406", ("Chứng thực văn bản phân chia di sản mà di sản là động sản, quyền sử dụng đất, nhà ở",
                    "Certifying an agreement dividing an estate of movable property, land-use rights or houses"),
       DECEASED_MIN + [ASSET, HEIRS],
       [document("death_proof", "Bản sao Giấy chứng tử / Trích lục khai tử", "Copy of the death certificate"),
        document("heir_proof", "Giấy tờ chứng minh quan hệ thừa kế", "Proof of the heirs' relationship"),
        document("ownership", "Bản sao giấy chứng nhận quyền sở hữu, quyền sử dụng tài sản", "Copy of the ownership or land-use certificate"),
        document("draft", "Dự thảo văn bản phân chia di sản", "Draft division agreement", required=False)],
       ["phân chia di sản", "chia thừa kế", "văn bản thỏa thuận phân chia di sản", "divide inheritance"],
       [rate(50000, note=("50.000 đ/văn bản", "50,000 VND per document"))], days=2, unv=[R_FEES, R_TIME, R_DOCS]))

# ---------------------------------------------------------------- household business (hộ kinh doanh)
HKD_CODE = text("business_code", "Mã số hộ kinh doanh (mã số thuế)", "Household business number (tax code)", pattern="^[0-9-]{8,14}$")
HKD_NAME = text("business_name", "Tên hộ kinh doanh", "Business name")


def hkd(code, name, fields, documents, keywords, *, fee=None, unv=()):
    return structured(code=code, name=name, level="mot_phan", field_of_law=HKD_FIELD, agency_level="xa",
                      agency=("Ủy ban nhân dân cấp xã (bộ phận đăng ký hộ kinh doanh)", "Commune People's Committee (business registration)"),
                      legal_basis=HKD_LAW, days=3, fees=fee or [rate(0)], documents=documents,
                      steps=[step("business", "Hộ kinh doanh", "The business", [HKD_CODE, HKD_NAME] + fields)],
                      delivery=("online", "in_person"), keywords=keywords, source=SRC_HKD, verified_on=CHECKED,
                      unverified=[R_FIELDS, R_DOCS, R_LEVEL] + list(unv))

OWNER_AUTH = document("authorisation", "Văn bản ủy quyền của chủ hộ kinh doanh", "Authorisation by the business owner", required="not applicant_is_owner")
IS_OWNER = yes_no("applicant_is_owner", "Người nộp là chủ hộ kinh doanh", "The applicant is the owner", default=True)
add(hkd("2.000720", ("Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "Registering changes to a household business"),
        [IS_OWNER, field("changes", "checkbox", "Nội dung thay đổi", "What changes", min_items=1, options=[
            {"value": v, "label": T(vi, en)} for v, vi, en in [
                ("name", "Tên hộ kinh doanh", "Name"), ("address", "Địa chỉ kinh doanh", "Address"),
                ("lines", "Ngành, nghề kinh doanh", "Business lines"), ("capital", "Vốn kinh doanh", "Capital"),
                ("owner", "Chủ hộ kinh doanh", "Owner"), ("owner_info", "Thông tin cá nhân của chủ hộ", "Owner's details")]]),
         long_text("new_content", "Nội dung sau khi thay đổi", "Content after the change", max_length=2000)],
        [OWNER_AUTH], ["thay đổi hộ kinh doanh", "đổi địa chỉ kinh doanh", "bổ sung ngành nghề", "change household business"],
        fee=[rate(0)], unv=[R_FEES]))
add(hkd("1.001570", ("Tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn đã thông báo của hộ kinh doanh",
                     "Suspending or resuming a household business early"),
        [IS_OWNER, radio("action", "Nội dung thông báo", "Notice", [("pause", "Tạm ngừng kinh doanh", "Suspend"), ("resume", "Tiếp tục kinh doanh trước thời hạn", "Resume early")]),
         date("from_date", "Từ ngày", "From"), date("until_date", "Đến ngày", "Until", required_if="action == 'pause'", visible_if="action == 'pause'", after_field="from_date")],
        [OWNER_AUTH], ["tạm ngừng kinh doanh", "nghỉ kinh doanh", "suspend business"]))
add(hkd("2.000575", ("Cấp lại Giấy chứng nhận đăng ký hộ kinh doanh, Cấp đổi sang Giấy chứng nhận đăng ký hộ kinh doanh",
                     "Reissuing or converting a household business certificate"),
        [IS_OWNER, select("reason", "Lý do", "Reason", [("lost", "Bị mất", "Lost"), ("damaged", "Bị hư hỏng", "Damaged"), ("convert", "Cấp đổi sang mẫu mới", "Convert to the new form")])],
        [OWNER_AUTH, document("old_certificate", "Giấy chứng nhận đăng ký hộ kinh doanh cũ", "The old certificate", form="original", required="reason != 'lost'")],
        ["cấp lại giấy phép kinh doanh hộ", "mất giấy đăng ký hộ kinh doanh", "reissue business certificate"], fee=[rate(0)], unv=[R_FEES]))
add(hkd("1.001266", ("Chấm dứt hoạt động hộ kinh doanh", "Closing a household business"),
        [IS_OWNER, date("end_date", "Ngày chấm dứt hoạt động", "Closing date")],
        [OWNER_AUTH, document("tax_clearance", "Thông báo của cơ quan thuế về việc hoàn thành nghĩa vụ thuế", "Tax office notice that taxes are settled", required=False)],
        ["đóng cửa hộ kinh doanh", "chấm dứt kinh doanh", "close household business"]))

# ---------------------------------------------------------------- social protection, merit, poverty
def xh(code, name, field_of_law, law, source, steps, documents, keywords, *, days=15, unv=(), delivery=("in_person",)):
    return structured(code=code, name=name, level="mot_phan", field_of_law=field_of_law, agency_level="xa", agency=XA,
                      legal_basis=law, days=days, fees=[rate(0)], documents=documents, steps=steps, delivery=delivery,
                      keywords=keywords, source=source, verified_on=CHECKED,
                      unverified=DEFAULT_UNV + list(unv),
                      fee_note=("Không thu phí, lệ phí", "No fee"))

BENEF = person("beneficiary", "người hưởng", "beneficiary", ("full_name", "dob", "sex", "id_number", "permanent_address"))
BANK = text("bank_account", "Số tài khoản nhận tiền (nếu có)", "Bank account (if any)", required=False, pattern="^[0-9]{6,20}$")
REQ3 = select("request_type", "Đề nghị", "Request", [("start", "Thực hiện (hưởng mới)", "Start"), ("adjust", "Điều chỉnh", "Adjust"), ("stop", "Thôi hưởng", "Stop")])
add(xh("1.014027", ("Thực hiện, điều chỉnh, thôi hưởng trợ cấp hưu trí xã hội", "Granting, adjusting or ending the social pension"),
       BTXH_FIELD, ["Luật Bảo hiểm xã hội 2024 (trợ cấp hưu trí xã hội)", "Nghị định 176/2025/NĐ-CP"], SRC_BTXH,
       [step("beneficiary", "Người hưởng", "Beneficiary", BENEF + [REQ3,
             yes_no("has_pension", "Đang hưởng lương hưu hoặc trợ cấp bảo hiểm xã hội hằng tháng", "Already receives a pension or monthly insurance allowance", default=False),
             BANK])],
       [document("evidence", "Giấy tờ liên quan đến việc điều chỉnh, thôi hưởng (nếu có)", "Papers supporting an adjustment or stop (if any)", required="request_type != 'start'")],
       ["trợ cấp hưu trí xã hội", "trợ cấp người cao tuổi", "tiền già", "social pension"]))
DEATH = [date("death_date", "Ngày chết", "Date of death", not_future=True, after_field="deceased_dob")]
DEC = person("deceased", "người đã chết", "deceased", ("full_name", "dob", "sex", "id_number", "permanent_address"), id_required=False)
DEATH_DOC = document("death_proof", "Bản sao Giấy chứng tử / Trích lục khai tử", "Copy of the death certificate")
for code, name in [("1.014028", ("Hỗ trợ chi phí mai táng đối với đối tượng hưởng trợ cấp hưu trí xã hội", "Funeral support for social-pension beneficiaries")),
                   ("1.001731", ("Hỗ trợ chi phí mai táng cho đối tượng bảo trợ xã hội", "Funeral support for social-protection beneficiaries"))]:
    add(xh(code, name, BTXH_FIELD, BTXH_LAW, SRC_BTXH,
           [step("deceased", "Người đã chết", "The deceased", DEC + DEATH + [
               select("organiser", "Người tổ chức mai táng", "Who organised the funeral",
                      [("family", "Gia đình, người thân", "Family"), ("other_person", "Cá nhân khác", "Another person"), ("organisation", "Cơ quan, tổ chức", "An organisation")])])],
           [DEATH_DOC], ["mai táng phí", "hỗ trợ mai táng", "tiền ma chay", "funeral support"], days=3))
add(xh("1.001699", ("Xác định, xác định lại mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", "Assessing disability and issuing a disability certificate"),
       BTXH_FIELD, ["Luật Người khuyết tật 2010", "Nghị định 28/2012/NĐ-CP", "Thông tư 01/2019/TT-BLĐTBXH"], SRC_BTXH,
       [step("subject", "Người được xác định", "Person assessed", person("subject", "người khuyết tật", "person with a disability", ("full_name", "dob", "sex", "id_number", "permanent_address"), id_required=False) + [
           select("assessment", "Đề nghị", "Request", [("first", "Xác định lần đầu", "First assessment"), ("again", "Xác định lại", "Re-assessment"), ("reissue", "Cấp lại, đổi giấy", "Reissue")]),
           field("disability_types", "checkbox", "Dạng khuyết tật", "Kind of disability", min_items=1, options=[
               {"value": v, "label": T(vi, en)} for v, vi, en in [("mobility", "Vận động", "Mobility"), ("hearing_speech", "Nghe, nói", "Hearing or speech"),
                                                                  ("vision", "Nhìn", "Vision"), ("mental", "Thần kinh, tâm thần", "Mental"),
                                                                  ("intellectual", "Trí tuệ", "Intellectual"), ("other", "Khác", "Other")]])])],
       [document("medical", "Bản sao kết luận của hội đồng giám định y khoa, hồ sơ bệnh án (nếu có)", "Medical records or assessment (if any)", required=False)],
       ["giấy xác nhận khuyết tật", "khuyết tật", "disability certificate"], days=30))
add(xh("2.000286", ("Tiếp nhận đối tượng bảo trợ xã hội có hoàn cảnh đặc biệt khó khăn vào cơ sở trợ giúp xã hội",
                    "Admitting a person in special hardship to a social assistance facility"),
       BTXH_FIELD, BTXH_LAW, SRC_BTXH,
       [step("beneficiary", "Người được tiếp nhận", "Person admitted", BENEF + [
           select("situation", "Hoàn cảnh", "Situation", [("child", "Trẻ em không có nguồn nuôi dưỡng", "Child without support"),
                                                         ("elderly", "Người cao tuổi không nơi nương tựa", "Older person alone"),
                                                         ("disability", "Người khuyết tật đặc biệt nặng", "Severe disability"), ("other", "Khác", "Other")])])],
       [document("medical", "Giấy tờ về tình trạng sức khỏe (nếu có)", "Health papers (if any)", required=False)],
       ["vào trung tâm bảo trợ", "nuôi dưỡng tập trung", "social care facility"], days=20))
add(xh("1.010824", ("Hưởng trợ cấp khi người có công đang hưởng trợ cấp ưu đãi từ trần", "Allowance when a person with merit receiving preferential allowance dies"),
       NCC_FIELD, NCC_LAW, SRC_NCC,
       [step("deceased", "Người có công đã từ trần", "The deceased", DEC + DEATH + [text("merit_type", "Diện người có công", "Kind of merit")]),
        step("relation", "Người đề nghị", "Applicant", [select("relation", "Quan hệ với người có công", "Relationship",
                                                               [("spouse", "Vợ hoặc chồng", "Spouse"), ("child", "Con", "Child"), ("parent", "Cha, mẹ", "Parent"), ("other", "Người tổ chức mai táng", "Funeral organiser")])])],
       [DEATH_DOC, document("relation_proof", "Giấy tờ chứng minh quan hệ với người có công", "Proof of the relationship")],
       ["trợ cấp tuất", "người có công từ trần", "mai táng phí người có công", "merit allowance death"], days=12))
add(xh("1.010803", ("Giải quyết chế độ trợ cấp thờ cúng liệt sĩ", "Allowance for worshipping a martyr"),
       NCC_FIELD, NCC_LAW, SRC_NCC,
       [step("martyr", "Liệt sĩ", "The martyr", [field("martyr_name", "full_name", "Họ và tên liệt sĩ", "Martyr's full name"),
                                                 text("martyr_certificate", "Số Bằng Tổ quốc ghi công", "Number of the martyr certificate"),
                                                 select("relation", "Quan hệ với liệt sĩ", "Relationship",
                                                        [("child", "Con", "Child"), ("sibling", "Anh, chị, em", "Sibling"), ("other_relative", "Thân nhân khác", "Other relative"), ("authorised", "Người được ủy quyền thờ cúng", "Authorised worshipper")])])],
       [document("martyr_cert", "Bản sao Bằng Tổ quốc ghi công", "Copy of the martyr certificate"),
        document("family_agreement", "Văn bản ủy quyền thờ cúng của thân nhân liệt sĩ", "Relatives' authorisation to worship", required="relation == 'authorised' or relation == 'other_relative'")],
       ["thờ cúng liệt sĩ", "trợ cấp thờ cúng", "martyr worship"], days=12))
add(xh("1.010833", ("Cấp giấy xác nhận thân nhân của người có công", "Certifying relatives of a person with merit"),
       NCC_FIELD, NCC_LAW, SRC_BNV,
       [step("merit", "Người có công", "Person with merit", [field("merit_person_name", "full_name", "Họ và tên người có công", "Name of the person with merit"),
                                                             select("relation", "Quan hệ với người có công", "Relationship",
                                                                    [("spouse", "Vợ hoặc chồng", "Spouse"), ("child", "Con", "Child"), ("parent", "Cha, mẹ", "Parent"), ("caretaker", "Người có công nuôi dưỡng", "Caretaker")])])],
       [document("relation_proof", "Giấy tờ chứng minh quan hệ thân nhân", "Proof of the relationship")],
       ["xác nhận thân nhân người có công", "thẻ bảo hiểm thân nhân", "relative of person with merit"], days=5))
MEMBERS = field("members", "group", "Thành viên hộ gia đình", "Household members", min_items=0, max_items=20, item_label=T("Thành viên", "Member"), fields=[
    field("full_name", "full_name", "Họ, chữ đệm và tên", "Full name"),
    field("dob", "date", "Ngày sinh", "Date of birth", not_future=True),
    text("relation_to_head", "Quan hệ với chủ hộ", "Relationship to the head")])
HEAD = person("head", "chủ hộ", "head of household", ("full_name", "dob", "sex", "id_number", "permanent_address"))
add(xh("1.011606", ("Công nhận hộ nghèo, hộ cận nghèo; hộ thoát nghèo, hộ thoát cận nghèo định kỳ hằng năm", "Annual recognition of poor and near-poor households"),
       ("Giảm nghèo", "Poverty reduction"), ["Nghị định 07/2021/NĐ-CP (chuẩn nghèo đa chiều)", "Quyết định 24/2021/QĐ-TTg"], SRC_GN,
       [step("household", "Hộ gia đình", "Household", HEAD + [
           select("request_type", "Đề nghị", "Request", [("poor", "Công nhận hộ nghèo", "Poor household"), ("near_poor", "Công nhận hộ cận nghèo", "Near-poor household"),
                                                         ("exit_poor", "Công nhận thoát nghèo", "Leaving poverty"), ("exit_near_poor", "Công nhận thoát cận nghèo", "Leaving near-poverty")]),
           money("monthly_income", "Thu nhập bình quân đầu người/tháng (ước tính)", "Monthly income per person (estimate)", min=0, max=100000000, required=False),
           MEMBERS])],
       [], ["hộ nghèo", "hộ cận nghèo", "sổ hộ nghèo", "thoát nghèo", "poor household"], days=15,
       unv=[]))
PROCS[-1]["unverified"] = [u for u in PROCS[-1]["unverified"] if u["path"] != "documents"]
add(xh("1.011609", ("Công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình",
                    "Recognising farming, forestry, fishing and salt households of average living standard"),
       ("Giảm nghèo", "Poverty reduction"), ["Nghị định 07/2021/NĐ-CP", "Quyết định 24/2021/QĐ-TTg"], SRC_GN,
       [step("household", "Hộ gia đình", "Household", HEAD + [
           select("sector", "Lĩnh vực", "Sector", [("agriculture", "Nông nghiệp", "Agriculture"), ("forestry", "Lâm nghiệp", "Forestry"),
                                                   ("fishery", "Ngư nghiệp", "Fishery"), ("salt", "Diêm nghiệp", "Salt")]), MEMBERS])],
       [], ["hộ mức sống trung bình", "hộ nông nghiệp", "bảo hiểm y tế hộ nông nghiệp", "average living standard household"], days=15))
PROCS[-1]["unverified"] = [u for u in PROCS[-1]["unverified"] if u["path"] != "documents"]

# ---------------------------------------------------------------- land (đất đai)
PARCEL = [text("parcel_number", "Số thửa", "Parcel number", max_length=20), text("map_sheet", "Tờ bản đồ số", "Map sheet", max_length=20),
          number("area_m2", "Diện tích (m²)", "Area (m²)", min=1, max=10000000),
          address("parcel_address", "Địa chỉ thửa đất", "Parcel address", require_street=False)]
OWNER = person("owner", "người sử dụng đất", "land user", ("full_name", "dob", "sex", "id_number", "permanent_address"))
CERT = [text("certificate_number", "Số phát hành Giấy chứng nhận", "Certificate serial number", max_length=30),
        date("certificate_date", "Ngày cấp", "Date issued", not_future=True)]
DD_FEES = [rate(0, note=("Lệ phí cấp Giấy chứng nhận do HĐND tỉnh quy định", "Fee set by each province")),
           rate(0, province="31", channel="online", note=("Nghị quyết 23/2026/NQ-HĐND Hải Phòng: 0 đ khi nộp trực tuyến", "Hải Phòng resolution 23/2026: 0 VND online"))]
R_DD_FEE = ("fees.rates.0", "Lệ phí, phí thẩm định khi nộp trực tiếp theo Nghị quyết 34/2025/NQ-HĐND Hải Phòng và nghị quyết của từng tỉnh; mức cụ thể chưa đối chiếu / in-person amounts not checked")


def dd(code, name, fields, documents, keywords, *, days=20, fees=None, unv=(), agency=XA):
    return structured(code=code, name=name, level="mot_phan", field_of_law=DD_FIELD, agency_level="xa", agency=agency,
                      legal_basis=DD_LAW, days=days, fees=fees or DD_FEES, documents=documents,
                      steps=[step("land", "Người sử dụng đất và thửa đất", "Land user and parcel", OWNER + fields)],
                      delivery=("in_person",), keywords=keywords, source=SRC_DD, verified_on=CHECKED,
                      unverified=DEFAULT_UNV + ([R_DD_FEE] if fees is None else []) + list(unv),
                      fee_basis=["Nghị quyết 34/2025/NQ-HĐND Hải Phòng", "Nghị quyết 23/2026/NQ-HĐND Hải Phòng"])

add(dd("1.013978", ("Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu đối với hộ gia đình, cá nhân, cộng đồng dân cư, người gốc Việt Nam định cư ở nước ngoài",
                    "First land registration and land-use certificate for households and individuals"),
       PARCEL + [select("land_use", "Mục đích sử dụng", "Land use", [("residential", "Đất ở", "Residential"), ("agricultural", "Đất nông nghiệp", "Agricultural"), ("other", "Khác", "Other")]),
                 yes_no("has_origin_papers", "Có giấy tờ về quyền sử dụng đất", "Has papers on the land-use right")],
       [document("origin_papers", "Giấy tờ về quyền sử dụng đất (Điều 137 Luật Đất đai)", "Papers on the land-use right (art. 137 Land Law)", required="has_origin_papers"),
        document("asset_papers", "Giấy tờ về tài sản gắn liền với đất (nếu đăng ký)", "Papers on assets on the land (if registered)", required=False),
        document("financial", "Chứng từ thực hiện nghĩa vụ tài chính, giấy tờ miễn, giảm (nếu có)", "Receipts of financial obligations (if any)", required=False)],
       ["làm sổ đỏ", "cấp sổ đỏ lần đầu", "giấy chứng nhận quyền sử dụng đất", "land certificate"]))
add(dd("1.012818", ("Thu hồi Giấy chứng nhận đã cấp lần đầu không đúng quy định của pháp luật đất đai do người sử dụng đất, chủ sở hữu tài sản gắn liền với đất phát hiện và cấp lại Giấy chứng nhận sau khi thu hồi",
                    "Withdrawing a wrongly issued first land certificate reported by the holder, and reissuing it"),
       CERT + [long_text("error_description", "Nội dung cấp không đúng quy định", "What was issued wrongly", max_length=2000)],
       [document("certificate", "Bản gốc Giấy chứng nhận đã cấp", "The original certificate", form="original")],
       ["thu hồi sổ đỏ", "cấp lại sổ đỏ sai", "withdraw land certificate"]))
add(dd("1.013949", ("Giao đất, cho thuê đất, chuyển mục đích sử dụng đất đối với trường hợp giao đất, cho thuê đất không đấu giá quyền sử dụng đất, không đấu thầu lựa chọn nhà đầu tư thực hiện dự án có sử dụng đất; trường hợp giao đất, cho thuê đất thông qua đấu thầu lựa chọn nhà đầu tư thực hiện dự án có sử dụng đất; giao đất và giao rừng; cho thuê đất và cho thuê rừng, gia hạn sử dụng đất khi hết thời hạn sử dụng đất",
                    "Land allocation, lease, change of land use or extension of the land-use term"),
       PARCEL + [select("request_type", "Đề nghị", "Request", [("allocation", "Giao đất", "Allocation"), ("lease", "Thuê đất", "Lease"),
                                                              ("change_purpose", "Chuyển mục đích sử dụng đất", "Change of land use"), ("extend", "Gia hạn sử dụng đất", "Extension")]),
                 text("current_use", "Mục đích sử dụng hiện tại", "Current use", required=False),
                 text("requested_use", "Mục đích sử dụng đề nghị", "Requested use")],
       [document("certificate", "Giấy chứng nhận quyền sử dụng đất đã cấp", "Existing land certificate", required="request_type == 'change_purpose' or request_type == 'extend'")],
       ["chuyển mục đích sử dụng đất", "lên thổ cư", "thuê đất", "gia hạn sử dụng đất", "change land use"]))
add(dd("1.012812", ("Hòa giải tranh chấp đất đai", "Land dispute mediation"),
       [address("parcel_address", "Địa chỉ thửa đất tranh chấp", "Address of the disputed parcel", require_street=False),
        field("partner_name", "full_name", "Họ và tên bên tranh chấp", "Name of the other party", vocab="partner.full_name"),
        field("partner_address", "address", "Địa chỉ bên tranh chấp", "Address of the other party", vocab="partner.permanent_address"),
        long_text("dispute", "Nội dung tranh chấp", "What the dispute is about", max_length=3000)],
       [document("evidence", "Giấy tờ, tài liệu liên quan (nếu có)", "Related papers (if any)", required=False)],
       ["tranh chấp đất đai", "hòa giải đất", "land dispute"], days=30, fees=[rate(0)],
       unv=[("fees", "Không thu phí theo quy định chung về hòa giải cơ sở; chưa đối chiếu / no fee by the general rule, not checked")]))
add(dd("1.012796", ("Đính chính Giấy chứng nhận đã cấp lần đầu có sai sót", "Correcting errors in a first-issued land certificate"),
       CERT + [long_text("error_description", "Nội dung sai sót", "The error", max_length=2000)],
       [document("certificate", "Bản gốc Giấy chứng nhận đã cấp", "The original certificate", form="original")],
       ["đính chính sổ đỏ", "sửa sai sổ đỏ", "correct land certificate"], days=10))

# ---------------------------------------------------------------- associations, festivals, schools, LPG
HOI_FIELD = ("Hội, tổ chức phi chính phủ", "Associations")
HOI_LAW = ["Nghị định 126/2024/NĐ-CP về tổ chức, hoạt động và quản lý hội"]


def other(code, name, fol, law, source, steps, documents, keywords, *, days=30, fees=None, unv=(), agency=XA, delivery=("in_person",)):
    return structured(code=code, name=name, level="mot_phan", field_of_law=fol, agency_level="xa", agency=agency,
                      legal_basis=law, days=days, fees=fees or [rate(0)], documents=documents, steps=steps, delivery=delivery,
                      keywords=keywords, source=source, verified_on=CHECKED,
                      unverified=DEFAULT_UNV + ([R_FEES] if fees else [("fees", "Không thấy quy định thu phí; chưa đối chiếu / no fee found, not checked")]) + list(unv))

add(other("1.013702", ("Công nhận ban vận động thành lập hội", "Recognising a founding committee of an association"), HOI_FIELD, HOI_LAW, SRC_BNV,
          [step("association", "Hội dự kiến thành lập", "Proposed association",
                [text("association_name", "Tên hội dự kiến", "Proposed name"), long_text("purpose", "Tôn chỉ, mục đích", "Purpose", max_length=2000),
                 number("committee_size", "Số thành viên ban vận động", "Committee members", integer=True, min=3, max=50)])],
          [document("committee_list", "Danh sách, sơ yếu lý lịch thành viên ban vận động", "List and CVs of the committee members")],
          ["thành lập hội", "ban vận động", "association founding committee"]))
add(other("1.013703", ("Thành lập hội", "Founding an association"), HOI_FIELD, HOI_LAW, SRC_BNV,
          [step("association", "Hội", "Association",
                [text("association_name", "Tên hội", "Name"), address("office_address", "Trụ sở", "Office address"),
                 number("founding_members", "Số hội viên đăng ký", "Founding members", integer=True, min=10, max=100000)])],
          [document("charter", "Dự thảo điều lệ hội", "Draft charter"), document("founders", "Danh sách hội viên sáng lập", "List of founding members"),
           document("office_proof", "Giấy tờ về trụ sở", "Proof of the office")],
          ["thành lập hội", "đăng ký hội", "found association"]))
add(other("1.003622", ("Thông báo tổ chức lễ hội cấp xã", "Notifying a commune-level festival"), ("Văn hóa", "Culture"),
          ["Nghị định 110/2018/NĐ-CP về quản lý và tổ chức lễ hội"], SRC_VH,
          [step("festival", "Lễ hội", "Festival",
                [text("festival_name", "Tên lễ hội", "Festival name"), address("festival_address", "Địa điểm", "Place", require_street=False),
                 date("start_date", "Ngày bắt đầu", "Start date"), date("end_date", "Ngày kết thúc", "End date", after_field="start_date"),
                 number("participants", "Số người tham gia dự kiến", "Expected participants", integer=True, min=1, max=1000000, required=False)])],
          [document("programme", "Kế hoạch, chương trình tổ chức lễ hội", "Festival plan and programme")],
          ["lễ hội", "tổ chức lễ hội", "festival"], days=5))
add(other("2.002481", ("Chuyển trường đối với học sinh trung học cơ sở", "Transferring a lower-secondary pupil"), ("Giáo dục", "Education"),
          ["Thông tư 50/2021/TT-BGDĐT (chuyển trường)"], SRC_GD,
          [step("student", "Học sinh", "Pupil", person("child", "học sinh", "pupil", ("full_name", "dob", "sex")) + [
              text("from_school", "Trường đang học", "Current school"), text("to_school", "Trường xin chuyển đến", "School to transfer to"),
              select("grade", "Lớp", "Grade", [("6", "Lớp 6", "Grade 6"), ("7", "Lớp 7", "Grade 7"), ("8", "Lớp 8", "Grade 8"), ("9", "Lớp 9", "Grade 9")]),
              long_text("reason", "Lý do chuyển trường", "Reason", max_length=1000)])],
          [document("school_record", "Học bạ", "School record", form="original"),
           document("referral", "Giấy giới thiệu chuyển trường", "Transfer letter", required=False)],
          ["chuyển trường", "xin chuyển trường cấp 2", "school transfer"], days=3, agency=("Trường trung học cơ sở nơi chuyển đến", "Receiving lower-secondary school")))
add(other("2.001283", ("Cấp Giấy chứng nhận đủ điều kiện cửa hàng bán lẻ LPG chai", "Certificate of eligibility for a bottled-LPG retail shop"),
          ("Kinh doanh khí", "Gas trading"), ["Nghị định 87/2018/NĐ-CP về kinh doanh khí", "Thông tư 168/2016/TT-BTC (phí thẩm định)"], SRC_HKD,
          [step("shop", "Cửa hàng", "Shop", [text("shop_name", "Tên cửa hàng", "Shop name"), address("shop_address", "Địa chỉ cửa hàng", "Shop address"),
                                             text("supplier", "Thương nhân cung cấp LPG chai", "LPG supplier"),
                                             number("storage_area_m2", "Diện tích kho chứa (m²)", "Storage area (m²)", min=1, max=10000)])],
          [document("business_registration", "Bản sao giấy chứng nhận đăng ký doanh nghiệp / hộ kinh doanh", "Copy of the business registration"),
           document("fire_safety", "Giấy tờ về phòng cháy, chữa cháy", "Fire-safety papers"),
           document("training", "Chứng nhận huấn luyện kỹ thuật an toàn của nhân viên", "Staff safety training certificates")],
          ["bán gas", "cửa hàng gas", "LPG chai", "LPG shop"], days=15, fees=[rate(600000)]))

# ---------------------------------------------------------------- police residence
KINH_GUI = text("kinh_gui", "Kính gửi (cơ quan đăng ký cư trú)", "To (registration office)", hint=("Ví dụ: Công an xã Vĩnh Bảo", "E.g. Công an xã Vĩnh Bảo"))
REQUEST = long_text("request_content", "Nội dung đề nghị", "Request", max_length=1000)


def cu(code, name, fields, documents, keywords, fees, *, days, unv=()):
    return structured(code=code, name=name, level="mot_phan", field_of_law=CU_FIELD, agency_level="xa", agency=CA_XA,
                      legal_basis=CU_LAW, days=days, fees=fees, documents=documents,
                      steps=[step("residence", "Nội dung đề nghị (tờ khai CT01)", "Request (form CT01)", [KINH_GUI] + fields + [REQUEST])],
                      delivery=("online", "in_person"), keywords=keywords + ["CT01"], source=SRC_BCA, verified_on=CHECKED,
                      unverified=[("fields", "Các trường theo tờ khai CT01 (Thông tư 66/2023/TT-BCA); chưa đối chiếu từng ô / fields follow form CT01, not checked box by box")] + list(unv),
                      fee_basis=["Thông tư 75/2022/TT-BTC"])

add(cu("1.002755", ("Gia hạn tạm trú", "Extending temporary residence"),
       [address("temp_address", "Địa chỉ đang tạm trú", "Temporary residence address"),
        date("stay_until", "Gia hạn đến ngày", "Extend until", not_past=True, hint=("Mỗi lần gia hạn tối đa 02 năm", "At most 2 years each time"))],
       [document("lawful_residence", "Giấy tờ chứng minh chỗ ở hợp pháp (nếu có thay đổi)", "Proof of lawful residence (if changed)", required=False)],
       ["gia hạn", "hết hạn", "extend temporary residence"],
       [rate(15000, note=("Nộp trực tiếp", "In person")), rate(7000, channel="online", note=("Nộp trực tuyến", "Online"))], days=3,
       unv=[("fees", "Áp dụng mức lệ phí đăng ký tạm trú của Thông tư 75/2022/TT-BTC; chưa đối chiếu mức riêng cho gia hạn / the temporary-residence fee is assumed for extensions"),
            ("processing_time", "03 ngày làm việc theo quy định chung về tạm trú; chưa đối chiếu / by the general rule, not checked")]))
REMOVE_REASON = select("removal_reason", "Lý do xóa đăng ký", "Reason", [
    ("deceased", "Người đăng ký đã chết", "The person has died"), ("moved", "Đã đăng ký cư trú nơi khác", "Registered elsewhere"),
    ("absent", "Vắng mặt liên tục quá thời hạn luật định", "Absent beyond the legal period"), ("other", "Trường hợp khác", "Other")])
for code, name, kw in [("1.003197", ("Xóa đăng ký thường trú", "Removing a permanent residence registration"), ["xóa hộ khẩu", "xóa thường trú"]),
                       ("1.010028", ("Xóa đăng ký tạm trú", "Removing a temporary residence registration"), ["xóa tạm trú", "hủy tạm trú"])]:
    add(cu(code, name,
           person("subject", "người bị xóa đăng ký", "person whose registration is removed", ("full_name", "dob", "sex", "id_number")) +
           [address("registered_address", "Địa chỉ đang đăng ký", "Registered address"), REMOVE_REASON],
           [document("reason_proof", "Giấy tờ chứng minh thuộc trường hợp xóa đăng ký (nếu có)", "Proof of the reason (if any)", required=False)],
           kw + ["remove residence registration"], [rate(0)], days=1,
           unv=[("fees", "Thông tư 75/2022/TT-BTC không quy định lệ phí xóa đăng ký; chưa đối chiếu / no fee seen, not checked"),
                ("processing_time", "01 ngày làm việc theo quy định chung; chưa đối chiếu / by the general rule, not checked")]))
