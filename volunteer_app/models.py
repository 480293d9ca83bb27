"""Every database table, in one module: alembic's ``target_metadata`` is ``SQLModel.metadata`` once this
is imported (migrations in alembic/, applied by `reflex db migrate`).

Timestamps: SQLModel (≥ 0.0.45) stores every ``datetime`` field as its ``UTCDateTime`` column type
(``timestamptz`` on PostgreSQL): it refuses naive values and reads back aware UTC datetimes on
SQLite and PostgreSQL alike, so no caller converts a stored datetime by hand. Write ``utcnow()``."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from enum import Enum, StrEnum

from sqlalchemy import JSON, BigInteger, Column, Index, LargeBinary, UniqueConstraint, text
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
    # Issue 13: the province whose fees apply, the procedures this centre offers (empty: every
    # listed one; its tablets hold their full definitions), and how long a draft started on an
    # older procedure version is still accepted against that version once a newer one is published.
    province_code: str = Field(default="", max_length=2)
    offered: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    draft_grace_days: int = Field(default=30, sa_column_kwargs={"server_default": "30"})


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
    # The tablet the session was opened on (issue 16): revoking the tablet ends its sessions.
    device_id: str | None = Field(default=None, index=True, max_length=36)


class AuditEvent(SQLModel, table=True):
    """Who did what, when and from where. Never holds personal data (ids and codes only)."""

    # Read by dossier (its history, services/staff.py) and in id order; no query reads by time or
    # actor, so only dossier_id is indexed: every audited action writes each index's page.
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor_id: int | None = Field(default=None)
    actor_role: str = Field(max_length=20)
    action: str = Field(max_length=60)
    dossier_id: str | None = Field(default=None, index=True, max_length=36)
    origin: str = Field(default="", max_length=60)
    detail: str = Field(default="", max_length=500)


# --------------------------------------------------------------------------- dossiers (issue 5)
# JSON columns use the generic SQLAlchemy JSON type: TEXT on SQLite, JSON on PostgreSQL.


class Dossier(SQLModel, table=True):
    """One citizen's filing. Personal data lives only in ``answers`` (staff need it to review);
    lists and logs use the masked ``on_behalf_of`` / ``citizen_id_masked`` instead."""

    # Indexes, each one more page in every new dossier's commit, shaped by the queries that read
    # them: a centre's queue (by state, most urgent first), the queue of every centre (admins,
    # the overdue list) and a volunteer's own dossiers (issue 17).
    __table_args__ = (UniqueConstraint("client_uuid", name="uq_dossier_client_uuid"),
                      UniqueConstraint("code", name="uq_dossier_code"),
                      Index("ix_dossier_centre_state_due", "centre_id", "state", "due_at"),
                      Index("ix_dossier_state_due", "state", "due_at"),
                      # A citizen's own filing has no volunteer: only helped dossiers are listed.
                      Index("ix_dossier_submitted_by", "submitted_by", sqlite_where=text("submitted_by IS NOT NULL"),
                            postgresql_where=text("submitted_by IS NOT NULL")))

    id: int | None = Field(default=None, primary_key=True)
    client_uuid: str = Field(max_length=36)
    code: str = Field(max_length=40)
    procedure_code: str = Field(max_length=20)
    catalog_version: str = Field(max_length=64)
    version: int = 1
    state: str = Field(max_length=20)
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    channel: str = Field(max_length=20)
    submitted_by: int | None = Field(default=None, foreign_key="user.id")
    on_behalf_of: str = Field(default="", max_length=120)  # masked name, e.g. "N. V. An"
    citizen_id_masked: str = Field(default="", max_length=20)  # e.g. "0010******56"
    centre_id: int | None = Field(default=None, foreign_key="centre.id")
    device_token_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    received_at: datetime = Field(default_factory=utcnow)  # of the current version
    due_at: datetime | None = Field(default=None)
    closed_at: datetime | None = None
    # The volunteer (or the filing device) marked the receipt printed or handed to the citizen:
    # from then on the PIN is no longer shown on /ho-so, /tnv or in the device's read-back.
    receipt_handed_at: datetime | None = None


class DossierVersion(SQLModel, table=True):
    """Each received version's body hash (idempotency) and answers (history)."""

    __table_args__ = (UniqueConstraint("dossier_id", "version", name="uq_dossierversion_dossier_version"),)

    id: int | None = Field(default=None, primary_key=True)
    # No index of its own: the unique (dossier_id, version) serves every look-up by dossier_id.
    dossier_id: int = Field(foreign_key="dossier.id")
    version: int
    body_hash: str = Field(max_length=64)
    answers: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The rest of the body: attachments list, consent record (given_at, assisted_by), device time.
    extra: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    received_at: datetime = Field(default_factory=utcnow)


