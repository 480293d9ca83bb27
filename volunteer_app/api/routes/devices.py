"""Shared tablets (issue 16): register a tablet, its report, and the centre's dashboard and revoke.

Thin: the rules are services/devices.py; docs/devices-protocol.md describes the exchange."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from volunteer_app.api.common import UUID_PATTERN, StrictIn, Whole, _whole_number, body_errors, errors, http_error
from volunteer_app.api.deps import DbSession, Principal, optional_principal, require_roles
from volunteer_app.models import Device, Role
from volunteer_app.services import devices as svc
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError

router = APIRouter(prefix="/api/v1", tags=["devices"])

DeviceId = Annotated[str, Path(pattern=UUID_PATTERN, description="The tablet's id (UUID v4 it made itself)")]
Staff = Annotated[Principal, Depends(require_roles(Role.staff, Role.admin))]
Volunteer = Annotated[Principal, Depends(require_roles(Role.volunteer))]
USERNAME = r"^[a-z0-9][a-z0-9._@-]{0,79}$"
# The bounds before the whole-number validator, so that /openapi.json carries them (minimum/maximum).
Bytes = Annotated[int, Field(ge=0, le=2**53), BeforeValidator(_whole_number)]
Age = Annotated[int, Field(ge=0, le=10 * 365 * 86400), BeforeValidator(_whole_number)]


class Closed(StrictIn):
    """A body that refuses any field it does not name (422): a report cannot smuggle personal data."""

    model_config = ConfigDict(strict=True, extra="forbid")


class RegisterIn(Closed):
    id: str = Field(pattern=UUID_PATTERN)
    name: str = Field(min_length=1, max_length=80)


class WaitingIn(Closed):
    username: str | None = Field(pattern=USERNAME, description="The volunteer's username; null: citizen mode")
    drafts: Whole = Field(ge=0, le=100_000)
    queued: Whole = Field(ge=0, le=100_000)


class ReportIn(Closed):
    """Counts and versions only. Any other field is refused."""

    device_id: str = Field(pattern=UUID_PATTERN)
    waiting: list[WaitingIn] = Field(default_factory=list, max_length=200)
    oldest_queued_age_s: Age | None = Field(default=None, description="Seconds the oldest queued dossier has waited")
    app_version: str = Field(default="", max_length=40, pattern=r"^[A-Za-z0-9._+-]*$")
    catalog_version: str = Field(default="", max_length=64, pattern=r"^[A-Za-z0-9._+:-]*$")
    storage_used: Bytes | None = None
    storage_quota: Bytes | None = None
    persisted: bool | None = None


class WipedIn(Closed):
    device_id: str = Field(pattern=UUID_PATTERN)


class DeviceOut(BaseModel):
    id: str
    name: str
    state: str = Field(description="active | revoked")
    last_seen_at: datetime | None


class WaitingOut(BaseModel):
    username: str | None
    name: str | None = Field(description="The volunteer's display name; null: citizen mode")
    drafts: int
    queued: int


class DashboardRow(BaseModel):
    id: str
    name: str
    centre_id: int | None
    registered_at: datetime
    last_seen_at: datetime | None
    waiting: list[WaitingOut]
    drafts: int
    queued: int
    oldest_queued_at: datetime | None
    app_version: str
    catalog_version: str
    storage_used: int | None
    storage_quota: int | None
    persisted: bool | None
    revoked_at: datetime | None
    wiped_at: datetime | None
    warnings: list[str] = Field(description="queued_too_long (> 1 day), not_seen (> 7 days)")


def _out(device: Device) -> DeviceOut:
    return DeviceOut(id=device.id, name=device.name, state="revoked" if device.revoked_at else "active",
                     last_seen_at=device.last_seen_at)


def _actor(principal: Principal) -> Actor:
    return Actor(user=principal.user, origin="api", session_id=principal.session.id)


@router.post("/devices", response_model=DeviceOut, responses=body_errors(401, 403, 409, 410))
def register(body: RegisterIn, principal: Volunteer, db: DbSession) -> DeviceOut:
    """Name the tablet at a volunteer's first sign-in on it; the session is bound to it."""
    try:
        device = svc.register(db, _actor(principal), principal.session, body.id, body.name)
    except ServiceError as exc:
        raise http_error(exc) from None
    return _out(device)


@router.post("/devices/report", response_model=DeviceOut, responses=body_errors(401, 403, 404, 410))
def report(body: ReportIn, db: DbSession,
           principal: Annotated[Principal | None, Depends(optional_principal)]) -> DeviceOut:
    """What the tablet holds, without personal data. 410 ``device.revoked``: the tablet was revoked
    (answered whether or not anyone is signed in): it deletes its local data."""
    usable = principal if principal and not principal.user.must_change_password else None
    data = svc.Report(waiting=[svc.Waiting(w.username, w.drafts, w.queued) for w in body.waiting],
                      oldest_queued_age_s=body.oldest_queued_age_s, app_version=body.app_version,
                      catalog_version=body.catalog_version, storage_used=body.storage_used,
                      storage_quota=body.storage_quota, persisted=body.persisted)
    try:
        device = svc.report(db, _actor(usable) if usable else None, usable.session if usable else None,
                            body.device_id, data)
    except ServiceError as exc:
        raise http_error(exc) from None
    return _out(device)


@router.post("/devices/wiped", status_code=204, responses=body_errors())
def wiped(body: WipedIn, db: DbSession) -> None:
    """A revoked tablet deleted its data (for the dashboard; nothing for any other tablet)."""
    svc.mark_wiped(db, body.device_id)


@router.get("/staff/devices", response_model=list[DashboardRow], responses=errors(401, 403))
def dashboard(principal: Staff, db: DbSession) -> list[DashboardRow]:
    """The tablets of the staff member's centre (an admin: all), with their warnings."""
    return [DashboardRow(**row) for row in svc.dashboard(db, _actor(principal))]


@router.post("/staff/devices/{device_id}/revoke", response_model=DeviceOut, responses=errors(401, 403, 404))
def revoke(device_id: DeviceId, principal: Staff, db: DbSession) -> DeviceOut:
    """Revoke a tablet of the staff member's centre: its sessions end now; audited."""
    try:
        device = svc.revoke(db, _actor(principal), device_id)
    except ServiceError as exc:
        raise http_error(exc) from None
    return _out(device)

