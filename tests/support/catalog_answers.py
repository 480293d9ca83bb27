"""Valid answers for any catalog procedure, generated from its definition (test vectors).

``valid_answers(procedure, today)`` fills every field with a plain value of its type, then runs
the shared validator and, for each field that still has an error, tries the next candidate value
of that field until the form validates. The result is deterministic. Used by the catalog vector
tests (every structured procedure, in Python and in the browser's JS) and the API test that
files them all.
"""
from __future__ import annotations

import copy
import hashlib
from datetime import date, timedelta
from typing import Any, Iterator

from volunteer_app.domain.rules.validate import resolve, validate

ADDRESS = {"province": "01", "commune": "00004", "street": "12 Phố Huế"}


def _dates(today: str) -> list[str]:
    t = date.fromisoformat(today)
    return ["1990-05-01", "1960-03-15", "2005-09-20", "2015-02-10", (t - timedelta(days=40)).isoformat(),
            (t + timedelta(days=60)).isoformat(), (t + timedelta(days=400)).isoformat()]


def document_value(field_id: str, mime: str) -> list[dict]:
    data = file_bytes(field_id)
    return [{"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "mime": mime,
             "name": f"{field_id}.{'pdf' if mime == 'application/pdf' else mime.split('/')[-1]}"}]


def file_bytes(field_id: str) -> bytes:
    """A small PNG per upload slot (distinct bytes, so each slot has its own file)."""
    from tests.support.dossiers import png_bytes
    return png_bytes(1200 + sum(field_id.encode()) % 500)


def candidates(field: dict, today: str, documents: dict) -> list[Any]:
    kind = field["type"]
    if kind == "full_name":
        return ["Nguyễn Văn An", "Trần Thị Bình"]
    if kind == "personal_id":
        return ["001090123456"]  # re-derived from dob/sex below
    if kind == "old_id":
        return ["012345678"]
    if kind == "phone":
        return ["0912345678"]
    if kind == "email":
        return ["an.nguyen@example.com"]
    if kind == "date":
        return _dates(today)
    if kind == "text":
        return ["Nội dung ghi theo giấy tờ", "0101234567", "4711", "Ab"]
    if kind == "long_text":
        return ["Nội dung đề nghị theo hồ sơ của công dân."]
    if kind in ("number", "money"):
        low = field.get("min")
        start = field.get("default")
        out = [int(start)] if start not in (None, "") else []
        out += [v for v in (1, 2, 10, 100, 1000000) if low is None or v >= low]
        return out or [low]
    if kind in ("select", "radio"):
        return [o["value"] for o in field["options"]]
    if kind == "checkbox":
        return [[o["value"]] for o in field["options"]]
    if kind == "yes_no":
        return [False, True]
    if kind == "address":
        return [dict(ADDRESS)]
    if kind == "document":
        doc = documents.get(field["document"], {})
        return [document_value(field["id"], (doc.get("accept") or ["image/png"])[0] if "image/png" not in
                               (doc.get("accept") or []) else "image/png")]
    if kind == "consent":
        return [True]
    if kind == "group":
        return [[None] * max(1, field.get("min_items") or 0)]  # items filled by _fill
    return [None]


def _id_for(dob: str | None, sex: str | None, field_id: str) -> str:
    """A number that fits the date of birth and sex; each person (field) gets their own."""
    year = int((dob or "1990-05-01")[:4])
    century = (year // 100) - 19  # 1900s -> 0
    digit = 2 * century + (1 if sex == "nu" else 0)
    own = int(hashlib.sha256(field_id.encode()).hexdigest(), 16) % 900000 + 100000
    return f"001{digit}{year % 100:02d}{own}"


def _fields(procedure: dict) -> Iterator[dict]:
    for step in procedure.get("steps") or []:
        yield from step["fields"]


def _fill(fields: list[dict], today: str, documents: dict, choice: dict[str, int], prefix: str = "") -> dict:
    out: dict[str, Any] = {}
    for f in fields:
        if f.get("derive"):
            continue
        options = candidates(f, today, documents)
        value = copy.deepcopy(options[min(choice.get(prefix + f["id"], 0), len(options) - 1)])
        if f["type"] == "group":
            value = [_fill(f["fields"], today, documents, choice, f"{prefix}{f['id']}.{i}.") for i in range(len(value))]
        out[f["id"]] = value
    ids = [f for f in fields if f["type"] == "personal_id"]
    for f in ids:  # ID numbers follow their date of birth and sex
        out[f["id"]] = _id_for(out.get(f.get("dob_field")), out.get(f.get("sex_field")), prefix + f["id"])
    for f in ids:  # later candidates: the same person as another ID field (rules like "the head is the applicant")
        pick = choice.get(prefix + f["id"], 0)
        others = [g["id"] for g in ids if g is not f]
        if pick and others:
            out[f["id"]] = out[others[(pick - 1) % len(others)]]
    return out


def valid_answers(procedure: dict, today: str, *, rounds: int = 12) -> dict:
    """Answers the shared validator accepts (raises AssertionError with the errors left)."""
    documents = {d["id"]: d for d in procedure.get("documents") or []}
    fields = list(_fields(procedure))
    choice: dict[str, int] = {}
    answers = _fill(fields, today, documents, choice)
    for _ in range(rounds):
        errors = validate(procedure, answers, today)
        if not errors:
            return answers
        for e in errors:
            path = e["field"] or ""
            if not path:
                continue
            key = path
            choice[key] = choice.get(key, 0) + 1
        answers = _fill(fields, today, documents, choice)
    errors = validate(procedure, answers, today)
    assert not errors, (procedure["code"], errors)
    return answers


def visible_answers(procedure: dict, answers: dict, today: str) -> dict:
    """The answers with hidden (and derived, copied) fields left out: what a browser would send."""
    resolved = resolve(procedure, answers, today)
    skip = set(resolved.get("derived") or []) | set(resolved.get("copied") or [])
    return {k: v for k, v in answers.items() if resolved["answers"].get(k) is not None and k not in skip}


VECTORS = "tests/vectors/catalog_answers.json"
TODAY = "2026-11-30"


def vectors(catalog) -> dict:
    """Valid answers (only what a browser would send) for every structured procedure."""
    cases = []
    for entry in sorted(catalog.entries.values(), key=lambda e: e.data["code"]):
        if entry.data.get("kind") != "structured":
            continue
        answers = valid_answers(entry.data, TODAY)
        cases.append({"code": entry.data["code"], "answers": visible_answers(entry.data, answers, TODAY)})
    return {"description": "valid answers for every structured procedure, generated by tests/support/catalog_answers.py "
                           "(python -m tests.support.catalog_answers); the Python and JS validators must accept each",
            "today": TODAY, "cases": cases}


if __name__ == "__main__":
    import json
    from pathlib import Path

    from volunteer_app.domain.catalog import load_catalog

    out = Path(__file__).resolve().parents[2] / VECTORS
    out.write_text(json.dumps(vectors(load_catalog()), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
