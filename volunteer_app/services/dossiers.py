"""Submit (idempotent, concurrency-safe), read back and withdraw dossiers (docs/sync-protocol.md §2–3).

Idempotency and races are settled by the database, not by locks in this process: the unique
constraints on ``dossier.client_uuid`` and ``dossierversion(dossier_id, version)`` let exactly
one of many concurrent identical PUTs insert; the others catch the IntegrityError, roll back
and answer from what the winner stored.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_
from sqlalchemy.engine import Row
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from volunteer_app.core.audit import row as audit_row
from volunteer_app.domain import deadlines, lifecycle
from volunteer_app.domain.lifecycle import Action, State
from volunteer_app.domain.rules.validate import check
from volunteer_app.domain.text import nfc_deep
from volunteer_app.i18n import t, texts
from volunteer_app.models import Centre, Dossier, DossierVersion, Receipt, Review, utcnow

from . import catalog as cat
from . import catalog_versions, codes, consent, new_dossier, throttle, transition
from . import submission_checks as checks
from .actors import Actor
from .codes import mask_id, mask_name, pin_for
from .errors import ServiceError

MAX_RACE_RETRIES = 3


def body_hash(body: Mapping[str, Any]) -> str:
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def message_texts(key: str, params: Mapping[str, Any]) -> dict[str, str]:
    try:
        return texts(key, **params)
    except KeyError:  # a catalog rule naming an unknown key must not turn a 422 into a 500
        return {"vi": key, "en": key}


def field_error(field: str, key: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    params = dict(params or {})
    return {"field": field, "key": key, "params": params, **message_texts(key, params)}


def invalid(errors: list[dict]) -> ServiceError:
    return ServiceError(422, "dossier.invalid", extra={"errors": errors}, count=len(errors))


@dataclass
class SubmitResult:
    created: bool  # True: 201 (this version stored now); False: 200 (a repeat)
    body: dict[str, Any]


# ------------------------------------------------------------------ validation


def check_body(db: Session, client_uuid: str, body: Mapping, token_hash: str, today: str) -> tuple[dict, dict]:
    """Validate with the catalog's rules; return (procedure, resolved answers) or raise 422.
    Reads the database (the procedure version, the stored files a body names) and writes nothing."""
    # Issue 13: a draft is checked against the procedure version it was started on (its etag in
    # catalog_version) while the centre's grace days allow, else against the current one.
    procedure = catalog_versions.procedure_for(db, body["procedure_code"], body.get("catalog_version"),
                                               body.get("centre_code"))
    if procedure is None:
        raise invalid([field_error("procedure_code", "dossier.unknown_procedure", {"code": body["procedure_code"]})])
    answers = body.get("answers") or {}
    errors = checks.unknown_keys(procedure, answers)
    resolved: dict = {}
    if not errors:
        errors, resolved = check(procedure, answers, today, units=cat.units_check)
    if not errors:
        errors = checks.file_errors(db, client_uuid, token_hash, procedure, resolved, body.get("attachments") or [])
    if errors:
        raise invalid([field_error(e["field"], e["key"], e.get("params")) for e in errors])
    return procedure, resolved


def _citizen(procedure: Mapping, answers: Mapping) -> tuple[str, str]:
    """Masked name and ID of the applicant: the first full_name / personal_id field of the form."""
    name = next((answers.get(f["id"]) for p, f in cat.all_fields(procedure)
                 if f.get("type") == "full_name" and "." not in p and answers.get(f["id"])), "")
    number = next((answers.get(f["id"]) for p, f in cat.all_fields(procedure)
                   if f.get("type") == "personal_id" and "." not in p and answers.get(f["id"])), "")
    return mask_name(name if isinstance(name, str) else ""), mask_id(number if isinstance(number, str) else "")


def _due(procedure: Mapping, received_at: datetime) -> datetime:
    limit = procedure.get("processing_time") or {}
    return deadlines.due_at(received_at, int(limit.get("working_days", 0)), bool(limit.get("rule_15h")))


# A centre's code never changes and a centre is never deleted (services/admin.py), so a code
# found once maps to its id for good. Keyed by database, as the process may serve several (tests).
_centre_ids: dict[tuple[str, str], int] = {}


def _centre_id(db: Session, body: Mapping, actor: Actor) -> int:
    code = body.get("centre_code")
    if code:
        key = (db.get_bind().url.render_as_string(hide_password=True), code)
        centre_id = _centre_ids.get(key)
        if centre_id is None:
            centre_id = db.exec(select(Centre.id).where(Centre.code == code)).first()
            if centre_id is None:
                raise invalid([field_error("centre_code", "dossier.unknown_centre", {"code": code})])
            _centre_ids[key] = centre_id
        return centre_id
    if actor.centre_id is not None:
        return actor.centre_id
    centres = db.exec(select(Centre.id).limit(2)).all()
    if len(centres) == 1:  # the usual install: one centre, nothing to choose
        return centres[0]
    raise invalid([field_error("centre_code", "dossier.centre_required")])


# ------------------------------------------------------------------ submit
#
# A new dossier is validated first, with no write under way, and then stored by one short write
# transaction that inserts the dossier (its id and code taken by the INSERT itself), its version
# row and its audit events, and counts the request against the per-client limits: SQLite's one
# write lock (or, on PostgreSQL, the limit buckets' rows) is held for a few statements only.
# Every other outcome (a repeat, a resubmission, a refusal) is counted in a transaction of its
# own first, as before, so a 429 still comes before any other answer.


def submit(db: Session, client_uuid: str, body: Mapping[str, Any], actor: Actor,
           now: datetime | None = None) -> SubmitResult:
    """PUT /dossiers/{client_uuid}: store version ``body['version']`` once; repeats are answered alike.
    Counts the request against the per-client limits (429 before any other answer), once.

    On PostgreSQL the request is counted first, in a transaction of its own (whose commit need
    not wait for the disk, see throttle.charge): a busy bucket's row is then locked only for that
    statement. On SQLite a new dossier is counted inside its own write (one commit for both) and
    every other answer is counted first, in a transaction of its own."""
    counted = db.get_bind().dialect.name == "postgresql"
    if counted or not actor.device_token:
        throttle.charge(db, "put", actor)
    if not actor.device_token:
        raise ServiceError(401, "dossier.token_required")
    body = nfc_deep(dict(body))
    digest = body_hash(body)
    now = now or utcnow()
    for attempt in range(MAX_RACE_RETRIES):
        try:
            return _submit_once(db, client_uuid, body, digest, actor, now, counted, first_try=attempt == 0)
        except IntegrityError:
            db.rollback()  # another request stored it first: answer from what it stored
            codes.forget_days()  # or the day's base row is gone: check it again
    if not counted:
        throttle.charge(db, "put", actor)
    raise ServiceError(409, "dossier.conflict", version=body.get("version"))


def _stored(db: Session, client_uuid: str, version: int) -> Row | None:
    """The stored dossier's receipt columns and owner, with the body hash of ``version`` if it
    was received (None when not): one read answers a repeat."""
    return db.exec(select(Dossier.id, Dossier.client_uuid, Dossier.device_token_hash, Dossier.code, Dossier.version,
                          Dossier.state, Dossier.received_at, Dossier.due_at, DossierVersion.body_hash)
                   .outerjoin(DossierVersion, and_(DossierVersion.dossier_id == Dossier.id,
                                                   DossierVersion.version == version))
                   .where(Dossier.client_uuid == client_uuid)).first()


def _submit_once(db: Session, client_uuid: str, body: dict, digest: str, actor: Actor, now: datetime,
                 counted: bool, first_try: bool = True) -> SubmitResult:
    version = int(body["version"])
    # A first version is nearly always new: it is checked and stored without reading first (the
    # INSERT's unique client_uuid finds a repeat, and the retry then answers it from what is
    # stored). Anything refused on the way is looked up first, as a repeat is answered alike.
    stored = None if version == 1 and first_try else _stored(db, client_uuid, version)
    if stored is not None:
        if not counted:
            throttle.charge(db, "put", actor)
        if stored.device_token_hash != actor.token_hash:
            raise ServiceError(403, "dossier.forbidden")
        if stored.body_hash is not None:
            if stored.body_hash != digest:
                raise ServiceError(409, "dossier.conflict", version=version)
            return SubmitResult(False, receipt_body(stored))
        return _resubmit(db, db.get(Dossier, stored.id), body, digest, actor, now)
    try:
        if version != 1:
            raise ServiceError(409, "dossier.version_unexpected", expected=1, version=version)
        if body.get("channel") == "volunteer" and actor.user is None:
            raise ServiceError(401, "dossier.sign_in_required")
        today = now.astimezone(deadlines.VN_TZ).date().isoformat()
        procedure, answers = check_body(db, client_uuid, body, actor.token_hash, today)
        centre_id = _centre_id(db, body, actor)
    except ServiceError:
        if stored is None and version == 1 and _stored(db, client_uuid, version) is not None:
            return _submit_once(db, client_uuid, body, digest, actor, now, counted, first_try=False)
        if not counted:
            throttle.charge(db, "put", actor)  # a refused request is counted too (and a 429 comes first)
        raise
    stored_now = _store_new(db, client_uuid, body, digest, actor, now, procedure, answers, centre_id, counted)
    if stored_now is None:
        return _submit_once(db, client_uuid, body, digest, actor, now, counted, first_try=False)
    return stored_now


def _store_new(db: Session, client_uuid: str, body: dict, digest: str, actor: Actor, now: datetime,
               procedure: dict, answers: dict, centre_id: int, counted: bool) -> SubmitResult | None:
    """Everything is computed before the write; then one short write (new_dossier.store).
    None: a dossier with this client_uuid is stored already (nothing written)."""
    name, number = _citizen(procedure, answers)
    channel = body.get("channel") or "citizen"
    helper = actor.user if channel == "volunteer" else None  # consent._helper: the account that filed it
    consent_detail = consent.audit_detail(procedure, answers, body.get("consent"), helper, now, 1)
    values = dict(client_uuid=client_uuid, procedure_code=body["procedure_code"],
                  catalog_version=body.get("catalog_version") or "", version=1, state=State.SUBMITTED.value,
                  answers=answers, channel=channel, submitted_by=actor.user_id, on_behalf_of=name,
                  citizen_id_masked=number, centre_id=centre_id, device_token_hash=actor.token_hash,
                  created_at=now, updated_at=now, received_at=now, due_at=_due(procedure, now), closed_at=None)
    extra = {k: body.get(k) for k in ("attachments", "consent", "device_created_at", "channel") if k in body}
    version = {"version": 1, "body_hash": digest, "answers": answers, "extra": extra, "received_at": now}
    events = [audit_row(actor.user, actor.role, "consent_recorded", dossier_id=client_uuid, origin=actor.origin,
                        detail=consent_detail, at=now)] if consent_detail is not None else []
    submitted = audit_row(actor.user, actor.role, "dossier_submitted", dossier_id=client_uuid, origin=actor.origin,
                          at=now, detail=f"procedure={values['procedure_code']} v1")
    count = None if counted else (lambda session: throttle.count(session, "put", actor))
    row = new_dossier.store(db, values, version, events, submitted, now, count)
    if row is None:  # stored already (a repeat): answered from what is stored
        return None
    return SubmitResult(True, receipt_body({"client_uuid": client_uuid, "code": row.code, "version": 1,
                                            "state": State.SUBMITTED.value, "received_at": row.received_at,
                                            "due_at": row.due_at}))


def _resubmit(db: Session, dossier: Dossier, body: dict, digest: str, actor: Actor, now: datetime) -> SubmitResult:
    version = int(body["version"])
    if version != dossier.version + 1:
        raise ServiceError(409, "dossier.version_unexpected", expected=dossier.version + 1, version=version)
    if dossier.state != State.NEEDS_SUPPLEMENT.value:
        raise ServiceError(409, "dossier.not_resubmittable", state=t(lifecycle.state_label_key(dossier.state)))
    if body.get("procedure_code") != dossier.procedure_code:
        raise invalid([field_error("procedure_code", "dossier.unknown_procedure", {"code": body.get("procedure_code")})])
    today = now.astimezone(deadlines.VN_TZ).date().isoformat()
    procedure, answers = check_body(db, dossier.client_uuid, body, actor.token_hash, today)
    db.add(DossierVersion(dossier_id=dossier.id, version=version, body_hash=digest, answers=answers,
                          extra={k: body.get(k) for k in ("attachments", "consent", "device_created_at")},
                          received_at=now))
    db.flush()  # the unique (dossier_id, version) decides the race here
    dossier.version, dossier.answers = version, answers
    dossier.catalog_version = body.get("catalog_version") or dossier.catalog_version
    dossier.received_at = now
    dossier.due_at = _due(procedure, now)  # the office's clock restarts with the complete dossier
    dossier.on_behalf_of, dossier.citizen_id_masked = _citizen(procedure, answers)
    consent.audit(db, actor, dossier, version, body.get("consent"))
    transition.apply(db, dossier, Action.RESUBMIT, _applicant_role(actor), actor, now)
    db.commit()
    db.refresh(dossier)
    return SubmitResult(True, receipt_body(dossier))


def receipt_body(dossier: Dossier | Row | Mapping) -> dict[str, Any]:
    """The receipt of the dossier's current version (a model, a row of its columns, or a mapping)."""
    get = dossier.get if isinstance(dossier, Mapping) else lambda k: getattr(dossier, k)
    return {"client_uuid": get("client_uuid"), "code": get("code"), "pin": pin_for(get("code")),
            "version": get("version"), "state": get("state"), "received_at": get("received_at"),
            "due_at": get("due_at")}


