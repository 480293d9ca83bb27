"""Short, list-friendly view of a procedure (fee text, time text, flags)."""
from __future__ import annotations

from pydantic import BaseModel

from .schema import Procedure, T


class NeedsVerification(BaseModel):
    fees: bool
    processing_time: bool
    code: bool
    agency: bool


class ProcedureSummary(BaseModel):
    code: str
    name: T
    level: str
    field_of_law: T
    agency_level: str
    fee_summary: T
    processing_time: T
    document_count: int
    needs_verification: NeedsVerification
    keywords: list[str]  # so the browser can search the cached summaries offline


def format_money(amount: int, lang: str = "vi") -> str:
    """8000 -> "8.000 đ" (vi) / "8,000 VND" (en)."""
    grouped = f"{amount:,}"
    return f"{grouped.replace(',', '.')} đ" if lang == "vi" else f"{grouped} VND"


def fee_summary(proc: Procedure) -> T:
    fees = proc.fees
    if fees.amount == 0:
        return T(vi="Miễn phí", en="Free")
    vi, en = format_money(fees.amount, "vi"), format_money(fees.amount, "en")
    if fees.per_copy:
        return T(vi=f"{vi}/bản", en=f"{en}/copy")
    if fees.unit:
        return T(vi=f"{vi}/{fees.unit.vi}", en=f"{en}/{fees.unit.en}")
    return T(vi=vi, en=en)


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


def summarize(proc: Procedure) -> ProcedureSummary:
    return ProcedureSummary(
        code=proc.code,
        name=proc.name,
        level=proc.level,
        field_of_law=proc.field_of_law,
        agency_level=proc.agency_level,
        fee_summary=fee_summary(proc),
        processing_time=time_summary(proc),
        document_count=len(proc.documents),
        needs_verification=NeedsVerification(
            fees=proc.fees.needs_verification,
            processing_time=proc.processing_time.needs_verification,
            code=proc.code_needs_verification,
            agency=proc.agency_needs_verification,
        ),
        keywords=list(proc.keywords),
    )
