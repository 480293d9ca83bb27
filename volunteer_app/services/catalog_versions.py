"""Catalog versions: workbook imports staged, published and rolled back over the shipped procedures.

The current catalog is the shipped procedures (``volunteer_app/catalog/procedures``) overlaid by
the definitions of every published ``CatalogVersion`` in ``number`` order: a centre's import of a
procedure wins over the shipped one. Each definition remembers the etag of the shipped definition
it was written over (``base_etag``); when an app upgrade ships a different definition of that
procedure, the centre's one stays in effect and the pair is listed as a conflict for the admin
(``conflicts``), who keeps either one (``resolve``) instead of the upgrade overwriting it.

Every definition that has been current is kept by etag (``ProcedureRevision``): a draft pinned to
one is validated against it for the centre's grace days after a newer one is published
(``procedure_for``).

The assembled catalog (and its search index) is cached per process, keyed by the published
versions' ``uid``s; a publish in this process refreshes it at once, other processes within
``RECHECK_S``.
"""
from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, func, select

from volunteer_app.core.audit import record
from volunteer_app.core.config import get_settings
from volunteer_app.domain.admin_units import load_admin_units
from volunteer_app.domain.catalog import Catalog, check_definition
from volunteer_app.domain.catalog import load_catalog as load_shipped
from volunteer_app.domain.catalog.loader import Entry, canonical_json, make_entry
from volunteer_app.domain.catalog.summary import list_item
from volunteer_app.domain.catalog.workbook import diff, import_workbook
from volunteer_app.domain.search import SearchIndex, build_index
from volunteer_app.models import (
    CatalogDefinition, CatalogVersion, CatalogVersionStatus, Centre, ProcedureRevision, utcnow,
)

from .actors import Actor
from .errors import ServiceError

Status = CatalogVersionStatus
DEFAULT_GRACE_DAYS = 30
MAX_GRACE_DAYS = 3650  # the API's bound too (api/routes/catalog_admin.CentreCatalogIn)
RECHECK_S = 1.0  # how stale another process's publish may be seen by callers without a session


_shipped: list[Catalog] = []
_shipped_lock = threading.Lock()


def shipped() -> Catalog:
    """The procedures that ship with the app: the base every centre's imports are laid over.
    Loaded once per process (about a second of CPU at 262 procedures): the first caller loads it,
    callers arriving meanwhile wait for that one load instead of each starting their own (issue 17:
    the first burst of PUTs after a start each parsed the whole catalog, 6 req/s at 10 clients)."""
    if not _shipped:
        with _shipped_lock:
            if not _shipped:
                _shipped.append(load_shipped())
    return _shipped[0]


@dataclass(frozen=True)
class Conflict:
    """A shipped procedure the centre edited, changed again by an app upgrade."""

    code: str
    centre: dict  # the centre's definition (in effect)
    shipped: dict  # the definition the app now ships


@dataclass(frozen=True)
class Current:
    catalog: Catalog
    index: SearchIndex
    number: int  # the published version in effect; 0: the shipped catalog only
    overridden: frozenset[str]  # codes whose definition comes from a centre's import
    conflicts: tuple[Conflict, ...] = ()


_lock = threading.Lock()
_assembling = threading.Lock()
_cache: dict[tuple, Current] = {}
_checked: dict[str, tuple[float, tuple]] = {}  # engine url -> (monotonic time, key) for session-less reads


def _published(db: Session) -> list[CatalogVersion]:
    return list(db.exec(select(CatalogVersion).where(CatalogVersion.status == Status.PUBLISHED.value)
                        .order_by(CatalogVersion.number)))


