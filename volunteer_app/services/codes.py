"""Dossier codes (TS-YYMMDD-NNNN, daily sequence), PINs and masking for lists."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from volunteer_app.core.config import get_settings
from volunteer_app.domain.deadlines import VN_TZ
from volunteer_app.models import DossierCounter

CODE_PREFIX = "TS"


def next_code(db: Session, now: datetime) -> str:
    """Take the next number of the local day in the caller's transaction.

    One upsert (INSERT … ON CONFLICT DO UPDATE … RETURNING) on both databases: atomic, and
    rolled back with the dossier insert if that fails, so duplicates burn no numbers.
    """
    day = now.astimezone(VN_TZ).strftime("%y%m%d")
    dialect = db.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(DossierCounter).values(day=day, last=1)
    stmt = stmt.on_conflict_do_update(index_elements=["day"], set_={"last": DossierCounter.last + 1})
    number = db.execute(stmt.returning(DossierCounter.last)).scalar_one()
    return f"{CODE_PREFIX}-{day}-{number:04d}"


def pin_for(code: str, secret: str | None = None) -> str:
    """Six digits derived from the code with the server secret: nothing to store or leak."""
    key = (secret or get_settings().secret_key).encode()
    digest = hmac.new(key, b"pin:" + code.encode(), hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"


def pin_matches(code: str, pin: str) -> bool:
    # Bytes: compare_digest refuses non-ASCII str, and a PIN field can hold anything.
    return hmac.compare_digest(pin_for(code).encode(), pin.encode("utf-8"))


def mask_name(name: str | None) -> str:
    """"Nguyễn Văn An" → "N. V. An": enough for the counter to call someone, not a full name."""
    words = (name or "").split()
    if not words:
        return ""
    return " ".join([w[0] + "." for w in words[:-1]] + [words[-1]])[:120]


def mask_id(number: str | None) -> str:
    """"001090123456" → "0010******56" (shared notes §4)."""
    digits = "".join(ch for ch in (number or "") if ch.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 6) + digits[-2:]


__all__ = ["next_code", "pin_for", "pin_matches", "mask_name", "mask_id"]