class DossierCounter(SQLModel, table=True):
    """The base of a day's dossier codes (TS-YYMMDD-NNNN): ``last`` is the last dossier id before the
    day began, and a code's number is its dossier's id less it (services/codes.py). Written once
    by the day's first submission, then only read: no row every submission must lock."""

    day: str = Field(primary_key=True, max_length=6)
    last: int = 0


class Attachment(SQLModel, table=True):
    """A tus upload; it is uploaded before its dossier exists, so it refers to the client UUID."""

    __table_args__ = (UniqueConstraint("dossier_uuid", "sha256", name="uq_attachment_dossier_sha256"),)

    id: str = Field(primary_key=True, max_length=32)  # random upload id, part of the tus URL
    dossier_uuid: str = Field(index=True, max_length=36)
    procedure_code: str = Field(max_length=20)
    document_id: str = Field(max_length=60)
    sha256: str = Field(max_length=64)
    declared_mime: str = Field(max_length=60)
    mime: str = Field(default="", max_length=60)  # sniffed from the bytes once complete
    length: int
    offset: int = 0
    complete: bool = False
    storage_key: str = Field(max_length=64)  # random; never the client's file name
    device_token_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)
    # Write lock of one PATCH at a time, in the row so that every worker process sees it: a
    # lease the writer renews while bytes arrive, so a crashed writer's lock lapses on its own.
    lock_token: str | None = Field(default=None, max_length=32)
    locked_until: datetime | None = None


class AttachmentChunk(SQLModel, table=True):
    """Bytes of an attachment kept in the database (ATTACHMENT_STORE=database, the default on
    PostgreSQL): one row per stored piece, ``start`` its offset in the file. Unfinished and finished
    uploads alike, so any app host continues or serves any upload (services/blob_store.py)."""

    __tablename__ = "attachment_chunk"

    storage_key: str = Field(primary_key=True, max_length=64)  # Attachment.storage_key
    start: int = Field(primary_key=True, sa_type=BigInteger)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class Review(SQLModel, table=True):
    """A staff decision. ``reasons``: [{"target": "field:<path>" | "document:<id>", "key"?, "text"}]."""

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", index=True)
    version: int
    action: str = Field(max_length=30)
    state_after: str = Field(max_length=20)
    reasons: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    note: str = Field(default="", max_length=2000)
    reviewer_id: int | None = Field(default=None, foreign_key="user.id")
    at: datetime = Field(default_factory=utcnow)


class Receipt(SQLModel, table=True):
    """Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", issued when staff accept."""

    id: int | None = Field(default=None, primary_key=True)
    dossier_id: int = Field(foreign_key="dossier.id", unique=True)
    code: str = Field(max_length=40)
    issued_at: datetime = Field(default_factory=utcnow)
    due_at: datetime | None = None
    issued_by: int | None = Field(default=None, foreign_key="user.id")


class RateLimitCounter(SQLModel, table=True):
    """Hits of a rate-limit bucket in its current window; in the database so every worker sees it.
    One row per bucket, bumped by one conditional upsert (services/ratelimit.py), so parallel
    requests cannot overshoot the limit. ``bucket`` is a keyed hash (never a raw IP or code)."""

    bucket: str = Field(primary_key=True, max_length=64)
    hits: int = 0
    # The window's hits stop counting at this instant. Not indexed: only the housekeeping prune
    # reads it (a scan of the buckets in use), and every counted request would rewrite the entry.
    window_end: datetime


