"""The catalog in effect: the shipped procedures overlaid by every published version, assembled
once per set of published versions and cached per process (keyed by their ``uid``s)."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, select

from volunteer_app.core.db import database_key
from volunteer_app.domain.catalog import Catalog, check_definition
from volunteer_app.domain.catalog import load_catalog as load_shipped
from volunteer_app.domain.catalog.loader import Entry, make_entry
from volunteer_app.domain.search import SearchIndex, build_index
from volunteer_app.models import CatalogDefinition, CatalogVersion, CatalogVersionStatus, ProcedureRevision

Status = CatalogVersionStatus
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
# (database, published uids, code, etag) -> (definition, superseded_at), or None when that etag
# was never current or still is. Revisions change only when a publish or a roll-back changes the
# published versions, which changes the key: a pinned draft's every sync reads them once.
_revisions: dict[tuple, tuple[dict, datetime] | None] = {}


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
        seen = _checked.get(database_key(db.get_bind()))
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
    _checked[database_key(db.get_bind())] = (time.monotonic(), key)
    return found, key


def current_catalog() -> Current:
    """``current`` for callers without a session (pages, helpers): reads the database at most
    every RECHECK_S; falls back to the shipped catalog where the tables do not exist yet."""
    from volunteer_app.core.db import get_engine

    engine = get_engine()
    seen = _checked.get(database_key(engine))
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
    _checked.pop(database_key(db.get_bind()), None)


def forget_cache() -> None:
    with _lock:
        _cache.clear()
        _checked.clear()
        _revisions.clear()
