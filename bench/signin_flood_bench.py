"""The health check's latency while sign-ins for unknown users flood the API (issue 12, item 4).

    .venv/bin/python bench/signin_flood_bench.py [--flood 200] [--concurrency 40] [--backend sqlite]

A fresh migrated database, the real API process (granian, one worker, default settings but
``TRUSTED_PROXIES=127.0.0.1``, as ``tests.support.servers.api_server`` starts it). First the anchor:
``/api/v1/health`` asked 20 times on an idle server. Then ``--flood`` sign-ins for unknown users,
``--concurrency`` at a time (one client, kept-alive connections), each from its own ``X-Forwarded-For`` address (so no per-address
limit applies: what is measured is what the password hashing costs the server), while one
client asks ``/api/v1/health`` over and over. Prints the health latencies (median, max) idle and
during the flood, the flood's answers by status and how long it took. The client is Python
threads on the same machine, so the figures are comparisons on one machine, not capacities.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import services  # noqa: E402
from tests.support.servers import api_server, base_env, migrate  # noqa: E402


def health_latency(client: httpx.Client) -> float:
    started = time.perf_counter()
    client.get("/api/v1/health").raise_for_status()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flood", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=40)
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        drop = None
        if args.backend == "sqlite":
            url = f"sqlite:///{tmp}/bench.db"
        else:
            url, drop = services.create_postgres_database(services.postgres_admin_url())
        env = base_env(DATA_DIR=tmp, DATABASE_URL=url, TRUSTED_PROXIES="127.0.0.1", LOG_LEVEL="WARNING")
        migrate(env)
        server = api_server(env, Path(tmp) / "api.log").start()
        prober_client = httpx.Client(base_url=server.url, timeout=120)
        flood_client = httpx.Client(base_url=server.url, timeout=300,
                                    limits=httpx.Limits(max_connections=args.concurrency))
        try:
            idle = [health_latency(prober_client) for _ in range(20)]
            done = threading.Event()
            during: list[float] = []
            slowest: list[tuple[float, float]] = []  # (latency, seconds into the flood)

            def probe():
                while not done.is_set():
                    at = time.perf_counter() - started
                    during.append(health_latency(prober_client))
                    slowest.append((during[-1], at))

            def attempt(i: int) -> int:
                return flood_client.post("/api/v1/auth/login", json={"username": f"ghost.{i}", "password": "x"},
                                         headers={"X-Forwarded-For": f"10.99.{i // 250}.{i % 250 + 1}"}).status_code

            prober = threading.Thread(target=probe)
            started = time.perf_counter()
            prober.start()
            with ThreadPoolExecutor(args.concurrency) as pool:
                statuses = Counter(pool.map(attempt, range(args.flood)))
            took = time.perf_counter() - started
            done.set()
            prober.join()
        finally:
            prober_client.close()
            flood_client.close()
            server.stop()
            if drop:
                drop()
    print(f"backend {args.backend}; flood {args.flood} unknown-user sign-ins, {args.concurrency} at a time")
    print(f"health idle:   median {statistics.median(idle) * 1000:.0f} ms, max {max(idle) * 1000:.0f} ms")
    print(f"health flood:  median {statistics.median(during) * 1000:.0f} ms, max {max(during) * 1000:.0f} ms "
          f"({len(during)} probes; the slowest {max(slowest)[1]:.1f} s into the flood)")
    print(f"flood answers: {dict(sorted(statuses.items()))} in {took:.1f} s")


if __name__ == "__main__":
    main()
