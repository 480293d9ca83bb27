"""Attacks on the dossier and upload API by anonymous clients (issue 12, items 3, 9, 10, 11),
sent over real HTTP to the API run as separate processes (granian) on SQLite and PostgreSQL.

Two server processes share each database, so nothing in one process's memory (a lock, a counter)
can be what stops an attack: only the database can. Both trust 127.0.0.1 as a proxy, so a test
poses as a client address of its own with X-Forwarded-For and the per-address limits of one test
never spill into another's.
"""
from __future__ import annotations

import itertools
import json
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.portal.support import wait_for
from tests.support import raw_http
from tests.support.blobs import StoredBlobs
from tests.support.dossiers import (DEMO_CENTRE, PROCEDURE, TUS, VALID_ANSWERS, body, metadata, new_token,
                                    new_uuid, png_bytes, setup_accounts, sha256, tus_patch)

LOCK_TIMEOUT_S = 2
THREADS = 12
LIMITS = {
    "DB_LOCK_TIMEOUT_S": str(LOCK_TIMEOUT_S), "DB_POOL_TIMEOUT_S": "1", "WORKER_THREADS": str(THREADS),
    "MAX_BODY_KB": "1024", "UPLOAD_CHUNK_MAX_MB": "1",
    "RATE_PUT_PER_TOKEN": "100", "RATE_PUT_PER_SESSION": "30", "RATE_PUT_PER_ADDRESS": "150",
    "RATE_UPLOAD_PER_TOKEN": "40", "RATE_UPLOAD_PER_ADDRESS": "400", "RATE_WINDOW_S": "600",
    "TRUSTED_PROXIES": "127.0.0.1",
}
MIB = 1024 * 1024
_addresses = itertools.count(1)


def new_address() -> dict[str, str]:
    """Headers that make the request come from a client address no other test uses."""
    n = next(_addresses)
    return {"X-Forwarded-For": f"10.12.{n // 250}.{n % 250 + 1}"}



@pytest.fixture(scope="module")
def server(servers):
    return servers[0]


@pytest.fixture(scope="module")
def accounts(server, db_env):
    accounts = setup_accounts(server, db_env)
    yield accounts
    accounts.close()



@pytest.fixture(scope="module")
def blobs(db_env) -> StoredBlobs:
    """The servers' attachment store: the folder on SQLite, the database on PostgreSQL."""
    stored = StoredBlobs(db_env)
    yield stored
    stored.close()


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=60, headers=new_address()) as c:
        yield c


def put(client: httpx.Client, payload: dict, token: str | None = None, client_uuid: str | None = None):
    return client.put(f"/api/v1/dossiers/{client_uuid or new_uuid()}", json=payload,
                      headers={"X-Dossier-Token": token or new_token()})


def stored_dossiers(engine) -> int:
    with engine.connect() as con:
        return con.execute(text("SELECT count(*) FROM dossier")).scalar_one()


def error_keys(res: httpx.Response) -> list[tuple[str, str]]:
    return [(e["field"], e["key"]) for e in res.json()["detail"]["errors"]]


# ------------------------------------------------------------------ bodies: size (item 3)


def test_a_declared_100_mib_body_is_refused_before_it_is_read(server):
    # Only 4 KiB of the declared 100 MiB is ever sent: a server that reads bodies whole would
    # wait for the rest (and time out here); the limit answers from the headers alone.
    started = time.monotonic()
    res = raw_http.request(server.url, "PUT", f"/api/v1/dossiers/{new_uuid()}", {
        "Content-Type": "application/json", "Content-Length": str(100 * MIB), "X-Dossier-Token": new_token(),
        **new_address()}, [b"{" + b" " * 4096], timeout=10)
    assert res.status == 413 and time.monotonic() - started < 5
    detail = json.loads(res.body)["detail"]
    assert detail["key"] == "request.too_large" and "1024 KB" in detail["vi"] and "1024 KB" in detail["en"]


def test_a_chunked_body_is_cut_off_once_it_passes_the_limit(server):
    # No Content-Length: the body streams in chunks and never ends. The server counts what
    # arrives and answers as soon as the limit is passed, without waiting for the end.
    parts = raw_http.chunked([b"[" + b"1," * 32_767] + [b"1," * 32_768] * 16)  # 1 MiB + 64 KiB
    res = raw_http.request(server.url, "PUT", f"/api/v1/dossiers/{new_uuid()}", {
        "Content-Type": "application/json", "Transfer-Encoding": "chunked", "X-Dossier-Token": new_token(),
        **new_address()}, parts, timeout=10)
    assert res.status == 413
    assert json.loads(res.body)["detail"]["key"] == "request.too_large"


