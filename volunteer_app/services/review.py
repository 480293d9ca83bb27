"""Staff decisions through ``lifecycle.transition``; every transition writes an audit event.

Reasons of a supplement request (Mẫu 02) are structured, one per field or document, so the
device can reopen exactly those for editing: ``{"target": "field:<path>" | "document:<id>",
"key"?: <message key>, "text": <free text>}``.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Mapping

from sqlmodel import Session, select

from volunteer_app.core.audit import record
from volunteer_app.domain import lifecycle
from volunteer_app.domain.lifecycle import Action, IllegalTransition, State
from volunteer_app.models import Dossier, Receipt, Review, utcnow
from volunteer_app.portal import outbox as portal_outbox

from . import catalog as cat
from .actors import SYSTEM, Actor
from .dossiers import aware, nfc_deep
from .errors import ServiceError

STAFF_ACTIONS = (Action.START_REVIEW, Action.REQUEST_SUPPLEMENT, Action.ACCEPT, Action.REFUSE)


def illegal(exc: IllegalTransition) -> ServiceError:
    params = dict(exc.params)
    return ServiceError(409, exc.key, **params)


def apply_transition(db: Session, dossier: Dossier, action: Action | str, role: str, actor: Actor,
                     now: datetime | None = None, detail: str = "") -> Dossier:
    """Move the dossier (or raise 409 with the lifecycle's message) and audit it, then commit."""
    now = now or utcnow()
    try:
        target = lifecycle.transition(dossier.state, action, role)
    except IllegalTransition as exc:
        raise illegal(exc) from None
    previous = dossier.state
    dossier.state = target.value
    dossier.updated_at = now
    if lifecycle.is_terminal(target):
        dossier.closed_at = now
    db.add(dossier)
    record(db, actor.user, role, f"transition:{Action(action).value}", dossier_id=dossier.client_uuid,
           origin=actor.origin, detail=(f"{previous}->{target.value} v{dossier.version} {detail}").strip()[:500])
    db.commit()
    db.refresh(dossier)
    return dossier


def _target_ok(procedure: Mapping[str, Any], target: str) -> bool:
    kind, _, name = target.partition(":")
    if kind == "document":
        return cat.document(procedure, name) is not None
    if kind == "field":
        generic = re.sub(r"\.\d+(?=\.|$)", ".*", name)
        return any(path == generic for path, _ in cat.all_fields(procedure))
    return False


def clean_reasons(procedure: Mapping[str, Any], reasons: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for reason in nfc_deep(reasons):
        target = str(reason.get("target", ""))
        if not _target_ok(procedure, target):
            raise ServiceError(422, "review.bad_target", target=target[:80])
        item = {"target": target, "text": str(reason.get("text", "")).strip()}
        if reason.get("key"):
            item["key"] = str(reason["key"])
        out.append(item)
    return out


def act(db: Session, dossier: Dossier, action: Action | str, actor: Actor, reasons: list[Mapping] | None = None,
        note: str = "", now: datetime | None = None) -> Dossier:
    """A staff member's decision on a dossier they may see (the caller checked the centre)."""
    now = now or utcnow()
    try:
        action = Action(action)
    except ValueError:
        raise ServiceError(409, lifecycle.KEY_UNKNOWN_VALUE, kind="action", value=str(action)[:40]) from None
    procedure = cat.procedure_data(dossier.procedure_code) or {}
    reasons = clean_reasons(procedure, list(reasons or []))
    note = nfc_deep(note or "").strip()
    # Check legality first, so an illegal action is a 409 whatever the body says.
    try:
        lifecycle.transition(dossier.state, action, actor.role)
    except IllegalTransition as exc:
        raise illegal(exc) from None
    if action == Action.REQUEST_SUPPLEMENT and not reasons:
        raise ServiceError(422, "review.reasons_required")
    if action == Action.REFUSE and not (note or reasons):
        raise ServiceError(422, "review.refusal_reason_required")
    if action in (Action.REQUEST_SUPPLEMENT, Action.ACCEPT, Action.REFUSE):
        target = lifecycle.TRANSITIONS[(State(dossier.state), action)]
        db.add(Review(dossier_id=dossier.id, version=dossier.version, action=action.value, state_after=target.value,
                      reasons=reasons, note=note[:2000], reviewer_id=actor.user_id, at=now))
    if action == Action.ACCEPT:
        db.add(Receipt(dossier_id=dossier.id, code=dossier.code, issued_at=now, due_at=aware(dossier.due_at),
                       issued_by=actor.user_id))
        # Transactional outbox: the acceptance and its forwarding job commit together or not at all.
        portal_outbox.enqueue(db, dossier.id, dossier.version, dossier.client_uuid)
    return apply_transition(db, dossier, action, actor.role, actor, now, detail=f"reasons={len(reasons)}")


def forward(db: Session, dossier: Dossier, now: datetime | None = None) -> Dossier:
    """Hand-over to the competent unit (portal connector): the only SYSTEM transition."""
    return apply_transition(db, dossier, Action.FORWARD, "system", SYSTEM, now)


def reviews_of(db: Session, dossier: Dossier) -> list[Review]:
    return list(db.exec(select(Review).where(Review.dossier_id == dossier.id).order_by(Review.id)))
