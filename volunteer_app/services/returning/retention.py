"""The citizen's side and the retention: what a receipt's record keeps (status page), the
withdrawal of the consent and the housekeeping purge past KEPT_DATA_MONTHS, both deleting the
record and every kept upload no dossier or other record still needs."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, select

from volunteer_app.core.audit import record
from volunteer_app.domain.text import nfc_deep
from volunteer_app.models import Attachment, Dossier, KeptCitizen, KeptDocument, User, utcnow

from .. import catalog as cat
from ..blob_store import get_store
from ..errors import ServiceError
from .keep import ID_NUMBER, clean_number, documents_of, id_key, vocab_values


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
    from ..upload_purge import _referenced

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
    from ..lookup import lookup as status_lookup

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
    from ..lookup import lookup as status_lookup

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
