"""Who may see a dossier, and what they see of it: the status body (the owner's PIN until the
receipt is handed over), the volunteer's list, and the returned copy a device needs to fix a
dossier returned for a supplement. Reads only; the writes are services/dossiers.py."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from volunteer_app.domain import lifecycle
from volunteer_app.domain.lifecycle import State
from volunteer_app.i18n import texts
from volunteer_app.models import Dossier, DossierVersion, Receipt, Review, utcnow

from . import catalog as cat
from .actors import Actor
from .codes import pin_for
from .errors import ServiceError


def message_texts(key: str, params: Mapping[str, Any]) -> dict[str, str]:
    try:
        return texts(key, **params)
    except KeyError:  # a catalog rule naming an unknown key must not turn a 422 into a 500
        return {"vi": key, "en": key}


def can_see(dossier: Dossier, actor: Actor) -> bool:
    """A device with the dossier's token; a volunteer who filed it or whose centre did;
    staff of its centre; any admin."""
    if actor.token_hash and actor.token_hash == dossier.device_token_hash:
        return True
    if actor.is_role("admin"):
        return True
    if actor.is_role("staff"):
        return dossier.centre_id is not None and dossier.centre_id == actor.centre_id
    if actor.is_role("volunteer"):
        return dossier.submitted_by == actor.user_id or (
            dossier.centre_id is not None and dossier.centre_id == actor.centre_id)
    return False


def get_visible(db: Session, client_uuid: str, actor: Actor) -> Dossier:
    dossier = db.exec(select(Dossier).where(Dossier.client_uuid == client_uuid)).first()
    # Same answer for "absent" and "not yours": existence is not revealed.
    if dossier is None or not can_see(dossier, actor):
        raise ServiceError(404, "dossier.not_found")
    return dossier


def latest_review(db: Session, dossier: Dossier) -> Review | None:
    return db.exec(select(Review).where(Review.dossier_id == dossier.id).order_by(Review.id.desc())).first()


def reviews_of(db: Session, dossier: Dossier) -> list[Review]:
    return list(db.exec(select(Review).where(Review.dossier_id == dossier.id).order_by(Review.id)))


def receipt_of(db: Session, dossier: Dossier) -> Receipt | None:
    return db.exec(select(Receipt).where(Receipt.dossier_id == dossier.id)).first()


def status_body(db: Session, dossier: Dossier, now: datetime | None = None, with_pin: bool = True) -> dict[str, Any]:
    """What the owner (and the citizen with code + PIN) sees: state, reasons, receipt."""
    now = now or utcnow()
    review = latest_review(db, dossier)
    show_reasons = review is not None and review.state_after in (State.NEEDS_SUPPLEMENT.value, State.REFUSED.value) \
        and review.state_after == dossier.state
    receipt = receipt_of(db, dossier)
    procedure = cat.procedure_data(dossier.procedure_code) or {}
    return {
        # The PIN only until the receipt is handed over (services/handover.py).
        "client_uuid": dossier.client_uuid, "code": dossier.code,
        "pin": pin_for(dossier.code) if with_pin and dossier.receipt_handed_at is None else None,
        "receipt_handed_over": dossier.receipt_handed_at is not None,
        "procedure_code": dossier.procedure_code,
        "procedure_name": (procedure.get("name") or {}).get("vi", dossier.procedure_code),
        "state": dossier.state, "version": dossier.version,
        "state_label": message_texts(lifecycle.state_label_key(dossier.state), {}),
        "received_at": dossier.received_at, "due_at": dossier.due_at,
        "overdue": lifecycle.is_overdue(dossier.state, dossier.due_at, now),
        "reasons": list(review.reasons) if show_reasons else [],
        "note": review.note if show_reasons else "",
        "receipt": None if receipt is None else {"code": receipt.code, "issued_at": receipt.issued_at,
                                                 "due_at": receipt.due_at},
    }


def list_mine(db: Session, actor: Actor, limit: int = 100, offset: int = 0) -> list[Dossier]:
    """Volunteer dashboard: what they or their centre filed, returned ones first."""
    query = select(Dossier)
    if actor.is_role("volunteer"):
        query = query.where((Dossier.submitted_by == actor.user_id) | (Dossier.centre_id == actor.centre_id))
    elif actor.is_role("staff"):
        query = query.where(Dossier.centre_id == actor.centre_id)
    elif not actor.is_role("admin"):
        return []
    rows = db.exec(query.order_by(Dossier.updated_at.desc()).limit(limit).offset(offset)).all()
    return sorted(rows, key=lambda d: d.state != State.NEEDS_SUPPLEMENT.value)  # stable: keeps recency


def is_owner(dossier: Dossier, actor: Actor) -> bool:
    """The applicant's side: the device holding the dossier's token, or the volunteer who filed it."""
    return (actor.token_hash is not None and actor.token_hash == dossier.device_token_hash) or (
        actor.is_role("volunteer") and dossier.submitted_by == actor.user_id)


def read_back(db: Session, client_uuid: str, actor: Actor) -> dict[str, Any]:
    """GET /dossiers/{uuid}: the status for whoever may see it; the PIN for the owner only, and
    the returned copy for the device that filed it."""
    dossier = get_visible(db, client_uuid, actor)
    body = status_body(db, dossier, with_pin=is_owner(dossier, actor))
    if actor.token_hash == dossier.device_token_hash:
        body |= returned_copy(db, dossier)
    return body


def returned_copy(db: Session, dossier: Dossier) -> dict[str, Any]:
    """What the device needs to fix a dossier returned for a supplement (it purged its own copy
    once the server confirmed receipt). Empty in every other state."""
    if dossier.state != State.NEEDS_SUPPLEMENT.value:
        return {}
    version = db.exec(select(DossierVersion).where(DossierVersion.dossier_id == dossier.id,
                                                   DossierVersion.version == dossier.version)).first()
    extra = (version.extra or {}) if version else {}
    return {"answers": dossier.answers, "consent": extra.get("consent"),
            "device_created_at": extra.get("device_created_at"), "attachments": extra.get("attachments") or []}
