"""Catalog versions over real HTTP, on SQLite and PostgreSQL: an admin imports a workbook (errors
named by sheet, row and column; nothing stored), previews, publishes and rolls back; the tablet's
catalog follows by ETag; a draft pinned to the version it started on is accepted after a publish
that added a required field, and staff see that version."""
from __future__ import annotations

import copy

import pytest

from volunteer_app.domain.catalog import load_catalog
from volunteer_app.domain.catalog.workbook import export_workbook
from tests.support.catalog_samples import GENERIC
from tests.support.dossiers import PROCEDURE, body, submit

CATALOG = "/api/v1/admin/catalog"
SHIPPED = load_catalog()
NEW_CODE = "1.777777"


def new_generic() -> dict:
    proc = copy.deepcopy(GENERIC)
    proc["code"] = NEW_CODE
    proc["name"] = {"vi": "Thủ tục mới của trung tâm", "en": "The centre's new procedure"}
    proc["documents"] = [{"id": "to_khai", "name": {"vi": "Tờ khai", "en": "Declaration"}, "form": "original",
                          "count": 1, "required": True, "accept": ["image/jpeg"], "max_size_mb": 5}]
    return proc


def changed_copies() -> dict:
    """The copies procedure with a dearer copy and a new required question."""
    source = copy.deepcopy(SHIPPED.entry(PROCEDURE).source)
    for rate in source["fees"]["rates"]:
        if rate.get("amount"):
            rate["amount"] = 10000
    source["steps"][0]["fields"].append({"id": "purpose_code", "type": "text", "required": True,
                                         "label": {"vi": "Mã mục đích", "en": "Purpose code"}})
    return source


def post_workbook(client, data: bytes, **params):
    return client.post(f"{CATALOG}/imports", content=data, params=params,
                       headers={"Content-Type": "application/octet-stream"})


def test_import_preview_publish_device_and_pinned_draft(api, accounts):
    admin, volunteer, staff = accounts["admin"], accounts["volunteer"], accounts["staff"]
    anonymous = accounts.anonymous()
    device = anonymous.get("/api/v1/catalog/device", params={"centre": "TTPVHCC-DEMO"})
    assert device.status_code == 200
    # About a fifth of a tablet's first visit when sent raw: gzipped for clients that accept it.
    assert device.headers["content-encoding"] == "gzip" and "Accept-Encoding" in device.headers["vary"]
    assert len(device.content) > 3 * int(device.headers["content-length"])
    old_etag = device.json()["etags"][PROCEDURE]
    assert anonymous.get("/api/v1/catalog/device", params={"centre": "TTPVHCC-DEMO"},
                         headers={"If-None-Match": device.headers["ETag"]}).status_code == 304

    # A workbook with one bad row: every problem named, nothing stored.
    bad = new_generic()
    bad["name"] = {"vi": "", "en": "No Vietnamese"}
    refused = post_workbook(admin, export_workbook([changed_copies(), bad]))
    assert refused.status_code == 422
    detail = refused.json()["detail"]
    assert detail["key"] == "catalog.import_invalid" and detail["vi"].startswith("Bảng tính có")
    assert {"sheet": "procedure", "row": 3, "column": "name::vi"}.items() <= detail["problems"][0].items()
    assert admin.get(CATALOG).json()["versions"] == []

    # A valid one: staged, previewed, published.
    staged = post_workbook(admin, export_workbook([new_generic(), changed_copies()]), name="thang-12.xlsx")
    assert staged.status_code == 201, staged.text
    version = staged.json()
    assert version["status"] == "staged" and version["summary"]["added"] == [NEW_CODE]
    assert version["summary"]["changed"][PROCEDURE]["fees_changed"] is True
    assert anonymous.get(f"/api/v1/procedures/{NEW_CODE}").status_code == 404
    preview = {p["code"]: p for p in admin.get(f"{CATALOG}/versions/{version['id']}/preview").json()}
    assert preview[NEW_CODE]["added"] and preview[NEW_CODE]["definition"]["steps"]
    assert preview[PROCEDURE]["changes"]["fields_added"] == ["purpose_code"]

    published = admin.post(f"{CATALOG}/versions/{version['id']}/publish")
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert anonymous.get(f"/api/v1/procedures/{NEW_CODE}").status_code == 200
    assert any(i["code"] == NEW_CODE for i in anonymous.get("/api/v1/procedures", params={"q": "thu tuc moi"})
               .json()["items"])
    again = anonymous.get("/api/v1/catalog/device", params={"centre": "TTPVHCC-DEMO"},
                          headers={"If-None-Match": device.headers["ETag"]})
    assert again.status_code == 200 and again.headers["ETag"] != device.headers["ETag"]
    assert NEW_CODE in again.json()["definitions"] and again.json()["etags"][PROCEDURE] != old_etag

    # A draft started on the old version (no purpose_code) is still accepted, and staff see its version.
    _, _, pinned = submit(volunteer, body(channel="volunteer", catalog_version=old_etag))
    assert pinned.status_code == 201, pinned.text
    _, _, unpinned = submit(volunteer, body(channel="volunteer", catalog_version="unknown"))
    assert unpinned.status_code == 422
    assert any(e["field"] == "purpose_code" for e in unpinned.json()["detail"]["errors"])
    seen = staff.get(f"/api/v1/staff/dossiers/{pinned.json()['code']}").json()
    assert seen["catalog_version"] == old_etag

    # Roll back: the shipped definitions are in effect again.
    rolled = admin.post(f"{CATALOG}/rollback")
    assert rolled.status_code == 200 and rolled.json()["status"] == "rolled_back"
    assert anonymous.get(f"/api/v1/procedures/{NEW_CODE}").status_code == 404
    state = admin.get(CATALOG).json()
    assert state["number"] == 0 and [v["status"] for v in state["versions"]] == ["rolled_back"]
    anonymous.close()


@pytest.mark.parametrize("path", ["template.xlsx", "export.xlsx"])
def test_workbooks_download(accounts, path):
    res = accounts["admin"].get(f"{CATALOG}/{path}")
    assert res.status_code == 200 and res.content[:2] == b"PK"
    assert res.headers["content-type"].startswith("application/vnd.openxmlformats")
