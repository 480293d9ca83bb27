"""The two places where forwarding touches the dossier service (issue 5's tables).

``build_submission`` turns (dossier, version) into the contract's submission body, and
``mark_forwarded`` applies the lifecycle's ``forward`` action (role ``system``) in the same
transaction that records the official code. Both read the dossier service's models defensively
(its columns were still settling when this was written): the lead can adjust them here alone.
"""
from __future__ import annotations

import base64
import logging
from datetime import datetime, timezone

from sqlmodel import Session, select

from volunteer_app.domain import lifecycle
from volunteer_app.domain.lifecycle import Action, State

log = logging.getLogger("volunteer_app.portal.bridge")


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).isoformat()


def _documents(db: Session, client_uuid: str, refs: list) -> list[dict]:
    """Attachment metadata plus the bytes (base64) when the stored file is at hand."""
    from volunteer_app.models import Attachment
    from volunteer_app.services.uploads import final_path

    docs = []
    for ref in refs or []:
        if not isinstance(ref, dict) or not ref.get("sha256"):
            continue
        att = db.exec(select(Attachment).where(Attachment.dossier_uuid == client_uuid,
                                               Attachment.sha256 == ref["sha256"])).first()
        doc = {"document_id": str(ref.get("document_id") or ref.get("field") or (att.document_id if att else "")),
               "sha256": ref["sha256"], "mime": att.mime or att.declared_mime if att else ref.get("mime", ""),
               "size": att.length if att else ref.get("size")}
        if att is not None:
            path = final_path(att)
            if path.is_file():
                doc["content_base64"] = base64.b64encode(path.read_bytes()).decode()
        docs.append(doc)
    return docs


def build_submission(db: Session, dossier_id: int, version: int, callback_url: str = "") -> dict:
    """The submission body of docs/portal-contract.md for this dossier version."""
    from volunteer_app.models import Dossier, DossierVersion

    dossier = db.get(Dossier, dossier_id)
    if dossier is None:
        raise LookupError(f"dossier {dossier_id} not found")
    dv = db.exec(select(DossierVersion).where(DossierVersion.dossier_id == dossier_id,
                                              DossierVersion.version == version)).first()
    answers = dv.answers if dv is not None else dossier.answers
    extra = (getattr(dv, "extra", None) or {}) if dv is not None else {}
    refs = (getattr(dv, "attachments", None) or extra.get("attachments") or []) if dv is not None else []
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
    """accepted --forward(system)--> forwarded, with an audit event. Does not commit.

    Already forwarded (a resend after a lost lease) is a no-op; any other state is logged and
    left alone: the official code is still recorded in the outbox row.
    """
    from volunteer_app.core.audit import record
    from volunteer_app.models import Dossier

    dossier = db.get(Dossier, dossier_id)
    if dossier is None or dossier.state == State.FORWARDED.value:
        return
    try:
        target = lifecycle.transition(dossier.state, Action.FORWARD, lifecycle.Role.SYSTEM)
    except lifecycle.IllegalTransition:
        log.warning('{"event": "portal_forward_skipped", "dossier_id": %d, "state": "%s"}', dossier_id, dossier.state)
        return
    previous = dossier.state
    dossier.state = target.value
    dossier.updated_at = datetime.now(timezone.utc)
    db.add(dossier)
    record(db, None, "system", "transition:forward", dossier_id=dossier.client_uuid, origin="portal",
           detail=f"{previous}->{target.value} v{version} official={official_code}")
