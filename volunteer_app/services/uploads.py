"""Resumable attachment uploads (tus 1.0.0 core + creation + termination), storage and checks.

Bytes are kept by ``blob_store`` (a folder, or the database) under a random key while they arrive,
and become the finished file once the size, the SHA-256, the sniffed type and (for images) the
pixel count of the stored bytes are right. A failed check deletes the partial bytes and the
upload; uploads left unfinished, and finished ones no dossier uses, are removed by ``upload_purge``.
The client's file name is validated but never used as a path.

One PATCH at a time writes an upload: ``lock`` takes a lease in the upload's row with one
conditional UPDATE (so it holds across worker processes and needs no connection while the bytes
arrive), the writer renews it while it receives, and a second PATCH meanwhile gets 423.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from datetime import datetime, timedelta
from typing import Any, Iterator, Mapping

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from volunteer_app.core.config import get_settings
from volunteer_app.models import Attachment, Dossier, utcnow

from . import catalog as cat
from .actors import Actor
from .blob_store import PartialWriter, get_store, iter_blocks
from .errors import ServiceError
from .image_size import dimensions, is_image

SNIFFABLE = ("image/jpeg", "image/png", "image/webp", "application/pdf")
LOCK_LEASE = timedelta(seconds=10)  # renewed every LOCK_RENEW_S while a PATCH receives: a crashed
# writer blocks its upload for at most this long (the device retries 423 with backoff)
LOCK_RENEW_S = 3.0
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")


def sniff(head: bytes) -> str | None:
    """MIME type from the magic bytes; None for anything we do not accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def filename_ok(name: str) -> bool:
    """Display-only name: no path parts, no control characters, sane length."""
    name = unicodedata.normalize("NFC", name)
    return (0 < len(name) <= 200 and "/" not in name and "\\" not in name and ".." not in name
            and not any(unicodedata.category(ch).startswith("C") for ch in name))


def max_bytes(document: Mapping[str, Any]) -> tuple[int, float]:
    limit_mb = min(float(document.get("max_size_mb") or 0) or 1e9, float(get_settings().max_upload_mb))
    return int(limit_mb * 1024 * 1024), limit_mb


def _bad(field: str) -> ServiceError:
    return ServiceError(422, "upload.bad_metadata", field=field)


def create(db: Session, meta: Mapping[str, str], length: int | None, actor: Actor) -> tuple[Attachment, bool]:
    """POST /uploads: a new upload, or the existing one for the same (dossier, sha256)."""
    if not actor.device_token:
        raise ServiceError(401, "dossier.token_required")
    dossier_uuid = (meta.get("dossier_uuid") or "").lower()
    sha = (meta.get("sha256") or "").lower()
    mime = meta.get("mime") or ""
    if not _UUID.match(dossier_uuid):
        raise _bad("dossier_uuid")
    if not _SHA256.match(sha):
        raise _bad("sha256")
    if "filename" in meta and not filename_ok(meta["filename"]):
        raise ServiceError(422, "upload.bad_filename")
    procedure = cat.procedure_data(meta.get("procedure_code") or "")
    if procedure is None:
        raise _bad("procedure_code")
    document = cat.document(procedure, meta.get("document_id") or "")
    if document is None:
        raise _bad("document_id")
    accept = list(document.get("accept") or SNIFFABLE)
    if mime not in accept or mime not in SNIFFABLE:
        raise ServiceError(422, "upload.type_not_accepted", accept=", ".join(accept), mime=mime[:60] or "?")
    if length is None or length < 1:
        raise _bad("Upload-Length")
    limit, limit_mb = max_bytes(document)
    if length > limit:
        raise ServiceError(413, "upload.too_large", max_mb=limit_mb)
    owner = db.exec(select(Dossier.device_token_hash).where(Dossier.client_uuid == dossier_uuid)).first()
    if owner is not None and owner != actor.token_hash:
        raise ServiceError(403, "dossier.forbidden")
    existing = _existing(db, dossier_uuid, sha)
    if existing is not None:
        return _owned(existing, actor), False
    att = Attachment(id=secrets.token_hex(16), dossier_uuid=dossier_uuid, procedure_code=procedure["code"],
                     document_id=document["id"], sha256=sha, declared_mime=mime, length=length,
                     storage_key=secrets.token_hex(20), device_token_hash=actor.token_hash)
    db.add(att)
    try:
        db.commit()
    except IntegrityError:  # the same file was announced concurrently: use that upload
        db.rollback()
        return _owned(_existing(db, dossier_uuid, sha), actor), False
    get_store(db).start(att.storage_key)
    return att, True


