"""What is kept for a returning citizen, and how: on acceptance, with the keep consent, the
shared-vocabulary answers and the accepted documents under a keyed hash of the ID number; the
kept documents as the look-up and the status page list them."""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import delete
from sqlmodel import Session, select

from volunteer_app.core.audit import record
from volunteer_app.core.config import get_settings
from volunteer_app.domain.text import nfc_deep
from volunteer_app.models import Attachment, Dossier, DossierVersion, KeptCitizen, KeptDocument

from .. import catalog as cat
from .. import ratelimit
from ..actors import Actor

ID_NUMBER = "applicant.id_number"
CHOICES = "choices:"  # + procedure code: that procedure's own choices (relation, delivery…), by field id
# Never carried to the next filing: what must be proved or paid again, files, consents, counts.
_NOT_A_CHOICE = ("document", "consent", "number", "money", "group")
MAX_CODES = 20  # receipts whose PIN opens a record; the oldest drop out


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


# What the keep consent stated before devices sent the months they showed (KEPT_DATA_MONTHS's default).
STATED_BEFORE_MONTHS = 12


def expiry(now: datetime, stated_months: int | None = None) -> datetime:
    """The end of the retention: the centre's KEPT_DATA_MONTHS, and never later than what the
    citizen's consent stated (a setting changed since the citizen read it only shortens it)."""
    months = get_settings().kept_data_months
    return add_months(now, min(months, stated_months or STATED_BEFORE_MONTHS))


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


def keep_consent(db: Session, dossier: Dossier) -> Mapping | None:
    """The accepted version's consent record when it carries the keep consent, else None."""
    row = db.exec(select(DossierVersion.extra).where(DossierVersion.dossier_id == dossier.id,
                                                     DossierVersion.version == dossier.version)).first()
    consent = (row or {}).get("consent") if isinstance(row, Mapping) else None
    return consent if isinstance(consent, Mapping) and consent.get("keep") is True else None


def wants_keeping(db: Session, dossier: Dossier) -> bool:
    return keep_consent(db, dossier) is not None


def keep_on_accept(db: Session, dossier: Dossier, actor: Actor, now: datetime) -> KeptCitizen | None:
    """On acceptance (in its transaction, no commit): keep the citizen's details and the accepted
    documents when the accepted version carries the keep consent."""
    consent = keep_consent(db, dossier)
    if consent is None:
        return None
    stated = consent.get("keep_months")
    stated = stated if isinstance(stated, int) and not isinstance(stated, bool) else None
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
    citizen.dossier_id, citizen.updated_at, citizen.expires_at = dossier.id, now, expiry(now, stated)
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


# --------------------------------------------------------------------------- the kept documents, as read


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