# ------------------------------------------------------------------ answers: keys and lengths (item 3)


@pytest.mark.parametrize("where, answers, path", [
    ("top level", {**VALID_ANSWERS, "ghi_chu_la": "x" * 900_000}, "ghi_chu_la"),  # just under the body limit
    ("address", {**VALID_ANSWERS, "applicant_address": {**VALID_ANSWERS["applicant_address"], "note": "x" * 5000}},
     "applicant_address.note"),
    ("file item", {**VALID_ANSWERS, "fee_exemption": "poor", "upload_exemption_proof": [
        {"sha256": "a" * 64, "size": 10, "mime": "image/png", "name": "a.png", "blob": "x" * 5000}]},
     "upload_exemption_proof.0.blob"),
])
def test_answer_keys_the_procedure_does_not_define_are_refused_naming_the_key(client, engine, where, answers, path):
    before = stored_dossiers(engine)
    res = put(client, body(answers=answers))
    assert res.status_code == 422, (where, res.text)
    detail = res.json()["detail"]
    assert detail["key"] == "dossier.invalid"
    [error] = detail["errors"]
    assert (error["field"], error["key"]) == (path, "dossier.unknown_answer")
    assert error["vi"].startswith(f"Hồ sơ có mục “{path}”") and f"“{path}”" in error["en"]
    assert stored_dossiers(engine) == before


def test_a_flood_of_unknown_keys_is_named_in_a_bounded_answer(client):
    res = put(client, body(answers={**VALID_ANSWERS, **{f"k{i}": i for i in range(5000)}}))
    assert res.status_code == 422
    assert len(res.json()["detail"]["errors"]) == 20 and len(res.content) < 20_000


@pytest.mark.parametrize("field, value, limit", [
    ("registered_at", "x" * 201, 200),  # text: the catalog's max_length
    ("applicant_email", "a" * 250 + "@x.vn", 254),  # no max_length in the catalog: the type's default
    ("applicant_name", "An " * 70, 200),  # full_name
    ("applicant_phone", "0" * 31, 30),
    ("applicant_address", {**VALID_ANSWERS["applicant_address"], "street": "12 " * 101}, 300),
    ("applicant_sex", "x" * 201, 200),  # a choice
])
def test_text_over_its_length_limit_is_refused(client, field, value, limit):
    res = put(client, body(answers={**VALID_ANSWERS, field: value}))
    assert res.status_code == 422, res.text
    [error] = res.json()["detail"]["errors"]
    assert (error["field"], error["key"], error["params"]["max"]) == (field, "text.max_length", limit)


def test_huge_numbers_and_deep_nesting_are_a_422_not_a_500(client):
    res = put(client, body(answers={**VALID_ANSWERS, "copies": "9" * 5000}))
    assert res.status_code == 422 and error_keys(res) == [("copies", "number.invalid")]
    deep = "[" * 5000 + "]" * 5000
    raw = json.dumps(body()).replace('"copies": 3', f'"copies": {deep}').encode()
    res = client.put(f"/api/v1/dossiers/{new_uuid()}", content=raw,
                     headers={"Content-Type": "application/json", "X-Dossier-Token": new_token()})
    assert res.status_code in (400, 422), res.text


# ------------------------------------------------------------------ per-client limits (item 3)


def test_one_device_is_throttled_but_its_neighbours_behind_the_same_address_are_not(server):
    address = new_address()
    cheap = body(procedure_code="9.999999")  # refused by the service (422), but counted all the same
    with httpx.Client(base_url=server.url, timeout=60, headers=address) as c:
        token = new_token()
        answers = [put(c, cheap, token=token).status_code for _ in range(100)]
        assert answers == [422] * 100
        throttled = put(c, cheap, token=token)
        assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0
        detail = throttled.json()["detail"]
        assert detail["key"] == "dossier.throttled" and "phút" in detail["vi"] and "minute" in detail["en"]
        # Other tablets of the same centre (same address, own tokens) are not one client.
        assert [put(c, cheap).status_code for _ in range(5)] == [422] * 5


