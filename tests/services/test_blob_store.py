"""The attachment store (services/blob_store.py), both kinds, on SQLite and PostgreSQL: what a
writer keeps and drops, reads across chunk boundaries, the write lock fencing a database writer,
and the portal's submission body carrying the stored bytes."""
from __future__ import annotations

import base64
import hashlib
import io
import json
import secrets
import subprocess
import sys
import uuid

import pytest
from sqlmodel import Session, create_engine, select

from tests.support.servers import ROOT
from volunteer_app.core import config
from volunteer_app.core.config import load_settings
from volunteer_app.models import Attachment, AttachmentChunk, Dossier, DossierVersion
from volunteer_app.portal import bridge
from volunteer_app.services import blob_store
from volunteer_app.services.blob_store import FLUSH_BYTES, LockLost, make_store, read_all

DATA = bytes(range(256)) * (3 * FLUSH_BYTES // 256 + 17)  # a bit over three flushes


@pytest.fixture(params=["folder", "database"])
def env(request, db_env, monkeypatch):
    env = {**db_env, "ATTACHMENT_STORE": request.param, "SECRET_KEY": "k" * 40}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config.get_settings.cache_clear()
    yield env
    config.get_settings.cache_clear()


# Tests of the database store alone run only with it (never generated, then skipped).
DATABASE_STORE_ONLY = pytest.mark.parametrize("env", ["database"], indirect=True)


@pytest.fixture
def engine(env):
    engine = create_engine(env["DATABASE_URL"])
    yield engine
    engine.dispose()


@pytest.fixture
def store(env, engine):
    return make_store(load_settings(env), engine)


def _upload(engine, key: str, lock: str | None = None, **extra) -> Attachment:
    att = Attachment(id=secrets.token_hex(16), dossier_uuid=extra.pop("dossier_uuid", str(uuid.uuid4())),
                     procedure_code="2.000635", document_id="exemption_proof", sha256=hashlib.sha256(DATA).hexdigest(),
                     declared_mime="image/png", length=len(DATA), storage_key=key, device_token_hash="h" * 64,
                     lock_token=lock, **extra)
    with Session(engine) as s:
        s.add(att)
        s.commit()
        s.refresh(att)
        s.expunge(att)
    return att


def _write(store, att: Attachment, lock: str, offset: int, data: bytes, piece: int = 64 * 1024) -> int:
    writer = store.writer(att.storage_key, offset, att.id, lock)
    try:
        for at in range(0, len(data), piece):
            if writer.add(data[at:at + piece]):
                writer.flush()
        return writer.finish()
    finally:
        writer.abandon()


def test_a_writer_continues_at_the_offset_and_drops_what_a_dead_writer_left_beyond_it(store, engine):
    key, lock = secrets.token_hex(20), secrets.token_hex(16)
    att = _upload(engine, key, lock)
    store.start(key)
    cut = FLUSH_BYTES + 4321
    assert _write(store, att, lock, 0, DATA[:cut]) == cut
    # A writer that died after storing bytes but before recording its offset: junk beyond ``cut``.
    assert _write(store, att, lock, cut, b"\x00" * 200_000) == cut + 200_000
    assert _write(store, att, lock, cut, DATA[cut:]) == len(DATA)
    with store.open(key, partial=True) as fh:
        assert fh.read() == DATA
        fh.seek(FLUSH_BYTES - 3)  # a read across a chunk boundary, after a seek back
        assert fh.read(10) == DATA[FLUSH_BYTES - 3:FLUSH_BYTES + 7]
    store.publish(key)
    with Session(engine) as s:  # as uploads.finish records it
        row = s.get(Attachment, att.id)
        row.complete = True
        s.add(row)
        s.commit()
    assert read_all(store, key) == DATA and key in store.keys() and key not in store.keys(partial=True)
    store.delete(key)
    assert store.open(key) is None and key not in store.keys()


@DATABASE_STORE_ONLY  # chunk rows exist in the database store only
def test_the_database_keeps_chunks_of_bounded_size(store, engine):
    key, lock = secrets.token_hex(20), secrets.token_hex(16)
    att = _upload(engine, key, lock)
    _write(store, att, lock, 0, DATA)
    with Session(engine) as s:
        sizes = [len(d) for d in s.exec(select(AttachmentChunk.data).where(AttachmentChunk.storage_key == key)
                                        .order_by(AttachmentChunk.start))]
    assert sum(sizes) == len(DATA) and len(sizes) == 4 and max(sizes) < FLUSH_BYTES + 64 * 1024


@DATABASE_STORE_ONLY  # the folder store is guarded by the lock in uploads.py alone
def test_a_database_writer_stores_nothing_once_its_lock_is_taken(store, engine):
    key, lock = secrets.token_hex(20), secrets.token_hex(16)
    att = _upload(engine, key, lock)
    writer = store.writer(key, 0, att.id, lock)
    with Session(engine) as s:  # the lease lapsed and another PATCH took the upload
        row = s.get(Attachment, att.id)
        row.lock_token = secrets.token_hex(16)
        s.add(row)
        s.commit()
    writer.add(DATA[:FLUSH_BYTES])
    with pytest.raises(LockLost):
        writer.flush()
    writer.abandon()
    assert store.open(key, partial=True) is None
    with pytest.raises(LockLost):  # nor can a late writer clear what the new one stores
        store.writer(key, 0, att.id, lock)


def test_the_submission_to_the_portal_carries_the_stored_bytes(store, engine):
    key = secrets.token_hex(20)
    client_uuid = str(uuid.uuid4())
    att = _upload(engine, key, complete=True, mime="image/png", offset=len(DATA), dossier_uuid=client_uuid)
    store.put(key, io.BytesIO(DATA))
    with Session(engine) as s:
        dossier = Dossier(client_uuid=client_uuid, code=f"TS-{secrets.token_hex(3)}", procedure_code="2.000635",
                          catalog_version="x", state="accepted", answers={}, channel="citizen",
                          device_token_hash="h" * 64)
        s.add(dossier)
        s.flush()
        s.add(DossierVersion(dossier_id=dossier.id, version=1, body_hash="0" * 64, answers={},
                             extra={"attachments": [{"sha256": att.sha256, "document_id": "exemption_proof"}]}))
        s.commit()
        [doc] = bridge.build_submission(s, dossier.id, 1)["documents"]
    assert base64.b64decode(doc["content_base64"]) == DATA and doc["size"] == len(DATA)
    assert blob_store.get_store(s).kind == store.kind  # the app's own choice, from ATTACHMENT_STORE


@DATABASE_STORE_ONLY  # the import fills the database store
def test_import_folder_moves_the_files_into_the_database_and_keeps_a_mismatch(env, store, engine, tmp_path):
    folder = blob_store.FolderStore(tmp_path / "old-uploads")
    done, part, bad = (secrets.token_hex(20) for _ in range(3))
    for key, complete in ((done, True), (part, False), (bad, True)):
        _upload(engine, key, complete=complete, offset=len(DATA) if complete else 1000)
    folder.put(done, [DATA])
    folder.put(part, [DATA[:1500]], partial=True)  # 500 bytes beyond the recorded offset
    folder.put(bad, [DATA[:-1] + b"!"])
    result = subprocess.run([sys.executable, "-m", "volunteer_app.cli", "blobs", "import-folder",
                             "--from", str(folder.root)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr  # one file did not match its upload's SHA-256
    counts = json.loads(result.stdout.strip().splitlines()[-1])
    assert (counts["moved"], counts["mismatch"]) == (2, 1)
    assert read_all(store, done) == DATA and read_all(store, part) == DATA[:1000]
    assert read_all(store, bad) is None and folder.keys() == {bad} and folder.keys(partial=True) == set()


def test_attachment_store_setting_is_validated_and_auto_follows_the_database(tmp_path):
    base = {"DATA_DIR": str(tmp_path), "SECRET_KEY": "k" * 40}
    with pytest.raises(config.SettingsError, match="ATTACHMENT_STORE"):
        load_settings({**base, "ATTACHMENT_STORE": "s3"})
    sqlite = load_settings({**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    postgres = load_settings({**base, "DATABASE_URL": "postgresql+psycopg://u@127.0.0.1:5432/x"})
    assert (blob_store.store_kind(sqlite), blob_store.store_kind(postgres)) == ("folder", "database")
    forced = load_settings({**base, "DATABASE_URL": "postgresql+psycopg://u@127.0.0.1:5432/x",
                            "ATTACHMENT_STORE": "folder"})
    assert blob_store.store_kind(forced) == "folder"