# ------------------------------------------------------------------ access and read back


def can_see(dossier: Dossier, actor: Actor) -> bool:
    """A device with the dossier's token; a volunteer who filed it or whose centre did;
    staff of its centre; any admin."""
    if actor.token_hash and actor.token_hash == dossier.device_token_hash:
        return True
    if actor.is_role("admin"):
        return True
    if actor.is_role("staff"):
        return dossier.centre_id is not None and dossier.centre_id == actor.centre_id
    if actor.is_role("volunteer"):
        return dossier.submitted_by == actor.user_id or (
            dossier.centre_id is not None and dossier.centre_id == actor.centre_id)
    return False


def get_visible(db: Session, client_uuid: str, actor: Actor) -> Dossier:
    dossier = db.exec(select(Dossier).where(Dossier.client_uuid == client_uuid)).first()
    # Same answer for "absent" and "not yours": existence is not revealed.
    if dossier is None or not can_see(dossier, actor):
        raise ServiceError(404, "dossier.not_found")
    return dossier


def latest_review(db: Session, dossier: Dossier) -> Review | None:
    return db.exec(select(Review).where(Review.dossier_id == dossier.id).order_by(Review.id.desc())).first()


def reviews_of(db: Session, dossier: Dossier) -> list[Review]:
    return list(db.exec(select(Review).where(Review.dossier_id == dossier.id).order_by(Review.id)))