# --------------------------------------------------------------------------- forwarding (issue 6)


class OutboxStatus(StrEnum):
    """A forwarding job's state (docs/portal-contract.md §4).

    pending   waiting to be sent (``next_attempt_at`` says when)
    sent      the portal issued ``official_code``; ``next_attempt_at`` is then the next status poll
    rejected  the portal refused the request (4xx): needs a person; never retried
    dead      ``PORTAL_MAX_ATTEMPTS`` transient failures: needs a person (re-queue by setting pending)
    """

    PENDING = "pending"
    SENT = "sent"
    REJECTED = "rejected"
    DEAD = "dead"


class PortalOutbox(SQLModel, table=True):
    """One forwarding job per (dossier, version), added in the acceptance's own transaction
    (services/forwarding.enqueue) and worked off by the portal connector (portal/outbox.py).
    ``last_error`` holds a short machine reason ("http_503", "ReadTimeout"): never personal data."""

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


# --------------------------------------------------------------------------- catalog versions (issue 13)


class CatalogVersionStatus(StrEnum):
    """staged: imported, waiting for an admin to publish; published: in effect (the latest
    published one is the current catalog); rolled_back: was published, then undone;
    discarded: staged and dropped without publishing."""

    STAGED = "staged"
    PUBLISHED = "published"
    ROLLED_BACK = "rolled_back"
    DISCARDED = "discarded"


class CatalogVersion(SQLModel, table=True):
    """One accepted import (or a conflict resolution): who, when, and what it changes. The current
    catalog is the shipped procedures overlaid by the definitions of every published version in
    ``number`` order (services/catalog_versions/)."""

    __tablename__ = "catalogversion"

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(index=True, unique=True)
    uid: str = Field(default_factory=lambda: uuid.uuid4().hex, max_length=32)  # cache key of the content
    status: str = Field(default=CatalogVersionStatus.STAGED.value, max_length=12, index=True)
    source_name: str = Field(default="", max_length=200)  # the uploaded file's name, for the list
    summary: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # workbook diff
    created_by: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    published_by: int | None = Field(default=None, foreign_key="user.id")
    published_at: datetime | None = None
    rolled_back_by: int | None = Field(default=None, foreign_key="user.id")
    rolled_back_at: datetime | None = None