def test_a_signed_in_session_has_its_own_limit(server, accounts):
    volunteer = accounts["volunteer"]
    volunteer.headers.update(new_address())
    cheap = body(procedure_code="9.999999", channel="volunteer")
    assert [put(volunteer, cheap).status_code for _ in range(30)] == [422] * 30  # a new token each time
    throttled = put(volunteer, cheap)
    assert throttled.status_code == 429 and throttled.json()["detail"]["key"] == "dossier.throttled"


def test_one_address_inventing_tokens_meets_the_address_ceiling(server):
    cheap = body(procedure_code="9.999999")
    with httpx.Client(base_url=server.url, timeout=60, headers=new_address()) as c:
        assert [put(c, cheap).status_code for _ in range(150)] == [422] * 150
        assert put(c, cheap).status_code == 429
    with httpx.Client(base_url=server.url, timeout=60, headers=new_address()) as other:
        assert put(other, cheap).status_code == 422  # another address is not affected


def test_uploads_have_a_per_device_limit(client):
    token, dossier_uuid = new_token(), new_uuid()
    data = png_bytes(300)
    meta = metadata(dossier_uuid=dossier_uuid, sha256=sha256(data), mime="image/png",
                    document_id="exemption_proof", procedure_code=PROCEDURE, filename="a.png")
    headers = {**TUS, "X-Dossier-Token": token, "Upload-Metadata": meta, "Upload-Length": str(len(data))}
    assert {client.post("/api/v1/uploads", headers=headers).status_code for _ in range(40)} == {201}
    throttled = client.post("/api/v1/uploads", headers=headers)
    assert throttled.status_code == 429 and int(throttled.headers["retry-after"]) > 0
    assert throttled.headers["tus-resumable"] == "1.0.0"
    assert throttled.json()["detail"]["key"] == "upload.throttled"


# ------------------------------------------------------------------ tus: chunk size, overlapping PATCHes (items 3, 9)


def create_upload(client: httpx.Client, token: str, dossier_uuid: str, data: bytes, procedure: str = PROCEDURE,
                  document_id: str = "exemption_proof") -> str:
    meta = metadata(dossier_uuid=dossier_uuid, sha256=sha256(data), mime="image/png", document_id=document_id,
                    procedure_code=procedure, filename="giay-to.png")
    res = client.post("/api/v1/uploads", headers={**TUS, "X-Dossier-Token": token, "Upload-Metadata": meta,
                                                  "Upload-Length": str(len(data))})
    assert res.status_code == 201, res.text
    return res.headers["location"]


def send_in_chunks(client: httpx.Client, token: str, location: str, data: bytes, size: int = MIB) -> httpx.Response:
    res = None
    for offset in range(0, len(data), size):
        res = tus_patch(client, token, location, offset, data[offset:offset + size])
        assert res.status_code == 204, res.text
    return res


def test_a_tus_chunk_over_the_chunk_limit_is_refused_and_the_upload_stays_resumable(client):
    token, data = new_token(), png_bytes(3 * MIB)
    location = create_upload(client, token, new_uuid(), data)
    res = tus_patch(client, token, location, 0, data[:2 * MIB])
    assert res.status_code == 413 and res.json()["detail"]["key"] == "request.too_large"
    head = client.head(location, headers={**TUS, "X-Dossier-Token": token})
    assert head.status_code == 200 and head.headers["upload-offset"] == "0"
    assert send_in_chunks(client, token, location, data).headers["upload-offset"] == str(len(data))


