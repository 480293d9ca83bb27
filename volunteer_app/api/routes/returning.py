"""Returning citizens (issue 15): the volunteer's look-up and use of kept data, and the
citizen's view and withdrawal of it (docs/sync-protocol.md §Returning citizens)."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from volunteer_app.api.common import CurrentActor, StrictIn, Texts, body_errors, client_address, http_error
from volunteer_app.api.deps import DbSession, Principal, require_roles
from volunteer_app.models import Role
from volunteer_app.services import returning
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError

router = APIRouter(prefix="/api/v1", tags=["returning"])

Volunteer = Annotated[Principal, Depends(require_roles(Role.volunteer))]


class ReturningLookupIn(StrictIn):
    id_number: str = Field(min_length=9, max_length=20, description="The applicant's ID number (12 digits, or 9)")
    pin: str = Field(min_length=1, max_length=12, description="The PIN of any receipt of a kept dossier")


class KeptDocumentOut(BaseModel):
    id: str = Field(description="Names the kept document in /returning/documents/{id}/attach")
    document_id: str
    name: Texts
    procedure_code: str
    dossier_code: str
    kept_at: datetime
    size: int
    mime: str
    sha256: str


class ReturningOut(BaseModel):
    values: dict[str, Any] = Field(description="Shared-vocabulary answers of the latest accepted dossier, "
                                               "by meaning (\"applicant.full_name\": …)")
    documents: list[KeptDocumentOut]
    expires_at: datetime
    grant: str = Field(description="Lets this volunteer's device copy kept documents into a new dossier "
                                   "for two hours")


class AttachIn(StrictIn):
    grant: str = Field(min_length=1, max_length=120)
    dossier_uuid: str = Field(pattern=r"^[0-9a-fA-F-]{36}$")
    procedure_code: str = Field(pattern=r"^\d\.\d{6}$")
    document_id: str = Field(min_length=1, max_length=60)


class FileItemOut(BaseModel):
    sha256: str
    size: int
    mime: str
    name: str


class KeptIn(StrictIn):
    code: str = Field(min_length=1, max_length=40, description="Dossier code of a kept dossier")
    pin: str = Field(min_length=1, max_length=12)


class KeptOut(BaseModel):
    kept: bool
    values: dict[str, Any] = Field(default_factory=dict)
    documents: list[KeptDocumentOut] = Field(default_factory=list)
    expires_at: datetime | None = None


class WithdrawnOut(BaseModel):
    withdrawn: bool
    documents_deleted: int


def _volunteer(principal: Principal, actor: Actor) -> Actor:
    return Actor(user=principal.user, device_token=actor.device_token, origin="api", address=actor.address,
                 session_id=actor.session_id)


@router.post("/returning/lookup", response_model=ReturningOut, responses=body_errors(401, 403, 404, 429))
def returning_lookup(body: ReturningLookupIn, principal: Volunteer, db: DbSession,
                     actor: CurrentActor) -> ReturningOut:
    """A signed-in volunteer asks for what the centre keeps for a returning citizen: the ID number
    and the PIN of any of their kept receipts. An unknown number and a wrong PIN get the same 404;
    misses are limited per ID number and per client address (429 with Retry-After). Audited."""
    try:
        return ReturningOut(**returning.lookup(db, _volunteer(principal, actor), body.id_number, body.pin))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.post("/returning/documents/{kept_id}/attach", response_model=FileItemOut,
             responses=body_errors(401, 403, 404))
def returning_attach(kept_id: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")], body: AttachIn,
                     principal: Volunteer, db: DbSession, actor: CurrentActor) -> FileItemOut:
    """Copy a kept document into the new dossier (a finished upload of this device's dossier
    token): the answers then name the returned file item like one the device uploaded. Audited."""
    try:
        return FileItemOut(**returning.attach(db, _volunteer(principal, actor), body.grant, kept_id,
                                              body.dossier_uuid, body.procedure_code, body.document_id))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.post("/lookup/kept", response_model=KeptOut, responses=body_errors(404, 429))
def kept_data(body: KeptIn, request: Request, db: DbSession) -> KeptOut:
    """The citizen's own view (dossier code + PIN, the status look-up's limits): what the centre
    keeps for their next filing, if anything."""
    try:
        kept = returning.kept_for(db, body.code, body.pin, client_address(request))
    except ServiceError as exc:
        raise http_error(exc) from None
    return KeptOut(kept=False) if kept is None else KeptOut(kept=True, **{k: kept[k] for k in ("values", "documents",
                                                                                              "expires_at")})


@router.post("/lookup/kept/withdraw", response_model=WithdrawnOut, responses=body_errors(404, 429))
def withdraw_kept(body: KeptIn, request: Request, db: DbSession) -> WithdrawnOut:
    """The citizen withdraws the keep consent: the kept details, the document references and any
    kept file no dossier needs are deleted at once. Audited. 404 when nothing is kept."""
    try:
        count = returning.withdraw(db, body.code, body.pin, client_address(request), origin="api")
    except ServiceError as exc:
        raise http_error(exc) from None
    return WithdrawnOut(withdrawn=True, documents_deleted=count)
