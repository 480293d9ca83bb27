"""Checks of a submitted dossier beyond the catalog's rules: the shape of its answers, and the
files it names as they were stored (not as the device describes them).

The rules engine checks the values of the fields a procedure defines; it lets anything else
through untouched. Anonymous clients may send anything, so here answers may hold only what the
procedure defines (an unknown key is refused, never stored), and each file a dossier names must
be a finished upload of this dossier whose stored bytes (actual size, sniffed type) fit the
document it is filed under. Errors are ``{field, key, params}``, like the rules engine's.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sqlmodel import Session, select

from volunteer_app.domain.rules.plan import FieldPlan, plan_of
from volunteer_app.models import Attachment

from . import catalog as cat
from .uploads import SNIFFABLE, max_bytes

MAX_REPORTED = 20  # unknown keys named in one answer: enough to see the problem, not an echo of it
MAX_KEY_SHOWN = 80
# Keys of the values the device sends for these field types (docs/architecture.md, draft record).
SHAPES = {"address": {"province", "commune", "street"}}
FILE_KEYS = {"sha256", "size", "mime", "name"}


def _unknown(path: str) -> dict[str, Any]:
    shown = path if len(path) <= MAX_KEY_SHOWN else path[:MAX_KEY_SHOWN] + "…"
    return {"field": shown, "key": "dossier.unknown_answer", "params": {"item": shown}}


def _extra_keys(known: Mapping[str, FieldPlan], values: Mapping, prefix: str) -> Iterator[str]:
    for key, value in values.items():
        field = known.get(key)
        if field is None:
            yield f"{prefix}{key}"
            continue
        kind, path = field.kind, f"{prefix}{key}"
        if kind in SHAPES and isinstance(value, Mapping):
            yield from (f"{path}.{k}" for k in value if k not in SHAPES[kind])
        elif kind in ("group", "document") and isinstance(value, list):
            for i, item in enumerate(value):
                if not isinstance(item, Mapping):
                    continue  # a malformed item is the rules' error (group.invalid, document.invalid)
                if kind == "group":
                    yield from _extra_keys(field.by_id, item, f"{path}.{i}.")
                else:
                    yield from (f"{path}.{i}.{k}" for k in item if k not in FILE_KEYS)


def unknown_keys(procedure: Mapping[str, Any], answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One error per answer key (at any depth) that the procedure does not define."""
    errors = []
    for path in _extra_keys(plan_of(procedure).by_id, answers, ""):
        errors.append(_unknown(path))
        if len(errors) >= MAX_REPORTED:
            break
    return errors


def _files(procedure: Mapping, answers: Mapping) -> Iterator[tuple[str, Mapping, str]]:
    """(path, file item, document id) for every file named in the (resolved) answers."""
    def visit(fields: tuple[FieldPlan, ...], values: Any, prefix: str) -> Iterator[tuple[str, Mapping, str]]:
        for field in fields:
            if field.kind not in ("document", "group"):
                continue
            value = values.get(field.id) if isinstance(values, Mapping) else None
            if not isinstance(value, list):
                continue
            path = f"{prefix}{field.id}"
            if field.kind == "document":
                yield from ((f"{path}.{i}", item, field.field.get("document") or "")
                            for i, item in enumerate(value) if isinstance(item, Mapping))
            else:
                for i, item in enumerate(value):
                    yield from visit(field.subfields, item, f"{path}.{i}.")

    yield from visit(plan_of(procedure).fields, answers, "")


def _megabytes(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _fits(path: str, att: Attachment, document: Mapping | None, name: str) -> list[dict[str, Any]]:
    if document is None:
        return []  # an attachment list entry naming no document of this procedure: the rules say so
    errors = []
    limit, limit_mb = max_bytes(document)
    if att.length > limit:
        errors.append({"field": path, "key": "document.too_large", "params": {"name": name, "max_mb": _megabytes(limit_mb)}})
    if att.mime not in (document.get("accept") or SNIFFABLE):
        errors.append({"field": path, "key": "document.mime", "params": {"name": name}})
    return errors


def file_errors(db: Session, client_uuid: str, token_hash: str, procedure: Mapping, answers: Mapping,
                refs: list[Mapping]) -> list[dict[str, Any]]:
    """Each named file must be a finished upload of this dossier by this device, and its stored
    size and type must fit the document it is filed under."""
    wanted = [(path, item.get("sha256"), document_id, str(item.get("name") or "")[:200])
              for path, item, document_id in _files(procedure, answers)]
    wanted += [(ref.get("field") or f"attachments.{i}", ref.get("sha256"), ref.get("document_id") or "", "")
               for i, ref in enumerate(refs)]
    if not wanted:
        return []
    stored = {a.sha256: a for a in db.exec(select(Attachment).where(
        Attachment.dossier_uuid == client_uuid, Attachment.complete.is_(True),
        Attachment.device_token_hash == token_hash))}
    errors: list[dict[str, Any]] = []
    for path, sha, document_id, name in wanted:
        att = stored.get(sha)
        if att is None:
            errors.append({"field": path, "key": "dossier.attachment_missing", "params": {}})
            continue
        document = cat.document(procedure, document_id)
        label = name or ((document or {}).get("name") or {}).get("vi", document_id)
        errors += _fits(path, att, document, label)
    return errors