def receipt_of(db: Session, dossier: Dossier) -> Receipt | None:
    return db.exec(select(Receipt).where(Receipt.dossier_id == dossier.id)).first()


def status_body(db: Session, dossier: Dossier, now: datetime | None = None, with_pin: bool = True) -> dict[str, Any]:
    """What the owner (and the citizen with code + PIN) sees: state, reasons, receipt."""
    now = now or utcnow()
    review = latest_review(db, dossier)
    show_reasons = review is not None and review.state_after in (State.NEEDS_SUPPLEMENT.value, State.REFUSED.value) \
        and review.state_after == dossier.state
    receipt = receipt_of(db, dossier)
    procedure = cat.procedure_data(dossier.procedure_code) or {}
    return {
        # The PIN only until the receipt is handed over (services/handover.py).
        "client_uuid": dossier.client_uuid, "code": dossier.code,
        "pin": pin_for(dossier.code) if with_pin and dossier.receipt_handed_at is None else None,
        "receipt_handed_over": dossier.receipt_handed_at is not None,
        "procedure_code": dossier.procedure_code,
        "procedure_name": (procedure.get("name") or {}).get("vi", dossier.procedure_code),
        "state": dossier.state, "version": dossier.version,
        "state_label": message_texts(lifecycle.state_label_key(dossier.state), {}),
        "received_at": dossier.received_at, "due_at": dossier.due_at,
        "overdue": lifecycle.is_overdue(dossier.state, dossier.due_at, now),
        "reasons": list(review.reasons) if show_reasons else [],
        "note": review.note if show_reasons else "",
        "receipt": None if receipt is None else {"code": receipt.code, "issued_at": receipt.issued_at,
                                                 "due_at": receipt.due_at},
    }


