"""The workbook's sheets and columns (XLSForm in spirit: one row per thing, ``label::vi`` for
languages, ``begin_group``/``end_group`` rows for repeatable groups, option lists on their own
sheet). One table drives the importer, the exporter and the template's explanation sheet, so the
three never drift apart.

Cell kinds: ``text`` (NFC), ``lines`` (one item per line), ``words`` (items separated by spaces),
``bool`` (yes/no, có/không, true/false, 1/0), ``int``, ``number``, ``date`` (YYYY-MM-DD or a date
cell), ``code`` (national code; a number cell 1.0012 is read with six decimals).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    help_vi: str
    example: str = ""


def _bilingual(name: str, help_vi: str, example_vi: str = "", example_en: str = "") -> list[Column]:
    return [Column(f"{name}::vi", "text", f"{help_vi} (tiếng Việt)", example_vi),
            Column(f"{name}::en", "text", f"{help_vi} (tiếng Anh)", example_en)]


CODE = Column("code", "code", "Mã thủ tục quốc gia (dạng 1.001193), dòng này thuộc thủ tục nào", "1.004859")

PROCEDURE = [
    CODE,
    Column("kind", "text", "structured (có biểu mẫu riêng ở trang fields) hoặc generic (chỉ cần danh sách "
                           "giấy tờ: ứng dụng tự tạo các bước người nộp, giấy tờ, cam đoan)", "generic"),
    *_bilingual("name", "Tên chính thức của thủ tục", "Đăng ký lại khai sinh", "Re-registration of a birth"),
    Column("level", "text", "toan_trinh (mức 4, toàn trình) hoặc mot_phan (mức 3, một phần)", "mot_phan"),
    *_bilingual("field_of_law", "Lĩnh vực", "Hộ tịch", "Civil status"),
    Column("agency_level", "text", "Cấp cơ quan giải quyết: xa, tinh hoặc bo", "xa"),
    *_bilingual("agency", "Cơ quan có thẩm quyền giải quyết", "UBND cấp xã", "Commune People's Committee"),
    Column("legal_basis", "lines", "Căn cứ pháp lý, mỗi văn bản một dòng (Alt+Enter để xuống dòng)",
           "Luật Hộ tịch số 60/2014/QH13"),
    Column("processing_days", "int", "Thời hạn giải quyết, số ngày làm việc (0 = trong ngày)", "5"),
    Column("rule_15h", "bool", "yes: hồ sơ nhận sau 15 giờ tính từ ngày làm việc tiếp theo", "no"),
    *_bilingual("processing_note", "Ghi chú về thời hạn"),
    Column("fees_quantity_field", "text", "Trường (hoặc giá trị tính toán) chứa số lượng khi lệ phí tính "
                                          "theo bản / trang / người", ""),
    Column("fees_basis", "lines", "Căn cứ thu phí, lệ phí, mỗi văn bản một dòng", ""),
    *_bilingual("fees_note", "Ghi chú về lệ phí (ví dụ biểu phí theo trang)"),
    Column("delivery_options", "words", "Cách nhận kết quả, cách nhau bởi dấu cách: online post in_person",
           "in_person"),
    Column("payment_options", "words", "Cách thanh toán (chỉ mức 4): online bank_transfer at_counter", ""),
    Column("keywords", "lines", "Từ khóa tìm kiếm (cách người dân gọi), mỗi từ khóa một dòng", "làm lại giấy khai sinh"),
    Column("source", "text", "Nguồn dữ liệu: quyết định công bố hoặc trang Cổng DVC đã đối chiếu",
           "QĐ công bố TTHC của UBND tỉnh; Cổng DVC quốc gia, mã 1.004859"),
    Column("verified_on", "date", "Ngày đối chiếu với nguồn (YYYY-MM-DD)", "2026-11-28"),
    Column("withdrawn", "bool", "yes: bãi bỏ thủ tục (rời danh mục và tìm kiếm; hồ sơ đang làm vẫn dùng được)",
           "no"),
]

FIELDS = [
    CODE,
    Column("type", "text", "Loại dòng: step (bắt đầu một bước), begin_group / end_group (nhóm lặp lại), hoặc loại "
                           "trường: text long_text full_name personal_id old_id phone email date number money "
                           "select radio checkbox yes_no address document consent", "full_name"),
    Column("id", "text", "Mã của bước / trường: chữ thường không dấu, số, dấu gạch dưới (applicant_name)",
           "applicant_name"),
    *_bilingual("label", "Nhãn hiển thị (với dòng step: tiêu đề bước)", "Họ, chữ đệm và tên", "Full name"),
    *_bilingual("hint", "Gợi ý dưới nhãn"),
    Column("required", "bool", "yes: bắt buộc", "yes"),
    Column("required_if", "text", "Bắt buộc khi biểu thức đúng, ví dụ delivery == 'post'"),
    Column("visible_if", "text", "Chỉ hỏi khi biểu thức đúng (cả với dòng step)"),
    Column("choices", "text", "Tên danh sách lựa chọn ở trang choices (cho select, radio, checkbox)"),
    Column("default", "text", "Giá trị ban đầu (như khi gõ: 1 cho số lượng; mã lựa chọn; yes/no; nhiều lựa chọn "
                              "cách nhau bởi dấu cách)"),
    Column("derive", "text", "Biểu thức tính ra giá trị: trường chỉ hiển thị, không hỏi (ví dụ age(applicant_dob))"),
    Column("same_as", "text", "Lấy giá trị của trường khác (ví dụ applicant_name) khi same_as_when đúng"),
    Column("same_as_when", "text", "Điều kiện của same_as, ví dụ applicant_relation == 'self'"),
    Column("vocab", "text", "Nghĩa trong bộ từ vựng chung <vai trò>.<thuộc tính>, ví dụ applicant.full_name",
           "applicant.full_name"),
    Column("min_length", "int", "Số ký tự tối thiểu (text)"),
    Column("max_length", "int", "Số ký tự tối đa (text, long_text, full_name, email)"),
    Column("pattern", "text", "Mẫu (biểu thức chính quy) cho text"),
    Column("min", "number", "Giá trị nhỏ nhất (number, money)"),
    Column("max", "number", "Giá trị lớn nhất (number, money)"),
    Column("integer", "bool", "yes: chỉ số nguyên (number)"),
    Column("min_items", "int", "Số mục tối thiểu (checkbox, nhóm lặp lại)"),
    Column("max_items", "int", "Số mục tối đa (checkbox, nhóm lặp lại)"),
    Column("not_future", "bool", "yes: ngày không được sau hôm nay"),
    Column("not_past", "bool", "yes: ngày không được trước hôm nay"),
    Column("min_years_before_field", "text", "Ngày này phải trước trường (hoặc today) ít nhất số năm ở cột sau"),
    Column("min_years_before_years", "int", "Số năm của min_years_before_field"),
    Column("after_field", "text", "Ngày này phải sau trường ngày này"),
    Column("before_field", "text", "Ngày này phải trước trường ngày này"),
    Column("dob_field", "text", "Trường ngày sinh để kiểm tra số định danh (personal_id)", "applicant_dob"),
    Column("sex_field", "text", "Trường giới tính để kiểm tra số định danh (personal_id)", "applicant_sex"),
    Column("allow_old_id", "bool", "yes: chấp nhận CMND 9 số (personal_id)"),
    Column("require_street", "bool", "yes: địa chỉ phải có số nhà, đường (address)"),
    Column("document", "text", "Mã giấy tờ ở trang documents mà ô tải lên này nhận (document)"),
    *_bilingual("text", "Nội dung lời đồng ý / cam đoan (consent)"),
    *_bilingual("item_label", "Tên một mục của nhóm lặp lại (begin_group), ví dụ Thành viên"),
]

CHOICES = [
    Column("code", "code", "Mã thủ tục; để trống nếu danh sách dùng chung cho mọi thủ tục trong tệp"),
    Column("list_name", "text", "Tên danh sách (cột choices ở trang fields)", "sex"),
    Column("value", "text", "Mã lựa chọn: chữ thường không dấu, số, dấu gạch dưới", "nam"),
    *_bilingual("label", "Nhãn lựa chọn", "Nam", "Male"),
]

DOCUMENTS = [
    CODE,
    Column("id", "text", "Mã giấy tờ", "birth_cert_copy"),
    *_bilingual("name", "Tên giấy tờ", "Bản sao Giấy khai sinh cũ (nếu có)", "Copy of the old birth certificate"),
    Column("form", "text", "original (bản chính), copy (bản sao), certified_copy (bản sao chứng thực), electronic",
           "copy"),
    Column("count", "int", "Số lượng", "1"),
    Column("required", "bool", "yes: bắt buộc", "no"),
    Column("required_if", "text", "Bắt buộc khi biểu thức đúng"),
    Column("accept", "words", "Định dạng tệp nhận, cách nhau bởi dấu cách", "application/pdf image/jpeg image/png"),
    Column("max_size_mb", "number", "Dung lượng tối đa mỗi tệp (MB)", "10"),
    *_bilingual("note", "Ghi chú"),
]

FEES = [
    CODE,
    Column("type", "text", "rate (một mức phí, lệ phí) hoặc exemption (một đối tượng được miễn)", "rate"),
    Column("part", "text", "Khoản phí (để trống nếu chỉ có một khoản; ví dụ registration, copies)"),
    Column("province", "text", "Mã tỉnh 2025 (31 = Hải Phòng, 01 = Hà Nội) hoặc * cho mọi tỉnh", "*"),
    Column("channel", "text", "Kênh nộp: in_person, online hoặc * cho mọi kênh", "*"),
    Column("amount", "int", "Số tiền (đồng)", "0"),
    Column("per", "text", "Tính theo: dossier (hồ sơ), copy (bản), page (trang), person (người)", "dossier"),
    *_bilingual("label", "rate: tên khoản phí; exemption: đối tượng được miễn"),
    *_bilingual("note", "rate: ghi chú (ví dụ nghị quyết HĐND quy định mức này)"),
]

RULES = [
    CODE,
    Column("id", "text", "Mã quy tắc"),
    Column("check", "text", "Biểu thức phải đúng, ví dụ age(applicant_dob) >= 18"),
    Column("fields", "words", "Các trường nhận thông báo lỗi, cách nhau bởi dấu cách"),
    Column("message", "text", "Mã thông báo lỗi trong danh mục thông báo của ứng dụng"),
    Column("params", "lines", "Tham số của thông báo, mỗi dòng tên: biểu thức"),
]

COMPUTED = [
    CODE,
    Column("id", "text", "Mã giá trị tính toán (fee_total: tổng lệ phí khi không phải phép nhân đơn giản)"),
    Column("expr", "text", "Biểu thức"),
]

UNVERIFIED = [
    CODE,
    Column("path", "text", "Giá trị chưa được nguồn xác nhận: code, agency, processing_time, fees, fees.rates.0, "
                           "documents, documents.<mã giấy tờ>, fields.<mã trường>, legal_basis ...", "documents"),
    Column("reason", "text", "Lý do", "Quyết định công bố không nêu thành phần hồ sơ"),
]

SHEETS: dict[str, list[Column]] = {
    "procedure": PROCEDURE, "fields": FIELDS, "choices": CHOICES, "documents": DOCUMENTS, "fees": FEES,
    "rules": RULES, "computed": COMPUTED, "unverified": UNVERIFIED,
}
SHEET_HELP = {
    "procedure": "Mỗi dòng một thủ tục",
    "fields": "Các bước và trường của biểu mẫu, theo thứ tự hỏi (dòng step mở một bước mới)",
    "choices": "Các danh sách lựa chọn",
    "documents": "Thành phần hồ sơ",
    "fees": "Mức phí, lệ phí theo tỉnh và kênh nộp; các đối tượng được miễn",
    "rules": "Quy tắc kiểm tra giữa các trường",
    "computed": "Giá trị tính toán",
    "unverified": "Những giá trị nguồn chưa xác nhận, kèm lý do",
}
HELP_SHEET = "huong_dan"  # the explanation sheet of the template; ignored on import
REQUIRED_COLUMNS = {"procedure": {"code"}, "fields": {"code", "type"}, "choices": {"list_name", "value"},
                    "documents": {"code", "id"}, "fees": {"code", "type"}, "rules": {"code", "id"},
                    "computed": {"code", "id"}, "unverified": {"code", "path"}}
