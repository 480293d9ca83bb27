"""Helpers for dossier API tests: accounts per role, a valid real-catalog dossier, tus uploads."""
from __future__ import annotations

import base64
import copy
import hashlib
import secrets
import struct
import uuid
import zlib
from dataclasses import dataclass, field

import httpx

from tests.support.accounts import DEMO_STAFF, DEMO_VOLUNTEER, bootstrap, login

PROCEDURE = "2.000635"  # Cấp bản sao trích lục hộ tịch: same-day, 15:00 rule
DEMO_CENTRE = "TTPVHCC-DEMO"
OTHER_CENTRE = "TTPVHCC-KHAC"
NEW_PASSWORD = "a-long-new-pass-1"

VALID_ANSWERS = {
    "applicant_name": "Nguyễn Văn An", "applicant_dob": "1990-05-01", "applicant_sex": "nam",
    "applicant_id": "001090123456", "applicant_phone": "0912345678",
    "applicant_address": {"province": "01", "commune": "00004", "street": "12 Phố Huế"},
    "applicant_relation": "self", "record_type": "birth", "subject_name": "Nguyễn Văn An",
    "subject_dob": "1990-05-01", "registered_at": "UBND phường Ba Đình", "copies": 3,
    "fee_exemption": "none", "delivery": "online", "consent_data": True, "declaration": True,
}


def new_uuid() -> str:
    return str(uuid.uuid4())


def new_token() -> str:
    return secrets.token_urlsafe(32)


def body(answers: dict | None = None, version: int = 1, channel: str = "citizen", **extra) -> dict:
    out = {"procedure_code": PROCEDURE, "catalog_version": "test", "version": version, "channel": channel,
           "centre_code": DEMO_CENTRE, "answers": copy.deepcopy(VALID_ANSWERS if answers is None else answers),
           "consent": {"given": True, "given_at": "2026-11-28T09:15:00+07:00", "assisted_by": "tnv.demo"}}
    out.update(extra)
    return out


def png_bytes(size: int = 2000) -> bytes:
    """A real PNG (1x1 pixel) padded with an ancillary chunk to about ``size`` bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    pad = max(0, size - 70)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"tEXt", b"pad\x00" + b"x" * pad) + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
            + chunk(b"IEND", b""))


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_bytes(text: str = "Giay xac nhan ho ngheo") -> bytes:
    """A real one-page A4 PDF (with a correct xref table) that a PDF viewer renders."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def metadata(**values: str) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


TUS = {"Tus-Resumable": "1.0.0"}


def tus_create(client: httpx.Client, token: str, dossier_uuid: str, data: bytes, mime: str = "image/png",
               document_id: str = "exemption_proof", length: int | None = None, digest: str | None = None,
               filename: str = "giay-to.png", procedure_code: str = PROCEDURE) -> httpx.Response:
    meta = metadata(dossier_uuid=dossier_uuid, sha256=digest or sha256(data), mime=mime, document_id=document_id,
                    procedure_code=procedure_code, filename=filename)
    return client.post("/api/v1/uploads", headers={**TUS, "X-Dossier-Token": token, "Upload-Metadata": meta,
                                                   "Upload-Length": str(len(data) if length is None else length)})


def tus_patch(client: httpx.Client, token: str, location: str, offset: int, chunk: bytes) -> httpx.Response:
    return client.patch(location, content=chunk, headers={
        **TUS, "X-Dossier-Token": token, "Upload-Offset": str(offset),
        "Content-Type": "application/offset+octet-stream"})


def upload(client: httpx.Client, token: str, dossier_uuid: str, data: bytes, **kw) -> str:
    """Whole upload in one PATCH; returns the Location."""
    created = tus_create(client, token, dossier_uuid, data, **kw)
    assert created.status_code == 201, created.text
    done = tus_patch(client, token, created.headers["location"], 0, data)
    assert done.status_code == 204, done.text
    return created.headers["location"]


