"""Sync API of dossiers (docs/sync-protocol.md §2–3): submit, read back, withdraw, my list."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Path, Query, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import Session, select

from volunteer_app.api.common import (TOKEN_HEADER, UUID_PATTERN, CurrentActor, QueueRow, StatusOut, StrictIn, Whole,
                                      body_errors, errors, http_error, request_actor)
from volunteer_app.api.deps import DbSession
from volunteer_app.core.db import get_engine
from volunteer_app.models import Centre, utcnow
from volunteer_app.services import dossier_reads as reads
from volunteer_app.services import dossiers as svc
from volunteer_app.services import handover, staff
from volunteer_app.services.errors import ServiceError

router = APIRouter(tags=["dossiers"])

ClientUuid = Annotated[str, Path(pattern=UUID_PATTERN, description="UUID v4 made by the device")]


class AttachmentRef(StrictIn):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    document_id: str = Field(max_length=60)
    field: str | None = Field(default=None, max_length=200)


class ConsentIn(StrictIn):
    given: bool
    given_at: str | None = Field(default=None, max_length=40)
    assisted_by: str | None = Field(default=None, max_length=80)
    subject: str | None = Field(default=None, max_length=120)
    keep: bool | None = Field(default=None, description="The separate, optional consent that the centre keep "
                              "the citizen's identity details and accepted documents for their next filing "
                              "(issue 15); absent when not given")
    keep_months: int | None = Field(default=None, ge=1, le=120, description="The months the keep consent stated "
                                    "to the citizen (the device shows the server's KEPT_DATA_MONTHS); nothing is "
                                    "kept longer than stated. Absent: 12, what devices stated before")


class DossierIn(StrictIn):
    procedure_code: str = Field(pattern=r"^\d\.\d{6}$")
    catalog_version: str = Field(default="", max_length=64)
    version: Whole = Field(ge=1, le=1000)
    channel: Literal["volunteer", "citizen"] = "citizen"
    centre_code: str | None = Field(default=None, max_length=40, description="Receiving centre; default: "
                                    "the volunteer's centre, or the only centre")
    answers: dict[str, Any]
    attachments: list[AttachmentRef] = Field(default_factory=list, max_length=100)
    consent: ConsentIn | None = None
    device_created_at: str | None = Field(default=None, max_length=40)


def _stored_body(body: DossierIn) -> dict:
    """The body as stored and hashed: an absent keep consent stays absent, so bodies sent before
    it existed (a repeat after an upgrade) keep their hash."""
    data = body.model_dump(mode="json")
    if isinstance(data.get("consent"), dict):
        for key in ("keep", "keep_months"):
            if data["consent"].get(key) is None:
                del data["consent"][key]
    return data


class SubmitOut(BaseModel):
    client_uuid: str
    code: str = Field(description="Dossier code the citizen keeps, TS-YYMMDD-NNNN")
    pin: str = Field(description="6 digits; with the code it opens the public status page")
    version: int
    state: str
    received_at: datetime
    due_at: datetime | None


class CentreOut(BaseModel):
    id: int
    code: str
    name: str


@router.put("/api/v1/dossiers/{client_uuid}", response_model=SubmitOut, status_code=201,
            responses={200: {"model": SubmitOut, "description": "A repeat of a stored version"},
                       **body_errors(401, 403, 409, 413, 429, 503)})
def put_dossier(client_uuid: ClientUuid, body: DossierIn, request: Request,
                x_dossier_token: Annotated[str | None, Header(alias=TOKEN_HEADER, max_length=200)] = None) -> Response:
    """Idempotent submit (docs/sync-protocol.md §2). Answer keys the procedure does not define,
    text over its length limit and files that do not fit their document are refused with 422;
    a burst from one device, session or address gets 429, a stalled database 503 (both with
    Retry-After); nothing is half-stored."""
    return answer_put(request, client_uuid, body, x_dossier_token)


def answer_put(request: Request, client_uuid: str, body: DossierIn, token: str | None) -> Response:
    """The PUT's work, for this route and for its fast path (api/fast_put.py), in the one worker
    thread it runs in: the session and the actor are made here, not as dependencies (one thread
    hop each), and the answer is serialised once. A refusal is raised as an HTTPException."""
    with Session(get_engine()) as db:
        actor = request_actor(request, db, token)
        try:
            result = svc.submit(db, client_uuid.lower(), _stored_body(body), actor)
        except ServiceError as exc:
            raise http_error(exc) from None
    return Response(SubmitOut(**result.body).model_dump_json(), status_code=201 if result.created else 200,
                    media_type="application/json")


@router.get("/api/v1/dossiers/{client_uuid}", response_model=StatusOut, responses=errors(404))
def get_dossier(client_uuid: ClientUuid, db: DbSession, actor: CurrentActor) -> StatusOut:
    """The dossier's status; the PIN for its owner only, and the returned copy for the device that filed it."""
    try:
        return StatusOut(**reads.read_back(db, client_uuid.lower(), actor))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.post("/api/v1/dossiers/{client_uuid}/withdraw", response_model=StatusOut, responses=errors(403, 404, 409))
def withdraw_dossier(client_uuid: ClientUuid, db: DbSession, actor: CurrentActor) -> StatusOut:
    try:
        dossier = svc.withdraw(db, client_uuid.lower(), actor)
    except ServiceError as exc:
        raise http_error(exc) from None
    return StatusOut(**reads.status_body(db, dossier))


@router.post("/api/v1/dossiers/{client_uuid}/receipt-handed", response_model=StatusOut,
             responses=errors(403, 404))
def receipt_handed(client_uuid: ClientUuid, db: DbSession, actor: CurrentActor) -> StatusOut:
    """"Đã giao giấy tiếp nhận": the receipt was printed or handed to the citizen; from now on the
    PIN is no longer shown (audited once; repeating it changes nothing)."""
    try:
        dossier = handover.mark_handed(db, client_uuid.lower(), actor)
    except ServiceError as exc:
        raise http_error(exc) from None
    return StatusOut(**reads.status_body(db, dossier, with_pin=False))


@router.get("/api/v1/dossiers", response_model=list[QueueRow], responses=errors(401, 403))
def my_dossiers(db: DbSession, actor: CurrentActor, limit: Annotated[int, Query(ge=1, le=500)] = 100,
                offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[QueueRow]:
    """Volunteer dashboard: dossiers they or their centre filed, returned ones first."""
    if actor.user is None:
        raise http_error(ServiceError(401, "auth.required"))
    now = utcnow()
    return [QueueRow(**staff.row(d, None, now)) for d in reads.list_mine(db, actor, limit, offset)]


@router.get("/api/v1/centres", response_model=list[CentreOut])
def centres(db: DbSession) -> list[CentreOut]:
    """Receiving centres a device may choose (public: codes and names only)."""
    return [CentreOut(id=c.id, code=c.code, name=c.name) for c in db.exec(select(Centre).order_by(Centre.code))]
