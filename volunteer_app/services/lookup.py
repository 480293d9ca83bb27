"""Citizen status look-up by dossier code + PIN: rate limited per client, and one answer for every miss.

The PIN, not the code, protects a dossier: codes are sequential (TS-YYMMDD-NNNN), so anyone can
name one. Misses are therefore limited per client address (``LOOKUP_MISSES_PER_ADDRESS``, over
any codes) and per address and code (``LOOKUP_MISSES_PER_CODE``), never per code alone: misses
from other addresses cannot lock a citizen out of their own dossier. An unknown code and a wrong
PIN get the same answer at the same cost, so guessing codes gains nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from volunteer_app.core.config import get_settings
from volunteer_app.domain.text import nfc_deep
from volunteer_app.models import Dossier, utcnow

from . import ratelimit
from .codes import pin_matches
from .dossier_reads import status_body
from .errors import ServiceError


def _buckets(client: str, code: str) -> list[tuple[str, int]]:
    """(bucket, limit), always in this order, so two requests never wait on each other's rows in
    a cycle on PostgreSQL."""
    s = get_settings()
    return [(ratelimit.bucket("lookup-client", client), s.lookup_misses_per_address),
            (ratelimit.bucket("lookup-client-code", client, code), s.lookup_misses_per_code)]


def lookup(db: Session, code: str, pin: str, client: str, now: datetime | None = None) -> dict:
    now = now or utcnow()
    code = nfc_deep(code).strip().upper()
    pin = nfc_deep(pin).strip()
    buckets = _buckets(client, code)
    # Once the misses are used up even the right PIN waits, so the answer reveals nothing.
    for name, limit in buckets:
        ratelimit.check(db, name, limit, "lookup.throttled", now)
    dossier = db.exec(select(Dossier).where(Dossier.code == code)).first()
    # The PIN is checked even when the code is unknown, so both misses cost the same.
    ok = pin_matches(code, pin) and dossier is not None
    if not ok:
        window = timedelta(seconds=get_settings().lookup_window_s)
        try:
            # Counted atomically: parallel misses cannot all slip under the limit.
            for name, limit in buckets:
                ratelimit.take(db, name, limit, window, "lookup.throttled", now)
        except ServiceError:
            db.rollback()  # a refused miss is charged to neither bucket
            raise
        db.commit()
        raise ServiceError(404, "lookup.not_found")
    return status_body(db, dossier, now, with_pin=False)
