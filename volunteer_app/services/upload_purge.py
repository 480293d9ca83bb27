"""Housekeeping of uploads: unfinished ones left idle, and finished ones no dossier uses.

Anyone may upload, so files that never become part of a dossier must not stay for ever: an
upload left unfinished goes after ``ABANDONED_AFTER``; a finished one that no version of any
dossier names goes after UNUSED_UPLOAD_HOURS (long enough for a device to send the dossier
that uses it, e.g. a supplement prepared over several days). Bytes and rows both go. An upload
kept for a returning citizen (KeptDocument) is never purged here: it goes when the citizen
withdraws or the retention ends (services/returning/retention.py).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from volunteer_app.core.config import get_settings
from volunteer_app.models import Attachment, Dossier, DossierVersion, KeptDocument, utcnow

from .blob_store import BlobStore, get_store

ABANDONED_AFTER = timedelta(hours=24)
BATCH = 500


def purge_abandoned(db: Session, now: datetime | None = None, older_than: timedelta = ABANDONED_AFTER,
                    store: BlobStore | None = None) -> int:
    """Remove unfinished uploads idle for ``older_than`` and their partial bytes."""
    now = now or utcnow()
    store = store or get_store(db)
    stale = db.exec(select(Attachment).where(Attachment.complete.is_(False),
                                             Attachment.updated_at < now - older_than)).all()
    keys = [att.storage_key for att in stale]
    for att in stale:
        db.delete(att)
    db.commit()  # rows first, as below
    for key in keys:
        store.delete(key)
    return len(stale)


def _referenced(db: Session, dossier_uuids: set[str]) -> dict[str, set[str]]:
    """SHA-256 of every file any version of these dossiers names (answers and attachment list)."""
    out: dict[str, set[str]] = {u: set() for u in dossier_uuids}
    rows = db.exec(select(Dossier.client_uuid, DossierVersion.answers, DossierVersion.extra)
                   .join(DossierVersion, DossierVersion.dossier_id == Dossier.id)
                   .where(Dossier.client_uuid.in_(dossier_uuids))).all()
    for client_uuid, answers, extra in rows:
        stack: list = [answers, (extra or {}).get("attachments")]
        while stack:  # document items sit at any depth (groups)
            item = stack.pop()
            if isinstance(item, dict):
                if isinstance(item.get("sha256"), str):
                    out[client_uuid].add(item["sha256"])
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return out


def purge_unused(db: Session, now: datetime | None = None, older_than: timedelta | None = None,
                 store: BlobStore | None = None) -> int:
    """Remove finished uploads that no version of any dossier names, once ``older_than``
    (UNUSED_UPLOAD_HOURS) has passed since they finished: their files and their rows."""
    now = now or utcnow()
    older_than = older_than or timedelta(hours=get_settings().unused_upload_hours)
    done = db.exec(select(Attachment).where(Attachment.complete.is_(True),
                                            Attachment.updated_at < now - older_than)).all()
    uuids = sorted({a.dossier_uuid for a in done})
    used: dict[str, set[str]] = {}
    for start in range(0, len(uuids), BATCH):  # bounded IN lists (SQLite caps bound parameters)
        used |= _referenced(db, set(uuids[start:start + BATCH]))
    kept = set(db.exec(select(KeptDocument.attachment_id)))  # kept for a returning citizen (issue 15)
    unused = [a for a in done if a.sha256 not in used.get(a.dossier_uuid, set()) and a.id not in kept]
    keys = [att.storage_key for att in unused]
    for att in unused:
        db.delete(att)
    db.commit()  # rows first: bytes without a row are garbage, a row without its bytes a broken dossier
    store = store or get_store(db)
    for key in keys:
        store.delete(key)
    return len(unused)
