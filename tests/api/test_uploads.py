"""tus uploads over real HTTP: resume, and each attack refused with no partial file left behind."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest
from sqlalchemy import update

from volunteer_app.models import Attachment

from tests.support.blobs import StoredBlobs
from tests.support.dossiers import (PDF_BYTES, TUS, VALID_ANSWERS, body, new_token, new_uuid, png_bytes, sha256,
                                    submit, tus_create, tus_patch)


@pytest.fixture(scope="module")
def blobs(db_env) -> StoredBlobs:
    """The server's attachment store: the folder on SQLite, the database on PostgreSQL."""
    stored = StoredBlobs(db_env)
    yield stored
    stored.close()


@pytest.fixture
def client(api):
    with httpx.Client(base_url=api.url, timeout=60) as c:
        yield c


def test_options_advertises_tus(client):
    res = client.options("/api/v1/uploads")
    assert res.status_code == 204
    assert res.headers["tus-version"] == "1.0.0" and "creation" in res.headers["tus-extension"]
    assert int(res.headers["tus-max-size"]) > 0


def test_resume_from_the_stored_offset_after_a_partial_upload(client, accounts, blobs):
    token, client_uuid, data = new_token(), new_uuid(), png_bytes(300_000)
    created = tus_create(client, token, client_uuid, data)
    assert created.status_code == 201 and created.headers["tus-resumable"] == "1.0.0"
    location = created.headers["location"]
    half = 131_072
    first = tus_patch(client, token, location, 0, data[:half])
    assert first.status_code == 204 and first.headers["upload-offset"] == str(half)
    # The connection dropped: the device asks where to resume, never restarts at 0.
    head = client.head(location, headers={**TUS, "X-Dossier-Token": token})
    assert head.status_code == 200 and head.headers["upload-offset"] == str(half)
    assert head.headers["upload-length"] == str(len(data))
    stale = tus_patch(client, token, location, 0, data)
    assert stale.status_code == 409 and stale.json()["detail"]["offset"] == half
    rest = tus_patch(client, token, location, half, data[half:])
    assert rest.status_code == 204 and rest.headers["upload-offset"] == str(len(data))
    assert blobs.partials() == set()
    assert data in blobs.finished_bytes()
    assert all("giay-to" not in key for key in blobs.finished())  # never the client's file name
    # A second POST of the same file for the same dossier finds the finished upload.
    again = tus_create(client, token, client_uuid, data)
    assert again.status_code == 201 and again.headers["location"] == location
    assert again.headers["upload-offset"] == str(len(data))
    answers = {**VALID_ANSWERS, "fee_exemption": "poor", "upload_exemption_proof": [
        {"sha256": sha256(data), "size": len(data), "mime": "image/png", "name": "mien-phi.png"}]}
    _, _, res = submit(client, body(answers=answers), token=token, client_uuid=client_uuid)
    assert res.status_code == 201, res.text
    staff = accounts["staff"]
    detail = staff.get(f"/api/v1/staff/dossiers/{res.json()['code']}").json()
    preview = staff.get(f"/api/v1/staff/attachments/{detail['attachments'][0]['id']}")
    assert preview.status_code == 200 and preview.content == data
    assert preview.headers["content-type"] == "image/png"
    assert preview.headers["content-disposition"].startswith("inline")


def test_a_dead_writers_lease_makes_head_say_locked_until_it_lapses(client, accounts, engine):
    # A server killed mid-PATCH leaves the upload's lease in its row. Until it lapses HEAD answers
    # 423, so the device waits without sending a chunk (tus-js-client retries a HEAD's 423 and
    # sends no body) instead of sending chunks that are refused, body and all, one after another.
    token, client_uuid, data = new_token(), new_uuid(), png_bytes(300_000)
    location = tus_create(client, token, client_uuid, data).headers["location"]
    upload_id = location.rsplit("/", 1)[1]
    assert tus_patch(client, token, location, 0, data[:131_072]).status_code == 204
    with engine.begin() as con:  # what the killed process left behind
        con.execute(update(Attachment).where(Attachment.id == upload_id).values(
            lock_token="dead", locked_until=datetime.now(timezone.utc) + timedelta(seconds=30)))
    locked = client.head(location, headers={**TUS, "X-Dossier-Token": token})
    assert locked.status_code == 423 and int(locked.headers["retry-after"]) > 0
    assert locked.headers["tus-resumable"] == "1.0.0"
    with engine.begin() as con:  # the lease lapsed
        con.execute(update(Attachment).where(Attachment.id == upload_id).values(
            locked_until=datetime.now(timezone.utc) - timedelta(seconds=1)))
    head = client.head(location, headers={**TUS, "X-Dossier-Token": token})
    assert head.status_code == 200 and head.headers["upload-offset"] == "131072"
    rest = tus_patch(client, token, location, 131_072, data[131_072:])
    assert rest.status_code == 204 and rest.headers["upload-offset"] == str(len(data))


@pytest.mark.parametrize("name", ["../../etc/passwd", "..\\..\\boot.ini", "a/b.png", "x\x00.png", "..png"])
def test_path_traversal_in_the_file_name_is_refused(client, accounts, blobs, name):
    before = blobs.everything()
    res = tus_create(client, new_token(), new_uuid(), png_bytes(), filename=name)
    assert res.status_code == 422
    assert res.json()["detail"]["key"] == "upload.bad_filename" and "Tên tệp" in res.json()["detail"]["vi"]
    assert blobs.everything() == before