def signed_in(base_url: str, username: str, password: str) -> httpx.Client:
    """A client with the session cookie and the CSRF header that cookie writes need."""
    client = httpx.Client(base_url=base_url, timeout=60)
    res = login(client, username, password)
    assert res.status_code == 200, res.text
    client.headers["x-csrf-token"] = res.json()["csrf_token"]
    if res.json()["user"]["must_change_password"]:
        changed = client.post("/api/v1/auth/password", json={"old_password": password, "new_password": NEW_PASSWORD})
        assert changed.status_code == 200, changed.text
    return client


@dataclass
class Accounts:
    url: str
    clients: dict[str, httpx.Client] = field(default_factory=dict)
    centre_ids: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, role: str) -> httpx.Client:
        return self.clients[role]

    def anonymous(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=60)

    def close(self) -> None:
        for client in self.clients.values():
            client.close()


def setup_accounts(api, db_env) -> Accounts:
    """admin, staff + volunteer of the demo centre, staff + volunteer of a second centre."""
    admin_password = bootstrap(db_env)
    accounts = Accounts(api.url)
    admin = signed_in(api.url, "admin", admin_password)
    accounts.clients["admin"] = admin
    other = admin.post("/api/v1/admin/centres", json={"code": OTHER_CENTRE, "name": "Trung tâm khác"})
    assert other.status_code == 201, other.text
    centres = {c["code"]: c["id"] for c in admin.get("/api/v1/admin/centres").json()}
    accounts.centre_ids = centres
    for name, role in (("staff.khac", "staff"), ("tnv.khac", "volunteer")):
        made = admin.post("/api/v1/admin/users", json={"username": name, "display_name": name, "role": role,
                                                      "centre_id": centres[OTHER_CENTRE]})
        assert made.status_code == 201, made.text
        accounts.clients[f"{role}_other"] = signed_in(api.url, name, made.json()["one_time_password"])
    accounts.clients["staff"] = signed_in(api.url, *DEMO_STAFF)
    accounts.clients["volunteer"] = signed_in(api.url, *DEMO_VOLUNTEER)
    return accounts


def submit(client: httpx.Client, payload: dict | None = None, token: str | None = None,
           client_uuid: str | None = None) -> tuple[str, str, httpx.Response]:
    client_uuid = client_uuid or new_uuid()
    token = token or new_token()
    res = client.put(f"/api/v1/dossiers/{client_uuid}", json=payload or body(), headers={"X-Dossier-Token": token})
    return client_uuid, token, res


def staff_act(client: httpx.Client, code: str, action: str, **extra) -> httpx.Response:
    payload = {"action": action, **extra}
    if action == "request_supplement" and "reasons" not in extra:
        payload["reasons"] = [{"target": "field:applicant_phone", "text": "Số điện thoại không liên lạc được"},
                              {"target": "document:exemption_proof", "text": "Thiếu giấy tờ miễn lệ phí"}]
    if action == "refuse" and "note" not in extra:
        payload["note"] = "Không thuộc thẩm quyền"
    return client.post(f"/api/v1/staff/dossiers/{code}/actions", json=payload)


def accepted_with_forwarding_problem(staff: httpx.Client, filer: httpx.Client, database_url: str,
                                     status: str = "dead", reason: str = "http_503",
                                     centre: str = DEMO_CENTRE) -> tuple[str, int]:
    """A dossier filed and accepted (which queues it for the portal), whose forwarding then
    failed for good, as the worker leaves it: (dossier code, outbox row id)."""
    from sqlalchemy import create_engine, text

    _, _, res = submit(filer, body(channel="volunteer", centre_code=centre))
    assert res.status_code == 201, res.text
    code = res.json()["code"]
    for action in ("start_review", "accept"):
        done = staff_act(staff, code, action)
        assert done.status_code == 200, done.text
    engine = create_engine(database_url)
    try:
        with engine.begin() as con:
            row_id = con.execute(text("SELECT o.id FROM portaloutbox o JOIN dossier d ON d.id = o.dossier_id "
                                      "WHERE d.code = :c"), {"c": code}).scalar_one()
            con.execute(text("UPDATE portaloutbox SET status = :s, attempts = 8, last_error = :r WHERE id = :i"),
                        {"s": status, "r": reason, "i": row_id})
    finally:
        engine.dispose()
    return code, row_id
