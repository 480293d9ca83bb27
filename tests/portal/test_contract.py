"""The written contract (OpenAPI file) and the code agree on paths, statuses, headers and patterns."""
from __future__ import annotations

from pathlib import Path

import pytest

from volunteer_app.portal import contract
from volunteer_app.portal.contract import IDEMPOTENCY_KEY_RE, OFFICIAL_CODE_RE, RemoteStatus
from volunteer_app.services.forwarding import idempotency_key

yaml = pytest.importorskip("yaml")
DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load((DOCS / "portal-openapi.yaml").read_text(encoding="utf-8"))


def test_openapi_version_and_paths(spec):
    assert spec["openapi"].startswith("3.1")
    assert contract.SUBMIT_PATH in spec["paths"] and contract.STATUS_PATH in spec["paths"]
    assert "statusChanged" in spec["webhooks"]


def test_statuses_and_patterns_match_the_code(spec):
    schemas = spec["components"]["schemas"]
    assert schemas["RemoteStatus"]["enum"] == [s.value for s in RemoteStatus]
    assert schemas["OfficialCode"]["pattern"] == OFFICIAL_CODE_RE.pattern
    header = spec["paths"][contract.SUBMIT_PATH]["post"]["parameters"][0]
    assert header["name"] == contract.IDEMPOTENCY_HEADER and header["schema"]["pattern"] == IDEMPOTENCY_KEY_RE.pattern
    names = {p["name"] for p in spec["webhooks"]["statusChanged"]["post"]["parameters"]}
    assert {contract.TIMESTAMP_HEADER, contract.SIGNATURE_HEADER} <= names


def test_idempotency_key_shape():
    key = idempotency_key("0b5f4f2e-6a59-4c43-9b1e-2b7c1d0f9a11", 2)
    assert key == "0b5f4f2e-6a59-4c43-9b1e-2b7c1d0f9a11:v2" and IDEMPOTENCY_KEY_RE.match(key)
    assert OFFICIAL_CODE_RE.match("000.00.12.H26-261128-0001")


def test_contract_doc_says_the_standin_is_not_for_production():
    text = (DOCS / "portal-contract.md").read_text(encoding="utf-8")
    assert "development, demos and tests only" in text
