"""Database tables (plain SQLModel; migrations in alembic/ through `reflex db`)."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from enum import Enum

from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Role(str, Enum):
    volunteer = "volunteer"
    staff = "staff"
    admin = "admin"


class Centre(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=40)
    name: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True, max_length=80)
    display_name: str = Field(max_length=120)
    role: Role
    centre_id: int | None = Field(default=None, foreign_key="centre.id")
    password_hash: str
    must_change_password: bool = False
    is_active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class AuthSession(SQLModel, table=True):
    """Server-side session: any worker can check it, and it can be revoked."""

    id: str = Field(default_factory=lambda: uuid.uuid4().hex, primary_key=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    revoked_at: datetime | None = None


class AuditEvent(SQLModel, table=True):
    """Who did what, when and from where. Never holds personal data (ids and codes only)."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor_id: int | None = Field(default=None, index=True)
    actor_role: str = Field(max_length=20)
    action: str = Field(max_length=60)
    dossier_id: str | None = Field(default=None, index=True, max_length=36)
    origin: str = Field(default="", max_length=60)
    detail: str = Field(default="", max_length=500)
