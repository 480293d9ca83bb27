"""Generic procedures of the commune list of Vĩnh Bảo (Hải Phòng): codes, official names and the
decisions that publish them (vinhbao_generic.tsv). The list gives no document list, time limit,
fee or online level: those are marked ``unverified`` with the reason, and the generic wizard
accepts the filled declaration form and any further document the citizen brings."""
from __future__ import annotations

from pathlib import Path

from blocks import T

CHECKED = "2026-11-30"
HERE = Path(__file__).resolve().parent

FIELDS = {
    "HT": ("Hộ tịch", "Civil status", 5), "NCN": ("Nuôi con nuôi", "Adoption", 30), "QT": ("Quốc tịch", "Nationality", 60),
    "CT": ("Chứng thực", "Certification", 2), "TGPL": ("Trợ giúp pháp lý", "Legal aid", 10),
    "DG": ("Đấu giá tài sản", "Asset auctions", 15), "TH": ("Thừa phát lại", "Bailiffs", 15),
    "HGCS": ("Hòa giải ở cơ sở", "Grassroots mediation", 10), "BTNN": ("Bồi thường nhà nước", "State compensation", 30),
    "DB": ("Đường bộ", "Road transport", 5), "XNK": ("Xuất nhập khẩu", "Import and export", 10),
    "KCB": ("Khám bệnh, chữa bệnh", "Medical examination and treatment", 15), "LD": ("Lao động, giáo dục nghề nghiệp", "Labour and vocational training", 15),
    "TG": ("Tín ngưỡng, tôn giáo", "Belief and religion", 30), "HOI": ("Hội, quỹ", "Associations and funds", 30),
    "DD": ("Đất đai", "Land", 20), "DBDB": ("Đăng ký biện pháp bảo đảm", "Secured transactions", 3),
    "MT": ("Môi trường", "Environment", 15), "NN": ("Nông nghiệp và môi trường", "Agriculture and environment", 15),
    "LN": ("Lâm nghiệp", "Forestry", 15), "BHDC": ("Quản lý bán hàng đa cấp", "Multi-level marketing", 10),
    "BC": ("Báo chí", "Press", 15), "VB": ("Văn bằng, chứng chỉ", "Diplomas and certificates", 15),
    "GD": ("Giáo dục và đào tạo", "Education", 20), "HH": ("Đường thủy nội địa", "Inland waterways", 10),
    "CA": ("Chính sách (Công an)", "Police welfare", 15), "VL": ("Việc làm", "Employment", 15),
    "LDNN": ("Quản lý lao động ngoài nước", "Overseas labour", 5), "BTXH": ("Bảo trợ xã hội", "Social protection", 5),
    "VH": ("Văn hóa", "Culture", 15), "KHCN": ("Khoa học và công nghệ", "Science and technology", 15),
    "CC": ("Công chức, công vụ", "Civil service", 30), "DKDN": ("Đăng ký doanh nghiệp", "Business registration", 3),
    "TE": ("Trẻ em", "Children", 15), "XLD": ("Xử lý đơn", "Petitions", 10), "TCD": ("Tiếp công dân", "Citizen reception", 0),
    "TC": ("Tố cáo", "Denunciations", 30), "KN": ("Khiếu nại", "Complaints", 30), "XC": ("Xuất cảnh, nhập cảnh", "Exit and entry", 10),
    "LT": ("Liên thông thủ tục hành chính", "Linked procedures", 5), "NV": ("Nội vụ", "Home affairs", 15),
}