def _existing(db: Session, dossier_uuid: str, sha: str) -> Attachment | None:
    return db.exec(select(Attachment).where(Attachment.dossier_uuid == dossier_uuid,
                                            Attachment.sha256 == sha)).first()


def _owned(att: Attachment | None, actor: Actor) -> Attachment:
    if att is None:
        raise ServiceError(404, "upload.not_found")
    if att.device_token_hash != actor.token_hash:
        raise ServiceError(403, "dossier.forbidden")
    return att


def get(db: Session, upload_id: str, actor: Actor) -> Attachment:
    if not actor.device_token:
        raise ServiceError(401, "dossier.token_required")
    att = db.get(Attachment, upload_id) if _UPLOAD_ID.match(upload_id) else None
    if att is None or att.device_token_hash != actor.token_hash:
        raise ServiceError(404, "upload.not_found")  # not yours looks like absent
    return att


def readable(att: Attachment, now: datetime | None = None) -> Attachment:
    """The upload for HEAD, or 423 while a PATCH holds its lease. Its offset is not final while
    bytes arrive, and a writer that died (a killed server) holds the lease until it lapses: a
    device told that offset would send a chunk only to get 423 for it, body and all, again and
    again. tus-js-client retries a HEAD's 423 without sending a byte."""
    if not att.complete and att.lock_token is not None and att.locked_until is not None \
            and att.locked_until >= (now or utcnow()):
        raise ServiceError(423, "upload.locked", headers={"Retry-After": str(int(LOCK_RENEW_S))})
    return att


def check_patch(db: Session, att: Attachment, offset: int | None, content_length: int | None) -> None:
    """Before reading a PATCH body: the offset must be where we are, and it must fit
    (more bytes than declared is not a resumable mistake: the upload is dropped)."""
    if att.complete:
        if offset == att.length:
            return
        raise ServiceError(409, "upload.offset_mismatch", extra={"offset": att.offset}, offset=att.offset)
    if offset is None or offset != att.offset:
        raise ServiceError(409, "upload.offset_mismatch", extra={"offset": att.offset}, offset=att.offset)
    if content_length is not None and offset + content_length > att.length:
        raise reject(db, att, "upload.exceeds_length", 413, length=att.length)


def _free(now: datetime):
    return or_(Attachment.lock_token.is_(None), Attachment.locked_until < now)


def lock(db: Session, att: Attachment, now: datetime | None = None) -> str:
    """Take the upload's write lock for one PATCH and return its token, or raise 423 while another
    PATCH holds it. One conditional UPDATE decides, on SQLite and PostgreSQL alike."""
    now = now or utcnow()
    token = secrets.token_hex(16)
    taken = db.execute(update(Attachment).where(Attachment.id == att.id, _free(now))
                       .values(lock_token=token, locked_until=now + LOCK_LEASE)).rowcount
    db.commit()
    if taken != 1:
        raise ServiceError(423, "upload.locked", headers={"Retry-After": str(int(LOCK_RENEW_S))})
    db.refresh(att)  # the offset as the previous writer left it
    return token


def renew(db: Session, upload_id: str, token: str) -> bool:
    """Extend the lease while bytes still arrive; False when the lock was lost (lapsed and taken)."""
    renewed = db.execute(update(Attachment).where(Attachment.id == upload_id, Attachment.lock_token == token)
                         .values(locked_until=utcnow() + LOCK_LEASE)).rowcount
    db.commit()
    return renewed == 1


def release(db: Session, upload_id: str, token: str) -> None:
    db.execute(update(Attachment).where(Attachment.id == upload_id, Attachment.lock_token == token)
               .values(lock_token=None, locked_until=None))
    db.commit()


