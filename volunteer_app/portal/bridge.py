"""The two places where forwarding touches the dossiers: the portal connector calls the
services, never the other way round (docs/architecture.md, "Server layers").

``build_submission`` turns (dossier, version) into the contract's submission body, and
``mark_forwarded`` applies the lifecycle's ``forward`` action (role ``system``) through the one
transition service, in the same transaction that records the official code.
"""
from __future__ import annotations

import base64
import logging
from datetime import datetime

from sqlmodel import Session, select

from volunteer_app.domain.lifecycle import Action, Role, State
from volunteer_app.models import Attachment, Dossier, DossierVersion
from volunteer_app.services import transition
from volunteer_app.services.actors import Actor
from volunteer_app.services.errors import ServiceError
from volunteer_app.services.blob_store import get_store, read_all

log = logging.getLogger("volunteer_app.portal.bridge")
PORTAL = Actor(origin="portal")  # the system's hand-over, as the audit trail names it


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _documents(db: Session, client_uuid: str, refs: list) -> list[dict]:
    """Attachment metadata plus the bytes (base64) when the stored file is at hand (folder or database)."""
    docs = []
    for ref in refs or []:
        if not isinstance(ref, dict) or not ref.get("sha256"):
            continue
        att = db.exec(select(Attachment).where(Attachment.dossier_uuid == client_uuid,
                                               Attachment.sha256 == ref["sha256"])).first()
        doc = {"document_id": str(ref.get("document_id") or ref.get("field") or (att.document_id if att else "")),
               "sha256": ref["sha256"], "mime": att.mime or att.declared_mime if att else ref.get("mime", ""),
               "size": att.length if att else ref.get("size")}
        data = read_all(get_store(db), att.storage_key) if att is not None and att.complete else None
        if data is not None:
            doc["content_base64"] = base64.b64encode(data).decode()
        docs.append(doc)
    return docs


def build_submission(db: Session, dossier_id: int, version: int, callback_url: str = "") -> dict:
    """The submission body of docs/portal-contract.md for this dossier version."""
    dossier = db.get(Dossier, dossier_id)
    if dossier is None:
        raise LookupError(f"dossier {dossier_id} not found")
    dv = db.exec(select(DossierVersion).where(DossierVersion.dossier_id == dossier_id,
                                              DossierVersion.version == version)).first()
    answers = dv.answers if dv is not None else dossier.answers
    refs = (dv.extra or {}).get("attachments") or [] if dv is not None else []
    body = {
        "client_ref": dossier.client_uuid,
        "version": version,
        "receipt_code": dossier.code,
        "procedure_code": dossier.procedure_code,
        "catalog_version": dossier.catalog_version,
        "channel": dossier.channel,
        # stable across resends (the portal hashes the body per idempotency key)
        "submitted_at": _iso(dv.received_at if dv is not None else dossier.received_at),
        "due_at": _iso(dossier.due_at),
        "form": answers or {},
        "documents": _documents(db, dossier.client_uuid, refs),
    }
    if callback_url:
        body["callback_url"] = callback_url
    return body


def mark_forwarded(db: Session, dossier_id: int, version: int, official_code: str) -> None:
    """accepted --forward(system)--> forwarded, stamped and audited. Does not commit.

    Already forwarded (a resend after a lost lease) is a no-op; any other state is logged and
    left alone: the official code is still recorded in the outbox row.
    """
    dossier = db.get(Dossier, dossier_id)
    if dossier is None or dossier.state == State.FORWARDED.value:
        return
    try:
        transition.apply(db, dossier, Action.FORWARD, Role.SYSTEM.value, PORTAL, detail=f"official={official_code}")
    except ServiceError:
        log.warning('{"event": "portal_forward_skipped", "dossier_id": %d, "state": "%s"}', dossier_id, dossier.state)
