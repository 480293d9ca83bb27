"""Hand-over of an unfinished draft between two volunteers of one centre (issue 16).

1. The sender's tablet posts the draft with its files (``hand``): only to an active volunteer of the
   sender's own centre. The package is sealed at once with AES-256-GCM under the server's
   hand-over key (``HANDOVER_KEY``; the row id is the associated data, so a sealed package cannot
   be moved to another row), audited ``draft_handed_over``.
2. The receiver's tablet lists what waits for it (``incoming``), opens a package (``collect``),
   stores the draft, and confirms (``confirm``): the sealed bytes are deleted then, audited
   ``draft_handover_received``.
3. The sender's tablet asks the state (``status``): once ``received`` it deletes its copy; once
   ``expired`` it gets the draft back.
4. A package nobody collected is deleted after ``KEPT`` (7 days) by housekeeping (``purge``),
   audited ``draft_handover_expired``; the bare row (no personal data) goes ``TOMBSTONE_KEPT`` later.

Audit details hold ids only (package, users, tablets), never the draft's content.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, or_
from sqlmodel import Session, select

from volunteer_app.core.audit import record
from volunteer_app.core.config import get_settings
from volunteer_app.models import DraftHandover, Role, User, utcnow

from .actors import Actor
from .errors import ServiceError

KEPT = timedelta(days=7)
TOMBSTONE_KEPT = timedelta(days=30)
MAX_FILES = 20
MAX_DRAFT_BYTES = 512 * 1024
FILE_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}
HANDABLE = {"draft", "needs_fix"}
DRAFT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class HandedFile:
    sha256: str
    mime: str
    name: str
    document_id: str
    field: str
    data: str  # base64 of the bytes the tablet holds


# ------------------------------------------------------------------ sealing


def _key() -> bytes:
    return get_settings().handover_key


def seal(package_id: str, payload: dict[str, Any], key: bytes | None = None) -> bytes:
    nonce = os.urandom(12)
    plain = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return nonce + AESGCM(key or _key()).encrypt(nonce, plain, package_id.encode())


def unseal(package_id: str, sealed: bytes, key: bytes | None = None) -> dict[str, Any]:
    try:
        plain = AESGCM(key or _key()).decrypt(sealed[:12], sealed[12:], package_id.encode())
    except InvalidTag:
        raise ServiceError(500, "transfer.unreadable") from None
    return json.loads(plain)


# ------------------------------------------------------------------ helpers


def _volunteer(actor: Actor) -> User:
    if actor.user is None or actor.user.role != Role.volunteer or actor.centre_id is None:
        raise ServiceError(403, "auth.forbidden")
    return actor.user


def recipients(db: Session, actor: Actor) -> list[User]:
    """Who the volunteer may hand a draft to: the other active volunteers of their own centre."""
    me = _volunteer(actor)
    return list(db.exec(select(User).where(User.centre_id == me.centre_id, User.role == Role.volunteer,
                                           User.is_active.is_(True), User.id != me.id)
                        .order_by(User.display_name, User.username)))


def _check_files(files: list[HandedFile]) -> tuple[list[dict], int]:
    limit = get_settings().handover_max_mb * 1024 * 1024
    out, total = [], 0
    if len(files) > MAX_FILES:
        raise ServiceError(413, "transfer.too_large", mb=get_settings().handover_max_mb)
    for f in files:
        try:
            raw = base64.b64decode(f.data, validate=True)
        except (binascii.Error, ValueError):
            raise ServiceError(422, "transfer.bad_file") from None
        if hashlib.sha256(raw).hexdigest() != f.sha256.lower() or f.mime not in FILE_TYPES:
            raise ServiceError(422, "transfer.bad_file")
        total += len(raw)
        if total > limit:
            raise ServiceError(413, "transfer.too_large", mb=get_settings().handover_max_mb)
        out.append({"sha256": f.sha256.lower(), "mime": f.mime, "name": f.name, "document_id": f.document_id,
                    "field": f.field, "size": len(raw), "data": f.data})
    return out, total


# ------------------------------------------------------------------ the sender


def hand(db: Session, actor: Actor, to_username: str, draft: dict[str, Any], files: list[HandedFile],
         device_id: str | None = None, now: datetime | None = None) -> tuple[DraftHandover, User, bool]:
    """Seal and keep a draft for another volunteer of the sender's centre.
    → (package, receiver, created). The same draft handed again while it waits is the same package."""
    now = now or utcnow()
    me = _volunteer(actor)
    receiver = db.exec(select(User).where(User.username == to_username.strip().lower())).first()
    # Only within the centre: a volunteer of another centre (or staff, or a disabled account) is
    # not a receiver, and is answered as if there were nobody by that name.
    if (receiver is None or receiver.id == me.id or receiver.role != Role.volunteer or not receiver.is_active
            or receiver.centre_id != me.centre_id):
        raise ServiceError(422, "transfer.no_such_receiver")
    draft_id = str(draft.get("id") or "")
    if not DRAFT_ID.match(draft_id):
        raise ServiceError(422, "transfer.bad_draft")
    if draft.get("channel") != "volunteer" or draft.get("owner") != me.username:
        raise ServiceError(403, "transfer.not_yours")
    if draft.get("status") not in HANDABLE:
        raise ServiceError(409, "transfer.not_handable")
    if len(json.dumps(draft, ensure_ascii=False).encode()) > MAX_DRAFT_BYTES:
        raise ServiceError(413, "transfer.too_large", mb=get_settings().handover_max_mb)
    waiting = db.exec(select(DraftHandover).where(DraftHandover.draft_id == draft_id,
                                                  DraftHandover.from_user_id == me.id,
                                                  DraftHandover.received_at.is_(None),
                                                  DraftHandover.expired_at.is_(None))).first()
    if waiting is not None:
        if waiting.to_user_id != receiver.id:
            raise ServiceError(409, "transfer.pending")
        return waiting, receiver, False
    checked, total = _check_files(files)
    package = DraftHandover(centre_id=me.centre_id, from_user_id=me.id, to_user_id=receiver.id,
                            from_device_id=device_id, draft_id=draft_id,
                            procedure_code=str(draft.get("procedure_code") or "")[:20], file_count=len(checked),
                            size=total, created_at=now, expires_at=now + KEPT)
    package.sealed = seal(package.id, {"draft": draft, "files": checked})
    db.add(package)
    record(db, me, me.role.value, "draft_handed_over", dossier_id=draft_id, origin=actor.origin,
           detail=f"handover={package.id} to={receiver.id} device={device_id or '-'} files={len(checked)}")
    db.commit()
    db.refresh(package)
    return package, receiver, True


def state_of(package: DraftHandover) -> str:
    if package.received_at is not None:
        return "received"
    if package.expired_at is not None or package.sealed is None:
        return "expired"
    return "waiting"


def status(db: Session, actor: Actor, package_id: str) -> tuple[DraftHandover, User]:
    """The package's state for its sender or its receiver (anyone else: 404)."""
    package = db.get(DraftHandover, package_id)
    if package is None or actor.user_id not in (package.from_user_id, package.to_user_id):
        raise ServiceError(404, "transfer.not_found")
    return package, db.get(User, package.to_user_id)