def test_spoofed_mime_is_refused_and_leaves_nothing(client, accounts, blobs):
    token, data = new_token(), b"<html><script>alert(1)</script></html>" + b" " * 200
    created = tus_create(client, token, new_uuid(), data, mime="image/png")
    assert created.status_code == 201
    res = tus_patch(client, token, created.headers["location"], 0, data)
    assert res.status_code == 422
    detail = res.json()["detail"]
    assert detail["key"] == "upload.type_mismatch" and "image/png" in detail["vi"]
    assert blobs.partials() == set()
    assert client.head(created.headers["location"], headers={**TUS, "X-Dossier-Token": token}).status_code == 404


def test_declared_type_that_the_document_does_not_accept_is_refused(client, accounts):
    res = tus_create(client, new_token(), new_uuid(), b"GIF89a" + b"0" * 100, mime="image/gif")
    assert res.status_code == 422 and res.json()["detail"]["key"] == "upload.type_not_accepted"


def test_pdf_declared_as_jpeg_is_refused(client, accounts, blobs):
    token = new_token()
    created = tus_create(client, token, new_uuid(), PDF_BYTES, mime="image/jpeg")
    res = tus_patch(client, token, created.headers["location"], 0, PDF_BYTES)
    assert res.status_code == 422 and res.json()["detail"]["key"] == "upload.type_mismatch"
    assert blobs.partials() == set()


def test_oversize_file_is_refused_before_any_byte(client, accounts, blobs):
    res = tus_create(client, new_token(), new_uuid(), b"", length=10 * 1024 * 1024 + 1, digest="0" * 64)
    assert res.status_code == 413
    detail = res.json()["detail"]
    assert detail["key"] == "upload.too_large" and "10 MB" in detail["vi"]
    assert blobs.partials() == set()


def test_more_bytes_than_declared_are_refused(client, accounts, blobs):
    token, data = new_token(), png_bytes(5000)
    created = tus_create(client, token, new_uuid(), data[:1000], digest=sha256(data))
    res = tus_patch(client, token, created.headers["location"], 0, data)
    assert res.status_code == 413 and res.json()["detail"]["key"] == "upload.exceeds_length"
    assert blobs.partials() == set()
    assert client.head(created.headers["location"], headers={**TUS, "X-Dossier-Token": token}).status_code == 404


def test_a_streamed_body_longer_than_declared_is_refused(client, accounts, blobs):
    token, data = new_token(), png_bytes(5000)
    created = tus_create(client, token, new_uuid(), data[:1000], digest=sha256(data))

    def stream():  # no Content-Length: the server only learns the size while reading
        yield data[:800]
        yield data[800:]

    res = client.patch(created.headers["location"], content=stream(), headers={
        **TUS, "X-Dossier-Token": token, "Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
    assert res.status_code == 413 and res.json()["detail"]["key"] == "upload.exceeds_length"
    assert blobs.partials() == set()


def test_truncated_upload_fails_its_checksum_and_leaves_nothing(client, accounts, blobs):
    token, data = new_token(), png_bytes(20_000)
    truncated = data[:12_000]
    created = tus_create(client, token, new_uuid(), truncated, digest=sha256(data))
    res = tus_patch(client, token, created.headers["location"], 0, truncated)
    assert res.status_code == 422
    assert res.json()["detail"]["key"] == "upload.checksum_mismatch" and "SHA-256" in res.json()["detail"]["vi"]
    assert blobs.partials() == set()


def test_abandoned_partial_upload_is_deleted_on_termination(client, accounts, blobs):
    token, data = new_token(), png_bytes(50_000)
    created = tus_create(client, token, new_uuid(), data)
    location = created.headers["location"]
    tus_patch(client, token, location, 0, data[:10_000])
    assert len(blobs.partials()) == 1
    gone = client.delete(location, headers={**TUS, "X-Dossier-Token": token})
    assert gone.status_code == 204
    assert blobs.partials() == set()
    assert client.head(location, headers={**TUS, "X-Dossier-Token": token}).status_code == 404


def test_protocol_errors_are_clear(client, accounts):
    token, data = new_token(), png_bytes()
    no_tus = client.post("/api/v1/uploads", headers={"X-Dossier-Token": token, "Upload-Length": "10"})
    assert no_tus.status_code == 412 and no_tus.headers["tus-version"] == "1.0.0"
    assert tus_create(client, "", new_uuid(), data).status_code == 401
    created = tus_create(client, token, new_uuid(), data)
    location = created.headers["location"]
    wrong_type = client.patch(location, content=data, headers={**TUS, "X-Dossier-Token": token,
                                                                "Upload-Offset": "0",
                                                                "Content-Type": "application/json"})
    assert wrong_type.status_code == 415 and wrong_type.json()["detail"]["key"] == "upload.content_type"
    # Another device's token sees nothing.
    assert client.head(location, headers={**TUS, "X-Dossier-Token": new_token()}).status_code == 404
    bad_meta = client.post("/api/v1/uploads", headers={**TUS, "X-Dossier-Token": token, "Upload-Length": "10",
                                                       "Upload-Metadata": "sha256 !!notbase64"})
    assert bad_meta.status_code == 422 and bad_meta.json()["detail"]["key"] == "upload.bad_metadata"


def test_upload_for_another_devices_dossier_is_refused(client, accounts):
    client_uuid, _, res = submit(client)
    assert res.status_code == 201
    stranger = tus_create(client, new_token(), client_uuid, png_bytes())
    assert stranger.status_code == 403


def test_signed_in_browser_uploads_with_the_token_and_no_csrf_header(api, accounts):
    # The volunteer's browser sends its session cookie along; the token alone authorises uploads.
    volunteer = accounts["volunteer"]
    with httpx.Client(base_url=api.url, cookies=volunteer.cookies, timeout=60) as browser:
        token, data = new_token(), png_bytes()
        created = tus_create(browser, token, new_uuid(), data)
        assert created.status_code == 201, created.text
        assert tus_patch(browser, token, created.headers["location"], 0, data).status_code == 204