class CatalogDefinition(SQLModel, table=True):
    """A procedure as one version sets it: its authored definition (``source`` None: back to the
    shipped one), and the etag of the shipped definition it was written over ("" if none), which
    tells an app upgrade that changed the shipped procedure apart from the centre's own edit."""

    __tablename__ = "catalogdefinition"
    __table_args__ = (UniqueConstraint("version_id", "code", name="uq_catalogdefinition_version_code"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="catalogversion.id", index=True)
    code: str = Field(max_length=20)
    source: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    base_etag: str = Field(default="", max_length=16)


class ProcedureRevision(SQLModel, table=True):
    """Every definition of a procedure that has been current, by etag: a draft pinned to one is
    validated against it until ``superseded_at`` + the centre's grace days."""

    __tablename__ = "procedurerevision"
    __table_args__ = (UniqueConstraint("code", "etag", name="uq_procedurerevision_code_etag"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=20, index=True)
    etag: str = Field(max_length=16)
    data: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # expanded definition
    current_since: datetime = Field(default_factory=utcnow)
    superseded_at: datetime | None = None


# --------------------------------------------------------------------------- returning citizens (issue 15)


class KeptCitizen(SQLModel, table=True):
    """What the centre keeps for a citizen's next filing, with their consent ("kho dữ liệu"):
    written when staff accept a dossier whose applicant ticked the keep consent
    (services/returning/keep.py), deleted on withdrawal or ``expires_at`` (KEPT_DATA_MONTHS).

    ``id_key`` is a keyed hash of the applicant's ID number (the look-up key; the number itself
    is only in ``values``); ``values`` the shared-vocabulary answers of the latest accepted
    dossier, by meaning ("applicant.full_name": …); ``codes`` the codes of the citizen's accepted
    dossiers whose receipt PIN opens the record."""

    __tablename__ = "keptcitizen"

    id: int | None = Field(default=None, primary_key=True)
    id_key: str = Field(max_length=64, unique=True)
    values: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    codes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    dossier_id: int | None = Field(default=None, foreign_key="dossier.id")  # the latest accepted one
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)


class KeptDocument(SQLModel, table=True):
    """An accepted document kept for a returning citizen: a reference to the stored upload
    (``Attachment.id``), never a second copy. The upload purges leave a kept attachment alone."""

    __tablename__ = "keptdocument"

    id: str = Field(primary_key=True, max_length=32)  # random; what the device names
    citizen_id: int = Field(foreign_key="keptcitizen.id", index=True)
    attachment_id: str = Field(max_length=32, index=True)
    document_id: str = Field(max_length=60)
    procedure_code: str = Field(max_length=20)
    dossier_code: str = Field(max_length=40)
    name: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # the document's {vi, en}
    kept_at: datetime = Field(default_factory=utcnow)


# --------------------------------------------------------------------------- shared tablets (issue 16)


class Device(SQLModel, table=True):
    """A tablet of a centre, named at its first sign-in (services/devices.py). What it last reported
    holds counts and versions only, never personal data: per volunteer (username) how many drafts
    and queued dossiers it holds, when its oldest queued dossier was queued, its storage."""

    id: str = Field(primary_key=True, max_length=36)  # UUID v4 made by the tablet, kept in its IndexedDB
    centre_id: int | None = Field(default=None, foreign_key="centre.id", index=True)
    name: str = Field(max_length=80)
    registered_by: int | None = Field(default=None, foreign_key="user.id")
    registered_at: datetime = Field(default_factory=utcnow)
    last_seen_at: datetime | None = Field(default=None, index=True)
    # [{"username": str | None (None: citizen mode), "drafts": int, "queued": int}]
    waiting: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))
    oldest_queued_at: datetime | None = None  # the server's time of the report less the age the tablet gave
    app_version: str = Field(default="", max_length=40)
    catalog_version: str = Field(default="", max_length=64)
    storage_used: int | None = Field(default=None, sa_type=BigInteger)
    storage_quota: int | None = Field(default=None, sa_type=BigInteger)
    persisted: bool | None = None
    revoked_at: datetime | None = None
    revoked_by: int | None = Field(default=None, foreign_key="user.id")
    wiped_at: datetime | None = None  # the revoked tablet said it deleted its data


class DraftHandover(SQLModel, table=True):
    """An unfinished draft handed from one volunteer to another of the same centre
    (services/draft_handover.py). ``sealed`` is the draft with its files, AES-GCM under the
    server's hand-over key; it is deleted once the receiver's tablet confirms it holds the draft,
    or after ``expires_at`` (housekeeping). The row itself (no personal data) tells the sender's
    tablet that the draft arrived, so it can delete its copy."""

    __tablename__ = "draft_handover"

    id: str = Field(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    centre_id: int | None = Field(default=None, foreign_key="centre.id", index=True)
    from_user_id: int = Field(foreign_key="user.id", index=True)
    to_user_id: int = Field(foreign_key="user.id", index=True)
    from_device_id: str | None = Field(default=None, max_length=36)
    draft_id: str = Field(max_length=36, index=True)
    procedure_code: str = Field(default="", max_length=20)
    file_count: int = 0
    size: int = Field(default=0, sa_type=BigInteger)
    sealed: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime = Field(index=True)
    received_at: datetime | None = None
    received_device_id: str | None = Field(default=None, max_length=36)
    expired_at: datetime | None = None
