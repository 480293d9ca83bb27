"""Reports for staff (their centre) and admins (all): daily counts, overdue list, CSV."""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator

from volunteer_app.api.common import QueueRow, errors, http_error
from volunteer_app.api.deps import DbSession, Principal, require_roles
from volunteer_app.domain.deadlines import VN_TZ
from volunteer_app.models import Role, utcnow
from volunteer_app.services import reports as svc
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError

router = APIRouter(prefix="/api/v1/reports", tags=["reports"])

Reader = Annotated[Principal, Depends(require_roles(Role.staff, Role.admin))]


def _iso_only(value):
    """Only YYYY-MM-DD, as the schema says (format: date): pydantic alone also took "0" (1970-01-01)."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a date as YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_only), Query(description="YYYY-MM-DD, local day (Asia/Ho_Chi_Minh)")]


class CountRow(BaseModel):
    day: date
    state: str
    procedure_code: str
    centre_id: int | None
    count: int


def _range(start: date | None, end: date | None) -> tuple[date, date]:
    today = utcnow().astimezone(VN_TZ).date()
    end = end or today
    return start or end - timedelta(days=30), end


@router.get("/daily", response_model=list[CountRow], responses=errors(401, 403, 422))
def daily(principal: Reader, db: DbSession, start: Day = None, end: Day = None) -> list[CountRow]:
    """Dossiers per local day of arrival, current state, procedure and centre (default: last 30 days).
    A range ending before it starts or longer than 366 days gets 422 report.bad_range."""
    try:
        return [CountRow(**r) for r in svc.daily_counts(db, Actor(user=principal.user), *_range(start, end))]
    except ServiceError as exc:
        raise http_error(exc) from None


@router.get("/daily.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}},
                                                                **errors(401, 403, 422)})
def daily_csv(principal: Reader, db: DbSession, start: Day = None, end: Day = None) -> Response:
    """The daily counts as CSV. A range ending before it starts or longer than 366 days gets 422
    report.bad_range."""
    try:
        rows = svc.daily_counts(db, Actor(user=principal.user), *_range(start, end))
    except ServiceError as exc:
        raise http_error(exc) from None
    return Response(svc.counts_csv(rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="tiepsuc-daily.csv"'})


@router.get("/overdue", response_model=list[QueueRow], responses=errors(401, 403))
def overdue(principal: Reader, db: DbSession,
            limit: Annotated[int, Query(ge=1, le=1000)] = 1000) -> list[QueueRow]:
    """Dossiers past their due date that the office still owes a step on (for the daily report)."""
    return [QueueRow(**r) for r in svc.overdue(db, Actor(user=principal.user))[:limit]]
