"""Every structured procedure of the catalog, filled with its generated answers (tests/vectors/
catalog_answers.json) and its files uploaded over tus, is accepted by PUT /dossiers over real HTTP.
One test, one server (SQLite): ~60 dossiers in a few seconds."""
from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from tests.support.catalog_answers import VECTORS, file_bytes
from tests.support.dossiers import body, new_token, new_uuid, upload

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / VECTORS).read_text(encoding="utf-8"))["cases"]


def files(answers: dict):
    """(field id, file item, document id) of every upload in the answers (top level: the catalog's slots)."""
    for key, value in answers.items():
        if isinstance(value, list) and value and isinstance(value[0], dict) and "sha256" in value[0]:
            yield key, value[0]


@pytest.mark.parametrize("db_env", ["sqlite"], indirect=True)
def test_every_structured_procedure_is_filed(api, accounts, db_env):
    assert len(CASES) >= 55
    refused = {}
    with httpx.Client(base_url=api.url, timeout=60) as client:
        for case in CASES:
            code, answers = case["code"], case["answers"]
            dossier, token = new_uuid(), new_token()
            procedure = client.get(f"/api/v1/procedures/{code}").json()
            slots = {f["id"]: f["document"] for s in procedure["steps"] for f in s["fields"] if f["type"] == "document"}
            for field_id, item in files(answers):
                upload(client, token, dossier, file_bytes(field_id), mime=item["mime"], document_id=slots[field_id],
                       filename=item["name"], procedure_code=code)
            res = client.put(f"/api/v1/dossiers/{dossier}", json=body(answers, procedure_code=code),
                             headers={"X-Dossier-Token": token})
            if res.status_code != 201:
                refused[code] = res.text[:500]
    assert refused == {}
