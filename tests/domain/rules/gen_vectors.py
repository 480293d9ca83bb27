"""Rewrite tests/vectors/{expr,fields,validate,fees}_*.json from the hand-written case tables.

Usage: .venv/bin/python tests/domain/rules/gen_vectors.py   (the JSON is committed; tests read it)
"""
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
VECTORS = HERE.parents[1] / "vectors"

import gen_vectors_expr  # noqa: E402
import gen_vectors_fields  # noqa: E402
import gen_vectors_links  # noqa: E402
import gen_vectors_start  # noqa: E402
import gen_vectors_validate  # noqa: E402

MODULES = (gen_vectors_expr, gen_vectors_fields, gen_vectors_validate, gen_vectors_links, gen_vectors_start)


def main() -> None:
    files: dict[str, list] = defaultdict(list)
    for module in MODULES:
        for stem, case in module.cases():
            files[stem].append(case)
    ids = [c["id"] for cases in files.values() for c in cases]
    dupes = {i for i in ids if ids.count(i) > 1}
    assert not dupes, dupes
    for stem, cases in sorted(files.items()):
        path = VECTORS / f"{stem}.json"
        path.write_text(json.dumps(cases, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{path.name}: {len(cases)}")
    print("total", len(ids))


if __name__ == "__main__":
    main()
