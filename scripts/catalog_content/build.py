"""Write the issue-14 catalog content into volunteer_app/catalog/procedures/ (run from the repo root):

    python scripts/catalog_content/build.py

Structured procedures come from structured.py; generic ones from vinhbao_generic.tsv (code, field
of law, decision/source key, official name; the commune list of Vĩnh Bảo, Hải Phòng). An existing
procedure file is never overwritten by a generic one. Every definition passes check_definition.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

from volunteer_app.domain.catalog import check_definition  # noqa: E402

OUT = ROOT / "volunteer_app" / "catalog" / "procedures"


def write(data: dict) -> None:
    _, _, problems = check_definition(data)
    if problems:
        raise SystemExit(f"{data['code']}: {problems}")
    (OUT / f"{data['code']}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main() -> None:
    import generic_list
    import structured

    for data in structured.PROCS:
        write(data)
    made = 0
    for data in generic_list.procedures():
        if (OUT / f"{data['code']}.json").exists() and json.loads((OUT / f"{data['code']}.json").read_text())["kind"] != "generic":
            continue
        write(data)
        made += 1
    print(f"{len(structured.PROCS)} structured, {made} generic")


if __name__ == "__main__":
    main()
