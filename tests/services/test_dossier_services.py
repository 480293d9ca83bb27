"""Service functions on a real SQLite database: codes, PINs, masking, sniffing, purge, forward."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, create_engine, select

from volunteer_app.core import config
from volunteer_app.models import Attachment, AuditEvent, Centre, Dossier, DossierCounter, DossierVersion
from volunteer_app.portal import bridge
from volunteer_app.services import blob_store, codes, submission_checks, upload_purge, uploads
from volunteer_app.services.errors import ServiceError


@pytest.fixture
def settings(tmp_path, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("UPLOAD_DIR", raising=False)
    config.get_settings.cache_clear()
    yield config.get_settings()
    config.get_settings.cache_clear()


@pytest.fixture
def db(settings):
    engine = create_engine(settings.database_url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _numbered(db, now: datetime) -> str:
    """Insert a bare dossier the way a submission does (its id and code taken by the INSERT)."""
    values = dict(client_uuid=str(uuid.uuid4()), procedure_code="2.000635", catalog_version="x", version=1,
                  state="submitted", answers={}, channel="citizen", submitted_by=None, on_behalf_of="",
                  citizen_id_masked="", centre_id=None, device_token_hash="h", created_at=now, updated_at=now,
                  received_at=now, due_at=None, closed_at=None)
    codes.ensure_day(db, now)
    return codes.insert_numbered(db, values, now).code


def test_codes_are_a_daily_sequence_in_vietnam_time(db):
    late_utc = datetime(2026, 11, 27, 18, 0, tzinfo=timezone.utc)  # 01:00 on the 28th in Hà Nội
    first = _numbered(db, late_utc)
    second = _numbered(db, late_utc)
    other_day = _numbered(db, datetime(2026, 11, 29, 3, 0, tzinfo=timezone.utc))
    assert (first, second, other_day) == ("TS-261128-0001", "TS-261128-0002", "TS-261129-0001")
    assert _numbered(db, late_utc) == "TS-261128-0004"  # a late one of the 28th: unique, past the others


def test_a_rolled_back_dossier_burns_no_number(db):
    now = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)
    _numbered(db, now)
    db.rollback()  # the dossier insert failed: the number is not burned (SQLite)
    assert _numbered(db, now) == "TS-261128-0001"


def test_a_missing_day_row_makes_the_insert_fail_not_a_wrong_code(db):
    """The day's base row is cached per process; if it is gone (a database made anew under the
    same URL), the insert is refused (no code) rather than numbered from nothing."""
    now = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)
    _numbered(db, now)
    db.commit()
    db.exec(delete(DossierCounter))
    db.commit()
    with pytest.raises(IntegrityError):
        _numbered(db, now)  # the cache still says the row exists
    db.rollback()
    codes.forget_days()
    assert _numbered(db, now) == "TS-261128-0002"  # the row written anew numbers past the day's codes


def test_pin_is_six_digits_derived_from_code_and_secret(settings):
    pin = codes.pin_for("TS-261128-0001")
    assert len(pin) == 6 and pin.isdigit()
    assert pin == codes.pin_for("TS-261128-0001")
    assert codes.pin_for("TS-261128-0001", secret="x" * 40) != pin  # another server's secret
    assert codes.pin_for("TS-261128-0002") != pin
    assert codes.pin_matches("TS-261128-0001", pin) and not codes.pin_matches("TS-261128-0001", "000000x")
    assert not codes.pin_matches("TS-261128-0001", "１２３４５６")  # non-ASCII input is a miss, not a crash


@pytest.mark.parametrize("raw, masked", [("Nguyễn Văn An", "N. V. An"), ("Lê Thị Minh Khai", "L. T. M. Khai"),
                                         ("An", "An"), ("", "")])
def test_mask_name(raw, masked):
    assert codes.mask_name(raw) == masked


@pytest.mark.parametrize("raw, masked", [("001090123456", "0010******56"), ("123456789", "1234***89"),
                                         ("", ""), ("123", "***")])
def test_mask_id(raw, masked):
    assert codes.mask_id(raw) == masked


@pytest.mark.parametrize("head, mime", [
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"), (b"\x89PNG\r\n\x1a\n\x00", "image/png"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"), (b"%PDF-1.7\n", "application/pdf"),
    (b"GIF89a", None), (b"<html>", None), (b"MZ\x90\x00", None), (b"", None),
])
def test_sniff(head, mime):
    assert uploads.sniff(head) == mime


@pytest.mark.parametrize("name, ok", [("ảnh CCCD.jpg", True), ("../x.png", False), ("a/b.png", False),
                                      ("a\\b.png", False), ("x\x00.png", False), ("", False), ("a" * 201, False),
                                      ("tệp\u202e.png", False)])
def test_filename_check(name, ok):
    assert uploads.filename_ok(name) is ok


def test_purge_removes_only_stale_unfinished_uploads(db, settings):
    now = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)

    def make(complete: bool, age: timedelta) -> Attachment:
        att = Attachment(id=uuid.uuid4().hex, dossier_uuid=str(uuid.uuid4()), procedure_code="2.000635",
                         document_id="authorisation", sha256="0" * 64, declared_mime="image/png", length=10,
                         complete=complete, storage_key=uuid.uuid4().hex, device_token_hash="h" * 64,
                         updated_at=now - age)
        blob_store.get_store(db).put(att.storage_key, [b"12345"], partial=True)
        db.add(att)
        return att

    stale, fresh, done = make(False, timedelta(days=2)), make(False, timedelta(hours=1)), make(True, timedelta(days=9))
    db.commit()
    assert upload_purge.purge_abandoned(db, now) == 1
    assert blob_store.get_store(db).keys(partial=True) == {fresh.storage_key, done.storage_key}
    assert db.get(Attachment, stale.id) is None and db.get(Attachment, done.id) is not None


def test_purge_unused_removes_finished_uploads_no_dossier_names_once_old(db, settings):
    now = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)
    week = timedelta(hours=settings.unused_upload_hours)
    filed = str(uuid.uuid4())
    db.add(Centre(code="C1", name="C1"))
    dossier = Dossier(client_uuid=filed, code="TS-261128-0009", procedure_code="2.000635", catalog_version="x",
                      state="submitted", answers={}, channel="citizen", centre_id=1, device_token_hash="h" * 64)
    db.add(dossier)
    db.flush()
    named_in_group = {"members": [{"scan": [{"sha256": "b" * 64, "size": 10, "mime": "image/png", "name": "x"}]}]}
    db.add(DossierVersion(dossier_id=dossier.id, version=1, body_hash="0" * 64, answers=named_in_group,
                          extra={"attachments": [{"sha256": "a" * 64, "document_id": "d"}]}))

    def make(dossier_uuid: str, sha: str, age: timedelta) -> Attachment:
        att = Attachment(id=uuid.uuid4().hex, dossier_uuid=dossier_uuid, procedure_code="2.000635",
                         document_id="exemption_proof", sha256=sha, declared_mime="image/png", mime="image/png",
                         length=10, offset=10, complete=True, storage_key=uuid.uuid4().hex,
                         device_token_hash="h" * 64, updated_at=now - age)
        blob_store.get_store(db).put(att.storage_key, [b"1234567890"])
        db.add(att)
        return att

    listed, in_group = make(filed, "a" * 64, week * 2), make(filed, "b" * 64, week * 2)
    stray = make(filed, "c" * 64, week * 2)  # uploaded for the dossier, never named by any version
    orphan, young = make(str(uuid.uuid4()), "d" * 64, week * 2), make(str(uuid.uuid4()), "e" * 64, week / 2)
    db.commit()
    assert upload_purge.purge_unused(db, now) == 2
    assert {a.id for a in db.exec(select(Attachment))} == {listed.id, in_group.id, young.id}
    assert blob_store.get_store(db).keys() == {listed.storage_key, in_group.storage_key, young.storage_key}


PROCEDURE = {"steps": [{"id": "s", "fields": [
    {"id": "scan", "type": "document", "document": "photo"},
    {"id": "people", "type": "group", "fields": [{"id": "paper", "type": "document", "document": "paper"}]}]}],
    "documents": [{"id": "photo", "accept": ["image/jpeg", "image/png"], "max_size_mb": 1},
                  {"id": "paper", "accept": ["application/pdf"], "max_size_mb": 2}]}


def test_named_files_are_judged_by_the_stored_bytes(db, settings):
    """Size and type as stored (verified when the upload finished), against the document each
    file is filed under, whatever the answer claims; and only this device's finished uploads."""
    client_uuid = str(uuid.uuid4())

    def stored(sha: str, mime: str, length: int, token: str = "t" * 64, complete: bool = True) -> None:
        db.add(Attachment(id=uuid.uuid4().hex, dossier_uuid=client_uuid, procedure_code="x", document_id="other",
                          sha256=sha, declared_mime=mime, mime=mime, length=length, offset=length,
                          complete=complete, storage_key=uuid.uuid4().hex, device_token_hash=token))

    stored("a" * 64, "application/pdf", 1000)  # a PDF filed as a photo
    stored("b" * 64, "image/png", 3 * 1024 * 1024)  # 3 MB filed as a 2 MB paper, and as a PNG
    stored("c" * 64, "image/png", 500)  # fine as a photo
    stored("d" * 64, "image/png", 500, token="u" * 64)  # another device's
    stored("e" * 64, "image/png", 500, complete=False)  # unfinished
    db.commit()

    def item(sha: str) -> dict:
        return {"sha256": sha, "size": 10, "mime": "image/png", "name": f"{sha[0]}.png"}

    answers = {"scan": [item("a" * 64), item("c" * 64), item("d" * 64), item("e" * 64)],
               "people": [{"paper": [item("b" * 64)]}]}
    errors = submission_checks.file_errors(db, client_uuid, "t" * 64, PROCEDURE, answers,
                                           [{"sha256": "c" * 64, "document_id": "photo", "field": "scan"}])
    assert [(e["field"], e["key"], e["params"]) for e in errors] == [
        ("scan.0", "document.mime", {"name": "a.png"}),
        ("scan.2", "dossier.attachment_missing", {}),
        ("scan.3", "dossier.attachment_missing", {}),
        ("people.0.paper.0", "document.too_large", {"name": "b.png", "max_mb": 2}),
        ("people.0.paper.0", "document.mime", {"name": "b.png"}),
    ]