def test_overlapping_patches_at_one_offset_leave_the_upload_whole(servers, accounts, engine, blobs):
    one, two = servers
    address = new_address()
    token, dossier_uuid, data = new_token(), new_uuid(), png_bytes(900_000)
    with httpx.Client(base_url=one.url, timeout=60, headers=address) as c1, \
            httpx.Client(base_url=two.url, timeout=60, headers=address) as c2:
        location = create_upload(c1, token, dossier_uuid, data)
        upload_id = location.rsplit("/", 1)[1]
        with engine.connect() as con:
            key = con.execute(text("SELECT storage_key FROM attachment WHERE id = :i"), {"i": upload_id}).scalar_one()
        # PATCH A (server one) sends the first 256 KiB of the whole file, then waits.
        release = threading.Event()

        def slow_body():
            yield data[:262_144]
            release.wait(30)
            yield data[262_144:]

        first: dict = {}

        def patch_a():
            first["res"] = c1.patch(location, content=slow_body(), headers={
                **TUS, "X-Dossier-Token": token, "Upload-Offset": "0", "Content-Length": str(len(data)),
                "Content-Type": "application/offset+octet-stream"})

        writer = threading.Thread(target=patch_a)
        writer.start()
        try:
            def a_writes() -> bool:
                with engine.connect() as con:
                    return con.execute(text("SELECT lock_token FROM attachment WHERE id = :i"),
                                       {"i": upload_id}).scalar_one() is not None

            wait_for(a_writes, 20, "PATCH A holding the upload's write lock")
            # PATCH B (the other process) at the same offset, with the whole file: locked out.
            second = tus_patch(c2, token, location, 0, data)
            assert second.status_code == 423, second.text
            assert int(second.headers["retry-after"]) > 0 and second.headers["tus-resumable"] == "1.0.0"
            assert second.json()["detail"]["key"] == "upload.locked"
            # Nor can the upload be deleted under the writer, and HEAD says locked too: its offset
            # is not final, and a device told it would send a chunk only to be refused.
            assert c2.delete(location, headers={**TUS, "X-Dossier-Token": token}).status_code == 423
            locked = c2.head(location, headers={**TUS, "X-Dossier-Token": token})
            assert locked.status_code == 423 and int(locked.headers["retry-after"]) > 0
        finally:
            release.set()
            writer.join(30)
        assert first["res"].status_code == 204 and first["res"].headers["upload-offset"] == str(len(data))
        # Whole: complete, its file in place, and a dossier can use it.
        head = c2.head(location, headers={**TUS, "X-Dossier-Token": token})
        assert head.headers["upload-offset"] == str(len(data))
        assert blobs.read(key) == data and key in blobs.finished() and key not in blobs.partials()
        answers = {**VALID_ANSWERS, "fee_exemption": "poor", "upload_exemption_proof": [
            {"sha256": sha256(data), "size": len(data), "mime": "image/png", "name": "mien-phi.png"}]}
        res = c2.put(f"/api/v1/dossiers/{dossier_uuid}", json=body(answers=answers), headers={"X-Dossier-Token": token})
        assert res.status_code == 201, res.text
        # Once A is done the next PATCH at the end is an idempotent 204, not a 423.
        assert tus_patch(c1, token, location, len(data), b"").status_code == 204


# ------------------------------------------------------------------ stored bytes (item 10)


def test_a_file_is_judged_by_its_stored_bytes_not_by_what_the_device_declares(client):
    # Uploaded for a document of another procedure that allows more (30 MB, capped by
    # MAX_UPLOAD_MB=20), then filed under a 10 MB document with a declared size of 1 KB.
    token, dossier_uuid, data = new_token(), new_uuid(), png_bytes(11 * MIB)
    location = create_upload(client, token, dossier_uuid, data, procedure="1.013225", document_id="design_drawings")
    send_in_chunks(client, token, location, data)
    answers = {**VALID_ANSWERS, "fee_exemption": "poor", "upload_exemption_proof": [
        {"sha256": sha256(data), "size": 1024, "mime": "image/png", "name": "mien-phi.png"}]}
    res = put(client, body(answers=answers), token=token, client_uuid=dossier_uuid)
    assert res.status_code == 422, res.text
    errors = res.json()["detail"]["errors"]
    assert ("upload_exemption_proof.0", "document.too_large") in [(e["field"], e["key"]) for e in errors]
    assert errors[0]["params"] == {"name": "mien-phi.png", "max_mb": 10} and "10 MB" in errors[0]["vi"]


def png_claiming(width: int, height: int, size: int) -> bytes:
    """A small real PNG whose header declares ``width`` × ``height`` pixels."""
    import struct
    import zlib

    data = bytearray(png_bytes(size))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr) & 0xFFFFFFFF)
    return bytes(data)


def test_an_image_declaring_400_megapixels_is_refused_without_decoding_it(client, blobs):
    token, data = new_token(), png_claiming(20_000, 20_000, 380_000)
    before = blobs.everything()
    location = create_upload(client, token, new_uuid(), data)
    res = tus_patch(client, token, location, 0, data)
    assert res.status_code == 422, res.text
    detail = res.json()["detail"]
    assert detail["key"] == "upload.too_many_pixels" and "20.000×20.000" in detail["vi"] and "50" in detail["en"]
    assert client.head(location, headers={**TUS, "X-Dossier-Token": token}).status_code == 404
    assert blobs.everything() == before


