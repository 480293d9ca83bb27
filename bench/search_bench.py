"""Catalog search latency and offline data sizes at 12, at the shipped catalog's size and at 2,000 procedures.

    .venv/bin/python bench/search_bench.py

Prints p50/p95 of procedure search over 1,000 queries (typed prefixes of real and generated
names, with and without diacritics, NFC and NFD) in Python (the server) and in JavaScript under
node (the browser's assets/js/catalog/search.js), beside the goals and beside an anchor measured
in the same run: scoring every procedure (the search before the index). Then the gzipped sizes
of what a tablet holds: the summaries of the whole catalog (against the budget) and the full
definitions of the procedures a centre offers. The 2,000-procedure catalog is generated
(tests/support/synthetic_catalog.py): the 12 shipped procedures plus generic ones.
"""
from __future__ import annotations

import gzip
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.search_reference import reference_index, reference_search  # noqa: E402
from tests.support.synthetic_catalog import procedures  # noqa: E402
from volunteer_app.domain.admin_units import load_admin_units  # noqa: E402
from volunteer_app.domain.catalog import Catalog, check_definition, load_catalog  # noqa: E402
from volunteer_app.domain.catalog.loader import make_entry  # noqa: E402
from volunteer_app.domain.catalog.summary import list_item  # noqa: E402
from volunteer_app.domain.search import build_index, search  # noqa: E402
from volunteer_app.domain.text import fold  # noqa: E402
from volunteer_app.services.catalog_versions import device_payload  # noqa: E402

GOAL_SERVER_MS, GOAL_BROWSER_MS = 2.0, 5.0
SUMMARY_BUDGET = 200 * 1024  # gzipped summaries of the whole catalog at 2,000 procedures
OFFERED = 190  # a commune centre offers about 190 procedures (one commune's public list has 193)
FIXED = ["dang ky khai sinh", "làm giấy khai sinh", "ket hon", "tạm trú", "trich luc", "ho kinh doanh",
         "giay phep xay dung", "ly lich tu phap", "tro cap", "1.00", "chung thuc", "xac nhan doc than",
         "khai", "d", "birth", "thường trú", "khong co gi"]


def queries(catalog: list[dict], n: int, rng: random.Random) -> list[str]:
    """What people type: fixed queries, and prefixes of a name as it is typed (1 to 4 words)."""
    out = []
    for _ in range(n):
        if rng.random() < 0.3:
            q = rng.choice(FIXED)
        else:
            name = rng.choice(catalog)["name"]["vi"].split()
            start = rng.randint(0, max(0, len(name) - 1))
            q = " ".join(name[start:start + rng.randint(1, 4)])
            q = q[: rng.randint(1, len(q))]
            if rng.random() < 0.5:
                q = fold(q)
        out.append(unicodedata.normalize(rng.choice(["NFC", "NFD"]), q))
    return out


def timed(fn, items: list[str]) -> list[float]:
    out = []
    for q in items:
        start = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - start) * 1000)
    return out


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def dump(obj) -> bytes:  # as the build writes the offline data
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def node_search(items: list[dict], qs: list[str]) -> dict:
    node = ROOT / ".venv" / "bin" / "node"
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as handle:
        json.dump({"procedures": items, "queries": qs, "results": False}, handle, ensure_ascii=False)
        handle.flush()
        run = subprocess.run([str(node if node.exists() else "node"), str(ROOT / "bench" / "search_bench.mjs"),
                              handle.name], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def measure(size: int) -> dict:
    rng = random.Random(size)
    catalog = procedures(size)
    items = [list_item(p) for p in catalog]
    qs = queries(catalog, 1000, rng)
    start = time.perf_counter()
    index = build_index(catalog)
    build_ms = (time.perf_counter() - start) * 1000
    reference = reference_index(catalog)
    python = timed(lambda q: search(index, q), qs)
    anchor = timed(lambda q: reference_search(reference, q), qs)
    js = node_search(items, qs)
    offered = [check_definition(p)[0].model_dump(mode="json", exclude_none=True) for p in catalog[:OFFERED]]
    # What GET /api/v1/catalog/device sends a tablet of a centre offering OFFERED procedures.
    whole = Catalog(entries={p["code"]: make_entry(*check_definition(p)[:2]) for p in catalog})
    _, device = device_payload(whole, "BENCH", "01", [p["code"] for p in catalog[:OFFERED]])
    return {"size": size, "py": python, "anchor": anchor, "js": js, "py_build": build_ms,
            "summaries": dump(items), "offered": dump(offered), "offered_n": len(offered), "device": device}


def main() -> None:
    shipped = len(load_catalog().entries)  # the catalog as shipped today
    rows = [measure(12), measure(shipped), measure(2000)]
    units = load_admin_units()
    picker = [rng_name[: random.Random(i).randint(3, 14)] for i, rng_name in
              enumerate(random.Random(7).choices([c.name for c in units.communes], k=1000))]
    unit_ms = timed(lambda q: units.search(q), picker)

    print(f"{'measure':<58}{'12':>14}{f'{shipped} (shipped)':>16}{'2,000':>14}{'goal':>12}")
    print("-" * 114)

    def line(label: str, values: list[str], goal: str = "") -> None:
        print(f"{label:<58}{values[0]:>14}{values[1]:>16}{values[2]:>14}{goal:>12}")

    line("search p50, server (Python index)", [f"{pct(r['py'], 50):.3f} ms" for r in rows])
    line("search p95, server (Python index)", [f"{pct(r['py'], 95):.3f} ms" for r in rows], f"≤ {GOAL_SERVER_MS} ms")
    line("search p50, browser (JS index under node)", [f"{r['js']['p50_ms']:.3f} ms" for r in rows])
    line("search p95, browser (JS index under node)", [f"{r['js']['p95_ms']:.3f} ms" for r in rows],
         f"≤ {GOAL_BROWSER_MS} ms")
    line("  anchor: scoring every procedure, p50 (Python)", [f"{pct(r['anchor'], 50):.3f} ms" for r in rows])
    line("  anchor: scoring every procedure, p95 (Python)", [f"{pct(r['anchor'], 95):.3f} ms" for r in rows])
    line("index build, Python / JS", [f"{r['py_build']:.0f}/{r['js']['build_ms']:.0f} ms" for r in rows])
    line("offline summaries of the whole catalog, gzip", [f"{gz(r['summaries']) / 1024:.1f} KB" for r in rows],
         f"≤ {SUMMARY_BUDGET // 1024} KB")
    line("  (raw)", [f"{len(r['summaries']) / 1024:.1f} KB" for r in rows])
    line("full definitions of the offered procedures, gzip",
         [f"{gz(r['offered']) / 1024:.1f} KB ({r['offered_n']})" for r in rows])
    line("device catalog as served (summaries + etags + offered), gzip",
         [f"{gz(r['device']) / 1024:.1f} KB" for r in rows])
    print(f"{'commune picker p50 / p95 (1,000 queries)':<58}{pct(unit_ms, 50):>9.3f} ms{pct(unit_ms, 95):>9.3f} ms")
    print(f"{'admin units (34 + 3,321), gzip':<58}{gz(units.raw) / 1024:>9.1f} KB")
    big = rows[-1]
    ok = (pct(big["py"], 95) <= GOAL_SERVER_MS and big["js"]["p95_ms"] <= GOAL_BROWSER_MS
          and gz(big["summaries"]) <= SUMMARY_BUDGET)
    print("\nall goals met at 2,000 procedures" if ok else "\nGOAL MISSED at 2,000 procedures")


if __name__ == "__main__":
    main()
