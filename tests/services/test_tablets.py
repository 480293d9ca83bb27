"""Shared tablets (issue 16) on SQLite and PostgreSQL: the report and the dashboard's warnings,
revoking a tablet ends its sessions, and a draft handed between volunteers stays within the centre,
sealed on the server, until collected or 7 days old."""
from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session, select

from volunteer_app.core import security
from volunteer_app.models import AuditEvent, AuthSession, Centre, DraftHandover, Role, User, utcnow
from volunteer_app.services import devices, draft_handover, signin
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError
from volunteer_app.services.sessions import principal_for_token


@pytest.fixture(scope="module")
def engine(db_env):
    engine = create_engine(db_env["DATABASE_URL"])
    yield engine
    engine.dispose()


def _user(db: Session, centre_id: int, role: Role = Role.volunteer, password: str | None = None) -> User:
    user = User(username=f"u{uuid.uuid4().hex[:10]}", display_name=f"Người {uuid.uuid4().hex[:4]}", role=role,
                centre_id=centre_id, password_hash=security.hash_password(password) if password else "x")
    db.add(user)
    db.commit()
    db.refresh(user)
    return user


@pytest.fixture(scope="module")
def people(engine) -> dict:
    with Session(engine, expire_on_commit=False) as db:
        centres = [Centre(code=f"C{uuid.uuid4().hex[:6]}", name=n) for n in ("Trung tâm A", "Trung tâm B")]
        db.add_all(centres)
        db.commit()
        a, b = (c.id for c in centres)
        return {"centre": a, "other_centre": b,
                "ann": _user(db, a, password="mat-khau-dai-1"), "binh": _user(db, a),
                "staff": _user(db, a, Role.staff), "far": _user(db, b), "far_staff": _user(db, b, Role.staff)}


def _session(db: Session, user: User, device_id: str | None = None) -> tuple[AuthSession, str]:
    token = security.new_token()
    row = AuthSession(token_hash=security.token_hash(token), user_id=user.id, expires_at=utcnow() + timedelta(hours=8),
                      device_id=device_id)
    db.add(row)
    db.commit()
    db.refresh(row)
    return row, token


def _device(db: Session, user: User, name: str = "Máy quầy 1") -> tuple[str, AuthSession, str]:
    session, token = _session(db, user)
    device_id = str(uuid.uuid4())
    devices.register(db, Actor(user=user), session, device_id, name)
    return device_id, session, token


def _report(queued_age_s: int | None, username: str, drafts: int = 2, queued: int = 1) -> devices.Report:
    return devices.Report(waiting=[devices.Waiting(username, drafts, queued), devices.Waiting(None, 1, 0)],
                          oldest_queued_age_s=queued_age_s, app_version="abc123", catalog_version="7",
                          storage_used=1234, storage_quota=10**9, persisted=True)


def test_a_report_is_kept_and_the_dashboard_warns_of_old_queues_and_silent_tablets(engine, people):
    ann, staff = people["ann"], people["staff"]
    now = utcnow()
    with Session(engine, expire_on_commit=False) as db:
        fresh, s1, _ = _device(db, ann, "Máy mới")
        old_queue, s2, _ = _device(db, ann, "Máy chờ lâu")
        silent, s3, _ = _device(db, ann, "Máy im lặng")
        devices.report(db, Actor(user=ann), s1, fresh, _report(3600, ann.username), now=now)
        devices.report(db, Actor(user=ann), s2, old_queue, _report(26 * 3600, ann.username), now=now)
        devices.report(db, Actor(user=ann), s3, silent, _report(None, ann.username, queued=0), now=now - timedelta(days=8))
        rows = {r["id"]: r for r in devices.dashboard(db, Actor(user=staff), now=now)}
        far = {r["id"] for r in devices.dashboard(db, Actor(user=people["far_staff"]), now=now)}
    assert rows[fresh]["warnings"] == [] and rows[fresh]["queued"] == 1 and rows[fresh]["drafts"] == 3
    assert rows[fresh]["waiting"][0] == {"username": ann.username, "name": ann.display_name, "drafts": 2, "queued": 1}
    assert rows[fresh]["waiting"][1]["username"] is None and rows[fresh]["persisted"] is True
    assert rows[old_queue]["warnings"] == ["queued_too_long"]
    assert 25.9 < rows[old_queue]["oldest_queued_hours"] < 26.1
    assert rows[silent]["warnings"] == ["not_seen"]
    assert list(rows)[:2] == [old_queue, silent] or list(rows)[:2] == [silent, old_queue]  # warnings first
    assert not far & {fresh, old_queue, silent}  # another centre's staff sees none of them