def list_mine(db: Session, actor: Actor, limit: int = 100, offset: int = 0) -> list[Dossier]:
    """Volunteer dashboard: what they or their centre filed, returned ones first."""
    query = select(Dossier)
    if actor.is_role("volunteer"):
        query = query.where((Dossier.submitted_by == actor.user_id) | (Dossier.centre_id == actor.centre_id))
    elif actor.is_role("staff"):
        query = query.where(Dossier.centre_id == actor.centre_id)
    elif not actor.is_role("admin"):
        return []
    rows = db.exec(query.order_by(Dossier.updated_at.desc()).limit(limit).offset(offset)).all()
    return sorted(rows, key=lambda d: d.state != State.NEEDS_SUPPLEMENT.value)  # stable: keeps recency


def _applicant_role(actor: Actor) -> str:
    """The lifecycle role of the applicant's side: the volunteer who helped, or the citizen."""
    return "volunteer" if actor.is_role("volunteer") else "citizen"


def is_owner(dossier: Dossier, actor: Actor) -> bool:
    """The applicant's side: the device holding the dossier's token, or the volunteer who filed it."""
    return (actor.token_hash is not None and actor.token_hash == dossier.device_token_hash) or (
        actor.is_role("volunteer") and dossier.submitted_by == actor.user_id)


