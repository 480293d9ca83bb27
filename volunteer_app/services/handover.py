"""The receipt handed over: the volunteer (or the device that filed the dossier) marks the receipt,
with the citizen's PIN on it, printed or handed to the citizen ("Đã giao giấy tiếp nhận").

Until then the PIN is shown where the applicant's side looks for it (/ho-so on the device, the
volunteer's /tnv); afterwards it is shown nowhere but on the printed receipt the citizen holds,
and the device purges its copy (personal data: keep it no longer than needed). The mark is set
once, audited once (``receipt_handed_over``); repeating it changes nothing.
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from volunteer_app.core.audit import record
from volunteer_app.models import Dossier, utcnow

from .actors import Actor
from .dossier_reads import get_visible, is_owner
from .errors import ServiceError

AUDIT_ACTION = "receipt_handed_over"


def pin_shown(dossier: Dossier) -> bool:
    """Is the PIN still shown to the applicant's side (not yet handed over)?"""
    return dossier.receipt_handed_at is None


def mark_handed(db: Session, client_uuid: str, actor: Actor, now: datetime | None = None) -> Dossier:
    """Mark the receipt handed over. Only the applicant's side (``dossiers.is_owner``) may."""
    dossier = get_visible(db, client_uuid, actor)
    if not is_owner(dossier, actor):
        raise ServiceError(403, "dossier.forbidden")
    if dossier.receipt_handed_at is None:
        dossier.receipt_handed_at = now or utcnow()
        db.add(dossier)
        record(db, actor.user, actor.role, AUDIT_ACTION, dossier_id=dossier.client_uuid, origin=actor.origin)
        db.commit()
        db.refresh(dossier)
    return dossier
