"""Two app hosts behind one address (issue 16, "Scale beyond one machine"): each its own process,
port, DATA_DIR and UPLOAD_DIR, both on one PostgreSQL and one Redis. An attachment begun on host A
and finished on host B is stored once, in the database (ATTACHMENT_STORE=auto on PostgreSQL), and
the dossier that uses it is reviewed, with the attachment's bytes, through either host."""
from __future__ import annotations

import secrets
from pathlib import Path

import httpx
import pytest

from tests.support import services
from tests.support.blobs import StoredBlobs
from tests.support.dossiers import (TUS, VALID_ANSWERS, body, new_token, new_uuid, png_bytes, setup_accounts, sha256,
                                    staff_act, submit, tus_create, tus_patch)
from tests.support.servers import api_server, base_env, migrate

KIB = 1024


@pytest.fixture(scope="module")
def hosts(tmp_path_factory):
    url, drop = services.create_postgres_database(services.postgres_admin_url())
    redis = services.redis_url().rsplit("/", 1)[0] + "/7"
    shared = {"DATABASE_URL": url, "REDIS_URL": redis, "SECRET_KEY": secrets.token_urlsafe(40), "LOG_LEVEL": "INFO"}
    envs, servers = [], []
    for name in ("a", "b"):
        data_dir = tmp_path_factory.mktemp(f"host-{name}")
        envs.append(base_env(**shared, DATA_DIR=data_dir, UPLOAD_DIR=data_dir / "uploads"))
    migrate(envs[0])
    logs = tmp_path_factory.mktemp("two-host-logs")
    try:
        for name, env in zip("ab", envs):
            servers.append(api_server(env, logs / f"{name}.log").start())
        yield envs, servers
    finally:
        for server in servers:
            server.stop()
        drop()


def test_an_upload_split_across_two_hosts_is_reviewed_with_its_bytes_through_either(hosts):
    (env_a, env_b), (host_a, host_b) = hosts
    accounts = setup_accounts(host_b, env_b)  # staff signed in on host B only
    blobs = StoredBlobs(env_a)
    token, dossier_uuid, data = new_token(), new_uuid(), png_bytes(3 * 1024 * KIB + 12_345)
    half = 1536 * KIB + 7  # not on a chunk boundary of either host's writer
    try:
        with httpx.Client(base_url=host_a.url, timeout=60) as a, httpx.Client(base_url=host_b.url, timeout=60) as b:
            created = tus_create(a, token, dossier_uuid, data)
            assert created.status_code == 201, created.text
            location = created.headers["location"]
            for start in range(0, half, 512 * KIB):  # the first part through host A, in three PATCHes
                res = tus_patch(a, token, location, start, data[start:min(start + 512 * KIB, half)])
                assert res.status_code == 204, res.text
            # The device's connection now reaches host B: it asks where to resume and goes on there.
            head = b.head(location, headers={**TUS, "X-Dossier-Token": token})
            assert head.status_code == 200 and head.headers["upload-offset"] == str(half)
            rest = tus_patch(b, token, location, half, data[half:])
            assert rest.status_code == 204 and rest.headers["upload-offset"] == str(len(data)), rest.text
            # Host A sees it finished too: a repeated POST finds the finished upload.
            again = tus_create(a, token, dossier_uuid, data)
            assert again.headers["upload-offset"] == str(len(data))
            answers = {**VALID_ANSWERS, "fee_exemption": "poor", "upload_exemption_proof": [
                {"sha256": sha256(data), "size": len(data), "mime": "image/png", "name": "mien-phi.png"}]}
            _, _, filed = submit(a, body(answers=answers), token=token, client_uuid=dossier_uuid)
            assert filed.status_code == 201, filed.text
            code = filed.json()["code"]

        # Reviewed on host B, the attachment's bytes served by host B (and by host A alike).
        staff = accounts["staff"]
        detail = staff.get(f"/api/v1/staff/dossiers/{code}")
        assert detail.status_code == 200, detail.text
        [attachment] = detail.json()["attachments"]
        preview = staff.get(f"/api/v1/staff/attachments/{attachment['id']}")
        assert preview.status_code == 200 and preview.content == data
        assert preview.headers["content-type"] == "image/png"
        assert preview.headers["content-length"] == str(len(data))
        cookies, csrf = staff.cookies, staff.headers["x-csrf-token"]
        with httpx.Client(base_url=host_a.url, timeout=60, cookies=cookies, headers={"x-csrf-token": csrf}) as on_a:
            assert on_a.get(f"/api/v1/staff/attachments/{attachment['id']}").content == data
        reviewed = staff_act(staff, code, "start_review")
        assert reviewed.status_code == 200, reviewed.text
        # Stored once, in the database: neither host's upload folder holds any of it.
        assert blobs.kind == "database" and blobs.partials() == set() and blobs.finished_bytes() == [data]
        for env in (env_a, env_b):
            assert not any(p.is_file() for p in Path(env["UPLOAD_DIR"]).rglob("*"))
    finally:
        blobs.close()
        accounts.close()
