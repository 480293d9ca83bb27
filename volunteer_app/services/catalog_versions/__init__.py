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

The package by concern: ``assembled`` (the catalog in effect and its caches), ``versions``
(imports, publish, roll back), ``pinned`` (the definition a dossier is validated against) and
``device`` (what a tablet holds, a centre's settings). Every name is imported from here.
"""
from __future__ import annotations

from .assembled import (
    RECHECK_S, Conflict, Current, Status, current, current_catalog, current_or_shipped, forget_cache, shipped,
)
from .device import MAX_GRACE_DAYS, accepted_pins, device_bundle, device_payload, set_centre_catalog
from .pinned import DEFAULT_GRACE_DAYS, procedure_for, version_label
from .versions import (
    Problem, discard, get_version, list_versions, preview, publish, resolve, rollback, stage_import,
)

__all__ = ["DEFAULT_GRACE_DAYS", "MAX_GRACE_DAYS", "RECHECK_S", "Conflict", "Current", "Problem", "Status",
           "accepted_pins", "current", "current_catalog", "current_or_shipped", "device_bundle", "device_payload",
           "discard", "forget_cache", "get_version", "list_versions", "preview", "procedure_for", "publish",
           "resolve", "rollback", "set_centre_catalog", "shipped", "stage_import", "version_label"]