# ------------------------------------------------------------------ bursts and stalls (item 11)


def test_a_burst_of_100_identical_puts_gives_one_dossier_and_no_500(servers, accounts, engine):
    client_uuid, token, payload, address = new_uuid(), new_token(), body(), new_address()

    def send(i):
        with httpx.Client(base_url=servers[i % 2].url, timeout=60, headers=address) as c:
            return c.put(f"/api/v1/dossiers/{client_uuid}", json=payload, headers={"X-Dossier-Token": token})

    with ThreadPoolExecutor(max_workers=100) as pool:
        results = list(pool.map(send, range(100)))
    statuses = [r.status_code for r in results]
    # One stored it; the others answered from what it stored, or (SQLite on a loaded machine:
    # 100 writers take turns at one lock whose time-out here is 2 s) said "busy, retry" — never 500.
    assert statuses.count(201) == 1 and set(statuses) <= {200, 201, 503}, statuses
    busy = [i for i, r in enumerate(results) if r.status_code == 503]
    assert all(int(results[i].headers["retry-after"]) >= 1 for i in busy)
    retried = [send(i) for i in busy]  # what the device does after Retry-After
    assert all(r.status_code == 200 for r in retried), [r.text for r in retried]
    assert len({r.json()["code"] for r in results + retried if r.status_code < 300}) == 1
    with engine.connect() as con:
        assert con.execute(text("SELECT count(*) FROM dossier WHERE client_uuid = :u"),
                           {"u": client_uuid}).scalar_one() == 1


class HeldLock:
    """Hold the database lock new dossiers need (SQLite: the write lock; PostgreSQL: a lock on the
    dossier table that lets reads through but no insert) until released."""

    def __init__(self, db_env: dict):
        self.url = db_env["DATABASE_URL"]
        self.backend = db_env["TEST_BACKEND"]

    def __enter__(self):
        if self.backend == "sqlite":
            self.con = sqlite3.connect(self.url.split("///", 1)[1], isolation_level=None)
            self.con.execute("BEGIN IMMEDIATE")
        else:
            self.engine = create_engine(self.url)
            self.con = self.engine.connect()
            self.tx = self.con.begin()
            self.con.execute(text("LOCK TABLE dossier IN SHARE MODE"))
        return self

    def __exit__(self, *exc):
        if self.backend == "sqlite":
            self.con.execute("ROLLBACK")
            self.con.close()
        else:
            self.tx.rollback()
            self.con.close()
            self.engine.dispose()


def test_a_stalled_database_gets_503_with_retry_after_never_500(server, accounts, db_env, engine):
    """More PUTs than the worker has threads, while the lock they need is held for longer than
    the lock time-out: each gets 503 + Retry-After within a few lock time-outs (no pile-up, no
    pool time-out turning into a 500); once the lock is gone the same PUTs are stored, once."""
    address = new_address()
    attempts = [(new_uuid(), new_token()) for _ in range(2 * THREADS + 6)]
    before = stored_dossiers(engine)

    def send(attempt):
        client_uuid, token = attempt
        with httpx.Client(base_url=server.url, timeout=60, headers=address) as c:
            started = time.monotonic()
            res = c.put(f"/api/v1/dossiers/{client_uuid}", json=body(), headers={"X-Dossier-Token": token})
            return res, time.monotonic() - started

    with HeldLock(db_env):
        with ThreadPoolExecutor(max_workers=len(attempts)) as pool:
            results = list(pool.map(send, attempts))
        # Meanwhile reads still work.
        assert httpx.get(f"{server.url}/api/v1/health", timeout=10).status_code == 200
    assert [r.status_code for r, _ in results] == [503] * len(attempts), [r.text for r, _ in results][:3]
    for res, took in results:
        assert int(res.headers["retry-after"]) >= 1
        assert res.json()["detail"]["key"] == "server.busy" and "thử lại" in res.json()["detail"]["vi"]
        assert took < 4 * LOCK_TIMEOUT_S + 5  # answered, not left hanging behind the others
    assert stored_dossiers(engine) == before  # nothing half-stored
    with httpx.Client(base_url=server.url, timeout=60, headers=address) as c:
        for client_uuid, token in attempts[:3]:
            assert c.put(f"/api/v1/dossiers/{client_uuid}", json=body(),
                         headers={"X-Dossier-Token": token}).status_code == 201
    assert stored_dossiers(engine) == before + 3
