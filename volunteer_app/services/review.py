"""Staff decisions: the one service behind the REST route and the staff page.

``decide`` checks the decision, and a decision opened on a dossier not yet in review first starts
the review; the start, the decision (its Review row, the receipt and the forwarding job of an
acceptance) and their audit events commit together in one transaction, or not at all. Every
move goes through ``services.transition``.

Reasons of a supplement request (Mẫu 02) are structured, one per field or document, so the
device can reopen exactly those for editing: ``{"target": "field:<path>" | "document:<id>",
"key"?: <message key>, "text": <free text>}``.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Mapping

from sqlmodel import Session

from volunteer_app.domain import lifecycle
from volunteer_app.domain.lifecycle import Action, State
from volunteer_app.domain.text import nfc_deep
from volunteer_app.models import Dossier, Receipt, Review, utcnow

from . import catalog as cat
from . import forwarding, returning, transition
from .actors import Actor
from .errors import ServiceError

DECISIONS = (Action.REQUEST_SUPPLEMENT, Action.ACCEPT, Action.REFUSE)
# States in which a decision may be opened: it starts the review first where it is not started.
REVIEW_NOT_STARTED = (State.SUBMITTED.value, State.RESUBMITTED.value)


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


def _action(value: Action | str) -> Action:
    try:
        return Action(value)
    except ValueError:
        raise ServiceError(409, lifecycle.KEY_UNKNOWN_VALUE, kind="action", value=str(value)[:40]) from None


def _steps(dossier: Dossier, action: Action) -> list[Action]:
    """The moves a staff member's ``action`` makes: a decision on a dossier whose review has not
    started starts it first (opening a decision is starting the review)."""
    if action in DECISIONS and dossier.state in REVIEW_NOT_STARTED:
        return [Action.START_REVIEW, action]
    return [action]


def decide(db: Session, dossier: Dossier, action: Action | str, actor: Actor,
           reasons: list[Mapping] | None = None, note: str = "", now: datetime | None = None) -> Dossier:
    """A staff member's action on a dossier they may see (the caller found it in their scope):
    start_review, request_supplement, accept or refuse. One commit; nothing is stored on error."""
    now = now or utcnow()
    action = _action(action)
    procedure = cat.procedure_data(dossier.procedure_code) or {}
    reasons = clean_reasons(procedure, list(reasons or []))
    note = nfc_deep(note or "").strip()
    steps = _steps(dossier, action)
    state = dossier.state
    for step in steps:  # legality first, so an illegal action is a 409 whatever the body says
        state = transition.target_of(state, step, actor.role)
    if action == Action.REQUEST_SUPPLEMENT and not reasons:
        raise ServiceError(422, "review.reasons_required")
    if action == Action.REFUSE and not (note or reasons):
        raise ServiceError(422, "review.refusal_reason_required")
    try:
        for step in steps:
            _move(db, dossier, step, actor, reasons if step == action else [], note, now)
        db.commit()
    except Exception:
        db.rollback()  # the review started for this decision goes with it
        raise
    db.refresh(dossier)
    return dossier


def _move(db: Session, dossier: Dossier, action: Action, actor: Actor, reasons: list[dict[str, Any]], note: str,
          now: datetime) -> None:
    target = transition.apply(db, dossier, action, actor.role, actor, now, detail=f"reasons={len(reasons)}")
    if action in DECISIONS:
        db.add(Review(dossier_id=dossier.id, version=dossier.version, action=action.value, state_after=target.value,
                      reasons=reasons, note=note[:2000], reviewer_id=actor.user_id, at=now))
    if action == Action.ACCEPT:
        db.add(Receipt(dossier_id=dossier.id, code=dossier.code, issued_at=now, due_at=dossier.due_at,
                       issued_by=actor.user_id))
        # Transactional outbox: the acceptance and its forwarding job commit together or not at all.
        forwarding.enqueue(db, dossier)
        # The citizen's keep consent (issue 15): their details and accepted documents, same transaction.
        returning.keep_on_accept(db, dossier, actor, now)
