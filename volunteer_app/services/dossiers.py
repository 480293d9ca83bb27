"""Submit (idempotent, concurrency-safe) and withdraw dossiers (docs/sync-protocol.md §2–3); what
anyone sees of one is services/dossier_reads.py.

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
from volunteer_app.core.db import database_key
from volunteer_app.domain import deadlines, lifecycle
from volunteer_app.domain.lifecycle import Action, State
from volunteer_app.domain.rules.plan import plan_of
from volunteer_app.domain.rules.validate import check
from volunteer_app.domain.text import json_text_is_nfc, nfc_deep
from volunteer_app.i18n import t
from volunteer_app.models import Centre, Dossier, DossierVersion, utcnow

from . import catalog as cat
from . import catalog_versions, codes, consent, new_dossier, throttle, transition
from . import submission_checks as checks
from .actors import Actor
from .codes import mask_id, mask_name, pin_for
from .dossier_reads import get_visible, is_owner, message_texts
from .errors import ServiceError

MAX_RACE_RETRIES = 3


def _canonical(body: Mapping[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def nfc_body(body: Mapping[str, Any]) -> tuple[dict, str]:
    """The body with every string NFC (the boundary's normalisation), and its hash. Nearly every
    body is NFC already (devices send what the rules normalised): its canonical text says so, and
    the walk over the body is skipped."""
    body = dict(body)
    canonical = _canonical(body)
    if not json_text_is_nfc(canonical):
        body = nfc_deep(body)
        canonical = _canonical(body)
    return body, hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
    form = plan_of(procedure)
    name, number = form.first_answer(answers, "full_name"), form.first_answer(answers, "personal_id")
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
        key = (database_key(db.get_bind()), code)
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
    now = now or utcnow()  # one moment for the whole request: its counts, its rows, its deadline
    counted = db.get_bind().dialect.name == "postgresql"
    if counted or not actor.device_token:
        throttle.charge(db, "put", actor, now)
    if not actor.device_token:
        raise ServiceError(401, "dossier.token_required")
    body, digest = nfc_body(body)
    for attempt in range(MAX_RACE_RETRIES):
        try:
            return _submit_once(db, client_uuid, body, digest, actor, now, counted, first_try=attempt == 0)
        except IntegrityError:
            db.rollback()  # another request stored it first: answer from what it stored
            codes.forget_days()  # or the day's base row is gone: check it again
    if not counted:
        throttle.charge(db, "put", actor, now)
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
            throttle.charge(db, "put", actor, now)
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
            throttle.charge(db, "put", actor, now)  # a refused request is counted too (and a 429 comes first)
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
    consent_detail = consent.audit_detail(procedure, answers, body.get("consent"), helper, 1)
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
    dialect = db.get_bind().dialect
    count = None if counted else (lambda conn: throttle.count_on(conn, dialect, "put", actor, now))
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


# ------------------------------------------------------------------ withdraw


def _applicant_role(actor: Actor) -> str:
    """The lifecycle role of the applicant's side: the volunteer who helped, or the citizen."""
    return "volunteer" if actor.is_role("volunteer") else "citizen"


def withdraw(db: Session, client_uuid: str, actor: Actor, now: datetime | None = None) -> Dossier:
    """The applicant (device token or the volunteer who filed it) withdraws an open dossier."""
    dossier = get_visible(db, client_uuid, actor)
    if not is_owner(dossier, actor):
        raise ServiceError(403, "dossier.forbidden")
    transition.apply(db, dossier, Action.WITHDRAW, _applicant_role(actor), actor, now)
    db.commit()
    db.refresh(dossier)
    return dossier
