"""The definition a dossier is validated against: the one its draft was pinned to (by etag) while
the centre's grace days allow, else the current one."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from volunteer_app.core.db import database_key
from volunteer_app.models import Centre, ProcedureRevision, utcnow

from .assembled import _REVISION, _current_keyed, _lock, _revisions, current

DEFAULT_GRACE_DAYS = 30


def _grace_days(db: Session, centre_code: str | None) -> int:
    query = select(Centre.draft_grace_days)
    if centre_code:
        query = query.where(Centre.code == centre_code)
    rows = db.exec(query.limit(2)).all()
    return rows[0] if len(rows) == 1 else DEFAULT_GRACE_DAYS


def procedure_for(db: Session, code: str, pinned: str | None = None, centre_code: str | None = None,
                  now: datetime | None = None) -> dict | None:
    """The definition a dossier is validated against: the one its draft was pinned to (by etag)
    while that one is current or was superseded less than the centre's grace days ago; else the
    current one. None: no such procedure."""
    # Nearly every dossier is pinned to the current definition: that is answered from what this
    # process read less than RECHECK_S ago (another process's publish is seen that much later; one
    # here is seen at once, see _published_changed). A pin or a code this process does not know as
    # current reads the published versions again first.
    found, key = _current_keyed(db, recent_ok=True)
    entry = found.catalog.entry(code)
    if entry is None or (pinned and pinned != entry.etag):
        found, key = _current_keyed(db)
        entry = found.catalog.entry(code)
    if entry is None:
        return None
    if not pinned or pinned == entry.etag:
        return entry.data
    revision = _revision(db, key, code, pinned)
    if revision is None:
        return entry.data
    data, superseded_at = revision
    if (now or utcnow()) - superseded_at <= timedelta(days=_grace_days(db, centre_code)):
        return data
    return entry.data


def _revision(db: Session, key: tuple, code: str, etag: str) -> tuple[dict, datetime] | None:
    cache_key = (database_key(db.get_bind()), key, code, etag)
    if cache_key in _revisions:
        return _revisions[cache_key]
    row = db.connection().execute(_REVISION, {"code": code, "etag": etag}).first()
    found = (row.data, row.superseded_at) if row is not None and row.superseded_at is not None else None
    with _lock:
        if len(_revisions) > 512:
            _revisions.clear()
        _revisions[cache_key] = found
    return found


def version_label(db: Session, code: str, etag: str) -> dict[str, Any]:
    """What staff see of the procedure version a dossier was filed on."""
    entry = current(db).catalog.entry(code)
    if entry is not None and entry.etag == etag:
        return {"etag": etag, "current": True, "since": None}
    row = db.exec(select(ProcedureRevision).where(ProcedureRevision.code == code,
                                                  ProcedureRevision.etag == etag)).first() if etag else None
    return {"etag": etag, "current": False, "since": row.current_since if row else None,
            "superseded_at": row.superseded_at if row else None}