def _assemble(db: Session, versions: list[CatalogVersion]) -> Current:
    base = shipped()
    entries: dict[str, Entry] = dict(base.entries)
    chosen: dict[str, CatalogDefinition] = {}
    if versions:
        order = {v.id: v.number for v in versions}
        rows = db.exec(select(CatalogDefinition).where(col(CatalogDefinition.version_id).in_(list(order))))
        for row in sorted(rows, key=lambda r: order[r.version_id]):
            chosen[row.code] = row
    conflicts = []
    for code, row in sorted(chosen.items()):
        if row.source is None:  # back to the shipped definition
            if code in base.entries:
                entries[code] = base.entries[code]
            else:
                entries.pop(code, None)
            continue
        proc, source, problems = check_definition(row.source)
        if proc is None:  # accepted once, so only a newer app's stricter format can refuse it
            continue
        entries[code] = make_entry(proc, source)
        shipped_entry = base.entries.get(code)
        if shipped_entry is not None and shipped_entry.etag != row.base_etag:
            conflicts.append(Conflict(code, source, shipped_entry.source))
    catalog = Catalog(entries=dict(sorted(entries.items())))
    return Current(catalog, build_index(catalog.listed), versions[-1].number if versions else 0,
                   frozenset(c for c, r in chosen.items() if r.source is not None), tuple(conflicts))


_versions = CatalogVersion.__table__.c
_PUBLISHED_UIDS = (sa_select(_versions.uid).where(_versions.status == Status.PUBLISHED.value)
                   .order_by(_versions.number))
_revision_columns = ProcedureRevision.__table__.c
_REVISION = (sa_select(_revision_columns.data, _revision_columns.superseded_at)
             .where(_revision_columns.code == bindparam("code"), _revision_columns.etag == bindparam("etag")))


def current(db: Session) -> Current:
    """The catalog in effect now (the shipped one overlaid by every published version)."""
    return _current_keyed(db)[0]


def _current_keyed(db: Session, recent_ok: bool = False) -> tuple[Current, tuple]:
    """``current`` and its key: the published versions' uids (they change with every publish).
    ``recent_ok``: what this process read less than RECHECK_S ago will do (see procedure_for)."""
    if recent_ok:
        seen = _checked.get(str(db.get_bind().url))
        if seen is not None and time.monotonic() - seen[0] < RECHECK_S and seen[1] in _cache:
            return _cache[seen[1]], seen[1]
    # Every dossier PUT asks: the published versions' uids name the cache key; one statement built
    # once, run on the session's connection, rows read as tuples (no ORM rows, no scalars pass).
    key = tuple(row[0] for row in db.connection().execute(_PUBLISHED_UIDS))
    found = _cache.get(key)
    if found is None:
        with _assembling:  # one assembly at a time: the callers that arrive meanwhile take its result
            found = _cache.get(key)
            if found is None:
                versions = _published(db)
                key = tuple(v.uid for v in versions)
                found = _assemble(db, versions)
                with _lock:
                    if len(_cache) > 8:
                        _cache.clear()
                    _cache[key] = found
    _checked[str(db.get_bind().url)] = (time.monotonic(), key)
    return found, key


def current_catalog() -> Current:
    """``current`` for callers without a session (pages, helpers): reads the database at most
    every RECHECK_S; falls back to the shipped catalog where the tables do not exist yet."""
    from volunteer_app.core.db import get_engine

    engine = get_engine()
    seen = _checked.get(str(engine.url))
    if seen is not None and time.monotonic() - seen[0] < RECHECK_S and seen[1] in _cache:
        return _cache[seen[1]]
    with Session(engine) as db:
        return current_or_shipped(db)


@lru_cache(maxsize=1)
def _shipped_only() -> Current:
    base = shipped()
    return Current(base, build_index(base.listed), 0, frozenset())


def current_or_shipped(db: Session) -> Current:
    """``current``, or the shipped catalog where the version tables do not exist (a database not
    migrated yet, or none at all: the catalog still reads)."""
    try:
        return current(db)
    except DBAPIError:
        db.rollback()
        return _shipped_only()


def _published_changed(db: Session) -> None:
    """This process published or rolled back: its next reader reads the published versions."""
    _checked.pop(str(db.get_bind().url), None)


def forget_cache() -> None:
    with _lock:
        _cache.clear()
        _checked.clear()
        _revisions.clear()


