"""Submission throughput and latency, SQLite and PostgreSQL side by side, over real HTTP.

    python bench/submit_bench.py [--per-client 20] [--attachment-kb 200] [--workers 1]

One submission = what a device does for a dossier with one attachment: tus POST + PATCH of the
file, then the PUT of the dossier. Each backend gets a fresh migrated database and its own
granian server. The load generator runs threads in this process, on the same machine.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import services  # noqa: E402
from tests.support.accounts import bootstrap  # noqa: E402
from tests.support.dossiers import (VALID_ANSWERS, body, new_token, new_uuid, png_bytes, sha256,  # noqa: E402
                                    upload)
from tests.support.servers import api_server, base_env, migrate  # noqa: E402

CONCURRENCY = (1, 10, 50)


def one_submission(client: httpx.Client, data: bytes) -> float:
    started = time.perf_counter()
    client_uuid, token = new_uuid(), new_token()
    upload(client, token, client_uuid, data)
    answers = {**VALID_ANSWERS, "fee_exemption": "poor", "upload_exemption_proof": [
        {"sha256": sha256(data), "size": len(data), "mime": "image/png", "name": "mien-phi.png"}]}
    res = client.put(f"/api/v1/dossiers/{client_uuid}", json=body(answers=answers),
                     headers={"X-Dossier-Token": token})
    if res.status_code != 201:
        raise RuntimeError(f"submit failed: {res.status_code} {res.text[:200]}")
    return time.perf_counter() - started


def run_level(url: str, clients: int, per_client: int, data: bytes) -> dict:
    def worker(_):
        with httpx.Client(base_url=url, timeout=120) as c:
            return [one_submission(c, data) for _ in range(per_client)]

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        latencies = [x for batch in pool.map(worker, range(clients)) for x in batch]
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {"clients": clients, "n": len(latencies), "rate": len(latencies) / elapsed,
            "p50": statistics.median(latencies) * 1000,
            "p95": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000}


def bench_backend(name: str, per_client: int, data: bytes, workers: int) -> list[dict]:
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
    if name == "sqlite":
        url, drop = f"sqlite:///{tmp / 'bench.db'}", None
    else:
        url, drop = services.create_postgres_database(services.PG_DEFAULT)
    env = base_env(DATA_DIR=tmp, DATABASE_URL=url, LOG_LEVEL="WARNING")
    migrate(env)
    bootstrap(env)
    server = api_server(env, tmp / "api.log", workers=workers).start()
    try:
        run_level(server.url, 2, 2, data)  # warm-up: imports, connection pools
        return [run_level(server.url, c, per_client, data) for c in CONCURRENCY]
    finally:
        server.stop()
        if drop:
            drop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-client", type=int, default=10, help="submissions per concurrent client")
    parser.add_argument("--attachment-kb", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1, help="granian worker processes")
    args = parser.parse_args(argv)
    data = png_bytes(args.attachment_kb * 1024)
    dossier = json.dumps(body(answers=VALID_ANSWERS), ensure_ascii=False).encode()
    results = {name: bench_backend(name, args.per_client, data, args.workers) for name in ("sqlite", "postgres")}
    print(f"\nDossier body: {len(dossier)} bytes JSON (procedure {body()['procedure_code']}, "
          f"{len(VALID_ANSWERS)} answers); attachment: {len(data)} bytes PNG, one per dossier.")
    print(f"One submission = tus POST + PATCH (whole file) + PUT. Server: granian, {args.workers} worker(s); "
          f"{args.per_client} submissions per client.\n")
    print(f"{'clients':>7} | {'SQLite subs/s':>13} {'p50 ms':>8} {'p95 ms':>8} | "
          f"{'PostgreSQL subs/s':>17} {'p50 ms':>8} {'p95 ms':>8}")
    print("-" * 80)
    for lite, pg in zip(results["sqlite"], results["postgres"]):
        print(f"{lite['clients']:>7} | {lite['rate']:>13.1f} {lite['p50']:>8.1f} {lite['p95']:>8.1f} | "
              f"{pg['rate']:>17.1f} {pg['p50']:>8.1f} {pg['p95']:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
