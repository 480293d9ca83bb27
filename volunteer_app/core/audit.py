"""Audit trail. Only ids, codes and action names: never personal data."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from volunteer_app.models import AuditEvent, User, utcnow


def record(db: Session, actor: User | None, role: str, action: str, *, dossier_id: str | None = None,
           origin: str = "", detail: str = "") -> AuditEvent:
    event = AuditEvent(actor_id=actor.id if actor else None, actor_role=role, action=action,
                       dossier_id=dossier_id, origin=origin, detail=detail)
    db.add(event)
    return event


def row(actor: User | None, role: str, action: str, *, dossier_id: str | None = None, origin: str = "",
        detail: str = "", at: datetime | None = None) -> dict[str, Any]:
    """The columns of one event, for a write that inserts its events in one statement."""
    return {"at": at or utcnow(), "actor_id": actor.id if actor else None, "actor_role": role, "action": action,
            "dossier_id": dossier_id, "origin": origin, "detail": detail}


def label_key(action: str) -> str | None:
    """The message-catalog key that names an audit action on the screens (a lifecycle move:
    ``lifecycle.action.<move>``; any other: ``audit.action.<name>``), or None when it has none."""
    from volunteer_app.i18n import load_catalog

    name, _, move = action.partition(":")
    key = f"lifecycle.action.{move}" if name == "transition" and move else f"audit.action.{action}"
    return key if key in load_catalog() else None