# ------------------------------------------------------------------ import, publish, roll back


@dataclass
class Problem:
    sheet: str
    row: int
    column: str
    vi: str
    en: str


def _next_number(db: Session) -> int:
    return (db.exec(select(func.max(CatalogVersion.number))).one() or 0) + 1


def _new_version(db: Session, actor: Actor, name: str, summary: dict, definitions: dict[str, dict | None],
                 bases: dict[str, str] | None = None) -> CatalogVersion:
    base = shipped()
    version = CatalogVersion(number=_next_number(db), source_name=name[:200], summary=summary,
                             created_by=actor.user_id)
    db.add(version)
    db.flush()
    for code, source in definitions.items():
        shipped_entry = base.entries.get(code)
        base_etag = (bases or {}).get(code, shipped_entry.etag if shipped_entry else "")
        db.add(CatalogDefinition(version_id=version.id, code=code, source=source, base_etag=base_etag))
    return version


def stage_import(db: Session, actor: Actor, workbook: bytes | str | Path, name: str = "",
                 publish_now: bool = False) -> CatalogVersion:
    """Import a workbook as a new staged version (published at once when ``publish_now``).
    A workbook with any problem stores nothing: 422 with every problem (sheet, row, column)."""
    result = import_workbook(workbook)
    if not result.ok:
        problems = [asdict(Problem(p.sheet, p.row, p.column, p.vi, p.en)) for p in result.errors]
        raise ServiceError(422, "catalog.import_invalid", extra={"problems": problems}, count=len(problems))
    now = current(db).catalog
    summary = diff({c: e.source for c, e in now.entries.items()}, result.procedures)
    version = _new_version(db, actor, name or "workbook", summary, result.procedures)
    record(db, actor.user, actor.role, "catalog_staged", origin=actor.origin,
           detail=f"version={version.number} procedures={len(result.procedures)}")
    if publish_now:
        return publish(db, actor, version.id)
    db.commit()
    db.refresh(version)
    return version


def _get(db: Session, version_id: int) -> CatalogVersion:
    version = db.get(CatalogVersion, version_id)
    if version is None:
        raise ServiceError(404, "admin.not_found", what="version")
    return version


def _switch(db: Session, old: Catalog, new: Catalog, now: datetime) -> None:
    """Keep every definition that stops or starts being current, for drafts pinned to it."""
    for code in sorted(set(old.entries) | set(new.entries)):
        before, after = old.entries.get(code), new.entries.get(code)
        if before is not None and after is not None and before.etag == after.etag:
            continue
        for entry, gone in ((before, True), (after, False)):
            if entry is None:
                continue
            row = db.exec(select(ProcedureRevision).where(ProcedureRevision.code == code,
                                                          ProcedureRevision.etag == entry.etag)).first()
            if row is None:
                row = ProcedureRevision(code=code, etag=entry.etag, data=entry.data, current_since=now)
            if gone:
                row.superseded_at = row.superseded_at or now
            else:
                row.superseded_at, row.current_since = None, now
            db.add(row)
            db.flush()


def publish(db: Session, actor: Actor, version_id: int) -> CatalogVersion:
    version = _get(db, version_id)
    if version.status != Status.STAGED.value:
        raise ServiceError(409, "catalog.not_staged", number=version.number)
    before = current(db).catalog
    now = utcnow()
    version.status, version.published_at, version.published_by = Status.PUBLISHED.value, now, actor.user_id
    db.add(version)
    db.flush()
    _switch(db, before, current(db).catalog, now)
    record(db, actor.user, actor.role, "catalog_published", origin=actor.origin, detail=f"version={version.number}")
    db.commit()
    _published_changed(db)
    db.refresh(version)
    return version


