"""The one transition service on SQLite and PostgreSQL: every legal move of the lifecycle is
stamped and audited alike (closed_at exactly when the new state is terminal), an illegal one is a
409 that changes nothing, and nothing is committed for the caller."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, select

from volunteer_app.domain import lifecycle
from volunteer_app.domain.lifecycle import TRANSITIONS, Action, State
from volunteer_app.models import AuditEvent, Dossier
from volunteer_app.services import transition
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)
ROLE_FOR = {action: sorted(roles)[0].value for action, roles in lifecycle.ACTION_ROLES.items()}


@pytest.fixture(scope="module")
def engine(db_env):
    engine = create_engine(db_env["DATABASE_URL"])
    yield engine
    engine.dispose()


def new_dossier(db: Session, state: State) -> Dossier:
    client_uuid = str(uuid.uuid4())
    dossier = Dossier(client_uuid=client_uuid, code=f"TS-T{client_uuid[:8]}", procedure_code="2.000635",
                      catalog_version="x", state=state.value, answers={}, channel="citizen",
                      device_token_hash="h" * 64)
    db.add(dossier)
    db.commit()
    return dossier


def audit_of(db: Session, dossier: Dossier) -> list[AuditEvent]:
    return list(db.exec(select(AuditEvent).where(AuditEvent.dossier_id == dossier.client_uuid)))


@pytest.mark.parametrize(("state", "action"), sorted(TRANSITIONS), ids=lambda v: v.value)
def test_every_legal_move_is_stamped_and_audited_alike(engine, state, action):
    with Session(engine) as db:
        dossier = new_dossier(db, state)
        target = transition.apply(db, dossier, action, ROLE_FOR[action], Actor(origin="test"), NOW, detail="why")
        db.commit()
        dossier_id = dossier.id
    with Session(engine) as db:
        stored = db.get(Dossier, dossier_id)
        assert (target, stored.state) == (TRANSITIONS[(state, action)], TRANSITIONS[(state, action)].value)
        assert stored.updated_at == NOW
        assert stored.closed_at == (NOW if lifecycle.is_terminal(target) else None)
        [event] = audit_of(db, stored)
        assert (event.action, event.actor_role, event.origin, event.detail) == (
            f"transition:{action.value}", ROLE_FOR[action], "test", f"{state.value}->{target.value} v1 why")


def test_an_illegal_move_is_a_409_and_changes_nothing(engine):
    with Session(engine) as db:
        dossier = new_dossier(db, State.SUBMITTED)
        with pytest.raises(ServiceError) as refused:
            transition.apply(db, dossier, Action.ACCEPT, "staff", Actor(origin="test"), NOW)
        assert (refused.value.status, refused.value.key) == (409, lifecycle.KEY_ACTION_NOT_ALLOWED_IN_STATE)
        db.commit()
        with pytest.raises(ServiceError) as wrong_role:
            transition.apply(db, dossier, Action.START_REVIEW, "citizen", Actor(origin="test"), NOW)
        assert wrong_role.value.key == lifecycle.KEY_ROLE_NOT_ALLOWED
        db.commit()
        dossier_id = dossier.id
    with Session(engine) as db:
        stored = db.get(Dossier, dossier_id)
        assert stored.state == "submitted" and stored.closed_at is None and audit_of(db, stored) == []


def test_the_move_is_stored_only_with_the_callers_commit(engine):
    with Session(engine) as db:
        dossier = new_dossier(db, State.IN_REVIEW)
        dossier_id = dossier.id
        transition.apply(db, dossier, Action.REFUSE, "staff", Actor(origin="test"), NOW)
        db.rollback()
    with Session(engine) as db:
        stored = db.get(Dossier, dossier_id)
        assert stored.state == "in_review" and audit_of(db, stored) == []
