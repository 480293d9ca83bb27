"""Citizen status look-up with the dossier code and PIN (POST: the PIN never sits in a URL)."""
from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from volunteer_app.api.common import StatusOut, StrictIn, body_errors, http_error
from volunteer_app.api.deps import DbSession
from volunteer_app.services.errors import ServiceError
from volunteer_app.services.lookup import lookup

router = APIRouter(prefix="/api/v1", tags=["lookup"])


class LookupIn(StrictIn):
    code: str = Field(min_length=1, max_length=40, description="Dossier code, e.g. TS-261128-0001")
    pin: str = Field(min_length=1, max_length=12, description="6 digits from the receipt")


@router.post("/lookup", response_model=StatusOut, responses=body_errors(404, 429))
def lookup_status(body: LookupIn, request: Request, db: DbSession) -> StatusOut:
    """A wrong code and a wrong PIN get the same 404; too many misses get 429."""
    client = request.client.host if request.client else "unknown"
    try:
        return StatusOut(**lookup(db, body.code, body.pin, client))
    except ServiceError as exc:
        raise http_error(exc) from None