def test_only_the_tablet_a_session_is_bound_to_reports_for_it(engine, people):
    ann = people["ann"]
    with Session(engine, expire_on_commit=False) as db:
        first, _, _ = _device(db, ann)
        second, session, _ = _device(db, ann)
        with pytest.raises(ServiceError) as exc:
            devices.report(db, Actor(user=ann), session, first, _report(None, ann.username))
        assert exc.value.status == 403
        with pytest.raises(ServiceError) as exc:
            devices.report(db, None, None, second, _report(None, ann.username))
        assert exc.value.status == 401
        far_session, _ = _session(db, people["far"])
        with pytest.raises(ServiceError) as exc:
            devices.report(db, Actor(user=people["far"]), far_session, second, _report(None, "x"))
        assert exc.value.status == 403


def test_revoking_a_tablet_ends_its_sessions_at_once_and_refuses_it_from_then_on(engine, people):
    ann, staff = people["ann"], people["staff"]
    with Session(engine, expire_on_commit=False) as db:
        device_id, bound, token = _device(db, ann)
        _, other_token = _session(db, ann)  # the same volunteer on another computer
        assert principal_for_token(db, token) is not None
        with pytest.raises(ServiceError) as exc:  # another centre's staff cannot
            devices.revoke(db, Actor(user=people["far_staff"]), device_id)
        assert exc.value.status == 404
        devices.revoke(db, Actor(user=staff), device_id)
    with Session(engine) as db:
        assert principal_for_token(db, token) is None
        assert principal_for_token(db, other_token) is not None
        events = db.exec(select(AuditEvent).where(AuditEvent.action == "device_revoked",
                                                  AuditEvent.detail.contains(device_id))).all()
        assert len(events) == 1 and events[0].actor_id == staff.id and "sessions=1" in events[0].detail
        with pytest.raises(ServiceError) as exc:  # its next report, signed in or not: delete your data
            devices.report(db, None, None, device_id, _report(None, ann.username))
        assert (exc.value.status, exc.value.key) == (410, "device.revoked")
        with pytest.raises(ServiceError) as exc:  # a sign-in on it is refused too
            signin.sign_in(db, ann.username, "mat-khau-dai-1", "10.0.0.1", device_id=device_id)
        assert exc.value.status == 410
        assert devices.mark_wiped(db, device_id) is True
        row = next(r for r in devices.dashboard(db, Actor(user=staff)) if r["id"] == device_id)
        assert row["revoked_at"] is not None and row["wiped_at"] is not None and row["warnings"] == []


def test_a_sign_in_on_a_registered_tablet_binds_the_session_to_it(engine, people):
    ann = people["ann"]
    with Session(engine, expire_on_commit=False) as db:
        device_id, _, _ = _device(db, ann)
        done = signin.sign_in(db, ann.username, "mat-khau-dai-1", "10.0.0.2", device_id=device_id)
        assert done.session.device_id == device_id


# ------------------------------------------------------------------ hand-over


def _draft(owner: User, name: str = "Nguyễn Văn An") -> dict:
    return {"id": str(uuid.uuid4()), "procedure_code": "2.000635", "channel": "volunteer", "owner": owner.username,
            "status": "draft", "answers": {"applicant_name": name, "applicant_id": "001090123456"}, "rev": 3}


def _file(data: bytes = b"\xff\xd8\xff\xe0" + secrets.token_bytes(200)) -> draft_handover.HandedFile:
    return draft_handover.HandedFile(hashlib.sha256(data).hexdigest(), "image/jpeg", "cccd.jpg", "id_card",
                                     "upload_id_card", base64.b64encode(data).decode())


