"""Shared pieces of the dossier routes: who is acting, error bodies and their OpenAPI schema."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Request
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from sqlmodel import Session

from volunteer_app.api.deps import Principal, optional_principal
from volunteer_app.api.errors import message
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError

TOKEN_HEADER = "X-Dossier-Token"
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"


class StrictIn(BaseModel):
    """A request body: each value of the type its schema declares ("yes" is no boolean, "1" no
    integer), so what the OpenAPI document refuses the server refuses too, with 422."""

    model_config = ConfigDict(strict=True)


def _whole_number(value: Any) -> Any:
    """JSON Schema counts 9.0 as an integer; strict pydantic would not. Nothing else is widened."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# An integer field of a request body: 9 and 9.0, never "9" or true.
Whole = Annotated[int, BeforeValidator(_whole_number)]


class FieldErrorOut(BaseModel):
    field: str
    key: str
    params: dict[str, Any] = {}
    vi: str
    en: str


class ImportProblemOut(BaseModel):
    sheet: str
    row: int = Field(description="Spreadsheet row number (the header is row 1)")
    column: str
    vi: str
    en: str


class ErrorDetail(BaseModel):
    key: str
    vi: str
    en: str
    errors: list[FieldErrorOut] | None = Field(default=None, description="Per-field errors of a 422 dossier.invalid")
    problems: list[ImportProblemOut] | None = Field(
        default=None, description="Every problem of a refused workbook (422 catalog.import_invalid)")
    offset: int | None = Field(default=None, description="Bytes the server holds (upload offset mismatch)")


class ErrorBody(BaseModel):
    """Our errors carry a message key with Vietnamese and English text. Errors FastAPI raises
    itself before our code runs keep its shapes: a list (422, request shape) or a string (400,
    a body that is not JSON)."""

    detail: ErrorDetail | list[dict[str, Any]] | str


RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again", "schema": {"type": "integer"}}}
# What the load and abuse limits answer (issue 12); the others keep FastAPI's default description.
LIMIT_ANSWERS = {
    413: "Body too large (MAX_BODY_KB; a tus chunk: UPLOAD_CHUNK_MAX_MB), refused before it is read; "
         "or an upload longer than its document allows",
    423: "Locked: another request is writing this upload; retry after Retry-After",
    429: "Too many requests from this device, session or address; retry after Retry-After",
    503: "The database is busy (a held lock or no free connection); nothing was changed; retry after Retry-After",
}


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        out[status] = {"model": ErrorBody}
        if status in LIMIT_ANSWERS:
            out[status]["description"] = LIMIT_ANSWERS[status]
        if status in (423, 429, 503):
            out[status]["headers"] = RETRY_AFTER
    return out


def body_errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """For routes with a JSON body: FastAPI answers 400 to a body it cannot parse."""
    return errors(400, 422, *statuses)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def http_error(exc: ServiceError) -> HTTPException:
    detail = {**message(exc.key, **exc.params), **exc.extra}
    return HTTPException(status_code=exc.status, detail=detail, headers=exc.headers)


def actor(request: Request, principal: Annotated[Principal | None, Depends(optional_principal)],
          x_dossier_token: Annotated[str | None, Header(alias=TOKEN_HEADER, max_length=200)] = None) -> Actor:
    user = principal.user if principal and not principal.user.must_change_password else None
    token = x_dossier_token.strip() if x_dossier_token and len(x_dossier_token.strip()) >= 16 else None
    return Actor(user=user, device_token=token, origin="api", address=client_address(request),
                 session_id=principal.session.id if principal else None)


CurrentActor = Annotated[Actor, Depends(actor)]


def request_actor(request: Request, db: Session, x_dossier_token: str | None) -> Actor:
    """What ``CurrentActor`` gives (the session cookie, its CSRF check, the dossier token), in the
    caller's session and thread: for a hot route that makes its session itself, so FastAPI does
    not hand the request to a worker thread once per dependency."""
    return actor(request, optional_principal(request, db), x_dossier_token)


def token_actor(request: Request,
                x_dossier_token: Annotated[str | None, Header(alias=TOKEN_HEADER, max_length=200)] = None) -> Actor:
    """Uploads are authorised by the dossier token alone (a header no other site can set), so the
    session cookie the browser also sends is ignored there and needs no CSRF header."""
    token = x_dossier_token.strip() if x_dossier_token and len(x_dossier_token.strip()) >= 16 else None
    return Actor(device_token=token, origin="api", address=client_address(request))


TokenActor = Annotated[Actor, Depends(token_actor)]


class Texts(BaseModel):
    vi: str
    en: str


class ReasonOut(BaseModel):
    target: str = Field(description='"field:<path>" or "document:<id>"')
    key: str | None = None
    text: str


class ReceiptOut(BaseModel):
    code: str
    issued_at: datetime
    due_at: datetime | None


class StatusOut(BaseModel):
    client_uuid: str
    code: str
    pin: str | None = Field(description="Only for the device or account that owns the dossier, and only until "
                            "the receipt is marked handed over")
    receipt_handed_over: bool = Field(default=False, description="The receipt (with the PIN) was printed or "
                                      "handed to the citizen; the device then forgets the PIN")
    procedure_code: str
    procedure_name: str
    state: str
    state_label: Texts
    version: int
    received_at: datetime
    due_at: datetime | None
    overdue: bool
    reasons: list[ReasonOut]
    note: str
    receipt: ReceiptOut | None
    # Only for the device that holds the dossier's token, and only while it is returned for a
    # supplement: the device purged its copy on receipt and needs the answers back to fix them.
    answers: dict[str, Any] | None = None
    consent: dict[str, Any] | None = None
    device_created_at: str | None = None
    attachments: list[dict[str, Any]] | None = None


class QueueRow(BaseModel):
    code: str
    client_uuid: str
    procedure_code: str
    procedure_name: str
    state: str
    version: int
    citizen_name: str = Field(description="Masked, e.g. N. V. An")
    citizen_id: str = Field(description="Masked, e.g. 0010******56")
    helper: str | None = Field(description="Display name of the volunteer who helped, if any")
    channel: str
    centre_id: int | None
    received_at: datetime
    due_at: datetime | None
    overdue: bool
    hours_left: float | None