# ------------------------------------------------------------------ the receiver


def incoming(db: Session, actor: Actor, now: datetime | None = None) -> list[tuple[DraftHandover, User]]:
    now = now or utcnow()
    me = _volunteer(actor)
    rows = db.exec(select(DraftHandover).where(DraftHandover.to_user_id == me.id,
                                               DraftHandover.received_at.is_(None),
                                               DraftHandover.expired_at.is_(None),
                                               DraftHandover.sealed.is_not(None),
                                               DraftHandover.expires_at > now)
                   .order_by(DraftHandover.created_at))
    return [(row, db.get(User, row.from_user_id)) for row in rows]


def _mine(db: Session, actor: Actor, package_id: str, now: datetime) -> DraftHandover:
    me = _volunteer(actor)
    package = db.get(DraftHandover, package_id)
    # The receiver must still be of the sender's centre: a volunteer moved away gets nothing.
    if package is None or package.to_user_id != me.id or package.centre_id != me.centre_id:
        raise ServiceError(404, "transfer.not_found")
    return package


def collect(db: Session, actor: Actor, package_id: str, now: datetime | None = None) -> tuple[DraftHandover, dict, User]:
    """The draft and its files, for the receiver to store. Kept until the receiver confirms."""
    now = now or utcnow()
    package = _mine(db, actor, package_id, now)
    if state_of(package) != "waiting" or package.expires_at <= now:
        raise ServiceError(410, "transfer.gone")
    return package, unseal(package.id, package.sealed), db.get(User, package.from_user_id)


def confirm(db: Session, actor: Actor, package_id: str, device_id: str | None = None,
            now: datetime | None = None) -> DraftHandover:
    """The receiver's tablet holds the draft: the sealed package is deleted; audited once."""
    now = now or utcnow()
    package = _mine(db, actor, package_id, now)
    if package.received_at is None:
        if package.sealed is None:
            raise ServiceError(410, "transfer.gone")
        package.sealed, package.received_at, package.received_device_id = None, now, device_id
        db.add(package)
        record(db, actor.user, actor.role, "draft_handover_received", dossier_id=package.draft_id,
               origin=actor.origin, detail=f"handover={package.id} from={package.from_user_id} "
                                           f"device={device_id or '-'}")
        db.commit()
        db.refresh(package)
    return package


# ------------------------------------------------------------------ housekeeping


def purge(db: Session, now: datetime | None = None) -> int:
    """Delete the packages nobody collected within ``KEPT`` (audited), and bare rows long done."""
    now = now or utcnow()
    expired = list(db.exec(select(DraftHandover).where(DraftHandover.received_at.is_(None),
                                                       DraftHandover.expired_at.is_(None),
                                                       DraftHandover.expires_at <= now)))
    for package in expired:
        package.sealed, package.expired_at = None, now
        db.add(package)
        record(db, None, "system", "draft_handover_expired", dossier_id=package.draft_id, origin="housekeeping",
               detail=f"handover={package.id}")
    db.execute(delete(DraftHandover).where(DraftHandover.expires_at <= now - TOMBSTONE_KEPT,
                                           or_(DraftHandover.received_at.is_not(None),
                                               DraftHandover.expired_at.is_not(None))))
    db.commit()
    return len(expired)