def test_unknown_answer_keys_are_found_at_any_depth():
    procedure = {**PROCEDURE, "steps": [{"id": "s", "fields": PROCEDURE["steps"][0]["fields"] + [
        {"id": "home", "type": "address"}]}]}
    answers = {"scan": [{"sha256": "a" * 64, "size": 1, "mime": "image/png", "name": "x", "extra": 1}],
               "people": [{"paper": None, "nickname": "x"}, "not an item"],
               "home": {"province": "01", "floor": 3}, "k" * 200: 1}
    found = [e["field"] for e in submission_checks.unknown_keys(procedure, answers)]
    assert found == ["scan.0.extra", "people.0.nickname", "home.floor", "k" * 80 + "…"]


def test_forward_is_the_system_step_after_accept_and_is_audited(db):
    db.add(Centre(code="C1", name="C1"))
    now = datetime(2026, 11, 28, 3, 0, tzinfo=timezone.utc)
    dossier = Dossier(client_uuid=str(uuid.uuid4()), code="TS-261128-0001", procedure_code="2.000635",
                      catalog_version="x", state="submitted", answers={}, channel="citizen", centre_id=1,
                      device_token_hash="h" * 64, due_at=now)
    db.add(dossier)
    db.commit()
    bridge.mark_forwarded(db, dossier.id, 1, "X-261128-0001")  # not accepted: left alone
    db.commit()
    assert dossier.state == "submitted" and db.exec(select(AuditEvent)).first() is None
    dossier.state = "accepted"
    db.add(dossier)
    db.commit()
    bridge.mark_forwarded(db, dossier.id, 1, "X-261128-0001")
    db.commit()
    assert dossier.state == "forwarded" and dossier.closed_at is not None
    event = db.exec(select(AuditEvent).where(AuditEvent.dossier_id == dossier.client_uuid)).one()
    assert (event.action, event.actor_role, event.detail) == (
        "transition:forward", "system", "accepted->forwarded v1 official=X-261128-0001")


