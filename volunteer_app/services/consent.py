"""The consent record of a dossier (Luật BVDLCN 2025, NĐ 356/2025): who agreed, when, helped by
whom, to which clauses. The device records it when the citizen ticks every consent box and sends
``consent: {given, given_at, assisted_by, subject}``; the server keeps it with each version
(``DossierVersion.extra``), writes an audit event at each submission and shows the whole record
to staff (dossier page, receipt).

Who helped is taken from the server's own facts, not from the device's word: for a volunteer
dossier, the signed-in account that sent it; a citizen's own dossier has no helper whatever the
body claims. The audit event carries no personal data beyond the masked name.
"""
from __future__ import annotations

from datetime import datetime
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, select

from volunteer_app.core.audit import record
from volunteer_app.domain.deadlines import VN_TZ
from volunteer_app.domain.rules.plan import plan_of
from volunteer_app.i18n import texts
from volunteer_app.models import Dossier, DossierVersion, User

from . import catalog as cat
from .actors import Actor
from .codes import mask_name


def _clauses(procedure: Mapping[str, Any], answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"field": f.id, "label": f.field.get("label") or {}, "text": f.field.get("text") or {},
             "given": answers.get(f.id) is True}
            for f in plan_of(procedure).fields if f.kind == "consent"]


def _subject(procedure: Mapping[str, Any], answers: Mapping[str, Any], sent: Mapping[str, Any]) -> str:
    if isinstance(sent.get("subject"), str) and sent["subject"].strip():
        return sent["subject"].strip()
    name = plan_of(procedure).first_answer(answers, "full_name")
    return "" if name is None else str(name)


def _statement(helper: User | None, subject: str) -> dict[str, str]:
    if helper is None:
        return texts("dossier.consent_statement_self", subject=subject)
    return texts("dossier.consent_statement_assisted", name=helper.display_name, username=helper.username,
                 subject=subject)


def given_at_vn(value: Any) -> str:
    """The device's ISO time (with its offset) as dd/mm/yyyy HH:MM in Vietnam time; as sent if unreadable."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone(VN_TZ)
    return moment.strftime("%d/%m/%Y %H:%M")


def _facts(procedure: Mapping[str, Any], answers: Mapping[str, Any], sent: Mapping[str, Any] | None,
           helper: User | None) -> dict[str, Any] | None:
    """What ``build`` and ``audit_detail`` both read (no statement: only staff see it)."""
    sent = sent if isinstance(sent, Mapping) else {}
    clauses = _clauses(procedure, answers)
    if not sent and not clauses:
        return None
    return {
        "given": all(c["given"] for c in clauses) if clauses else bool(sent.get("given")),
        "given_at": sent.get("given_at") if isinstance(sent.get("given_at"), str) else None,
        "assisted_by": helper.username if helper else None,
        "subject": _subject(procedure, answers, sent),
        "clauses": clauses,
        "keep": sent.get("keep") is True,
    }


def build(procedure: Mapping[str, Any], answers: Mapping[str, Any], sent: Mapping[str, Any] | None,
          helper: User | None, received_at: datetime | None) -> dict[str, Any] | None:
    """The whole record: ``given``, ``given_at`` (device, ISO), ``received_at`` (server),
    ``assisted_by`` / ``assisted_by_name`` (the volunteer account or None), ``subject``,
    ``statement`` {vi, en} and each consent clause of the form with its answer."""
    facts = _facts(procedure, answers, sent, helper)
    if facts is None:
        return None
    return {
        "given": facts["given"],
        "given_at": facts["given_at"],
        "received_at": received_at,
        "assisted_by": facts["assisted_by"],
        "assisted_by_name": helper.display_name if helper else None,
        "subject": facts["subject"],
        "statement": _statement(helper, facts["subject"]),
        "clauses": facts["clauses"],
        "keep": facts["keep"],
    }


def _helper(db: Session, dossier: Dossier) -> User | None:
    """The volunteer account that filed a volunteer dossier; nobody for a citizen's own."""
    return db.get(User, dossier.submitted_by) if dossier.channel == "volunteer" and dossier.submitted_by else None


def of_dossier(db: Session, dossier: Dossier) -> dict[str, Any] | None:
    """The record of the dossier's current version, for staff."""
    row = db.exec(select(DossierVersion).where(DossierVersion.dossier_id == dossier.id,
                                               DossierVersion.version == dossier.version)).first()
    helper = _helper(db, dossier)
    return build(cat.procedure_data(dossier.procedure_code) or {}, dossier.answers or {},
                 (row.extra or {}).get("consent") if row else None, helper, row.received_at if row else None)


def audit_detail(procedure: Mapping[str, Any], answers: Mapping[str, Any], sent: Mapping[str, Any] | None,
                 helper: User | None, version: int) -> str | None:
    """The ``consent_recorded`` audit event's detail for one received version (no personal data
    beyond the masked name), or None when the version carries no consent at all."""
    facts = _facts(procedure, answers, sent, helper)
    if facts is None:
        return None
    given = [c["field"] for c in facts["clauses"] if c["given"]]
    detail = (f"v{version} given={'yes' if facts['given'] else 'no'} given_at={facts['given_at'] or '-'} "
              f"assisted_by={facts['assisted_by'] or '-'} subject={mask_name(facts['subject']) or '-'} "
              f"clauses={','.join(given) or '-'} keep={'yes' if facts['keep'] else 'no'}")
    return detail[:500]


def audit(db: Session, actor: Actor, dossier: Dossier, version: int, sent: Mapping[str, Any] | None) -> None:
    """The consent facts of one received version, in the audit trail (in the caller's transaction)."""
    detail = audit_detail(cat.procedure_data(dossier.procedure_code) or {}, dossier.answers or {}, sent,
                          _helper(db, dossier), version)
    if detail is not None:
        record(db, actor.user, actor.role, "consent_recorded", dossier_id=dossier.client_uuid, origin=actor.origin,
               detail=detail)
