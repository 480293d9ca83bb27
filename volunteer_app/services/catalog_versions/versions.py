"""A centre's workbook imports: staged, published, discarded, rolled back, and a conflict with an
upgrade's shipped definition resolved; each change of the current catalog keeps the definitions
that stop or start being current (``ProcedureRevision``)."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from volunteer_app.core.audit import record
from volunteer_app.domain.catalog import Catalog, check_definition
from volunteer_app.domain.catalog.workbook import diff, import_workbook
from volunteer_app.models import CatalogDefinition, CatalogVersion, ProcedureRevision, utcnow

from ..actors import Actor
from ..errors import ServiceError
from . import assembled
from .assembled import Status, _published, _published_changed, current


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
    base = assembled.shipped()
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
    return _change_current(db, actor, version, Status.PUBLISHED, "published", "catalog_published")


def rollback(db: Session, actor: Actor) -> CatalogVersion:
    """Undo the latest published version: the one before it is in effect again."""
    published = _published(db)
    if not published:
        raise ServiceError(409, "catalog.nothing_to_roll_back")
    version = published[-1]
    return _change_current(db, actor, version, Status.ROLLED_BACK, "rolled_back", "catalog_rolled_back")


def _change_current(db: Session, actor: Actor, version: CatalogVersion, status: Status, done: str,
                    action: str) -> CatalogVersion:
    """The version becomes ``status`` (its ``<done>_at`` and ``<done>_by`` set): the definitions
    that stop or start being current are kept (``_switch``), the change is audited as ``action``
    and committed, and this process reads the published versions again."""
    before = current(db).catalog
    now = utcnow()
    version.status = status.value
    setattr(version, f"{done}_at", now)
    setattr(version, f"{done}_by", actor.user_id)
    db.add(version)
    db.flush()
    _switch(db, before, current(db).catalog, now)
    record(db, actor.user, actor.role, action, origin=actor.origin, detail=f"version={version.number}")
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
            entry = assembled.shipped().entry(row.code)
            data = entry.data if entry else None
        else:
            proc, _, _ = check_definition(row.source)
            data = proc.model_dump(mode="json", exclude_none=True) if proc else None
        old = now.entry(row.code)
        out.append({"code": row.code, "definition": data, "current": old.data if old else None,
                    "changes": (version.summary.get("changed") or {}).get(row.code),
                    "added": row.code in (version.summary.get("added") or [])})
    return out
