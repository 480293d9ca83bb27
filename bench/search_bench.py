"""Search latency and payload sizes.

    .venv/bin/python bench/search_bench.py

Prints p50/p95 latency of procedure search and of the commune picker over 1,000 queries each,
and the gzipped sizes of the payloads the browser caches for offline use.
"""
from __future__ import annotations

import gzip
import json
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from volunteer_app.domain.admin_units import load_admin_units  # noqa: E402
from volunteer_app.domain.catalog import load_catalog  # noqa: E402
from volunteer_app.domain.search import build_index, search  # noqa: E402

PROCEDURE_QUERIES = ["dang ky khai sinh", "làm giấy khai sinh", "ket hon", "tạm trú", "trich luc", "ho kinh doanh",
                     "giay phep xay dung", "ly lich tu phap", "tro cap", "1.00", "chung thuc", "xac nhan doc than",
                     "khai", "d", "birth", "thường trú", "khong co gi"]


def timed(fn, queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        start = time.perf_counter()
        fn(q)
        out.append((time.perf_counter() - start) * 1000)
    return out


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1]


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def main() -> None:
    rng = random.Random(7)
    catalog = load_catalog()
    index = build_index(catalog.procedures)
    units = load_admin_units()
    queries = [unicodedata.normalize(rng.choice(["NFC", "NFD"]), rng.choice(PROCEDURE_QUERIES)) for _ in range(1000)]
    commune_names = [c.name for c in units.communes]
    picker = [rng.choice(commune_names)[: rng.randint(3, 14)] for _ in range(1000)]

    proc_ms = timed(lambda q: search(index, q), queries)
    unit_ms = timed(lambda q: units.search(q), picker)

    summaries = json.dumps([s.model_dump(mode="json") for s in catalog.summaries()], ensure_ascii=False).encode()
    full = json.dumps([e.data for e in catalog.entries.values()], ensure_ascii=False, separators=(",", ":")).encode()
    admin = units.raw

    print(f"{'measure':<44}{'value':>14}")
    print("-" * 58)
    print(f"{'procedure search p50 (1,000 queries)':<44}{pct(proc_ms, 50):>11.3f} ms")
    print(f"{'procedure search p95':<44}{pct(proc_ms, 95):>11.3f} ms")
    print(f"{'commune picker p50 (1,000 queries)':<44}{pct(unit_ms, 50):>11.3f} ms")
    print(f"{'commune picker p95':<44}{pct(unit_ms, 95):>11.3f} ms")
    print(f"{f'catalog summaries ({len(catalog)} procedures), gzip':<44}{gz(summaries) / 1024:>11.1f} KB")
    print(f"{'full catalog definitions, gzip':<44}{gz(full) / 1024:>11.1f} KB")
    print(f"{'admin units (34 + 3,321), gzip':<44}{gz(admin) / 1024:>11.1f} KB")
    print(f"{'  (raw sizes: summaries / full / admin)':<44}{f'{len(summaries)//1024}/{len(full)//1024}/{len(admin)//1024} KB':>14}")


if __name__ == "__main__":
    main()
