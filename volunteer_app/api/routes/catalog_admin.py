"""Catalog versions for admins (import, preview, publish, roll back, conflicts, a centre's catalog
settings) and the catalog a tablet holds offline (ETag). The work is in services/catalog_versions/."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Optional

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field
from sqlmodel import select

from volunteer_app.api.common import StrictIn, Whole, body_errors, errors, http_error
from volunteer_app.api.deps import DbSession, Principal, require_roles
from volunteer_app.api.routes.catalog import _cached_json
from volunteer_app.domain.catalog.workbook import export_workbook, template_workbook
from volunteer_app.models import CatalogVersion, Centre, Role
from volunteer_app.services import catalog_versions as svc
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError

router = APIRouter(tags=["catalog versions"])

Admin = Annotated[Principal, Depends(require_roles(Role.admin))]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREFIX = "/api/v1/admin/catalog"


class VersionOut(BaseModel):
    id: int
    number: int
    status: str
    source_name: str
    summary: dict[str, Any]
    created_by: int | None
    created_at: datetime
    published_at: datetime | None
    rolled_back_at: datetime | None


class CatalogState(BaseModel):
    number: int = Field(description="The published version in effect (0: the shipped catalog only)")
    version: str = Field(description="Content hash of the whole current catalog")
    procedures: int
    overridden: list[str]
    conflicts: list[str]
    versions: list[VersionOut]


class PreviewItem(BaseModel):
    code: str
    added: bool
    changes: dict[str, Any] | None
    definition: dict[str, Any] | None
    current: dict[str, Any] | None


class ConflictOut(BaseModel):
    code: str
    centre: dict[str, Any]
    shipped: dict[str, Any]


class CentreCatalogIn(StrictIn):
    province_code: str | None = Field(default=None, pattern=r"^(\d{2})?$")
    offered: list[Annotated[str, Field(min_length=1, max_length=20)]] | None = Field(default=None, max_length=5000)
    draft_grace_days: Whole | None = Field(default=None, ge=0, le=3650)


class CentreCatalogOut(BaseModel):
    id: int
    code: str
    province_code: str
    offered: list[str]
    draft_grace_days: int


def _version(v: CatalogVersion) -> VersionOut:
    return VersionOut(id=v.id, number=v.number, status=v.status, source_name=v.source_name, summary=v.summary,
                      created_by=v.created_by, created_at=v.created_at, published_at=v.published_at,
                      rolled_back_at=v.rolled_back_at)


def _actor(principal: Principal, request: Request) -> Actor:
    return Actor(user=principal.user, origin="api", address=request.client.host if request.client else "")


@router.get(f"{PREFIX}", response_model=CatalogState, responses=errors(401, 403), summary="Catalog versions")
def state(principal: Admin, db: DbSession) -> CatalogState:
    now = svc.current(db)
    return CatalogState(number=now.number, version=now.catalog.version, procedures=len(now.catalog),
                        overridden=sorted(now.overridden), conflicts=[c.code for c in now.conflicts],
                        versions=[_version(v) for v in svc.list_versions(db)])


@router.post(f"{PREFIX}/imports", response_model=VersionOut, status_code=201, responses=body_errors(401, 403, 413),
             summary="Import a workbook (.xlsx or .zip of CSVs, the raw file as the body): a staged version, "
                     "or published at once with ?publish=true. Any problem: 422, nothing stored")
async def import_workbook(request: Request, principal: Admin, db: DbSession,
                          name: str = Query(default="", max_length=200),
                          publish: bool = Query(default=False)) -> VersionOut:
    data = await request.body()
    try:
        return _version(svc.stage_import(db, _actor(principal, request), data, name, publish_now=publish))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.get(f"{PREFIX}/versions/{{version_id}}/preview", response_model=list[PreviewItem],
            responses=errors(401, 403, 404), summary="The procedures a version sets, as the wizard will run them")
def preview(version_id: Id, principal: Admin, db: DbSession) -> list[dict]:
    try:
        return svc.preview(db, version_id)
    except ServiceError as exc:
        raise http_error(exc) from None


@router.post(f"{PREFIX}/versions/{{version_id}}/publish", response_model=VersionOut, responses=errors(401, 403, 404, 409))
def publish(version_id: Id, request: Request, principal: Admin, db: DbSession) -> VersionOut:
    try:
        return _version(svc.publish(db, _actor(principal, request), version_id))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.post(f"{PREFIX}/versions/{{version_id}}/discard", response_model=VersionOut, responses=errors(401, 403, 404, 409))
def discard(version_id: Id, request: Request, principal: Admin, db: DbSession) -> VersionOut:
    try:
        return _version(svc.discard(db, _actor(principal, request), version_id))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.post(f"{PREFIX}/rollback", response_model=VersionOut, responses=errors(401, 403, 409),
             summary="Undo the latest published version")
def rollback(request: Request, principal: Admin, db: DbSession) -> VersionOut:
    try:
        return _version(svc.rollback(db, _actor(principal, request)))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.get(f"{PREFIX}/conflicts", response_model=list[ConflictOut], responses=errors(401, 403),
            summary="Shipped procedures the centre edited that an app upgrade changed: both definitions")
def conflicts(principal: Admin, db: DbSession) -> list[ConflictOut]:
    return [ConflictOut(code=c.code, centre=c.centre, shipped=c.shipped) for c in svc.current(db).conflicts]


@router.post(f"{PREFIX}/conflicts/{{code}}", response_model=VersionOut, responses=errors(401, 403, 404, 422))
def resolve(request: Request, principal: Admin, db: DbSession,
            code: str = Path(pattern=r"^[A-Za-z0-9._-]{1,20}$"),
            keep: Literal["centre", "shipped"] = Query()) -> VersionOut:
    try:
        return _version(svc.resolve(db, _actor(principal, request), code, keep))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.get(f"{PREFIX}/template.xlsx", responses={200: {"content": {XLSX: {}}}, **errors(401, 403)},
            response_class=Response, summary="The template workbook (a worked example, every column explained)")
def template(principal: Admin) -> Response:
    return Response(template_workbook(), media_type=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="mau-thu-tuc.xlsx"'})


@router.get(f"{PREFIX}/export.xlsx", responses={200: {"content": {XLSX: {}}}, **errors(401, 403)},
            response_class=Response, summary="The current catalog (or some procedures) as a workbook")
def export(principal: Admin, db: DbSession,
           code: Optional[list[Annotated[str, Field(max_length=20)]]] = Query(default=None, max_length=2000)) -> Response:
    catalog = svc.current(db).catalog
    entries = [catalog.entries[c] for c in code or catalog.entries if c in catalog.entries]
    return Response(export_workbook([e.source for e in entries]), media_type=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="thu-tuc.xlsx"'})


@router.patch("/api/v1/admin/centres/{centre_id}/catalog", response_model=CentreCatalogOut,
              responses=body_errors(401, 403, 404))
def centre_catalog(centre_id: Id, body: CentreCatalogIn, request: Request, principal: Admin,
                   db: DbSession) -> CentreCatalogOut:
    try:
        c = svc.set_centre_catalog(db, _actor(principal, request), centre_id, **body.model_dump(exclude_unset=True))
    except ServiceError as exc:
        raise http_error(exc) from None
    return CentreCatalogOut(id=c.id, code=c.code, province_code=c.province_code, offered=c.offered,
                            draft_grace_days=c.draft_grace_days)


class DeviceCatalog(BaseModel):
    version: str
    centre: str | None
    province_code: str
    summaries: list[dict[str, Any]]
    etags: dict[str, str]
    pins: dict[str, list[str]] = {}  # old versions drafts may still be filed on (the centre's grace days)
    definitions: dict[str, dict[str, Any]]


@router.get("/api/v1/catalog/device", response_model=DeviceCatalog, responses={304: {"description": "Not modified"}},
            tags=["catalog"], summary="What a tablet holds offline: every summary and its centre's definitions (ETag)")
def device_catalog(request: Request, db: DbSession,
                   centre: Optional[str] = Query(default=None, pattern=r"^[A-Za-z0-9._-]{2,40}$")) -> Response:
    row = db.exec(select(Centre).where(Centre.code == centre.upper())).first() if centre else None
    if row is None and not centre:
        rows = db.exec(select(Centre).limit(2)).all()
        row = rows[0] if len(rows) == 1 else None  # the usual install: one centre
    etag, body = svc.device_bundle(db, row)
    return _cached_json(request, etag, body, compress=True)