def read_back(db: Session, client_uuid: str, actor: Actor) -> dict[str, Any]:
    """GET /dossiers/{uuid}: the status for whoever may see it; the PIN for the owner only, and
    the returned copy for the device that filed it."""
    dossier = get_visible(db, client_uuid, actor)
    body = status_body(db, dossier, with_pin=is_owner(dossier, actor))
    if actor.token_hash == dossier.device_token_hash:
        body |= returned_copy(db, dossier)
    return body


def withdraw(db: Session, client_uuid: str, actor: Actor, now: datetime | None = None) -> Dossier:
    """The applicant (device token or the volunteer who filed it) withdraws an open dossier."""
    dossier = get_visible(db, client_uuid, actor)
    if not is_owner(dossier, actor):
        raise ServiceError(403, "dossier.forbidden")
    transition.apply(db, dossier, Action.WITHDRAW, _applicant_role(actor), actor, now)
    db.commit()
    db.refresh(dossier)
    return dossier


def returned_copy(db: Session, dossier: Dossier) -> dict[str, Any]:
    """What the device needs to fix a dossier returned for a supplement (it purged its own copy
    once the server confirmed receipt). Empty in every other state."""
    if dossier.state != State.NEEDS_SUPPLEMENT.value:
        return {}
    version = db.exec(select(DossierVersion).where(DossierVersion.dossier_id == dossier.id,
                                                   DossierVersion.version == dossier.version)).first()
    extra = (version.extra or {}) if version else {}
    return {"answers": dossier.answers, "consent": extra.get("consent"),
            "device_created_at": extra.get("device_created_at"), "attachments": extra.get("attachments") or []}
