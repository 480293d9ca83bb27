"""Citizen status look-up by dossier code + PIN: rate limited, and one answer for every miss."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from volunteer_app.domain.text import nfc_deep
from volunteer_app.models import Dossier, utcnow

from . import ratelimit
from .codes import pin_matches
from .dossiers import status_body
from .errors import ServiceError

# Failed look-ups allowed per client address and per dossier code in the window. A 6-digit PIN
# with 10 tries per code per 15 minutes cannot be brute-forced in practice.
MAX_FAILURES = 10
WINDOW = timedelta(minutes=15)


def lookup(db: Session, code: str, pin: str, client: str, now: datetime | None = None) -> dict:
    now = now or utcnow()
    code = nfc_deep(code).strip().upper()
    pin = nfc_deep(pin).strip()
    by_client = ratelimit.bucket("lookup-client", client)
    by_code = ratelimit.bucket("lookup-code", code)
    # Once the misses are used up even the right PIN waits, so the answer reveals nothing.
    for name in (by_client, by_code):
        ratelimit.check(db, name, MAX_FAILURES, "lookup.throttled", now)
    dossier = db.exec(select(Dossier).where(Dossier.code == code)).first()
    # The PIN is checked even when the code is unknown, so both misses cost the same.
    ok = pin_matches(code, pin) and dossier is not None
    if not ok:
        try:
            # Counted atomically (parallel misses cannot all slip under the limit), always in
            # this order so two requests never wait on each other's rows in a cycle.
            for name in (by_client, by_code):
                ratelimit.take(db, name, MAX_FAILURES, WINDOW, "lookup.throttled", now)
        except ServiceError:
            db.rollback()  # a refused miss is charged to neither bucket
            raise
        db.commit()
        raise ServiceError(404, "lookup.not_found")
    return status_body(db, dossier, now, with_pin=False)
