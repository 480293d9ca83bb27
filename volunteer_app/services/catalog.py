"""The procedure catalog in effect (shipped + published versions, services/catalog_versions/)
and administrative units, loaded once per process."""
from __future__ import annotations

from functools import lru_cache
from collections.abc import Iterator, Mapping
from typing import Any

from volunteer_app.domain.admin_units import AdminUnits, load_admin_units
from volunteer_app.domain.catalog import Catalog

from . import catalog_versions


def catalog() -> Catalog:
    """The current catalog (may be a second stale in another worker than the one that published)."""
    return catalog_versions.current_catalog().catalog


@lru_cache(maxsize=1)
def admin_units() -> AdminUnits:
    return load_admin_units()


def warm() -> None:
    """Load the shipped catalog and the administrative units, which every request reads (files
    only, no database): at a worker's start, before core.heap freezes its heap."""
    catalog_versions.shipped()
    admin_units()


def units_check(province: str, commune: str | None) -> bool:
    """The ``Units`` callable of the rules engine: does this province (and commune) exist?"""
    units = admin_units()
    if commune is None:
        return units.province(province) is not None
    found = units.commune(commune)
    return found is not None and found.province_code == province


def procedure_data(code: str) -> dict | None:
    entry = catalog().entry(code)
    return entry.data if entry else None


def walk_fields(fields: list[Mapping[str, Any]], prefix: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(path, field) for every field definition; group sub-fields as ``group.*.sub``."""
    for field in fields:
        path = f"{prefix}{field['id']}"
        yield path, field
        if field.get("type") == "group":
            yield from walk_fields(field.get("fields") or [], f"{path}.*.")


def all_fields(procedure: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for step in procedure.get("steps") or []:
        yield from walk_fields(step.get("fields") or [])


def document(procedure: Mapping[str, Any], document_id: str) -> Mapping[str, Any] | None:
    return next((d for d in procedure.get("documents") or [] if d.get("id") == document_id), None)
