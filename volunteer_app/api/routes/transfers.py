"""Hand-over of an unfinished draft between volunteers of one centre (issue 16). Thin: the rules
are services/draft_handover.py; docs/devices-protocol.md describes the exchange."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from volunteer_app.api.common import StrictIn, body_errors, errors, http_error
from volunteer_app.api.deps import DbSession, Principal, require_roles
from volunteer_app.models import Role
from volunteer_app.services import draft_handover as svc
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError

router = APIRouter(prefix="/api/v1/handovers", tags=["handovers"])

Volunteer = Annotated[Principal, Depends(require_roles(Role.volunteer))]
PackageId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]


class FileIn(StrictIn):
    model_config = ConfigDict(strict=True, extra="forbid")
    sha256: str = Field(pattern=r"^[0-9a-fA-F]{64}$")
    mime: str = Field(max_length=60)
    name: str = Field(default="", max_length=200)
    document_id: str = Field(default="", max_length=60)
    field: str = Field(default="", max_length=200)
    data: str = Field(description="The file's bytes, base64")


class HandIn(StrictIn):
    model_config = ConfigDict(strict=True, extra="forbid")
    to: str = Field(min_length=1, max_length=80, description="The receiver's username (GET /recipients)")
    draft: dict[str, Any] = Field(description="The draft record as the tablet holds it (opaque to the server)")
    files: list[FileIn] = Field(default_factory=list, max_length=svc.MAX_FILES)


class RecipientOut(BaseModel):
    username: str
    display_name: str


class PackageOut(BaseModel):
    id: str
    draft_id: str
    state: str = Field(description="waiting | received | expired")
    to_username: str
    to_name: str
    created_at: datetime
    expires_at: datetime
    received_at: datetime | None


class IncomingOut(BaseModel):
    id: str
    draft_id: str
    procedure_code: str
    from_name: str
    file_count: int
    created_at: datetime
    expires_at: datetime


class CollectedOut(BaseModel):
    id: str
    draft_id: str
    from_username: str
    from_name: str
    draft: dict[str, Any]
    files: list[dict[str, Any]]


def _actor(principal: Principal) -> Actor:
    return Actor(user=principal.user, origin="api", session_id=principal.session.id)


def _package(package, receiver) -> PackageOut:
    return PackageOut(id=package.id, draft_id=package.draft_id, state=svc.state_of(package),
                      to_username=receiver.username, to_name=receiver.display_name, created_at=package.created_at,
                      expires_at=package.expires_at, received_at=package.received_at)


@router.get("/recipients", response_model=list[RecipientOut], responses=errors(401, 403))
def recipients(principal: Volunteer, db: DbSession) -> list[RecipientOut]:
    """The other active volunteers of the caller's centre, by name."""
    try:
        users = svc.recipients(db, _actor(principal))
    except ServiceError as exc:
        raise http_error(exc) from None
    return [RecipientOut(username=u.username, display_name=u.display_name) for u in users]


@router.post("", response_model=PackageOut, status_code=201,
             responses={200: {"model": PackageOut, "description": "The same draft again while it waits: the same package"},
                        **body_errors(401, 403, 409, 413)})
def hand(body: HandIn, principal: Volunteer, db: DbSession, response: Response) -> PackageOut:
    """Hand a draft (with its files) to a volunteer of the same centre; sealed on the server until
    collected (7 days at most). The same draft again while it waits: 200 with the same package."""
    files = [svc.HandedFile(f.sha256, f.mime, f.name, f.document_id, f.field, f.data) for f in body.files]
    try:
        package, receiver, created = svc.hand(db, _actor(principal), body.to, body.draft, files,
                                              device_id=principal.session.device_id)
    except ServiceError as exc:
        raise http_error(exc) from None
    if not created:
        response.status_code = 200
    return _package(package, receiver)


@router.get("/incoming", response_model=list[IncomingOut], responses=errors(401, 403))
def incoming(principal: Volunteer, db: DbSession) -> list[IncomingOut]:
    try:
        rows = svc.incoming(db, _actor(principal))
    except ServiceError as exc:
        raise http_error(exc) from None
    return [IncomingOut(id=p.id, draft_id=p.draft_id, procedure_code=p.procedure_code, from_name=sender.display_name,
                        file_count=p.file_count, created_at=p.created_at, expires_at=p.expires_at)
            for p, sender in rows]


@router.get("/{package_id}", response_model=PackageOut, responses=errors(401, 403, 404))
def status(package_id: PackageId, principal: Volunteer, db: DbSession) -> PackageOut:
    """The package's state, for its sender (delete the copy once ``received``) or its receiver."""
    try:
        package, receiver = svc.status(db, _actor(principal), package_id)
    except ServiceError as exc:
        raise http_error(exc) from None
    return _package(package, receiver)


@router.post("/{package_id}/collect", response_model=CollectedOut, responses=errors(401, 403, 404, 410))
def collect(package_id: PackageId, principal: Volunteer, db: DbSession) -> CollectedOut:
    """The draft and its files, for the receiver's tablet to store (then ``/received``)."""
    try:
        package, payload, sender = svc.collect(db, _actor(principal), package_id)
    except ServiceError as exc:
        raise http_error(exc) from None
    return CollectedOut(id=package.id, draft_id=package.draft_id, from_username=sender.username,
                        from_name=sender.display_name, draft=payload["draft"], files=payload["files"])


@router.post("/{package_id}/received", response_model=PackageOut, responses=errors(401, 403, 404, 410))
def received(package_id: PackageId, principal: Volunteer, db: DbSession) -> PackageOut:
    """The receiver's tablet holds the draft: the package is deleted from the server; audited."""
    try:
        package = svc.confirm(db, _actor(principal), package_id, device_id=principal.session.device_id)
        _, receiver = svc.status(db, _actor(principal), package_id)
    except ServiceError as exc:
        raise http_error(exc) from None
    return _package(package, receiver)
