"""The one place a dossier changes lifecycle state (domain/lifecycle.py decides what is legal).

Every caller moves a dossier through ``apply``: staff decisions (services/review.py), the
applicant's resubmission and withdrawal (services/dossiers.py) and the portal's hand-over
(portal/bridge.py). ``apply`` sets the state and its timestamps (``updated_at``; ``closed_at``
when the new state is terminal) and writes the audit event, in the caller's transaction: it
never commits, so a move and whatever goes with it (a review, a receipt, a forwarding job, a new
version) are stored together or not at all.
"""
from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from volunteer_app.core.audit import record
from volunteer_app.domain import lifecycle
from volunteer_app.domain.lifecycle import Action, IllegalTransition, State
from volunteer_app.models import Dossier, utcnow

from .actors import Actor
from .errors import ServiceError


def illegal(exc: IllegalTransition) -> ServiceError:
    """The lifecycle's refusal as a 409 with its message key."""
    return ServiceError(409, exc.key, **exc.params)


def target_of(state: State | str, action: Action | str, role: str) -> State:
    """The state ``action`` by ``role`` leads to from ``state``, or a 409 when it is not allowed."""
    try:
        return lifecycle.transition(state, action, role)
    except IllegalTransition as exc:
        raise illegal(exc) from None


def apply(db: Session, dossier: Dossier, action: Action | str, role: str, actor: Actor,
          now: datetime | None = None, detail: str = "") -> State:
    """Move ``dossier`` by ``action`` (a 409 when illegal), stamp it and audit it. Does not commit."""
    now = now or utcnow()
    target = target_of(dossier.state, action, role)
    previous = dossier.state
    dossier.state = target.value
    dossier.updated_at = now
    if lifecycle.is_terminal(target):
        dossier.closed_at = now
    db.add(dossier)
    record(db, actor.user, role, f"transition:{Action(action).value}", dossier_id=dossier.client_uuid,
           origin=actor.origin, detail=f"{previous}->{target.value} v{dossier.version} {detail}".strip()[:500])
    return target
