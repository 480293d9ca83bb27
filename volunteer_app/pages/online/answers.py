"""Answers of a dossier as check-answers rows, and names for the targets of supplement reasons."""
from __future__ import annotations

from typing import Any, Mapping

from volunteer_app.i18n import vi_en
from volunteer_app.services import catalog as cat



def _vi(texts: Any) -> str:
    return (texts or {}).get("vi", "") if isinstance(texts, Mapping) else str(texts or "")


def _date(value: str) -> str:
    parts = value.split("-")
    return f"{parts[2]}/{parts[1]}/{parts[0]}" if len(parts) == 3 else value


def format_value(field: Mapping[str, Any], value: Any) -> str:
    kind = field.get("type")
    if value is None or value == "" or value == []:
        return "—"
    if kind == "date" and isinstance(value, str):
        return _date(value)
    if kind in ("select", "radio"):
        for option in field.get("options") or []:
            if option.get("value") == value:
                return _vi(option.get("label"))
        return str(value)
    if kind in ("yes_no", "consent") or isinstance(value, bool):
        return "Có / Yes" if value else "Không / No"
    if kind == "money" and isinstance(value, (int, float)):
        return f"{int(value):,}".replace(",", ".") + " đ"
    if kind == "address" and isinstance(value, Mapping):
        units = cat.admin_units()
        place = units.label(str(value.get("commune") or "")) or ""
        if not place and value.get("province"):
            province = units.province(str(value["province"]))
            place = province.name if province else ""
        return ", ".join(p for p in (str(value.get("street") or "").strip(), place) if p)
    if kind == "document" and isinstance(value, list):
        return vi_en("staff.dossier.files_attached", n=len(value))
    return str(value)


def answer_rows(procedure: Mapping[str, Any], answers: Mapping[str, Any]) -> list[dict[str, str]]:
    """[{step, label, value}] in form order; repeated groups as "Group 1 · Sub label"."""
    rows: list[dict[str, str]] = []

    def visit(fields, values, step: str, prefix: str) -> None:
        for field in fields:
            value = values.get(field["id"]) if isinstance(values, Mapping) else None
            if field.get("type") == "group":
                for i, item in enumerate(value if isinstance(value, list) else []):
                    visit(field.get("fields") or [], item, step, f"{prefix}{_vi(field.get('label'))} {i + 1} · ")
                continue
            if field.get("type") == "consent" and value is None:
                continue
            rows.append({"step": step, "label": prefix + _vi(field.get("label")), "value": format_value(field, value)})

    for step in procedure.get("steps") or []:
        visit(step.get("fields") or [], answers, _vi(step.get("title")), "")
    return rows


def target_options(procedure: Mapping[str, Any]) -> list[dict[str, str]]:
    """What a supplement reason can point at: every field (top level and group sub-fields) and
    every document of the procedure, as {value: "field:<path>" | "document:<id>", label}."""
    out = []
    for path, field in cat.all_fields(procedure):
        if field.get("type") in ("group",):
            continue
        out.append({"value": f"field:{path}", "label": vi_en("staff.reason.field_label", name=_vi(field.get("label")))})
    for doc in procedure.get("documents") or []:
        out.append({"value": f"document:{doc['id']}", "label": vi_en("staff.reason.document_label",
                                                                     name=_vi(doc.get("name")))})
    return out


def target_name(procedure: Mapping[str, Any], target: str) -> str:
    kind, _, name = target.partition(":")
    if kind == "document":
        doc = cat.document(procedure, name)
        return _vi(doc.get("name")) if doc else name
    import re

    generic = re.sub(r"\.\d+(?=\.|$)", ".*", name)
    for path, field in cat.all_fields(procedure):
        if path == generic:
            return _vi(field.get("label"))
    return name


def reason_rows(procedure: Mapping[str, Any], reasons: list[Mapping[str, Any]]) -> list[dict[str, str]]:
    return [{"target": str(r.get("target", "")), "name": target_name(procedure, str(r.get("target", ""))),
             "text": str(r.get("text", ""))} for r in reasons or []]