_CITY = "https://namsach.haiphong.gov.vn/cong-khai-danh-muc-thu-tuc-hanh-chinh"
SOURCES = {
    "3500": f"Quyết định 3500/QĐ-UBND ngày 30/8/2026 của UBND TP Hải Phòng (tiếp nhận tại Trung tâm PVHCC cấp xã), {_CITY}",
    "3508": f"Quyết định 3508/QĐ-UBND ngày 03/9/2026 của UBND TP Hải Phòng (tiếp nhận tại Trung tâm PVHCC cấp xã), {_CITY}",
    "3517": f"Quyết định 3517/QĐ-UBND ngày 03/9/2026 của UBND TP Hải Phòng (tiếp nhận tại Trung tâm PVHCC cấp xã), {_CITY}",
    "3523": f"Quyết định 3523/QĐ-UBND ngày 04/9/2026 của UBND TP Hải Phòng (tiếp nhận tại Trung tâm PVHCC cấp xã), {_CITY}",
    "3582": f"Quyết định 3582/QĐ-UBND ngày 08/9/2026 của UBND TP Hải Phòng, {_CITY}",
    "3584": f"Quyết định 3584/QĐ-UBND ngày 08/9/2026 của UBND TP Hải Phòng (tiếp nhận tại Trung tâm PVHCC cấp xã), {_CITY}",
    "3626": f"Quyết định 3626/QĐ-UBND ngày 10/9/2026 của UBND TP Hải Phòng, {_CITY}",
    "3643": f"Quyết định 3643/QĐ-UBND ngày 11/9/2026 của UBND TP Hải Phòng (tiếp nhận tại Trung tâm PVHCC cấp xã), {_CITY}",
    "3879": f"Quyết định 3879/QĐ-UBND ngày 20/9/2026 của UBND TP Hải Phòng (tiếp nhận tại Trung tâm PVHCC cấp xã), {_CITY}",
    "TP": "Danh mục TTHC lĩnh vực tư pháp thực hiện không phụ thuộc địa giới hành chính, UBND TP Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-tu-phap/danh-muc-thu-tuc-hanh-chinh-thuc-hien-khong-phu-thuoc-vao-dia-gioi-hanh-chinh-trong-pham-vi-than-827521)",
    "TP2320": "Quyết định 2320 công bố TTHC sửa đổi, bổ sung thuộc Sở Tư pháp Hải Phòng theo Quyết định 1444/QĐ-BTP, 1458/QĐ-BTP (https://vinhbao.haiphong.gov.vn/linh-vuc-tu-phap/quyet-dinh-ve-viec-cong-bo-danh-muc-thu-tuc-hanh-chinh-duoc-sua-doi-bo-sung-va-bi-bai-bo-linh-vu-921702)",
    "TP844229": "Danh mục TTHC sửa đổi lĩnh vực hộ tịch, quốc tịch, nuôi con nuôi của Sở Tư pháp Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-tu-phap/danh-muc-thu-tuc-hanh-chinh-duoc-sua-doi-bo-sung-linh-vuc-ho-tich-quoc-tich-nuoi-con-nuoi-boi-th-844229)",
    "CT3152": "Danh mục TTHC chứng thực sửa đổi theo Quyết định 3152/QĐ-BTP (https://vinhbao.haiphong.gov.vn/linh-vuc-tu-phap/danh-muc-thu-tuc-hanh-chinh-duoc-sua-doi-bo-sung-va-bi-bai-bo-linh-vuc-chung-thuc-thuoc-pham-vi--810099)",
    "NV458": "Quyết định 458/QĐ-BNV, danh mục TTHC thuộc Sở Nội vụ Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-noi-vu/danh-muc-thu-tuc-hanh-chinh-moi-ban-hanh-duoc-sua-doi-bo-sung-va-bi-bai-bo-thuoc-pham-vi-chuc-na-895721)",
    "NV11": "Danh mục TTHC lĩnh vực nội vụ thực hiện không phụ thuộc địa giới hành chính, Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-noi-vu/danh-muc-thu-tuc-hanh-chinh-thuc-hien-khong-phu-thuoc-vao-dia-gioi-hanh-chinh-trong-pham-vi-than-824426)",
    "DC1298": "Quyết định 1298/QĐ-BCT, danh mục TTHC lĩnh vực quản lý bán hàng đa cấp (https://vinhbao.haiphong.gov.vn/linh-vuc-bao-ve-quyen-loi-nguoi-tieu-dung/danh-muc-thu-tuc-hanh-chinh-duoc-sua-doi-bo-sung-va-bi-bai-bo-trong-linh-vuc-quan-ly-ban-hang-da-911878)",
    "NN2037": "Quyết định 2037 ngày 30/5/2026 của UBND TP Hải Phòng công bố TTHC lĩnh vực nông nghiệp và môi trường (https://vinhbao.haiphong.gov.vn/linh-vuc-nong-nghiep-va-moi-truong/danh-muc-thu-tuc-hanh-chinh-moi-ban-hanh-sua-doi-bo-sung-thay-the-bi-bai-bo-thuoc-pham-vi-chuc-n-911934)",
    "NN0110": "Quyết định công bố TTHC thuộc Sở Nông nghiệp và Môi trường Hải Phòng theo Quyết định 01/QĐ-BNNMT, 04/QĐ-BNNMT (https://vinhbao.haiphong.gov.vn/linh-vuc-nong-nghiep-va-moi-truong/danh-muc-thu-tuc-hanh-chinh-moi-ban-hanh-sua-doi-bo-sung-bi-bai-bo-thuoc-pham-vi-chuc-nang-cua-s-843171)",
    "GD891324": "Danh mục TTHC sửa đổi lĩnh vực giáo dục thuộc Sở GD&ĐT Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-giao-duc-va-dao-tao-thuoc-he-thong-giao-duc-quoc-dan/danh-muc-thu-tuc-hanh-chinh-duoc-sua-doi-bo-sung-thay-the-bi-bai-bo-linh-vuc-giao-duc-mam-non-gi-891324)",
    "XD1136": "Quyết định 1136/QĐ-BXD; danh mục TTHC thuộc Sở Xây dựng Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-xay-dung-va-cong-thuong/quyet-dinh-cong-bo-danh-muc-thu-tuc-hanh-chinh-duoc-sua-doi-bo-sung-thay-the-bi-bai-bo-thuoc-pha-945437)",
    "DD3266": "Quyết định 3266 công bố TTHC lĩnh vực đất đai, Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-dat-dai/cong-khai-thu-tuc-hanh-chinh-moi-ban-hanh-duoc-sua-doi-bo-sung-linh-vuc-lam-nghiep-kiem-lam-ung--773283)",
    "DD15": "Quyết định 15/QĐ-UBND: nội dung TTHC lĩnh vực đất đai cấp xã (https://vinhbao.haiphong.gov.vn/linh-vuc-dat-dai/cong-khai-thu-tuc-hanh-chinh-moi-ban-hanh-duoc-sua-doi-bo-sung-linh-vuc-lam-nghiep-kiem-lam-ung--773283)",
    "DD3433": "Quyết định 3433/QĐ-UBND của UBND TP Hải Phòng công bố TTHC đặc thù lĩnh vực đất đai (https://vinhbao.haiphong.gov.vn/linh-vuc-dat-dai/quyet-dinh-so-3433-qd-ubnd-cua-ubnd-thanh-pho-cong-bo-thu-tuc-hanh-chinh-dac-thu-duoc-sua-doi-bo-956002)",
    "LN899192": "Danh mục TTHC lĩnh vực lâm nghiệp cấp xã, Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-nong-nghiep-va-moi-truong/danh-muc-thu-tuc-hanh-chinh-moi-ban-hanh-sua-doi-bo-sung-bi-bai-bo-thuoc-pham-vi-chuc-nang-cua-s-899192)",
    "CA807379": "Danh mục TTHC sửa đổi lĩnh vực chính sách thuộc Bộ Công an, công an cấp xã (https://vinhbao.haiphong.gov.vn/linh-vuc-cong-an-cap-xa/danh-muc-thu-tuc-hanh-chinh-sua-doi-bo-sung-linh-vuc-chinh-sach-thuoc-pham-vi-chuc-nang-quan-ly--807379)",
    "TC4510": "Quyết định 4510/QĐ-BTC; danh mục TTHC lĩnh vực thuế, Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-tai-chinh-ke-hoach/thu-tuc-hanh-chinh-duoc-sua-doi-bo-sung-va-bai-bo-trong-linh-vuc-thue-thuoc-pham-vi-chuc-nang-qu-848957)",
    "TC1996": "Quyết định 1996/QĐ-BTC, 1998/QĐ-BTC và 2884/QĐ-UBND, lĩnh vực đăng ký doanh nghiệp (https://vinhbao.haiphong.gov.vn/linh-vuc-tai-chinh-ke-hoach/quyet-dinh-cong-bo-thu-tuc-hanh-chinh-duoc-sua-doi-bo-sung-bi-bai-bo-thuoc-pham-vi-chuc-nang-qua-947762)",
    "VL845673": "Quyết định 4/QĐ-BNV, 1561/QĐ-BNV; danh mục TTHC thuộc Sở Nội vụ Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-quan-ly-lao-dong-ngoai-nuoc/danh-muc-thu-tuc-hanh-chinh-moi-ban-hanh-bi-bai-bo-linh-vuc-nguoi-lao-dong-di-lam-viec-o-nuoc-ng-845673)",
    "VL636": "Quyết định 636/QĐ-BNV, lĩnh vực việc làm (https://vinhbao.haiphong.gov.vn/linh-vuc-viec-lam/cong-bo-danh-muc-thu-tuc-hanh-chinh-moi-ban-hanh-va-bi-bai-bo-linh-vuc-viec-lam-an-toan-ve-sinh--762741)",
    "LD640": "Quyết định 640/QĐ-BNV, lĩnh vực quản lý lao động ngoài nước (https://vinhbao.haiphong.gov.vn/linh-vuc-quan-ly-lao-dong-ngoai-nuoc/cong-bo-danh-muc-thu-tuc-hanh-chinh-moi-ban-hanh-va-bi-bai-bo-linh-vuc-quan-ly-lao-dong-ngoai-nu-762740)",
    "BT2944": "Quyết định 2944/QĐ-BYT; danh mục TTHC lĩnh vực bảo trợ xã hội, Hải Phòng (https://vinhbao.haiphong.gov.vn/linh-vuc-bao-tro-xa-hoi/danh-muc-thu-tuc-hanh-chinh-bi-bai-bo-linh-vuc-bao-tro-xa-hoi-thuoc-pham-vi-chuc-nang-quan-ly-cu-785078)",
    "VH1263": "Quyết định 1263/QĐ-SVHTTDL: TTHC mới lĩnh vực di sản văn hóa cấp xã (https://vinhbao.haiphong.gov.vn/linh-vuc-van-hoa/noi-dung-02-thu-tuc-hanh-chinh-moi-ban-hanh-trong-linh-vuc-di-san-van-hoa-thuoc-tham-quyen-giai--785067)",
    "KH2498": "Quyết định 2498/QĐ-BKHCN, 2527/QĐ-BKHCN (https://vinhbao.haiphong.gov.vn/linh-vuc-van-hoa-khoa-hoc-va-thong-tin/danh-muc-thu-tuc-hanh-chinh-moi-ban-hanh-duoc-sua-doi-bo-sung-thuoc-pham-vi-chuc-nang-quan-ly-cu-911906)",
    "TE2778": "Quyết định 2778/QĐ-BYT ngày 28/8/2026 (https://vinhbao.haiphong.gov.vn/linh-vuc-tre-em/quyet-dinh-so-2778-qd-byt-ngay-28-8-2026-cua-bo-y-te-ve-viec-phe-duyet-phuong-an-tai-cau-truc-ca-957967)",
    "BT2661": "Quyết định 2661/QĐ-UBND ngày 12/7/2026 của UBND TP Hải Phòng, lĩnh vực bồi thường nhà nước (https://vinhbao.haiphong.gov.vn/linh-vuc-boi-thuong-nha-nuoc/quyet-dinh-so-2661-qd-ubnd-ngay-12-7-2026-cua-uy-ban-nhan-dan-thanh-pho-hai-phong-ve-viec-cong-b-933107)",
}
LIST_NOTE = "; danh mục TTHC niêm yết tại Trung tâm Phục vụ hành chính công xã Vĩnh Bảo (vinhbao.haiphong.gov.vn/thu-tuc-hanh-chinh)"

