"""Housekeeping as the server starts it, a separate process, on SQLite and PostgreSQL: stale
uploads (and their partial files), finished uploads no dossier uses (and their files), ended
rate-limit windows, old sessions and returning citizens' kept data past its retention go (with
the kept files nothing else needs); fresh ones stay, and a kept file is never purged as unused."""
from __future__ import annotations

import json
import secrets
import signal
import subprocess
import sys
import uuid
from datetime import timedelta

from sqlmodel import Session, create_engine, select

from tests.portal.support import wait_for
from tests.support.blobs import StoredBlobs
from tests.support.servers import ROOT
from volunteer_app.models import (Attachment, AuthSession, DraftHandover, KeptCitizen, KeptDocument, RateLimitCounter,
                                  Role, User, utcnow)

COUNT_FIELDS = {"uploads_purged", "unused_uploads_purged", "ratelimit_windows_pruned", "sessions_deleted",
                "kept_records_expired", "handovers_expired"}


def _upload(db: Session, blobs: StoredBlobs, idle: timedelta, complete: bool = False) -> str:
    key = secrets.token_hex(20)
    when = utcnow() - idle
    db.add(Attachment(id=secrets.token_hex(16), dossier_uuid=str(uuid.uuid4()), procedure_code="2.000635",
                      document_id="exemption_proof", sha256="0" * 64, declared_mime="image/png", length=100,
                      offset=100 if complete else 10, complete=complete, storage_key=key,
                      device_token_hash="0" * 64, created_at=when, updated_at=when))
    blobs.store.put(key, [b"\x89PNG\r\n\x1a\n01"], partial=not complete)
    return key


def _seed(url: str, blobs: StoredBlobs) -> dict:
    engine = create_engine(url)
    now = utcnow()
    with Session(engine) as db:
        stale = _upload(db, blobs, timedelta(days=2))
        fresh = _upload(db, blobs, timedelta(minutes=5))
        # Finished, but no dossier names them: gone after UNUSED_UPLOAD_HOURS (a week by default).
        unused = _upload(db, blobs, timedelta(days=8), complete=True)
        recent = _upload(db, blobs, timedelta(days=1), complete=True)
        user = User(username=f"hk-{uuid.uuid4().hex[:8]}", display_name="hk", role=Role.volunteer, password_hash="x")
        db.add(user)
        db.flush()
        old = AuthSession(token_hash=secrets.token_hex(32), user_id=user.id, expires_at=now - timedelta(days=30))
        live = AuthSession(token_hash=secrets.token_hex(32), user_id=user.id, expires_at=now + timedelta(hours=1))
        # A draft handed over 8 days ago that nobody collected: its sealed package goes (issue 16).
        stale_handover = DraftHandover(from_user_id=user.id, to_user_id=user.id, draft_id=str(uuid.uuid4()),
                                       sealed=b"sealed", created_at=now - timedelta(days=8),
                                       expires_at=now - timedelta(days=1))
        db.add_all([old, live, stale_handover,
                    RateLimitCounter(bucket="a" * 64, hits=3, window_end=now - timedelta(minutes=1)),
                    RateLimitCounter(bucket="b" * 64, hits=3, window_end=now + timedelta(minutes=10))])
        # Returning citizens (issue 15): one record past its retention, one still kept. The live
        # record's file is finished and no dossier names it, yet it is not "unused": it is kept.
        kept_expired = _upload(db, blobs, timedelta(days=1), complete=True)
        kept_live = _upload(db, blobs, timedelta(days=8), complete=True)
        records = {}
        for name, key, ends in (("expired", kept_expired, now - timedelta(days=1)),
                                ("live", kept_live, now + timedelta(days=30))):
            citizen = KeptCitizen(id_key=secrets.token_hex(32), values={}, codes=[], expires_at=ends)
            db.add(citizen)
            db.flush()
            att_id = db.exec(select(Attachment.id).where(Attachment.storage_key == key)).one()
            db.add(KeptDocument(id=secrets.token_hex(16), citizen_id=citizen.id, attachment_id=att_id,
                                document_id="exemption_proof", procedure_code="2.000635", dossier_code="TS-0-0"))
            records[name] = citizen.id
        db.commit()
        seeded = {"stale": stale, "fresh": fresh, "unused": unused, "recent": recent,
                  "old_session": old.id, "live_session": live.id, "kept_expired": kept_expired,
                  "kept_live": kept_live, "record_expired": records["expired"], "record_live": records["live"],
                  "handover": stale_handover.id}
    engine.dispose()
    return seeded


def _counts(stdout: str) -> dict:
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    [event] = [line for line in lines if line.get("event") == "housekeeping"]
    # Counts and nothing else: no ids, codes or names reach the log.
    assert set(event) == {"ts", "level", "logger", "event"} | COUNT_FIELDS
    return {k: event[k] for k in COUNT_FIELDS}


def test_one_round_removes_what_is_stale_and_keeps_what_is_fresh(db_env):
    blobs = StoredBlobs(db_env)  # the folder on SQLite, the database on PostgreSQL
    seeded = _seed(db_env["DATABASE_URL"], blobs)
    done = subprocess.run([sys.executable, "-m", "volunteer_app.housekeeping", "--once"], cwd=ROOT, env=db_env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert _counts(done.stdout) == {"uploads_purged": 1, "unused_uploads_purged": 1, "ratelimit_windows_pruned": 1,
                                    "sessions_deleted": 1, "kept_records_expired": 1,
                                    "handovers_expired": 1}
    partials, finished = blobs.partials(), blobs.finished()
    assert seeded["stale"] not in partials | finished and seeded["fresh"] in partials
    assert seeded["unused"] not in partials | finished and seeded["recent"] in finished
    assert seeded["kept_expired"] not in finished and seeded["kept_live"] in finished
    blobs.close()
    engine = create_engine(db_env["DATABASE_URL"])
    with Session(engine) as db:
        keys = [seeded[k] for k in ("stale", "fresh", "unused", "recent", "kept_expired", "kept_live")]
        kept = select(Attachment.storage_key).where(Attachment.storage_key.in_(keys))
        assert set(db.exec(kept)) == {seeded["fresh"], seeded["recent"], seeded["kept_live"]}
        assert db.get(KeptCitizen, seeded["record_expired"]) is None
        assert db.get(KeptCitizen, seeded["record_live"]) is not None
        assert db.exec(select(KeptDocument).where(KeptDocument.citizen_id == seeded["record_expired"])).all() == []
        assert db.get(AuthSession, seeded["old_session"]) is None
        assert db.get(AuthSession, seeded["live_session"]) is not None
        assert set(db.exec(select(RateLimitCounter.bucket))) == {"b" * 64}
        assert db.get(DraftHandover, seeded["handover"]).sealed is None
    engine.dispose()


def test_periodic_mode_runs_a_round_at_once_and_stops_on_sigterm(db_env, tmp_path):
    log_path = tmp_path / "housekeeping.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "volunteer_app.housekeeping"], cwd=ROOT,
                                env={**db_env, "HOUSEKEEPING_INTERVAL": "3600"}, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: '"event": "housekeeping"' in log_path.read_text(), 60, "the first round's log line")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0  # the hour-long wait is cut short
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
