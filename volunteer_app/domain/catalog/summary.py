"""Short, list-friendly view of a procedure (fee text, time text, what is not yet checked)."""
from __future__ import annotations

from pydantic import BaseModel

from . import unverified
from .fees import ANY, parts
from .schema import Procedure, T

PER_TEXT = {"copy": ("bản", "copy"), "page": ("trang", "page"), "person": ("người", "person")}


class ProcedureSummary(BaseModel):
    code: str
    kind: str
    name: T
    level: str
    field_of_law: T
    agency_level: str
    fee_summary: T
    processing_time: T
    document_count: int
    unverified: list[str]  # roots of the unverified paths (fees, processing_time, code, ...)
    keywords: list[str]  # so the browser can search the cached summaries offline


def format_money(amount: int, lang: str = "vi") -> str:
    """8000 -> "8.000 đ" (vi) / "8,000 VND" (en)."""
    grouped = f"{amount:,}"
    return f"{grouped.replace(',', '.')} đ" if lang == "vi" else f"{grouped} VND"


def _amount_text(amount: int, per: str, lang: str) -> str:
    if amount == 0:
        return "Miễn phí" if lang == "vi" else "Free"
    text = format_money(amount, lang)
    unit = PER_TEXT.get(per)
    return f"{text}/{unit[0] if lang == 'vi' else unit[1]}" if unit else text


def fee_summary(proc: Procedure) -> T:
    """The general rate (any province, any channel) of each part: "8.000 đ/bản", "Miễn phí",
    "Lệ phí đăng ký: Miễn phí · Bản sao trích lục: 8.000 đ/bản"."""
    texts = {"vi": [], "en": []}
    fee_parts = parts(proc.fees.model_dump(mode="json", exclude_none=True))
    for _, rates in fee_parts:
        rate = next((r for r in rates if r["province"] == ANY and r["channel"] == ANY), rates[0])
        label = next((r["label"] for r in rates if r.get("label")), None)
        for lang in texts:
            text = _amount_text(rate["amount"], rate["per"], lang)
            texts[lang].append(f"{label[lang]}: {text}" if label and len(fee_parts) > 1 else text)
    if all(r.amount == 0 for r in proc.fees.rates):
        return T(vi="Miễn phí", en="Free")
    return T(vi=" · ".join(texts["vi"]), en=" · ".join(texts["en"]))


def time_summary(proc: Procedure) -> T:
    pt = proc.processing_time
    if pt.working_days == 0:
        vi, en = "Trong ngày", "Same day"
    elif pt.working_days == 1:
        vi, en = "1 ngày làm việc", "1 working day"
    else:
        vi, en = f"{pt.working_days} ngày làm việc", f"{pt.working_days} working days"
    if pt.rule_15h:
        # Dossiers received after 15:00 count from the next working day.
        vi += " (nhận sau 15:00 thì tính từ ngày làm việc tiếp theo)"
        en += " (received after 15:00: from the next working day)"
    return T(vi=vi, en=en)


# What the browser keeps offline for every procedure: just what the list shows and search reads.
LIST_KEYS = ("code", "kind", "name", "level", "field_of_law", "keywords")


def list_item(data: dict) -> dict:
    """The offline list entry of a procedure (its JSON definition, expanded or not)."""
    return {key: data[key] for key in LIST_KEYS if key in data}


def summarize(proc: Procedure) -> ProcedureSummary:
    return ProcedureSummary(
        code=proc.code,
        kind=proc.kind,
        name=proc.name,
        level=proc.level,
        field_of_law=proc.field_of_law,
        agency_level=proc.agency_level,
        fee_summary=fee_summary(proc),
        processing_time=time_summary(proc),
        document_count=len(proc.documents),
        unverified=unverified.areas(proc),
        keywords=list(proc.keywords),
    )
