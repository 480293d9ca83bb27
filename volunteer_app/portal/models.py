"""Outbox table for forwarding (shares ``SQLModel.metadata`` with volunteer_app.models).

One row per (dossier, version). ``status``:
    pending   waiting to be sent (``next_attempt_at`` says when)
    sent      the portal issued ``official_code``; ``next_attempt_at`` is then the next status poll
    rejected  the portal refused the request (4xx): needs a person; never retried
    dead      ``PORTAL_MAX_ATTEMPTS`` transient failures: needs a person (re-queue by setting pending)
``last_error`` holds a short machine reason ("http_503", "ReadTimeout"): never personal data.
"""
from __future__ import annotations

from datetime import datetime, timezone
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

import volunteer_app.models  # noqa: F401  (the dossier table our foreign key points at)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    REJECTED = "rejected"
    DEAD = "dead"


class PortalOutbox(SQLModel, table=True):
    __tablename__ = "portaloutbox"
    __table_args__ = (UniqueConstraint("idempotency_key", name="uq_portaloutbox_idempotency_key"),)

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    version: int
    idempotency_key: str = Field(max_length=80)
    status: str = Field(default=OutboxStatus.PENDING.value, max_length=12, index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    lease_owner: str | None = Field(default=None, max_length=64)
    lease_until: datetime | None = None
    last_error: str = Field(default="", max_length=120)
    official_code: str | None = Field(default=None, max_length=60, index=True)
    remote_status: str | None = Field(default=None, max_length=30)
    remote_status_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)  # = the acceptance (same transaction)
    sent_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)
