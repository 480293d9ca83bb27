"""The volunteer's use of a kept record: the look-up (ID number + a kept receipt's PIN, its
misses limited per number and per client, the same work for a miss and a hit) and the grant that
lets the device copy a kept document into its new dossier."""
from __future__ import annotations

import hmac
import secrets
import time
from datetime import datetime, timedelta
from typing import Any, Iterable

from sqlmodel import Session, select

from volunteer_app.core.audit import record
from volunteer_app.core.config import get_settings
from volunteer_app.core.security import keyed_mac
from volunteer_app.domain.text import nfc_deep
from volunteer_app.models import Attachment, Dossier, KeptCitizen, KeptDocument, utcnow

from .. import catalog as cat
from .. import ratelimit
from ..actors import Actor
from ..blob_store import get_store
from ..codes import pin_matches
from ..errors import ServiceError
from .keep import MAX_CODES, clean_number, documents_of, id_key

GRANT_SECONDS = 2 * 3600  # how long a look-up's grant lets the device copy kept documents
_DUMMY_CODES = [f"TS-000000-{i:04d}" for i in range(MAX_CODES)]


def _buckets(number: str, client: str) -> list[tuple[str, int]]:
    """(bucket, limit) in one fixed order: per ID number, then per client address."""
    s = get_settings()
    return [(ratelimit.bucket("returning-id", number), s.returning_misses_per_id),
            (ratelimit.bucket("returning-client", client), s.returning_misses_per_address)]


def _pin_opens(codes: Iterable[str], pin: str) -> bool:
    """Compare the PIN with every candidate receipt, padded to MAX_CODES: the same work whether
    the ID number is known or not, and no early exit on a match."""
    real = list(codes)[:MAX_CODES]
    candidates = real + _DUMMY_CODES[len(real):]
    ok = False
    for i, code in enumerate(candidates):
        ok |= pin_matches(code, pin) and i < len(real)
    return ok


def _grant(citizen_id: int, user_id: int, until: int) -> str:
    sig = keyed_mac(f"returning-grant|{citizen_id}|{user_id}|{until}".encode()).hexdigest()
    return f"{citizen_id}.{until}.{sig[:32]}"


def _granted(grant: str, user_id: int | None) -> int | None:
    """The record a grant opens for this user, or None (forged, another user's, expired)."""
    try:
        citizen, until, _ = grant.split(".")
        citizen_id, until_s = int(citizen), int(until)
    except ValueError:
        return None
    if user_id is None or until_s < time.time():
        return None
    return citizen_id if hmac.compare_digest(_grant(citizen_id, user_id, until_s), grant) else None


def lookup(db: Session, actor: Actor, number: str, pin: str, now: datetime | None = None) -> dict[str, Any]:
    """The kept values and documents of the citizen with this ID number, when ``pin`` is the PIN
    of one of their kept receipts. 404 ``returning.not_found`` for an unknown number and a wrong
    PIN alike; 429 ``returning.throttled`` once the misses of the number or the client are used up."""
    if actor.user is None or actor.role != "volunteer":
        raise ServiceError(403, "auth.forbidden")
    now = now or utcnow()
    number, pin = clean_number(number), nfc_deep(pin or "").strip()
    buckets = _buckets(number, actor.address or "unknown")
    for name, limit in buckets:  # once the misses are used up even the right PIN waits
        ratelimit.check(db, name, limit, "returning.throttled", now)
    citizen = db.exec(select(KeptCitizen).where(KeptCitizen.id_key == id_key(number),
                                                KeptCitizen.expires_at > now)).first()
    if not _pin_opens(citizen.codes if citizen else [], pin) or citizen is None:
        window = timedelta(seconds=get_settings().lookup_window_s)
        try:
            ratelimit.take_all(db, buckets, window, "returning.throttled", now)
        except ServiceError:
            db.rollback()  # a refused miss is charged to no bucket
            raise
        record(db, actor.user, actor.role, "returning_lookup_missed", origin=actor.origin)
        db.commit()
        raise ServiceError(404, "returning.not_found")
    dossier = db.get(Dossier, citizen.dossier_id) if citizen.dossier_id else None
    documents = documents_of(db, citizen)
    record(db, actor.user, actor.role, "returning_used", dossier_id=dossier.client_uuid if dossier else None,
           origin=actor.origin, detail=f"record={citizen.id} values={len(citizen.values)} documents={len(documents)}")
    db.commit()
    until = int(time.time()) + GRANT_SECONDS
    return {"values": citizen.values, "documents": documents, "expires_at": citizen.expires_at,
            "grant": _grant(citizen.id, actor.user.id, until)}


def attach(db: Session, actor: Actor, grant: str, kept_id: str, dossier_uuid: str, procedure_code: str,
           document_id: str) -> dict[str, Any]:
    """Copy a kept document into the new dossier ``dossier_uuid`` as a finished upload of this
    device (its token), filed under ``document_id``: the dossier then names it like any file it
    uploaded, and staff see it as one of the dossier's own. → the file item for the answers."""
    if actor.user is None or actor.role != "volunteer":
        raise ServiceError(403, "auth.forbidden")
    if not actor.device_token:
        raise ServiceError(401, "dossier.token_required")
    citizen_id = _granted(grant, actor.user.id)
    doc = db.get(KeptDocument, kept_id)
    if citizen_id is None or doc is None or doc.citizen_id != citizen_id:
        raise ServiceError(404, "returning.not_found")
    source = db.get(Attachment, doc.attachment_id)
    procedure = cat.procedure_data(procedure_code)
    document = cat.document(procedure, document_id) if procedure else None
    if source is None or not source.complete or document is None:
        raise ServiceError(404, "returning.not_found")
    if source.mime not in (document.get("accept") or [source.mime]):
        raise ServiceError(422, "upload.type_not_accepted", accept=", ".join(document.get("accept") or []),
                           mime=source.mime)
    dossier_uuid = dossier_uuid.lower()
    owner = db.exec(select(Dossier.device_token_hash).where(Dossier.client_uuid == dossier_uuid)).first()
    if owner is not None and owner != actor.token_hash:
        raise ServiceError(403, "dossier.forbidden")
    existing = db.exec(select(Attachment).where(Attachment.dossier_uuid == dossier_uuid,
                                                Attachment.sha256 == source.sha256)).first()
    if existing is None:
        store = get_store(db)
        copy = Attachment(id=secrets.token_hex(16), dossier_uuid=dossier_uuid, procedure_code=procedure["code"],
                          document_id=document["id"], sha256=source.sha256, declared_mime=source.mime,
                          mime=source.mime, length=source.length, offset=source.length, complete=True,
                          storage_key=secrets.token_hex(20), device_token_hash=actor.token_hash)
        fh = store.open(source.storage_key)
        if fh is None:
            raise ServiceError(404, "returning.not_found")
        with fh:
            store.put(copy.storage_key, iter(lambda: fh.read(1 << 20), b""))  # bytes first, then the row
        db.add(copy)
    elif existing.device_token_hash != actor.token_hash:
        raise ServiceError(403, "dossier.forbidden")
    record(db, actor.user, actor.role, "returning_document_used", dossier_id=dossier_uuid, origin=actor.origin,
           detail=f"record={citizen_id} document={document['id']}")
    db.commit()
    name = f"{doc.document_id}.{source.mime.rsplit('/', 1)[-1].replace('jpeg', 'jpg')}"
    return {"sha256": source.sha256, "size": source.length, "mime": source.mime, "name": name}
