"""``review.decide`` on SQLite and PostgreSQL: a decision opened on a dossier not yet in review
starts the review, and the start, the decision and everything that goes with it commit together
or not at all."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from volunteer_app.models import AuditEvent, Centre, Dossier, PortalOutbox, Receipt, Review, Role, User
from volunteer_app.services import review
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError


@pytest.fixture(scope="module")
def clerk(engine) -> Actor:
    with Session(engine, expire_on_commit=False) as db:
        centre = Centre(code=f"C{uuid.uuid4().hex[:6]}", name="Trung tâm")
        db.add(centre)
        db.flush()
        user = User(username=f"canbo-{uuid.uuid4().hex[:6]}", display_name="Cán bộ", role=Role.staff,
                    centre_id=centre.id, password_hash="x")
        db.add(user)
        db.commit()
    return Actor(user=user, origin="test")


def submitted(engine, clerk: Actor) -> int:
    client_uuid = str(uuid.uuid4())
    with Session(engine) as db:
        dossier = Dossier(client_uuid=client_uuid, code=f"TS-T{client_uuid[:8]}", procedure_code="2.000635",
                          catalog_version="x", state="submitted", answers={}, channel="citizen",
                          centre_id=clerk.centre_id, device_token_hash="h" * 64)
        db.add(dossier)
        db.commit()
        return dossier.id


def trail(db: Session, dossier: Dossier) -> list[str]:
    return [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.dossier_id == dossier.client_uuid)
                                      .order_by(AuditEvent.id))]


def test_accepting_a_submitted_dossier_starts_the_review_first(engine, clerk):
    dossier_id = submitted(engine, clerk)
    with Session(engine) as db:
        review.decide(db, db.get(Dossier, dossier_id), "accept", clerk)
    with Session(engine) as db:
        dossier = db.get(Dossier, dossier_id)
        assert dossier.state == "accepted" and trail(db, dossier) == ["transition:start_review", "transition:accept"]
        assert db.exec(select(Receipt).where(Receipt.dossier_id == dossier_id)).one().code == dossier.code
        assert db.exec(select(PortalOutbox).where(PortalOutbox.dossier_id == dossier_id)).one().version == 1


def test_a_decision_that_fails_in_the_database_leaves_the_dossier_as_it_was(engine, clerk):
    """The receipt of this acceptance cannot be stored (one is there already), so its commit fails:
    the review it started is undone with it. Two commits, as the staff page used to make, would
    leave the dossier half-moved to in_review."""
    dossier_id = submitted(engine, clerk)
    with Session(engine) as db:
        dossier = db.get(Dossier, dossier_id)
        db.add(Receipt(dossier_id=dossier_id, code=dossier.code))
        db.commit()
        with pytest.raises(IntegrityError):
            review.decide(db, dossier, "accept", clerk)
    with Session(engine) as db:
        dossier = db.get(Dossier, dossier_id)
        assert dossier.state == "submitted" and trail(db, dossier) == []
        assert db.exec(select(Review).where(Review.dossier_id == dossier_id)).all() == []
        assert db.exec(select(PortalOutbox).where(PortalOutbox.dossier_id == dossier_id)).all() == []


def test_a_decision_refused_by_its_checks_leaves_the_dossier_submitted(engine, clerk):
    dossier_id = submitted(engine, clerk)
    with Session(engine) as db:
        with pytest.raises(ServiceError) as refused:
            review.decide(db, db.get(Dossier, dossier_id), "refuse", clerk, note="  ")
        assert (refused.value.status, refused.value.key) == (422, "review.refusal_reason_required")
    with Session(engine) as db:
        dossier = db.get(Dossier, dossier_id)
        assert dossier.state == "submitted" and trail(db, dossier) == []