def rollback(db: Session, actor: Actor) -> CatalogVersion:
    """Undo the latest published version: the one before it is in effect again."""
    published = _published(db)
    if not published:
        raise ServiceError(409, "catalog.nothing_to_roll_back")
    version = published[-1]
    before = current(db).catalog
    now = utcnow()
    version.status, version.rolled_back_at, version.rolled_back_by = Status.ROLLED_BACK.value, now, actor.user_id
    db.add(version)
    db.flush()
    _switch(db, before, current(db).catalog, now)
    record(db, actor.user, actor.role, "catalog_rolled_back", origin=actor.origin, detail=f"version={version.number}")
    db.commit()
    _published_changed(db)
    db.refresh(version)
    return version


def discard(db: Session, actor: Actor, version_id: int) -> CatalogVersion:
    version = _get(db, version_id)
    if version.status != Status.STAGED.value:
        raise ServiceError(409, "catalog.not_staged", number=version.number)
    version.status = Status.DISCARDED.value
    db.add(version)
    record(db, actor.user, actor.role, "catalog_discarded", origin=actor.origin, detail=f"version={version.number}")
    db.commit()
    db.refresh(version)
    return version


def resolve(db: Session, actor: Actor, code: str, keep: str) -> CatalogVersion:
    """Settle a conflict: ``keep="centre"`` keeps the centre's definition over the new shipped one,
    ``keep="shipped"`` takes the shipped one. Either way a new published version records it."""
    state = current(db)
    conflict = next((c for c in state.conflicts if c.code == code), None)
    if conflict is None:
        raise ServiceError(404, "admin.not_found", what="conflict")
    if keep == "centre":
        definitions: dict[str, dict | None] = {code: conflict.centre}
    else:
        definitions = {code: None}
    summary = diff({code: conflict.centre}, {code: conflict.centre if keep == "centre" else conflict.shipped})
    version = _new_version(db, actor, f"conflict {code}: {keep}", summary, definitions)
    return publish(db, actor, version.id)


# ------------------------------------------------------------------ reading


def list_versions(db: Session, limit: int = 50) -> list[CatalogVersion]:
    return list(db.exec(select(CatalogVersion).order_by(col(CatalogVersion.number).desc()).limit(limit)))


def get_version(db: Session, version_id: int) -> CatalogVersion:
    return _get(db, version_id)


def preview(db: Session, version_id: int) -> list[dict[str, Any]]:
    """The procedures a version sets, as the wizard will run them (expanded), beside the current ones."""
    version = _get(db, version_id)
    now = current(db).catalog
    out = []
    for row in db.exec(select(CatalogDefinition).where(CatalogDefinition.version_id == version.id)
                       .order_by(CatalogDefinition.code)):
        if row.source is None:
            entry = shipped().entry(row.code)
            data = entry.data if entry else None
        else:
            proc, _, _ = check_definition(row.source)
            data = proc.model_dump(mode="json", exclude_none=True) if proc else None
        old = now.entry(row.code)
        out.append({"code": row.code, "definition": data, "current": old.data if old else None,
                    "changes": (version.summary.get("changed") or {}).get(row.code),
                    "added": row.code in (version.summary.get("added") or [])})
    return out


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


# (database, published uids, code, etag) -> (definition, superseded_at), or None when that etag
# was never current or still is. Revisions change only when a publish or a roll-back changes the
# published versions, which changes the key: a pinned draft's every sync reads them once.
_revisions: dict[tuple, tuple[dict, datetime] | None] = {}


def _revision(db: Session, key: tuple, code: str, etag: str) -> tuple[dict, datetime] | None:
    cache_key = (str(db.get_bind().url), key, code, etag)
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


# ------------------------------------------------------------------ device delivery


