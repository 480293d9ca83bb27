"""Returning citizens (issue 15, the seed's "kho dữ liệu"): what the centre keeps, with consent.

1. **Keep.** At the end of a filing the citizen may tick a separate consent ("keep my identity
   details and accepted documents for my next filing; kept KEPT_DATA_MONTHS months"). The device
   sends it as ``consent.keep``; it is stored with the version. When staff accept that version
   (services/review.py), ``keep_on_accept`` stores, in the acceptance's own transaction, the
   shared-vocabulary answers of the dossier (``vocab`` meanings, domain/catalog/vocab.py) and a
   reference to each accepted document's stored upload, under a keyed hash of the applicant's ID
   number. A later accepted dossier with the consent replaces the values and adds its documents.
2. **Use.** A signed-in volunteer looks the citizen up with the ID number and the PIN of any
   receipt of a kept dossier (``lookup``). Misses are limited per ID number and per client
   address (the atomic limiter, services/ratelimit.py); an unknown ID number and a wrong PIN get
   the same 404 after the same work. A hit returns the values, the kept documents and a grant
   that lets the volunteer's device copy a kept document into its new dossier (``attach``).
3. **Withdraw / expire.** The citizen withdraws on the status page (dossier code + PIN of a kept
   dossier): the record, its document references and any kept file no dossier needs go at once.
   Housekeeping does the same for records past ``expires_at``.

Every use, withdrawal and expiry is audited with ids and counts only: never a name or a number.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping

from sqlalchemy import delete
from sqlmodel import Session, select

from volunteer_app.core.audit import record
from volunteer_app.core.config import get_settings
from volunteer_app.domain.text import nfc_deep
from volunteer_app.models import (Attachment, Dossier, DossierVersion, KeptCitizen, KeptDocument, User, utcnow)

from . import catalog as cat
from . import ratelimit
from .actors import Actor
from .blob_store import get_store
from .codes import pin_for
from .errors import ServiceError

ID_NUMBER = "applicant.id_number"
CHOICES = "choices:"  # + procedure code: that procedure's own choices (relation, delivery…), by field id
# Never carried to the next filing: what must be proved or paid again, files, consents, counts.
_NOT_A_CHOICE = ("document", "consent", "number", "money", "group")
MAX_CODES = 20  # receipts whose PIN opens a record; the oldest drop out
GRANT_SECONDS = 2 * 3600  # how long a look-up's grant lets the device copy kept documents
_DUMMY_CODES = [f"TS-000000-{i:04d}" for i in range(MAX_CODES)]


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def expiry(now: datetime) -> datetime:
    return add_months(now, get_settings().kept_data_months)


def clean_number(number: str) -> str:
    return "".join(ch for ch in nfc_deep(number or "") if ch.isdigit())


def id_key(number: str) -> str:
    """Keyed hash of an ID number: the record is found by it, the number is not the key."""
    return ratelimit.bucket("kept-citizen", clean_number(number))


def vocab_values(procedure: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers of the form's top-level shared-vocabulary fields, by meaning."""
    out: dict[str, Any] = {}
    for path, field in cat.all_fields(procedure):
        meaning = field.get("vocab")
        value = answers.get(field["id"])
        if meaning and "." not in path and value not in (None, "", [], {}):
            out[meaning] = value
    return out


def choice_values(procedure: Mapping[str, Any], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The procedure's own top-level answers that are no shared-vocabulary meaning (the relation to
    the subject, the record asked for, the delivery…), by field id: what a returning citizen
    usually answers the same way for the same procedure. Fees, exemptions, files, consents and
    counts are never carried over."""
    out: dict[str, Any] = {}
    for path, field in cat.all_fields(procedure):
        value = answers.get(field["id"])
        if ("." in path or field.get("vocab") or field.get("type") in _NOT_A_CHOICE or "fee" in field["id"]
                or value in (None, "", [], {})):
            continue
        out[field["id"]] = value
    return out


def _document_items(procedure: Mapping[str, Any], answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(document id, sha256) of every file the answers name at the top level."""
    out = []
    for path, field in cat.all_fields(procedure):
        if field.get("type") == "document" and "." not in path and isinstance(answers.get(field["id"]), list):
            out += [(field.get("document") or "", item["sha256"]) for item in answers[field["id"]]
                    if isinstance(item, Mapping) and isinstance(item.get("sha256"), str)]
    return out


