"""What a tablet holds offline (the device catalog) and a centre's own catalog settings."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from volunteer_app.core.audit import record
from volunteer_app.core.config import get_settings
from volunteer_app.domain.admin_units import load_admin_units
from volunteer_app.domain.catalog import Catalog
from volunteer_app.domain.catalog.loader import canonical_json
from volunteer_app.domain.catalog.summary import list_item
from volunteer_app.models import Centre, ProcedureRevision, utcnow

from ..actors import Actor
from ..errors import ServiceError
from .assembled import current
from .pinned import _grace_days

MAX_GRACE_DAYS = 3650  # the API's bound too (api/routes/catalog_admin.CentreCatalogIn)


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