def _dossier(db, code: str, state: str, received: datetime, due: datetime, centre_id: int = 1) -> Dossier:
    dossier = Dossier(client_uuid=str(uuid.uuid4()), code=code, procedure_code="2.000635", catalog_version="x",
                      state=state, answers={}, channel="citizen", centre_id=centre_id, device_token_hash="h" * 64,
                      on_behalf_of="N. V. An", citizen_id_masked="0010******56", created_at=received,
                      received_at=received, due_at=due)
    db.add(dossier)
    return dossier


def test_queue_overdue_filter_and_reports_on_a_real_database(db):
    from volunteer_app.models import Role, User
    from volunteer_app.services import reports, staff
    from volunteer_app.services.actors import Actor

    db.add(Centre(code="C1", name="C1"))
    db.add(Centre(code="C2", name="C2"))
    db.flush()
    now = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)  # Monday 10:00 in Hà Nội
    _dossier(db, "TS-261127-0001", "in_review", now - timedelta(days=3), now - timedelta(days=2))  # late
    _dossier(db, "TS-261127-0002", "needs_supplement", now - timedelta(days=3), now - timedelta(days=2))  # paused
    _dossier(db, "TS-261130-0001", "submitted", now - timedelta(hours=1), now + timedelta(hours=6))
    _dossier(db, "TS-261130-0002", "submitted", now - timedelta(hours=1), now - timedelta(hours=1), centre_id=2)
    admin = User(username="a", display_name="A", role=Role.admin, password_hash="x")
    clerk = User(username="s", display_name="S", role=Role.staff, centre_id=1, password_hash="x")
    db.add(admin)
    db.add(clerk)
    db.commit()
    as_admin, as_staff = Actor(user=admin), Actor(user=clerk)
    late = staff.queue(db, as_staff, overdue=True, now=now)
    assert [r["code"] for r in late] == ["TS-261127-0001"] and late[0]["overdue"] and late[0]["hours_left"] < 0
    assert {r["code"] for r in staff.queue(db, as_admin, overdue=True, now=now)} == {
        "TS-261127-0001", "TS-261130-0002"}
    everything = staff.queue(db, as_staff, now=now)
    assert [r["code"] for r in everything] == ["TS-261127-0001", "TS-261127-0002", "TS-261130-0001"]
    assert [r["code"] for r in staff.queue(db, as_staff, min_age_days=2, now=now)] == [
        "TS-261127-0001", "TS-261127-0002"]
    rows = reports.daily_counts(db, as_staff, (now - timedelta(days=5)).date(), now.date())
    assert rows == [
        {"day": "2026-11-27", "state": "in_review", "procedure_code": "2.000635", "centre_id": 1, "count": 1},
        {"day": "2026-11-27", "state": "needs_supplement", "procedure_code": "2.000635", "centre_id": 1, "count": 1},
        {"day": "2026-11-30", "state": "submitted", "procedure_code": "2.000635", "centre_id": 1, "count": 1},
    ]
    csv_text = reports.counts_csv(rows)
    assert csv_text.splitlines()[0] == "day,state,procedure_code,centre_id,count"
    assert "2026-11-30,submitted,2.000635,1,1" in csv_text
    with pytest.raises(ServiceError):
        reports.daily_counts(db, as_staff, now.date(), (now - timedelta(days=1)).date())
