"""Dossier codes (TS-YYMMDD-NNNN, a daily count), PINs and masking for lists.

A code's number is the dossier's id less the day's base: the last dossier id before the day
began (``DossierCounter.last``, one row per local day, written once by the day's first
submission, then only read). The dossier's INSERT takes its id and writes its code in the same
statement (``insert_numbered``): on PostgreSQL the id comes from the table's own sequence
(``nextval``: no row lock, so concurrent submissions do not queue behind a counter); on SQLite it
is ``MAX(id) + 1``, under the database's one write lock. Issuing a code costs no statement of its
own. Codes are unique because ids are (dossiers are never deleted; uq_dossier_code guards it
anyway). On SQLite a rolled-back insert burns no number; on PostgreSQL it leaves a gap in the
day's numbers, as any sequence does.
"""
from __future__ import annotations

import hmac
from datetime import datetime
from functools import lru_cache
from typing import Any, Mapping, NamedTuple

from sqlalchemy import Integer, Sequence, String, bindparam, case, cast, exists, func, insert, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlmodel import Session

from volunteer_app.core.db import database_key
from volunteer_app.core.prepared import Prepared, driver_connection
from volunteer_app.core.security import keyed_mac
from volunteer_app.domain.deadlines import VN_TZ
from volunteer_app.models import Dossier, DossierCounter

CODE_PREFIX = "TS"
ID_SEQUENCE = Sequence("dossier_id_seq")  # PostgreSQL: the serial behind dossier.id
_D = Dossier.__table__
_C = DossierCounter.__table__
# (database, day) whose base row is known to exist: it never changes once written, so each
# process writes or checks it once a day. A stale entry (a database made anew under the same URL)
# only makes one insert fail (no base: no code) and is then forgotten (``forget_days``).
_days_known: set[tuple[str, str]] = set()


def code_day(now: datetime) -> str:
    """YYMMDD of the local (Vietnam) day of ``now``."""
    day = now.astimezone(VN_TZ)
    return f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"  # strftime's %y%m%d, at a fifth of its cost


def ensure_day(db: Session, now: datetime) -> None:
    """Make sure the day's base row exists (its own short transaction, committed: call it
    before the caller's write transaction begins)."""
    day = code_day(now)
    key = (database_key(db.get_bind()), day)
    if key in _days_known:
        return
    dialect = db.get_bind().dialect.name
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # The last id so far, less the day's highest number so far (none, but for a row written
    # anew): every later id then numbers past every code the day has. WHERE true: SQLite would
    # otherwise read the ON of ON CONFLICT as a join's.
    prefix = f"{CODE_PREFIX}-{day}-"
    issued = (select(func.max(cast(func.substr(_D.c.code, len(prefix) + 1), Integer)))
              .where(_D.c.code >= prefix, _D.c.code < prefix[:-1] + ".").scalar_subquery())
    base = select(literal(day), func.coalesce(func.max(_D.c.id), 0) - func.coalesce(issued, 0)).where(true())
    stmt = upsert(_C).from_select(["day", "last"], base)
    db.execute(stmt.on_conflict_do_nothing(index_elements=["day"]))
    db.commit()
    _days_known.add(key)


def forget_days() -> None:
    """After an insert failed: check the base rows again before relying on them."""
    _days_known.clear()


@lru_cache(maxsize=8)
def numbered_statement(dialect: str, names: tuple[str, ...]):
    """``insert_numbered``'s statement, built once (bound parameters: each of ``names``, and
    ``numbered_params``). It inserts nothing, and takes no id, when a dossier with the same
    ``client_uuid`` exists: a repeated PUT burns no number of PostgreSQL's sequence, so the day's
    codes have no gap that staff could take for a lost dossier (only a race between two first
    copies of one PUT, caught by the unique constraint, can still leave one)."""
    if dialect == "postgresql":
        new = select(ID_SEQUENCE.next_value().label("id"))
    else:
        new = select((func.coalesce(select(func.max(_D.c.id)).scalar_subquery(), 0) + 1).label("id"))
    if "client_uuid" in names:
        new = new.where(~exists().where(_D.c.client_uuid == bindparam("client_uuid", type_=_D.c.client_uuid.type)))
    new = new.subquery("new")
    base = select(_C.c.last).where(_C.c.day == bindparam("code_day", type_=String)).scalar_subquery()
    number = new.c.id - base
    if dialect == "postgresql":
        digits = case((number < 10000, func.lpad(cast(number, String), 4, "0")), else_=cast(number, String))
    else:
        digits = func.printf("%04d", number)
    code = case((number >= 1, bindparam("code_prefix", type_=String) + digits), else_=None)
    chosen = select(new.c.id, code, *[bindparam(k, type_=_D.c[k].type) for k in names]).select_from(new)
    stmt = insert(_D).from_select(["id", "code", *names], chosen)
    return stmt.returning(_D.c.id, _D.c.code)


class Numbered(NamedTuple):
    id: int
    code: str


@lru_cache(maxsize=8)
def _numbered_prepared(dialect: Dialect, names: tuple[str, ...]) -> Prepared:
    return Prepared(numbered_statement(dialect.name, names), dialect, [_D.c.id.type, _D.c.code.type])


def insert_numbered(db: Session, values: Mapping[str, Any], now: datetime) -> Numbered | None:
    """INSERT a dossier row (``values``: every column but ``id`` and ``code``) with its id and code,
    in the caller's transaction, as one statement; returns its ``id`` and ``code``; None when a
    dossier with this ``client_uuid`` exists (nothing inserted).

    The day's base row must exist (``ensure_day``). Without it, or in the rare case of an id at
    or below the base, the code is NULL and the NOT NULL constraint refuses the row
    (IntegrityError): the caller rolls back and tries again."""
    return insert_numbered_on(driver_connection(db.connection()), db.get_bind().dialect, values, now)


def insert_numbered_on(conn: Any, dialect: Dialect, values: Mapping[str, Any], now: datetime) -> Numbered | None:
    """``insert_numbered`` on a driver connection (a group commit's): the statement compiled once
    and run on the driver's cursor (core/prepared.py), on the hot path of every new dossier."""
    row = _numbered_prepared(dialect, tuple(values)).first(conn, {**values, **numbered_params(now)})
    return None if row is None else Numbered(*row)


def numbered_params(now: datetime) -> dict[str, str]:
    """The day's parameters of ``numbered_statement``."""
    day = code_day(now)
    return {"code_day": day, "code_prefix": f"{CODE_PREFIX}-{day}-"}


def pin_for(code: str, secret: str | None = None) -> str:
    """Six digits derived from the code with the server secret: nothing to store or leak."""
    digest = keyed_mac(b"pin:" + code.encode(), secret).digest()
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


__all__ = ["code_day", "ensure_day", "forget_days", "insert_numbered", "insert_numbered_on", "numbered_params", "numbered_statement", "pin_for", "pin_matches", "mask_name",
           "mask_id"]