def test_a_draft_goes_to_a_volunteer_of_the_same_centre_sealed_and_is_deleted_once_received(engine, people):
    ann, binh = people["ann"], people["binh"]
    draft, attached = _draft(ann), _file()
    with Session(engine, expire_on_commit=False) as db:
        assert binh.id in {u.id for u in draft_handover.recipients(db, Actor(user=ann))}
        assert people["far"].id not in {u.id for u in draft_handover.recipients(db, Actor(user=ann))}
        package, receiver, created = draft_handover.hand(db, Actor(user=ann), binh.username, draft, [attached])
        assert created and receiver.id == binh.id
        stored = db.get(DraftHandover, package.id).sealed
        assert "Nguyễn Văn An".encode() not in stored and b"001090123456" not in stored
        assert attached.data[:24].encode() not in stored and base64.b64decode(attached.data)[:16] not in stored
        again, _, created = draft_handover.hand(db, Actor(user=ann), binh.username, draft, [attached])
        assert again.id == package.id and not created
        assert [p.id for p, _ in draft_handover.incoming(db, Actor(user=binh))] == [package.id]
        with pytest.raises(ServiceError):  # nobody but the receiver opens it
            draft_handover.collect(db, Actor(user=ann), package.id)
        _, payload, sender = draft_handover.collect(db, Actor(user=binh), package.id)
        assert payload["draft"] == draft and sender.id == ann.id
        assert base64.b64decode(payload["files"][0]["data"]) == base64.b64decode(attached.data)
        assert draft_handover.state_of(draft_handover.status(db, Actor(user=ann), package.id)[0]) == "waiting"
        draft_handover.confirm(db, Actor(user=binh), package.id)
        row = db.get(DraftHandover, package.id)
        db.refresh(row)
        assert row.sealed is None and draft_handover.state_of(row) == "received"
        assert draft_handover.incoming(db, Actor(user=binh)) == []
        actions = [e.action for e in db.exec(select(AuditEvent).where(AuditEvent.dossier_id == draft["id"])
                                             .order_by(AuditEvent.id))]
        assert actions == ["draft_handed_over", "draft_handover_received"]


def test_a_draft_cannot_be_handed_to_a_volunteer_of_another_centre(engine, people):
    """Security: the receiver must be an active volunteer of the sender's own centre."""
    ann = people["ann"]
    with Session(engine) as db:
        for receiver in (people["far"].username, people["staff"].username, ann.username, "nobody"):
            with pytest.raises(ServiceError) as exc:
                draft_handover.hand(db, Actor(user=ann), receiver, _draft(ann), [])
            assert (exc.value.status, exc.value.key) == (422, "transfer.no_such_receiver")
        assert db.exec(select(DraftHandover).where(DraftHandover.from_user_id == ann.id,
                                                   DraftHandover.to_user_id == people["far"].id)).all() == []


def test_only_ones_own_unsent_draft_with_true_files_is_handed(engine, people):
    ann, binh = people["ann"], people["binh"]
    with Session(engine) as db:
        for draft, files, status in (({**_draft(binh)}, [], 403), ({**_draft(ann), "status": "queued"}, [], 409),
                                     ({**_draft(ann), "id": "../x"}, [], 422),
                                     (_draft(ann), [draft_handover.HandedFile("0" * 64, "image/jpeg", "", "", "",
                                                                              base64.b64encode(b"x").decode())], 422)):
            with pytest.raises(ServiceError) as exc:
                draft_handover.hand(db, Actor(user=ann), binh.username, draft, files)
            assert exc.value.status == status


def test_a_package_nobody_collects_is_deleted_after_seven_days(engine, people):
    ann, binh = people["ann"], people["binh"]
    start = utcnow()
    with Session(engine, expire_on_commit=False) as db:
        package, _, _ = draft_handover.hand(db, Actor(user=ann), binh.username, _draft(ann), [_file()], now=start)
        draft_handover.purge(db, now=start + timedelta(days=6, hours=23))
        db.refresh(package)
        assert package.sealed is not None
        assert draft_handover.purge(db, now=start + timedelta(days=7, minutes=1)) >= 1
        db.refresh(package)
        assert package.sealed is None and draft_handover.state_of(package) == "expired"
        with pytest.raises(ServiceError) as exc:
            draft_handover.collect(db, Actor(user=binh), package.id, now=start + timedelta(days=7, minutes=2))
        assert exc.value.status == 410
        assert db.exec(select(AuditEvent).where(AuditEvent.action == "draft_handover_expired",
                                                AuditEvent.detail == f"handover={package.id}")).one()
        draft_handover.purge(db, now=start + timedelta(days=38))  # the bare row goes later
        assert db.get(DraftHandover, package.id) is None


def test_a_sealed_package_does_not_open_under_another_key_or_row():
    key = secrets.token_bytes(32)
    sealed = draft_handover.seal("a" * 32, {"x": 1}, key)
    assert draft_handover.unseal("a" * 32, sealed, key) == {"x": 1}
    for package_id, other in (("b" * 32, key), ("a" * 32, secrets.token_bytes(32))):
        with pytest.raises(ServiceError):
            draft_handover.unseal(package_id, sealed, other)