def held(db: Session, upload_id: str, token: str) -> Attachment:
    """The upload, if this PATCH still holds its lock; else 423 (its lease lapsed and another took it)."""
    att = db.get(Attachment, upload_id)
    if att is None:  # cancelled meanwhile
        raise ServiceError(404, "upload.not_found")
    if att.lock_token != token:
        raise ServiceError(423, "upload.locked", headers={"Retry-After": str(int(LOCK_RENEW_S))})
    return att


def writer(att: Attachment, lock: str) -> PartialWriter:
    """Where one PATCH's bytes go: the upload's partial bytes from its offset, under ``lock``."""
    return get_store().writer(att.storage_key, att.offset, att.id, lock)


def save_offset(db: Session, att: Attachment, new_offset: int) -> None:
    """Record the bytes of a chunk and release the lock, in one commit."""
    att.offset = new_offset
    att.updated_at = utcnow()
    att.lock_token = att.locked_until = None
    db.add(att)
    db.commit()


def reject(db: Session, att: Attachment, key: str, status: int = 422, **params: Any) -> ServiceError:
    """Delete the partial bytes and the upload; return the error to raise."""
    get_store(db).delete(att.storage_key)
    db.delete(att)
    db.commit()
    return ServiceError(status, key, **params)


def finish(db: Session, att: Attachment) -> Attachment:
    """All bytes are in: check size, SHA-256 and sniffed type of the stored bytes, then publish."""
    store = get_store(db)
    fh = store.open(att.storage_key, partial=True)
    size, digest, head = -1, hashlib.sha256(), b""
    if fh is not None:
        with fh:  # read back in blocks: what was stored, not what this process received
            head = fh.read(64)
            digest.update(head)
            size = len(head)
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
    if size != att.length or digest.hexdigest() != att.sha256:
        raise reject(db, att, "upload.checksum_mismatch")
    sniffed = sniff(head)
    if sniffed != att.declared_mime:
        raise reject(db, att, "upload.type_mismatch", declared=att.declared_mime, sniffed=sniffed or "?")
    if is_image(sniffed):
        with store.open(att.storage_key, partial=True) as fh:
            size = dimensions(fh, sniffed)
        if size is None:
            raise reject(db, att, "upload.image_unreadable")
        limit = get_settings().max_image_megapixels
        if size[0] * size[1] > limit * 1_000_000:
            raise reject(db, att, "upload.too_many_pixels", width=size[0], height=size[1], max_mp=limit)
    store.publish(att.storage_key)
    att.complete, att.mime, att.offset, att.updated_at = True, sniffed, att.length, utcnow()
    att.lock_token = att.locked_until = None
    db.add(att)
    db.commit()
    return att


def terminate(db: Session, att: Attachment, now: datetime | None = None) -> None:
    """DELETE (tus termination): the device gives up an upload its dossier does not use. Not
    while a PATCH writes it (423): the row goes only if no lock is held, in one statement."""
    used = db.exec(select(Dossier.id).where(Dossier.client_uuid == att.dossier_uuid)).first()
    if att.complete and used is not None:
        raise ServiceError(409, "dossier.forbidden")
    gone = db.execute(delete(Attachment).where(Attachment.id == att.id, _free(now or utcnow()))).rowcount
    db.commit()
    if gone != 1:
        raise ServiceError(423, "upload.locked", headers={"Retry-After": str(int(LOCK_RENEW_S))})
    get_store(db).delete(att.storage_key)


def stored_blocks(db: Session, att: Attachment) -> Iterator[bytes]:
    """The finished file's bytes, in blocks, from whichever store keeps them (staff preview);
    404 when they are gone. Each block is read in its own short session, none held between."""
    fh = get_store(db).open(att.storage_key)
    if fh is None:
        raise ServiceError(404, "upload.not_found")
    return iter_blocks(fh)


def attachments_of(db: Session, dossier: Dossier) -> list[Attachment]:
    return list(db.exec(select(Attachment).where(Attachment.dossier_uuid == dossier.client_uuid,
                                                 Attachment.complete.is_(True)).order_by(Attachment.created_at)))