def wants_keeping(db: Session, dossier: Dossier) -> bool:
    row = db.exec(select(DossierVersion.extra).where(DossierVersion.dossier_id == dossier.id,
                                                     DossierVersion.version == dossier.version)).first()
    consent = (row or {}).get("consent") if isinstance(row, Mapping) else None
    return isinstance(consent, Mapping) and consent.get("keep") is True


def keep_on_accept(db: Session, dossier: Dossier, actor: Actor, now: datetime) -> KeptCitizen | None:
    """On acceptance (in its transaction, no commit): keep the citizen's details and the accepted
    documents when the accepted version carries the keep consent."""
    if not wants_keeping(db, dossier):
        return None
    procedure = cat.procedure_data(dossier.procedure_code) or {}
    values = vocab_values(procedure, dossier.answers or {})
    number = clean_number(str(values.get(ID_NUMBER) or ""))
    if not number:
        return None
    key = id_key(number)
    citizen = db.exec(select(KeptCitizen).where(KeptCitizen.id_key == key)).first()
    if citizen is None:
        citizen = KeptCitizen(id_key=key, values={}, codes=[], created_at=now, expires_at=now)
    choices = choice_values(procedure, dossier.answers or {})
    if choices:
        values = {**values, CHOICES + dossier.procedure_code: choices}
    # The choices of the other procedures stay (a citizen files several); the identity is the latest.
    earlier = {k: v for k, v in (citizen.values or {}).items() if k.startswith(CHOICES) and k not in values}
    citizen.values = {**values, **earlier}
    citizen.codes = [c for c in (citizen.codes or []) if c != dossier.code][-(MAX_CODES - 1):] + [dossier.code]
    citizen.dossier_id, citizen.updated_at, citizen.expires_at = dossier.id, now, expiry(now)
    db.add(citizen)
    db.flush()
    files = {a.sha256: a for a in db.exec(select(Attachment).where(Attachment.dossier_uuid == dossier.client_uuid,
                                                                   Attachment.complete.is_(True)))}
    kept = 0
    for document_id, sha in _document_items(procedure, dossier.answers or {}):
        att = files.get(sha)
        if att is None:
            continue
        # The newest file of a document replaces the one kept before (its upload stays with its dossier).
        db.execute(delete(KeptDocument).where(KeptDocument.citizen_id == citizen.id,
                                              KeptDocument.document_id == document_id,
                                              KeptDocument.dossier_code != dossier.code))
        document = cat.document(procedure, document_id) or {}
        db.add(KeptDocument(id=secrets.token_hex(16), citizen_id=citizen.id, attachment_id=att.id,
                            document_id=document_id, procedure_code=dossier.procedure_code, dossier_code=dossier.code,
                            name=document.get("name") or {"vi": document_id, "en": document_id}, kept_at=now))
        kept += 1
    record(db, actor.user, actor.role, "returning_kept", dossier_id=dossier.client_uuid, origin=actor.origin,
           detail=f"record={citizen.id} values={len(values)} documents={kept}")
    return citizen


# --------------------------------------------------------------------------- look-up (volunteer)


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
        match = hmac.compare_digest(pin_for(code).encode(), pin.encode("utf-8"))
        ok |= match and i < len(real)
    return ok


def _grant(citizen_id: int, user_id: int, until: int) -> str:
    key = get_settings().secret_key.encode()
    sig = hmac.new(key, f"returning-grant|{citizen_id}|{user_id}|{until}".encode(), hashlib.sha256).hexdigest()
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


def _document_out(doc: KeptDocument, att: Attachment | None) -> dict[str, Any]:
    return {"id": doc.id, "document_id": doc.document_id, "name": doc.name, "procedure_code": doc.procedure_code,
            "dossier_code": doc.dossier_code, "kept_at": doc.kept_at, "size": att.length if att else 0,
            "mime": att.mime if att else "", "sha256": att.sha256 if att else ""}


def documents_of(db: Session, citizen: KeptCitizen) -> list[dict[str, Any]]:
    docs = list(db.exec(select(KeptDocument).where(KeptDocument.citizen_id == citizen.id)
                        .order_by(KeptDocument.kept_at, KeptDocument.id)))
    atts = {a.id: a for a in db.exec(select(Attachment).where(
        Attachment.id.in_([d.attachment_id for d in docs])))} if docs else {}
    return [_document_out(d, atts.get(d.attachment_id)) for d in docs]


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


# --------------------------------------------------------------------------- the citizen's side


