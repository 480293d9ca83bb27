"""Forwarding jobs, the dossier side of the portal outbox (table ``PortalOutbox``).

- ``enqueue`` adds the job of an accepted dossier version in the acceptance's own transaction
  (services/review.py); the portal connector (portal/outbox.py, portal/worker.py) works the jobs
  off. This is the one seam between the two: services never import the portal package, the
  portal calls services (docs/architecture.md, "Server layers").
- ``portal_status``: what the screens show of a dossier's forwarding.
- Problems a person must settle: accepted dossiers the portal refused (``rejected``) or that could
  not be sent after every retry (``dead``). Staff see their centre's, admins all; "Gửi lại" puts
  the row back in the outbox for the worker, audited.

Codes, statuses and short machine reasons only: no personal data here.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from volunteer_app.core.audit import record
from volunteer_app.models import Dossier, OutboxStatus, PortalOutbox, utcnow

from .actors import Actor
from .errors import ServiceError
from .staff import scope

NEEDS_A_PERSON = (OutboxStatus.REJECTED.value, OutboxStatus.DEAD.value)


def idempotency_key(client_uuid: str, version: int) -> str:
    """The portal's Idempotency-Key of a dossier version (docs/portal-contract.md): "<uuid>:v<n>"."""
    return f"{client_uuid}:v{int(version)}"


def enqueue(db: Session, dossier: Dossier) -> PortalOutbox:
    """Queue the dossier's current version for forwarding, in the caller's transaction (no commit).
    Queuing a version twice returns the row already there."""
    key = idempotency_key(dossier.client_uuid, dossier.version)
    existing = db.exec(select(PortalOutbox).where(PortalOutbox.idempotency_key == key)).first()
    if existing is not None:
        return existing
    row = PortalOutbox(dossier_id=dossier.id, version=dossier.version, idempotency_key=key)
    db.add(row)
    return row


def portal_status(db: Session, dossier_id: int) -> dict | None:
    """What the screens show: the latest version's forwarding state (ids/codes/statuses only)."""
    row = db.exec(select(PortalOutbox).where(PortalOutbox.dossier_id == dossier_id)
                  .order_by(PortalOutbox.version.desc())).first()
    if row is None:
        return None
    return {"version": row.version, "status": row.status, "official_code": row.official_code,
            "remote_status": row.remote_status,
            "remote_status_at": row.remote_status_at.isoformat() if row.remote_status_at else None,
            "message_key": f"portal.status.{row.remote_status or row.status}"}


def _row(outbox: PortalOutbox, dossier: Dossier) -> dict[str, Any]:
    return {"id": outbox.id, "code": dossier.code, "procedure_code": dossier.procedure_code,
            "centre_id": dossier.centre_id, "version": outbox.version, "status": outbox.status,
            "attempts": outbox.attempts, "last_error": outbox.last_error, "updated_at": outbox.updated_at}


def problems(db: Session, actor: Actor, limit: int = 200) -> list[dict[str, Any]]:
    """Rows that need a person, oldest problem first."""
    query = scope(select(PortalOutbox, Dossier).join(Dossier, Dossier.id == PortalOutbox.dossier_id), actor)
    query = query.where(PortalOutbox.status.in_(NEEDS_A_PERSON)).order_by(PortalOutbox.updated_at).limit(limit)
    return [_row(outbox, dossier) for outbox, dossier in db.exec(query)]


def retry(db: Session, actor: Actor, row_id: int) -> dict[str, Any]:
    """Back to ``pending`` with a fresh attempt budget, due now. The worker sends it with the same
    idempotency key, so a request the portal did receive after all is not filed twice."""
    found = db.exec(scope(select(PortalOutbox, Dossier).join(Dossier, Dossier.id == PortalOutbox.dossier_id), actor)
                    .where(PortalOutbox.id == row_id)).first()
    if found is None:
        raise ServiceError(404, "portal.problem_not_found")
    outbox, dossier = found
    now = utcnow()
    # Only from a problem state, in one statement: two staff pressing at once requeue it once.
    result = db.execute(update(PortalOutbox).where(PortalOutbox.id == row_id, PortalOutbox.status.in_(NEEDS_A_PERSON))
                        .values(status=OutboxStatus.PENDING.value, attempts=0, next_attempt_at=now, last_error="",
                                lease_owner=None, lease_until=None, updated_at=now))
    if result.rowcount != 1:
        db.rollback()
        raise ServiceError(409, "portal.not_a_problem")
    record(db, actor.user, actor.role, "portal_requeued", dossier_id=dossier.client_uuid, origin=actor.origin,
           detail=f"version={outbox.version} was={outbox.status}")
    db.commit()
    db.refresh(outbox)
    return _row(outbox, dossier)
