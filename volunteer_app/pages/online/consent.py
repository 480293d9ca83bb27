"""The consent record as the staff screens show it (dossier page, receipt): plain strings from the
record services/consent.py builds."""
from __future__ import annotations

from typing import Any, Mapping

from volunteer_app.i18n import vi_en
from volunteer_app.services.consent import given_at_vn

from .base import vn_datetime


def consent_view(record: Mapping[str, Any] | None) -> tuple[dict[str, str], list[dict[str, str]]]:
    """(summary, clauses) for the page; ({}, []) when the dossier has no record."""
    if not record:
        return {}, []
    helper = (f"{record['assisted_by_name']} ({record['assisted_by']})" if record.get("assisted_by")
              else vi_en("staff.consent.no_helper"))
    summary = {
        "given": vi_en("staff.consent.yes") if record["given"] else vi_en("staff.consent.no"),
        "given_at": given_at_vn(record.get("given_at")) or "—",
        "received_at": vn_datetime(record.get("received_at")) or "—",
        "helper": helper,
        "subject": record.get("subject") or "—",
        "statement": record["statement"]["vi"],
        "statement_en": record["statement"]["en"],
        # The separate keep consent (issue 15): the centre keeps the details for the next filing.
        "keep": vi_en("staff.consent.yes") if record.get("keep") else vi_en("staff.consent.no"),
    }
    clauses = [{"label": (c.get("label") or {}).get("vi", c["field"]), "text": (c.get("text") or {}).get("vi", ""),
                "given": vi_en("staff.consent.yes") if c["given"] else vi_en("staff.consent.no")}
               for c in record.get("clauses") or []]
    return summary, clauses
