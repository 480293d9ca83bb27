"""Unit-level API tests of the catalogue router (FastAPI TestClient, no real server)."""
import json
import shutil
import unicodedata

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from volunteer_app.api.routes.catalog import get_catalog, router
from volunteer_app.domain.catalog import load_catalog
from volunteer_app.domain.catalog.loader import DEFAULT_DIR
from volunteer_app.domain.search import build_index


@pytest.fixture(scope="module")
def app() -> FastAPI:
    app = FastAPI()
    app.include_router(router)
    return app


@pytest.fixture(scope="module")
def client(app) -> TestClient:
    return TestClient(app)


def test_list_all(client):
    r = client.get("/api/v1/procedures")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == len(body["items"]) >= 12
    item = next(i for i in body["items"] if i["code"] == "2.000635")
    assert item["fee_summary"] == {"vi": "8.000 đ/bản", "en": "8,000 VND/copy"}
    assert item["level"] == "toan_trinh" and item["document_count"] >= 1
    assert set(item) >= {"code", "kind", "name", "level", "fee_summary", "processing_time", "document_count", "unverified"}
    assert next(i for i in body["items"] if i["code"] == "1.013225")["unverified"] == [
        "fees", "processing_time", "name", "agency"]


@pytest.mark.parametrize("q, code", [("dang ky khai sinh", "1.001193"), ("làm giấy khai sinh", "1.001193"),
                                     ("ket hon", "1.000894"), ("dang ky tam tru", "1.004194"),
                                     ("trich luc", "2.000635")])
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_search_ranked(client, q, code, form):
    r = client.get("/api/v1/procedures", params={"q": unicodedata.normalize(form, q)})
    assert r.json()["items"][0]["code"] == code


def test_search_limit_and_no_results(client):
    assert client.get("/api/v1/procedures", params={"q": "", "limit": 2}).json()["count"] == 2
    assert client.get("/api/v1/procedures", params={"q": "khong ton tai"}).json() == {
        "version": client.get("/api/v1/procedures").json()["version"], "query": "khong ton tai", "count": 0, "items": []}


def test_procedure_detail_etag_and_304(client):
    r = client.get("/api/v1/procedures/1.001193")
    assert r.status_code == 200
    assert r.json()["code"] == "1.001193" and r.json()["steps"]
    etag = r.headers["etag"]
    assert etag.startswith('"') and r.headers["cache-control"] == "no-cache"
    again = client.get("/api/v1/procedures/1.001193", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    weak = client.get("/api/v1/procedures/1.001193", headers={"If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304
    stale = client.get("/api/v1/procedures/1.001193", headers={"If-None-Match": '"stale"'})
    assert stale.status_code == 200


def test_procedure_detail_is_gzipped_for_clients_that_accept_it(client):
    # The wizard asks for the definition on screen on a first visit (issue 17): gzip, not raw.
    zipped = client.get("/api/v1/procedures/2.000635", headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip" and "Accept-Encoding" in zipped.headers["vary"]
    assert len(zipped.content) > 2 * int(zipped.headers["content-length"])
    plain = client.get("/api/v1/procedures/2.000635", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == zipped.json()
    assert plain.headers["etag"] == zipped.headers["etag"]


def test_unknown_code_is_404_with_bilingual_detail(client):
    r = client.get("/api/v1/procedures/9.999999")
    assert r.status_code == 404
    detail = r.json()["detail"]
    assert detail["key"] == "catalog.not_found"
    assert "9.999999" in detail["vi"] and "9.999999" in detail["en"]


def test_etag_changes_when_the_procedure_changes(app, tmp_path):
    for path in DEFAULT_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    before = TestClient(app).get("/api/v1/procedures/1.004194").headers["etag"]
    path = tmp_path / "1.004194.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["keywords"].append("homestay")
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    catalog = load_catalog(tmp_path)
    app.dependency_overrides[get_catalog] = lambda: (catalog, build_index(catalog.procedures))
    try:
        client = TestClient(app)
        r = client.get("/api/v1/procedures/1.004194", headers={"If-None-Match": before})
        assert r.status_code == 200 and r.headers["etag"] != before
        assert client.get("/api/v1/procedures", params={"q": "homestay"}).json()["items"][0]["code"] == "1.004194"
    finally:
        app.dependency_overrides.clear()


def test_withdrawn_procedure_leaves_the_list_and_search_but_is_still_served(app, tmp_path):
    for path in DEFAULT_DIR.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    path = tmp_path / "1.004194.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["withdrawn"] = True
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    catalog = load_catalog(tmp_path)
    app.dependency_overrides[get_catalog] = lambda: (catalog, build_index(catalog.listed))
    try:
        client = TestClient(app)
        listed = [i["code"] for i in client.get("/api/v1/procedures").json()["items"]]
        assert "1.004194" not in listed and len(listed) == len(catalog) - 1
        found = [i["code"] for i in client.get("/api/v1/procedures", params={"q": "tam tru"}).json()["items"]]
        assert "1.004194" not in found and found  # Gia hạn / Xóa đăng ký tạm trú are still listed
        served = client.get("/api/v1/procedures/1.004194")  # its drafts and dossiers keep working
        assert served.status_code == 200 and served.json()["withdrawn"] is True
    finally:
        app.dependency_overrides.clear()


def test_admin_units_payload_with_etag(client):
    r = client.get("/api/v1/admin-units")
    assert r.status_code == 200
    body = r.json()
    assert len(body["provinces"]) == 34 and len(body["communes"]) == 3321
    assert body["version"] and body["source"] and body["decree"]
    assert client.get("/api/v1/admin-units", headers={"If-None-Match": r.headers["etag"]}).status_code == 304


def test_admin_units_search(client):
    hits = client.get("/api/v1/admin-units/search", params={"q": "thu dau mot"}).json()
    assert hits[0] == {"code": "25747", "name": "Phường Thủ Dầu Một", "type": "phuong",
                       "province_code": "79", "province_name": "Thành phố Hồ Chí Minh"}
    assert client.get("/api/v1/admin-units/search", params={"q": "x", "province": "abc"}).status_code == 422


def test_openapi_has_typed_models(client):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert {"Procedure", "ProcedureList", "ProcedureSummary", "AdminUnitsPayload", "ErrorBody"} <= set(schemas)
    ok = spec["paths"]["/api/v1/procedures/{code}"]["get"]["responses"]
    assert ok["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Procedure")
    assert ok["404"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
