"""Staff queue and dossier page data. Lists show masked names and IDs only."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from volunteer_app.domain import lifecycle
from volunteer_app.domain.deadlines import VN_TZ
from volunteer_app.domain.lifecycle import OVERDUE_TRACKED_STATES
from volunteer_app.domain.rules.validate import document_status
from volunteer_app.models import AuditEvent, Dossier, User, utcnow

from . import catalog as cat
from . import catalog_versions, consent
from .actors import Actor
from .dossier_reads import reviews_of, status_body
from .errors import ServiceError
from .uploads import attachments_of


def scope(query, actor: Actor):
    """Staff see their centre; admins everything; nobody else anything."""
    if actor.is_role("admin"):
        return query
    if actor.is_role("staff") and actor.centre_id is not None:
        return query.where(Dossier.centre_id == actor.centre_id)
    raise ServiceError(403, "auth.forbidden")


def queue(db: Session, actor: Actor, *, state: str | None = None, procedure: str | None = None,
          centre_id: int | None = None, overdue: bool | None = None, min_age_days: int | None = None,
          max_age_days: int | None = None, limit: int = 100, offset: int = 0,
          now: datetime | None = None) -> list[dict[str, Any]]:
    now = now or utcnow()
    query = scope(select(Dossier, User.display_name).join(User, Dossier.submitted_by == User.id, isouter=True), actor)
    if state:
        query = query.where(Dossier.state == state)
    if procedure:
        query = query.where(Dossier.procedure_code == procedure)
    if centre_id is not None:
        query = query.where(Dossier.centre_id == centre_id)
    if min_age_days is not None:
        query = query.where(Dossier.received_at <= now - timedelta(days=min_age_days))
    if max_age_days is not None:
        query = query.where(Dossier.received_at >= now - timedelta(days=max_age_days))
    if overdue is not None:
        late = Dossier.state.in_([s.value for s in OVERDUE_TRACKED_STATES]) & (Dossier.due_at < now)
        query = query.where(late if overdue else ~late)
    # Due date first, then arrival: the oldest promise is the most urgent.
    query = query.order_by(Dossier.due_at.is_(None), Dossier.due_at, Dossier.received_at, Dossier.id)
    return [row(d, helper, now) for d, helper in db.exec(query.limit(limit).offset(offset)).all()]


def row(dossier: Dossier, helper: str | None, now: datetime) -> dict[str, Any]:
    due = dossier.due_at
    procedure = cat.procedure_data(dossier.procedure_code) or {}
    return {
        "code": dossier.code, "client_uuid": dossier.client_uuid, "procedure_code": dossier.procedure_code,
        "procedure_name": (procedure.get("name") or {}).get("vi", dossier.procedure_code),
        "state": dossier.state, "version": dossier.version, "citizen_name": dossier.on_behalf_of,
        "citizen_id": dossier.citizen_id_masked, "helper": helper, "channel": dossier.channel,
        "centre_id": dossier.centre_id, "received_at": dossier.received_at, "due_at": due,
        "overdue": lifecycle.is_overdue(dossier.state, due, now),
        "hours_left": None if due is None else round((due - now).total_seconds() / 3600, 1),
    }


def get_for_staff(db: Session, code: str, actor: Actor) -> Dossier:
    dossier = db.exec(scope(select(Dossier), actor).where(Dossier.code == code)).first()
    if dossier is None:
        raise ServiceError(404, "dossier.not_found")
    return dossier


def detail(db: Session, dossier: Dossier, actor: Actor, now: datetime | None = None) -> dict[str, Any]:
    """Everything the dossier page shows: answers, files, checklist, reviews, audit trail."""
    now = now or utcnow()
    body = status_body(db, dossier, now, with_pin=False)
    # The procedure version the dossier was filed on (issue 13): its checklist, and its label.
    procedure = catalog_versions.procedure_for(db, dossier.procedure_code, dossier.catalog_version,
                                               now=dossier.received_at) or {}
    files = attachments_of(db, dossier)
    uploaded = {a.document_id for a in files}
    helper = db.get(User, dossier.submitted_by) if dossier.submitted_by else None
    body.update({
        "answers": dossier.answers, "channel": dossier.channel, "centre_id": dossier.centre_id,
        "citizen_name": dossier.on_behalf_of, "citizen_id": dossier.citizen_id_masked,
        "helper": helper.display_name if helper else None,
        "attachments": [{"id": a.id, "document_id": a.document_id, "sha256": a.sha256, "size": a.length,
                         "mime": a.mime} for a in files],
        "checklist": checklist(procedure, dossier, uploaded),
        "reviews": [{"action": r.action, "state_after": r.state_after, "version": r.version, "reasons": r.reasons,
                     "note": r.note, "reviewer_id": r.reviewer_id, "at": r.at} for r in reviews_of(db, dossier)],
        "audit": [{"at": e.at, "actor_id": e.actor_id, "actor_role": e.actor_role, "action": e.action,
                   "detail": e.detail} for e in db.exec(select(AuditEvent).where(
                       AuditEvent.dossier_id == dossier.client_uuid).order_by(AuditEvent.id))],
        "allowed_actions": sorted(a.value for a in lifecycle.allowed_actions(dossier.state, actor.role)),
        "consent": consent.of_dossier(db, dossier),
        "catalog_version": dossier.catalog_version,
        "catalog_version_current": catalog_versions.version_label(
            db, dossier.procedure_code, dossier.catalog_version)["current"],
    })
    return body


def checklist(procedure: dict, dossier: Dossier, uploaded: set[str]) -> list[dict[str, Any]]:
    """The documents as the dossier's answers made them: required when its answers require it
    (``required_if``), and only those that apply (or that were sent anyway)."""
    today = dossier.received_at.astimezone(VN_TZ).date() if dossier.received_at else None
    status = {s["id"]: s for s in document_status(procedure, dossier.answers or {}, today)}
    out = []
    for d in procedure.get("documents") or []:
        st = status.get(d["id"], {"required": bool(d.get("required")), "applies": True})
        if st["applies"] or d["id"] in uploaded:
            out.append({"document_id": d["id"], "name": d["name"], "required": st["required"],
                        "uploaded": d["id"] in uploaded})
    return out


def attachment_for_staff(db: Session, attachment_id: str, actor: Actor):
    from volunteer_app.models import Attachment

    att = db.get(Attachment, attachment_id)
    if att is None or not att.complete:
        raise ServiceError(404, "upload.not_found")
    dossier = db.exec(scope(select(Dossier), actor).where(Dossier.client_uuid == att.dossier_uuid)).first()
    if dossier is None:
        raise ServiceError(404, "upload.not_found")
    return att
