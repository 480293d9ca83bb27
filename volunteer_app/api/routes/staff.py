"""Staff: the queue, a dossier's page data, decisions, and attachment previews."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import FileResponse, StreamingResponse
from pydantic import BaseModel, Field

from volunteer_app.api.common import (CurrentActor, QueueRow, ReasonOut, StatusOut, StrictIn, Texts, body_errors,
                                      errors, http_error)
from volunteer_app.api.deps import DbSession, Principal, require_roles
from volunteer_app.models import Role
from volunteer_app.services import forwarding
from volunteer_app.services import staff as svc
from volunteer_app.services import uploads
from volunteer_app.services.actors import Actor
from volunteer_app.services.codes import pin_for
from volunteer_app.services.errors import ServiceError
from volunteer_app.services.review import decide

router = APIRouter(prefix="/api/v1/staff", tags=["staff"])

Reviewer = Annotated[Principal, Depends(require_roles(Role.staff, Role.admin))]
Code = Annotated[str, Path(pattern=r"^[A-Z]{2}-\d{6}-\d{4,6}$", description="Dossier code, e.g. TS-261128-0001")]
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}


class ReasonIn(StrictIn):
    target: str = Field(pattern=r"^(field|document):[a-z0-9_.]{1,200}$")
    key: str | None = Field(default=None, max_length=80)
    text: str = Field(default="", max_length=1000)


class ActionIn(StrictIn):
    action: Literal["start_review", "request_supplement", "accept", "refuse"]
    reasons: list[ReasonIn] = Field(default_factory=list, max_length=50)
    note: str = Field(default="", max_length=2000)


class AttachmentOut(BaseModel):
    id: str
    document_id: str
    sha256: str
    size: int
    mime: str


class ChecklistItem(BaseModel):
    document_id: str
    name: Texts
    required: bool
    uploaded: bool


class ReviewOut(BaseModel):
    action: str
    state_after: str
    version: int
    reasons: list[ReasonOut]
    note: str
    reviewer_id: int | None
    at: datetime


class AuditOut(BaseModel):
    at: datetime
    actor_id: int | None
    actor_role: str
    action: str
    detail: str


class ConsentClause(BaseModel):
    field: str
    label: Texts
    text: Texts = Field(description="The clause the citizen agreed to, as the form showed it")
    given: bool


class ConsentOut(BaseModel):
    """The consent record of the current version (Luật BVDLCN 2025)."""

    given: bool
    given_at: str | None = Field(description="When the citizen agreed, on the device (ISO 8601 with offset)")
    received_at: datetime | None = Field(description="When the server received this version")
    assisted_by: str | None = Field(description="Username of the volunteer who helped (the account that "
                                                "sent the dossier); null for a citizen's own dossier")
    assisted_by_name: str | None
    subject: str = Field(description="The citizen the consent is for")
    statement: Texts
    clauses: list[ConsentClause]
    keep: bool = Field(default=False, description="The citizen also agreed that the centre keep their identity "
                       "details and accepted documents for their next filing (issue 15)")


class DossierDetail(StatusOut):
    consent: ConsentOut | None = None
    answers: dict[str, Any]
    channel: str
    centre_id: int | None
    citizen_name: str
    citizen_id: str
    helper: str | None
    attachments: list[AttachmentOut]
    checklist: list[ChecklistItem]
    reviews: list[ReviewOut]
    audit: list[AuditOut]
    allowed_actions: list[str]
    catalog_version: str = Field(default="", description="The procedure version (etag) the dossier was filed on")
    catalog_version_current: bool = Field(default=True, description="Is that version the current one?")


def _actor(principal: Principal, actor: Actor) -> Actor:
    # require_roles already vetted the user; keep any device token the request carried.
    return Actor(user=principal.user, device_token=actor.device_token, origin="api")


@router.get("/queue", response_model=list[QueueRow], responses=errors(401, 403))
def queue(principal: Reviewer, db: DbSession, actor: CurrentActor,
          state: Annotated[str | None, Query(max_length=20, pattern=r"^[a-z_]+$")] = None,
          procedure: Annotated[str | None, Query(max_length=20, pattern=r"^\d\.\d{6}$")] = None,
          centre_id: Annotated[int, Query(ge=1, le=2**31 - 1)] = None,
          overdue: Annotated[bool, Query()] = None,
          min_age_days: Annotated[int, Query(ge=0, le=3650)] = None,
          max_age_days: Annotated[int, Query(ge=0, le=3650)] = None,
          limit: Annotated[int, Query(ge=1, le=500)] = 100,
          offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> list[QueueRow]:
    """Sorted by due date; names and ID numbers masked. Staff see only their centre."""
    try:
        rows = svc.queue(db, _actor(principal, actor), state=state, procedure=procedure, centre_id=centre_id,
                         overdue=overdue, min_age_days=min_age_days, max_age_days=max_age_days,
                         limit=limit, offset=offset)
    except ServiceError as exc:
        raise http_error(exc) from None
    return [QueueRow(**r) for r in rows]


def _detail(db, code: str, actor) -> DossierDetail:
    dossier = svc.get_for_staff(db, code, actor)
    body = svc.detail(db, dossier, actor)
    body["pin"] = pin_for(dossier.code)  # printed on the receipt (Mẫu 01) with the QR code
    return DossierDetail(**body)


@router.get("/dossiers/{code}", response_model=DossierDetail, responses=errors(401, 403, 404))
def dossier_detail(code: Code, principal: Reviewer, db: DbSession, actor: CurrentActor) -> DossierDetail:
    try:
        return _detail(db, code, _actor(principal, actor))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.post("/dossiers/{code}/actions", response_model=DossierDetail, responses=body_errors(401, 403, 404, 409))
def dossier_action(code: Code, body: ActionIn, principal: Reviewer, db: DbSession,
                   actor: CurrentActor) -> DossierDetail:
    """start_review, request_supplement (reasons required: Mẫu 02), accept (issues the receipt,
    Mẫu 01) or refuse (a reason required). A decision on a dossier not yet in review starts the
    review first, in the same transaction (as the staff page does). 422: a reason naming no field
    or document of the dossier's procedure (review.bad_target), a supplement request without
    reasons (review.reasons_required), a refusal without note or reason
    (review.refusal_reason_required)."""
    who = _actor(principal, actor)
    try:
        dossier = svc.get_for_staff(db, code, who)
        decide(db, dossier, body.action, who, [r.model_dump(exclude_none=True) for r in body.reasons], body.note)
        return _detail(db, code, who)
    except ServiceError as exc:
        raise http_error(exc) from None


@router.get("/attachments/{attachment_id}", response_class=FileResponse,
            responses={200: {"content": {m: {} for m in EXTENSIONS}, "description": "The file, for preview"},
                       **errors(401, 403, 404)})
def attachment(attachment_id: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")], principal: Reviewer,
               db: DbSession, actor: CurrentActor) -> FileResponse:
    try:
        att = svc.attachment_for_staff(db, attachment_id, _actor(principal, actor))
        blocks = uploads.stored_blocks(db, att)  # from the folder or the database, in blocks
    except ServiceError as exc:
        raise http_error(exc) from None
    name = f"{att.document_id}.{EXTENSIONS.get(att.mime, 'bin')}"
    disposition = f'inline; filename="{name}"' if quote(name) == name else f"inline; filename*=utf-8''{quote(name)}"
    return StreamingResponse(blocks, media_type=att.mime, headers={
        "Content-Length": str(att.length), "Content-Disposition": disposition, "Cache-Control": "private, no-store"})


class ForwardingProblem(BaseModel):
    id: int
    code: str
    procedure_code: str
    centre_id: int | None
    version: int
    status: Literal["pending", "rejected", "dead"] = Field(description="pending once put back in the outbox")
    attempts: int
    last_error: str = Field(description="Short machine reason, e.g. http_503 or portal_rejected")
    updated_at: datetime


@router.get("/forwarding/problems", response_model=list[ForwardingProblem], responses=errors(401, 403))
def forwarding_problems(principal: Reviewer, db: DbSession, actor: CurrentActor) -> list[ForwardingProblem]:
    """Accepted dossiers the portal refused or that could not be forwarded: they need a person."""
    return [ForwardingProblem(**r) for r in forwarding.problems(db, _actor(principal, actor))]


@router.post("/forwarding/problems/{row_id}/retry", response_model=ForwardingProblem,
             responses=errors(401, 403, 404, 409))
def forwarding_retry(row_id: Annotated[int, Path(ge=1, le=2**31 - 1)], principal: Reviewer, db: DbSession,
                     actor: CurrentActor) -> ForwardingProblem:
    """Put the dossier back in the forwarding outbox (same idempotency key), audited."""
    try:
        row = forwarding.retry(db, _actor(principal, actor), row_id)
    except ServiceError as exc:
        raise http_error(exc) from None
    return ForwardingProblem(**row)
