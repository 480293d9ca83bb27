"""Catalogue HTTP API: procedure list/search, full definitions, admin units (ETag + 304)."""
from __future__ import annotations

import gzip
import hashlib
import json
from functools import lru_cache
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from volunteer_app.domain.admin_units import AdminUnits, load_admin_units
from volunteer_app.api.deps import DbSession
from volunteer_app.domain.catalog import Catalog, Procedure, ProcedureSummary
from volunteer_app.domain.search import SearchIndex, search
from volunteer_app.domain.text import nfc
from volunteer_app.i18n import texts
from volunteer_app.services import catalog_versions

router = APIRouter(prefix="/api/v1", tags=["catalog"])

# Browsers revalidate with If-None-Match every time, so offline copies never go stale silently.
_CACHE = "no-cache"


class Message(BaseModel):
    key: str
    vi: str
    en: str


class ErrorBody(BaseModel):
    detail: Message


class ProcedureList(BaseModel):
    version: str
    query: str
    count: int
    items: list[ProcedureSummary]


class AdminUnitsPayload(BaseModel):
    version: str
    source: str
    decree: str
    generated_by: str
    province_fields: list[str]
    commune_fields: list[str]
    provinces: list[list]
    communes: list[list]


class CommuneHit(BaseModel):
    code: str
    name: str
    type: str
    province_code: str
    province_name: str


def message(key: str, **params: object) -> Message:
    return Message(key=key, **texts(key, **params))


def get_catalog(db: DbSession) -> tuple[Catalog, SearchIndex]:
    """Dependency: the current catalog, shipped + published versions (override in tests with
    app.dependency_overrides). Withdrawn procedures leave search and the list."""
    current = catalog_versions.current_or_shipped(db)
    return current.catalog, current.index


def get_admin_units() -> AdminUnits:
    return load_admin_units()


def _quoted(tag: str) -> str:
    return f'"{tag}"'


def _not_modified(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or _quoted(etag) in tags


@lru_cache(maxsize=64)
def _gzipped(etag: str, body: bytes) -> bytes:
    return gzip.compress(body, compresslevel=6, mtime=0)


def _cached_json(request: Request, etag: str, body: bytes | dict, compress: bool = False) -> Response:
    """``compress``: gzip a large body for clients that accept it (the device catalog is about a
    fifth of a first visit raw); the other API answers are small and stay as they are."""
    headers = {"ETag": _quoted(etag), "Cache-Control": _CACHE}
    if compress:
        headers["Vary"] = "Accept-Encoding"
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    if isinstance(body, bytes):
        if compress and "gzip" in request.headers.get("accept-encoding", "").lower():
            return Response(content=_gzipped(etag, body), media_type="application/json",
                            headers={**headers, "Content-Encoding": "gzip"})
        return Response(content=body, media_type="application/json", headers=headers)
    return JSONResponse(body, headers=headers)


@router.get("/procedures", response_model=ProcedureList, summary="List or search procedures")
def list_procedures(
    request: Request,
    q: Optional[str] = Query(default=None, max_length=200, description="Search words (diacritics optional)"),
    limit: int = Query(default=None, ge=1, le=200),
    deps: tuple[Catalog, SearchIndex] = Depends(get_catalog),
) -> Response:
    catalog, index = deps
    query = nfc(q or "")  # NFD keyboards: echo and cache-key the stored form
    codes = search(index, query, limit)
    items = [catalog.entries[c].summary.model_dump(mode="json") for c in codes]
    etag = hashlib.sha256(f"{catalog.version}|{query}|{limit}".encode()).hexdigest()[:16]
    payload = {"version": catalog.version, "query": query, "count": len(items), "items": items}
    return _cached_json(request, etag, payload)


@router.get("/procedures/{code}", response_model=Procedure, responses={404: {"model": ErrorBody}},
            summary="Full procedure definition (a generic one expanded; a withdrawn one still served for its drafts)")
def get_procedure(request: Request, code: str, deps: tuple[Catalog, SearchIndex] = Depends(get_catalog)) -> Response:
    catalog, _ = deps
    entry = catalog.entry(code)
    if entry is None:
        body = ErrorBody(detail=message("catalog.not_found", code=code[:20]))
        return JSONResponse(body.model_dump(), status_code=404)
    # Gzipped: the wizard asks for the definition on screen on a first visit (about 11 KB raw, 4 gzip).
    return _cached_json(request, entry.etag, _definition_bytes(entry.etag, entry.data), compress=True)


_DEFINITIONS: dict[str, bytes] = {}


def _definition_bytes(etag: str, data: dict) -> bytes:
    """A definition's JSON (as JSONResponse writes it), encoded once per version (etag)."""
    body = _DEFINITIONS.get(etag)
    if body is None:
        if len(_DEFINITIONS) >= 512:
            _DEFINITIONS.clear()
        body = _DEFINITIONS[etag] = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    return body


@router.get("/admin-units", response_model=AdminUnitsPayload, summary="All provinces and communes (compact)")
def get_admin_units_payload(request: Request, units: AdminUnits = Depends(get_admin_units)) -> Response:
    return _cached_json(request, units.etag, units.raw)


@router.get("/admin-units/search", response_model=list[CommuneHit], summary="Commune picker search")
def search_admin_units(
    q: str = Query(min_length=1, max_length=100),
    province: Optional[str] = Query(default=None, pattern=r"^\d{2}$"),
    limit: int = Query(default=20, ge=1, le=100),
    units: AdminUnits = Depends(get_admin_units),
) -> list[CommuneHit]:
    return [
        CommuneHit(code=c.code, name=c.name, type=c.type, province_code=c.province_code,
                   province_name=units.province(c.province_code).name)
        for c in units.search(q, province_code=province, limit=limit)
    ]
