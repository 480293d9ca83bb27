"""Admin: centres and accounts."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path
from pydantic import BaseModel, Field

from volunteer_app.api.common import StrictIn, Whole, body_errors, errors, http_error
from volunteer_app.api.deps import DbSession, Principal, require_roles
from volunteer_app.models import Centre, Role, User
from volunteer_app.services import admin as svc
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError

router = APIRouter(prefix="/api/v1/admin", tags=["admin"])

Admin = Annotated[Principal, Depends(require_roles(Role.admin))]
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


class CentreIn(StrictIn):
    code: str = Field(pattern=r"^[A-Za-z0-9._-]{2,40}$")
    name: str = Field(min_length=1, max_length=200)


class CentrePatch(StrictIn):
    name: str = Field(min_length=1, max_length=200)


class CentreOut(BaseModel):
    id: int
    code: str
    name: str
    created_at: datetime


class UserIn(StrictIn):
    """A volunteer or staff account belongs to a centre: without centre_id, 422 admin.centre_required."""

    username: str = Field(pattern=r"^[a-zA-Z0-9._-]{3,80}$")
    display_name: str = Field(min_length=1, max_length=120)
    role: Literal["volunteer", "staff", "admin"]
    centre_id: Whole | None = Field(default=None, ge=1, le=2**31 - 1)


class UserPatch(StrictIn):
    display_name: str | None = Field(default=None, min_length=1, max_length=120)
    role: Literal["volunteer", "staff", "admin"] | None = None
    centre_id: Whole | None = Field(default=None, ge=1, le=2**31 - 1)
    is_active: bool | None = None
    reset_password: bool = False


class UserOut(BaseModel):
    id: int
    username: str
    display_name: str
    role: str
    centre_id: int | None
    is_active: bool
    must_change_password: bool
    one_time_password: str | None = Field(default=None, description="Shown once, after creation or a reset")


def _centre(c: Centre) -> CentreOut:
    return CentreOut(id=c.id, code=c.code, name=c.name, created_at=c.created_at)


def _user(u: User, password: str | None = None) -> UserOut:
    return UserOut(id=u.id, username=u.username, display_name=u.display_name, role=u.role.value,
                   centre_id=u.centre_id, is_active=u.is_active, must_change_password=u.must_change_password,
                   one_time_password=password)


@router.get("/centres", response_model=list[CentreOut], responses=errors(401, 403))
def centres(principal: Admin, db: DbSession) -> list[CentreOut]:
    return [_centre(c) for c in svc.list_centres(db)]


@router.post("/centres", response_model=CentreOut, status_code=201, responses=body_errors(401, 403, 409))
def create_centre(body: CentreIn, principal: Admin, db: DbSession) -> CentreOut:
    try:
        return _centre(svc.create_centre(db, Actor(user=principal.user), body.code, body.name))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.patch("/centres/{centre_id}", response_model=CentreOut, responses=body_errors(401, 403, 404))
def update_centre(centre_id: Id, body: CentrePatch, principal: Admin, db: DbSession) -> CentreOut:
    try:
        return _centre(svc.update_centre(db, Actor(user=principal.user), centre_id, body.name))
    except ServiceError as exc:
        raise http_error(exc) from None


@router.get("/users", response_model=list[UserOut], responses=errors(401, 403))
def users(principal: Admin, db: DbSession) -> list[UserOut]:
    return [_user(u) for u in svc.list_users(db)]


@router.post("/users", response_model=UserOut, status_code=201, responses=body_errors(401, 403, 404, 409))
def create_user(body: UserIn, principal: Admin, db: DbSession) -> UserOut:
    try:
        user, password = svc.create_user(db, Actor(user=principal.user), body.username, body.display_name,
                                         Role(body.role), body.centre_id)
    except ServiceError as exc:
        raise http_error(exc) from None
    return _user(user, password)


@router.patch("/users/{user_id}", response_model=UserOut, responses=body_errors(401, 403, 404, 409))
def update_user(user_id: Id, body: UserPatch, principal: Admin, db: DbSession) -> UserOut:
    try:
        user, password = svc.update_user(db, Actor(user=principal.user), user_id, body.model_dump(exclude_unset=True))
    except ServiceError as exc:
        raise http_error(exc) from None
    return _user(user, password)