def device_bundle(db: Session, centre: Centre | None) -> tuple[str, bytes]:
    """(etag, JSON body) of what a tablet holds offline: the summaries of every listed procedure and
    the full definitions of the procedures its centre offers, plus every procedure a centre's import
    defines (the build's static files cannot carry those). A shipped definition nobody offers stays
    out: the service worker caches the build's copy after the first visit, and the whole catalog's
    definitions would be most of a first visit's bytes (1.8 MB at 262 procedures)."""
    now = current(db)
    if centre is not None:
        province = centre.province_code
    else:  # no centre named: the install's province when all its centres share one
        provinces = set(db.exec(select(Centre.province_code).distinct()).all())
        province = provinces.pop() if len(provinces) == 1 else ""
    offered = list(centre.offered or []) if centre else []
    offered += sorted(now.overridden - set(offered))
    return device_payload(now.catalog, centre.code if centre else None, province, offered,
                          accepted_pins(db, centre.code if centre else None), get_settings().kept_data_months)


def accepted_pins(db: Session, centre_code: str | None, now: datetime | None = None) -> dict[str, list[str]]:
    """The superseded versions a draft may still be filed on, by procedure: those superseded less
    than the centre's grace days ago (``procedure_for`` validates against them). A device opening a
    draft pinned to any other old version moves it to the current one."""
    since = (now or utcnow()) - timedelta(days=_grace_days(db, centre_code))
    rows = db.exec(select(ProcedureRevision.code, ProcedureRevision.etag)
                   .where(col(ProcedureRevision.superseded_at).is_not(None),
                          col(ProcedureRevision.superseded_at) >= since)).all()
    out: dict[str, list[str]] = {}
    for code, etag in rows:
        out.setdefault(code, []).append(etag)
    return {code: sorted(etags) for code, etags in sorted(out.items())}


def device_payload(catalog: Catalog, centre_code: str | None, province: str, offered: list[str],
                   pins: dict[str, list[str]] | None = None, kept_months: int = 12) -> tuple[str, bytes]:
    """The device catalog's body (canonical JSON) and its etag; bench/search_bench.py sizes it.
    ``pins``: the old versions drafts may still be filed on (``accepted_pins``); ``kept_months``:
    the retention the keep consent states (KEPT_DATA_MONTHS, issue 15)."""
    codes = [c for c in offered if c in catalog.entries]
    body = {
        "version": catalog.version,
        "centre": centre_code,
        "province_code": province,
        "summaries": [list_item(e.data) for e in catalog.entries.values() if not e.withdrawn],
        "etags": {c: e.etag for c, e in catalog.entries.items()},
        "pins": pins or {},
        "kept_months": kept_months,
        "definitions": {c: catalog.entries[c].data for c in codes},
    }
    raw = canonical_json(body)
    return hashlib.sha256(raw).hexdigest()[:16], raw


def set_centre_catalog(db: Session, actor: Actor, centre_id: int, province_code: str | None = None,
                       offered: list[str] | None = None, draft_grace_days: int | None = None) -> Centre:
    centre = db.get(Centre, centre_id)
    if centre is None:
        raise ServiceError(404, "admin.not_found", what="centre")
    if offered is not None:
        catalog = current(db).catalog
        unknown = [c for c in offered if c not in catalog.entries]
        if unknown:
            raise ServiceError(422, "catalog.not_found", code=", ".join(unknown)[:60])
        centre.offered = sorted(set(offered))
    if province_code is not None:
        if province_code and load_admin_units().province(province_code) is None:
            raise ServiceError(422, "catalog.admin_unit_not_found", code=province_code[:10])
        centre.province_code = province_code
    if draft_grace_days is not None:
        if not 0 <= draft_grace_days <= MAX_GRACE_DAYS:
            raise ServiceError(422, "catalog.admin.grace_range", max=MAX_GRACE_DAYS)
        centre.draft_grace_days = draft_grace_days
    db.add(centre)
    record(db, actor.user, actor.role, "centre_catalog_updated", origin=actor.origin, detail=f"centre={centre.id}")
    db.commit()
    db.refresh(centre)
    return centre


__all__ = ["Conflict", "Current", "accepted_pins", "current", "current_catalog", "device_bundle", "discard", "forget_cache",
           "list_versions", "preview", "procedure_for", "publish", "resolve", "rollback", "set_centre_catalog",
           "shipped", "stage_import", "version_label"]
