"""A readable summary of what an import changes: procedures added, withdrawn, restored or changed,
and for a changed one the fields added, removed or changed, and whether its fees changed."""
from __future__ import annotations

from typing import Any, Iterator


def _fields(definition: dict) -> dict[str, dict]:
    def walk(fields: list[dict], prefix: str) -> Iterator[tuple[str, dict]]:
        for f in fields:
            yield prefix + f["id"], f
            yield from walk(f.get("fields") or [], f"{prefix}{f['id']}.")

    return dict(p for s in definition.get("steps") or [] for p in walk(s["fields"], ""))


def _shallow(field: dict) -> dict:
    return {k: v for k, v in field.items() if k != "fields"}


def changes(old: dict, new: dict) -> dict[str, Any]:
    """What changed between two definitions of one procedure (empty lists: nothing)."""
    before, after = _fields(old), _fields(new)
    top = sorted(k for k in set(old) | set(new) if k not in ("steps", "fees") and old.get(k) != new.get(k))
    return {
        "fields_added": [p for p in after if p not in before],
        "fields_removed": [p for p in before if p not in after],
        "fields_changed": [p for p in after if p in before and _shallow(after[p]) != _shallow(before[p])],
        "steps_changed": [s["id"] for s in new.get("steps") or []] != [s["id"] for s in old.get("steps") or []],
        "fees_changed": old.get("fees") != new.get("fees"),
        "other_changed": top,
    }


def diff(old: dict[str, dict], new: dict[str, dict]) -> dict[str, Any]:
    """Compare imported definitions (``new``, by code) with the current ones (``old``, by code).

    Only the procedures in ``new`` are compared: an import changes only what the workbook holds.
    Returns ``{"added": [codes], "withdrawn": [...], "restored": [...], "changed": {code: changes},
    "unchanged": [...], "text": the same in a few Vietnamese / English lines}``.
    """
    out: dict[str, Any] = {"added": [], "withdrawn": [], "restored": [], "changed": {}, "unchanged": []}
    for code, definition in new.items():
        previous = old.get(code)
        if previous is None:
            out["added"].append(code)
            continue
        if definition.get("withdrawn") and not previous.get("withdrawn"):
            out["withdrawn"].append(code)
        elif previous.get("withdrawn") and not definition.get("withdrawn"):
            out["restored"].append(code)
        if definition == previous:
            out["unchanged"].append(code)
        elif not (definition.get("withdrawn") and not previous.get("withdrawn")):
            out["changed"][code] = changes(previous, definition)
    out["text"] = _text(out)
    return out


def _text(d: dict[str, Any]) -> str:
    lines = []
    for key, vi, en in (("added", "Thêm", "added"), ("withdrawn", "Bãi bỏ", "withdrawn"),
                        ("restored", "Khôi phục", "restored")):
        if d[key]:
            lines.append(f"{vi} / {en}: {', '.join(d[key])}")
    for code, c in d["changed"].items():
        parts = []
        for key, vi in (("fields_added", "thêm trường"), ("fields_removed", "bỏ trường"),
                        ("fields_changed", "sửa trường")):
            if c[key]:
                parts.append(f"{vi} {', '.join(c[key])}")
        if c["steps_changed"]:
            parts.append("đổi các bước / steps changed")
        if c["fees_changed"]:
            parts.append("đổi lệ phí / fees changed")
        if c["other_changed"]:
            parts.append(f"sửa {', '.join(c['other_changed'])}")
        lines.append(f"Sửa / changed {code}: {'; '.join(parts)}")
    if d["unchanged"]:
        lines.append(f"Không đổi / unchanged: {len(d['unchanged'])}")
    return "\n".join(lines)
