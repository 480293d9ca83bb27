"""The stand-in portal as a real process: codes, idempotency, statuses, restarts, faults, callbacks."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.portal import support
from volunteer_app.portal.contract import OFFICIAL_CODE_RE
from volunteer_app.portal.signing import verify


def body(ref: str | None = None, version: int = 1, **extra) -> dict:
    return {"client_ref": ref or str(uuid.uuid4()), "version": version, "procedure_code": "1.000894",
            "form": {"q": 1}, "documents": [], **extra}


def submit(server, b: dict, key: str | None = None, **kw) -> httpx.Response:
    return httpx.post(f"{server.url}/api/v1/dossiers", json=b,
                      headers={"Idempotency-Key": key or f"{b['client_ref']}:v{b['version']}"}, timeout=5, **kw)


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    server = support.standin(tmp_path_factory.mktemp("standin"), step_s=0, supplement_rate=0).start(timeout=60)
    yield server
    server.stop()


def test_codes_are_official_style_with_a_daily_sequence(healthy):
    codes = [submit(healthy, body()).json()["official_code"] for _ in range(3)]
    assert all(OFFICIAL_CODE_RE.match(c) for c in codes)
    unit, day, seq = zip(*(c.rsplit("-", 2) for c in codes))
    assert set(unit) == {"000.00.12.H26"} and len(set(day)) == 1
    assert [int(s) for s in seq] == list(range(int(seq[0]), int(seq[0]) + 3))


def test_same_key_same_code_counted_once(healthy):
    b = body()
    first, again = submit(healthy, b), submit(healthy, b)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["official_code"] == again.json()["official_code"]
    entry = support.standin_stats(healthy)["per_key"][f"{b['client_ref']}:v1"]
    assert entry == {"requests": 2, "created": 1, "official_code": first.json()["official_code"]}


def test_concurrent_requests_with_one_key_file_one_dossier(healthy):
    """The contract's rule for a hedge or a retry racing a hung first try: requests with one key
    in flight at the same time (here 8, each on its own connection) file one dossier, and every
    answer carries its code."""
    b, n = body(), 8
    key = f"{b['client_ref']}:v1"

    async def all_at_once() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=healthy.url, timeout=10, limits=httpx.Limits(max_connections=n)) as c:
            return await asyncio.gather(*(c.post("/api/v1/dossiers", json=b, headers={"Idempotency-Key": key})
                                          for _ in range(n)))

    answers = asyncio.run(all_at_once())
    assert sorted(r.status_code for r in answers) == [200] * (n - 1) + [201]
    assert len({r.json()["official_code"] for r in answers}) == 1
    entry = support.standin_stats(healthy)["per_key"][key]
    assert (entry["requests"], entry["created"]) == (n, 1)


def test_a_new_version_is_a_new_dossier(healthy):
    ref = str(uuid.uuid4())
    c1 = submit(healthy, body(ref, 1)).json()["official_code"]
    c2 = submit(healthy, body(ref, 2)).json()["official_code"]
    assert c1 != c2


def test_key_reused_with_another_body_is_refused(healthy):
    b = body()
    submit(healthy, b)
    r = submit(healthy, {**b, "form": {"q": 2}})
    assert r.status_code == 422 and r.json()["error"] == "idempotency_key_reused"


@pytest.mark.parametrize("bad, status, error", [
    ({"form": "x"}, 422, "form_not_object"),
    ({"documents": [{"sha256": "00", "content_base64": base64.b64encode(b"pdf").decode()}]}, 422,
     "document_hash_mismatch"),
    ({"version": 0}, 422, "version_invalid"),
])
def test_validation_errors(healthy, bad, status, error):
    r = submit(healthy, body() | bad, key=f"{uuid.uuid4()}:v1")
    assert r.status_code == status and r.json()["error"] == error


def test_key_is_required_and_must_match_the_body(healthy):
    b = body()
    assert httpx.post(f"{healthy.url}/api/v1/dossiers", json=b).status_code == 400
    assert submit(healthy, b, key=f"{uuid.uuid4()}:v1").json()["error"] == "idempotency_key_mismatch"


def test_documents_with_matching_hash_are_accepted(healthy):
    raw = b"%PDF-1.4 test"
    doc = {"document_id": "cccd", "sha256": hashlib.sha256(raw).hexdigest(), "content_base64": base64.b64encode(raw).decode()}
    assert submit(healthy, body(documents=[doc])).status_code == 201


def test_statuses_move_on_admin_advance(healthy):
    code = submit(healthy, body()).json()["official_code"]
    seen = []
    for _ in range(4):
        seen.append(httpx.get(f"{healthy.url}/api/v1/dossiers/{code}").json()["status"])
        httpx.post(f"{healthy.url}/_admin/advance", json={"official_code": code})
    assert seen == ["received", "processing", "result_ready", "returned"]
    assert httpx.get(f"{healthy.url}/api/v1/dossiers/unknown-000000-0000").status_code == 404


def test_statuses_move_over_time(tmp_path):
    server = support.standin(tmp_path, step_s=0.2, supplement_rate=0).start(timeout=60)
    try:
        code = submit(server, body()).json()["official_code"]
        support.wait_for(lambda: httpx.get(f"{server.url}/api/v1/dossiers/{code}").json()["status"] == "returned",
                         10, "returned")
        history = httpx.get(f"{server.url}/api/v1/dossiers/{code}").json()["history"]
        assert [h["status"] for h in history] == ["received", "processing", "result_ready", "returned"]
    finally:
        server.stop()


def test_restart_keeps_codes_and_the_sequence(tmp_path):
    server = support.standin(tmp_path, step_s=0)
    server.start(timeout=60)
    try:
        b = body()
        first = submit(server, b).json()["official_code"]
        server.restart()
        assert submit(server, b).json()["official_code"] == first
        later = submit(server, body()).json()["official_code"]
        assert int(later.rsplit("-", 1)[1]) == int(first.rsplit("-", 1)[1]) + 1
    finally:
        server.stop()


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    server = support.standin(tmp_path_factory.mktemp("faulty"), step_s=0, fault_rate=1.0, hang_s=1.0,
                             retry_after_s=2).start(timeout=60)
    yield server
    server.stop()


def only(server, kind: str) -> None:
    httpx.post(f"{server.url}/_admin/faults", json={"rate": 1.0, "kinds": [kind]})


def created(server, b) -> int:
    return support.standin_stats(server)["per_key"].get(f"{b['client_ref']}:v1", {}).get("created", 0)


def test_fault_error_processes_nothing(faulty):
    only(faulty, "error")
    b = body()
    assert submit(faulty, b).status_code == 500 and created(faulty, b) == 0


def test_fault_ratelimit_sends_retry_after(faulty):
    only(faulty, "ratelimit")
    b = body()
    r = submit(faulty, b)
    assert r.status_code == 429 and r.headers["retry-after"] == "2" and created(faulty, b) == 0


def test_fault_error_after_processing(faulty):
    only(faulty, "error_after")
    b = body()
    assert submit(faulty, b).status_code == 503 and created(faulty, b) == 1


def test_fault_drop_after_processing(faulty):
    only(faulty, "drop")
    b = body()
    with pytest.raises(httpx.RemoteProtocolError):
        submit(faulty, b)
    assert created(faulty, b) == 1  # processed: a retry will be a replay


def test_fault_timeout_then_processed_late(faulty):
    only(faulty, "timeout")
    b = body()
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{faulty.url}/api/v1/dossiers", json=b, headers={"Idempotency-Key": f"{b['client_ref']}:v1"},
                   timeout=httpx.Timeout(5, read=0.3))
    support.wait_for(lambda: created(faulty, b) == 1, 10, "the hung request to be processed")


def test_fault_rate_is_seeded_and_admin_is_never_faulted(tmp_path):
    def run() -> list[int]:
        folder = tmp_path / uuid.uuid4().hex
        folder.mkdir()
        server = support.standin(folder, step_s=0, fault_rate=0.5, seed=42,
                                 faults="error,ratelimit").start(timeout=60)
        try:
            codes = [submit(server, body()).status_code for _ in range(20)]
            assert httpx.get(f"{server.url}/_admin/stats").status_code == 200
            return codes
        finally:
            server.stop()

    first = run()
    assert first == run()  # same seed, same sequence of faults
    assert {500, 429} & set(first) and 201 in first


class _Receiver(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):  # noqa: N802
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((dict(self.headers), raw))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_signed_callbacks_on_each_status_change(tmp_path):
    receiver = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    secret = "s3cret-s3cret-s3cret"
    server = support.standin(tmp_path, step_s=0, callback_secret=secret).start(timeout=60)
    try:
        url = f"http://127.0.0.1:{receiver.server_port}/cb"
        code = submit(server, body(callback_url=url)).json()["official_code"]
        support.wait_for(lambda: any(json.loads(r)["status"] == "received" for _, r in _Receiver.received), 10,
                         "callback 'received'")
        httpx.post(f"{server.url}/_admin/advance", json={"official_code": code})
        support.wait_for(lambda: any(json.loads(r)["status"] == "processing" for _, r in _Receiver.received), 10,
                         "callback 'processing'")
        for headers, raw in _Receiver.received:
            verify(secret, headers["X-Portal-Timestamp"], headers["X-Portal-Signature"], raw, 300)
            assert json.loads(raw)["official_code"] == code
    finally:
        server.stop()
        receiver.shutdown()