AGENCY = {"t": ("tinh", ("Cơ quan chuyên môn cấp tỉnh (nộp tại Trung tâm Phục vụ hành chính công cấp xã)",
                         "Provincial department (filed at the commune public service centre)")),
          "x": ("xa", ("Ủy ban nhân dân cấp xã", "Commune People's Committee"))}
U = [
    ("level", "Danh mục không ghi mức độ dịch vụ công trực tuyến; mặc định một phần / the list gives no online level; partial assumed"),
    ("agency", "Danh mục không ghi cơ quan giải quyết; suy ra từ quyết định công bố / the list names no agency; inferred from the decision"),
    ("processing_time", "Danh mục không ghi thời hạn; số ngày là ước lượng theo lĩnh vực / the list gives no time limit; the days are an estimate"),
    ("fees", "Danh mục không ghi phí, lệ phí; hỏi cán bộ tiếp nhận / the list gives no fee; ask the receiving officer"),
    ("documents", "Danh mục không liệt kê thành phần hồ sơ; nộp tờ khai đã điền và giấy tờ công dân mang theo / the list gives no documents; file the filled form and the papers brought"),
]
NAME_CUT = ("name", "Tên trong bản trích danh mục bị cắt; phần cuối được bổ sung, cần đối chiếu với quyết định công bố / "
                    "the name is cut in the extracted list; its end was completed and must be checked against the decision")


def procedures() -> list[dict]:
    out = []
    for line in (HERE / "vinhbao_generic.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, fkey, skey, lkey, flags, vi, en = line.split("\t")
        fvi, fen, days = FIELDS[fkey]
        agency_level, agency = AGENCY[lkey]
        unv = list(U) + ([NAME_CUT] if "n" in flags else [])
        decision = SOURCES[skey].split(" (")[0].split(",")[0]
        out.append({
            "kind": "generic", "code": code, "name": T(vi, en), "level": "mot_phan", "field_of_law": T(fvi, fen),
            "agency_level": agency_level, "agency": T(*agency), "legal_basis": [decision],
            "processing_time": {"working_days": days, "rule_15h": False},
            "fees": {"rates": [{"province": "*", "channel": "*", "amount": 0, "per": "dossier"}], "exemptions": [], "basis": []},
            "documents": [], "delivery_options": ["in_person"], "payment_options": [],
            "keywords": [fvi.lower()], "source": SOURCES[skey] + LIST_NOTE, "verified_on": CHECKED,
            "unverified": [{"path": p, "reason": r} for p, r in unv], "withdrawn": False,
        })
    return out