def record_for_code(db: Session, code: str) -> KeptCitizen | None:
    """The kept record a dossier code's receipt opens (its applicant's, when that dossier was kept)."""
    dossier = db.exec(select(Dossier).where(Dossier.code == code)).first()
    if dossier is None:
        return None
    values = vocab_values(cat.procedure_data(dossier.procedure_code) or {}, dossier.answers or {})
    number = clean_number(str(values.get(ID_NUMBER) or ""))
    if not number:
        return None
    citizen = db.exec(select(KeptCitizen).where(KeptCitizen.id_key == id_key(number))).first()
    return citizen if citizen is not None and code in (citizen.codes or []) else None


def summary(db: Session, citizen: KeptCitizen) -> dict[str, Any]:
    """What is kept, for the citizen's own status page (after their code and PIN)."""
    return {"values": citizen.values, "documents": documents_of(db, citizen), "expires_at": citizen.expires_at,
            "kept_since": citizen.created_at}


def _referenced_elsewhere(db: Session, atts: list[Attachment], citizen_id: int) -> set[str]:
    """Ids of these uploads that a dossier version names, or that another record keeps."""
    from .upload_purge import _referenced

    used = _referenced(db, {a.dossier_uuid for a in atts}) if atts else {}
    others = set(db.exec(select(KeptDocument.attachment_id).where(
        KeptDocument.attachment_id.in_([a.id for a in atts]), KeptDocument.citizen_id != citizen_id))) if atts else set()
    return {a.id for a in atts if a.sha256 in used.get(a.dossier_uuid, set()) or a.id in others}


def delete_record(db: Session, citizen: KeptCitizen) -> tuple[int, list[str]]:
    """Delete the record, its document references and the kept uploads nothing else needs (rows;
    the caller commits, then deletes the returned storage keys). → (documents, storage keys)."""
    docs = list(db.exec(select(KeptDocument).where(KeptDocument.citizen_id == citizen.id)))
    atts = list(db.exec(select(Attachment).where(Attachment.id.in_([d.attachment_id for d in docs])))) if docs else []
    needed = _referenced_elsewhere(db, atts, citizen.id)
    keys = []
    for att in atts:
        if att.id not in needed:
            keys.append(att.storage_key)
            db.delete(att)
    db.execute(delete(KeptDocument).where(KeptDocument.citizen_id == citizen.id))
    db.delete(citizen)
    return len(docs), keys


def _drop_bytes(db: Session, keys: list[str]) -> None:
    store = get_store(db)
    for key in keys:
        store.delete(key)


def withdraw(db: Session, code: str, pin: str, client: str, actor_user: User | None = None,
             origin: str = "web") -> int:
    """The citizen withdraws the keep consent (code + PIN of a kept dossier, checked by the
    rate-limited status look-up): everything kept goes at once. → documents deleted; 404 when
    nothing is kept for that receipt."""
    from .lookup import lookup as status_lookup

    status_lookup(db, code, pin, client)  # 404 / 429 exactly as the status page
    code = nfc_deep(code).strip().upper()
    citizen = record_for_code(db, code)
    if citizen is None:
        raise ServiceError(404, "returning.nothing_kept")
    dossier = db.exec(select(Dossier.client_uuid).where(Dossier.code == code)).first()
    record_id = citizen.id
    count, keys = delete_record(db, citizen)
    record(db, actor_user, "citizen", "returning_withdrawn", dossier_id=dossier, origin=origin,
           detail=f"record={record_id} documents={count}")
    db.commit()
    _drop_bytes(db, keys)
    return count


def kept_for(db: Session, code: str, pin: str, client: str) -> dict[str, Any] | None:
    """What is kept for the receipt (code + PIN, the status look-up's limits), or None."""
    from .lookup import lookup as status_lookup

    status_lookup(db, code, pin, client)
    citizen = record_for_code(db, nfc_deep(code).strip().upper())
    return summary(db, citizen) if citizen is not None else None


def purge_expired(db: Session, now: datetime | None = None) -> int:
    """Housekeeping: delete every record past its retention (KEPT_DATA_MONTHS), audited."""
    now = now or utcnow()
    expired = list(db.exec(select(KeptCitizen).where(KeptCitizen.expires_at <= now)))
    keys: list[str] = []
    for citizen in expired:
        record_id = citizen.id
        count, gone = delete_record(db, citizen)
        keys += gone
        record(db, None, "system", "returning_expired", origin="housekeeping",
               detail=f"record={record_id} documents={count}")
    db.commit()
    _drop_bytes(db, keys)
    return len(expired)


def kept_attachment_ids(db: Session) -> set[str]:
    return set(db.exec(select(KeptDocument.attachment_id)))
