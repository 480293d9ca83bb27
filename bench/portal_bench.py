"""Forwarding throughput and acceptance → official-code delay, through the real stand-in.

    .venv/bin/python bench/portal_bench.py [--dossiers 300] [--rate 100] [--workers 2] [--postgres]

For each scenario (stand-in healthy; 30% mixed faults incl. drops after processing) it starts the
stand-in and worker processes on a fresh migrated database, then
1. accepts ``--dossiers`` at ``--rate`` per second (each enqueued in its accept transaction) and
   measures p50/p95 delay from acceptance (outbox row created) to the official code stored;
2. queues another ``--dossiers`` as a backlog, starts the workers, and measures throughput
   (dossiers/s from the first code to the last).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402
from sqlmodel import Session  # noqa: E402

from tests.portal import support  # noqa: E402
from volunteer_app.core.db import get_engine  # noqa: E402
from volunteer_app.portal.models import PortalOutbox  # noqa: E402

SCENARIOS = [
    ("healthy", {"fault_rate": 0.0}),
    ("30% faults", {"fault_rate": 0.3, "hang_s": 1.5, "retry_after_s": 1}),
]
# Production-like retry shape, shortened so a run takes seconds (as in the tests).
BENCH_ENV = {"PORTAL_READ_TIMEOUT_S": "1", "PORTAL_CONNECT_TIMEOUT_S": "1", "PORTAL_LEASE_S": "5",
             "PORTAL_STATUS_POLL_S": "0", "PORTAL_CONCURRENCY": "16"}


def _sent_rows(engine, after_id: int) -> list[PortalOutbox]:
    with Session(engine) as db:
        return list(db.execute(select(PortalOutbox).where(PortalOutbox.id > after_id,
                                                          PortalOutbox.status == "sent")).scalars())


def _start_workers(env: dict, tmp: Path, count: int, tag: str) -> list[support.WorkerProcess]:
    workers = [support.WorkerProcess(env, tmp / f"worker-{tag}{i}.log").start() for i in range(count)]
    # Wait until each has started (imports, DB connection), so start-up is not measured.
    support.wait_for(lambda: all(w.log_path.exists() and "portal_worker_started" in w.log_path.read_text()
                                 for w in workers), 60, "workers started")
    return workers


def run(name: str, faults: dict, args, root: Path) -> dict:
    tmp = root / name.replace(" ", "_").replace("%", "pct")
    tmp.mkdir()
    url, drop = support.database("postgres" if args.postgres else "sqlite", tmp)
    engine = get_engine(url)
    stand_in = support.standin(tmp, step_s=0, seed=5, **faults).start(timeout=60)
    env = support.worker_env(url, tmp, stand_in.url, **BENCH_ENV)
    workers: list[support.WorkerProcess] = []
    try:
        # 1. Steady arrivals: delay from acceptance to the official code.
        workers = _start_workers(env, tmp, args.workers, "steady")
        gap = 1 / args.rate
        for _ in range(args.dossiers):
            started = time.monotonic()
            support.seed_accepted(engine, 1)
            time.sleep(max(0.0, gap - (time.monotonic() - started)))  # pacing the arrivals, not a wait
        support.wait_for(lambda: len(_sent_rows(engine, 0)) == args.dossiers, 300, "steady codes back")
        steady = _sent_rows(engine, 0)
        for w in workers:
            w.stop()
        # 2. Burst: a backlog of accepted dossiers, then the workers: drain throughput.
        last_id = max(r.id for r in steady)
        support.seed_accepted(engine, args.dossiers)
        workers = _start_workers(env, tmp, args.workers, "burst")
        support.wait_for(lambda: len(_sent_rows(engine, last_id)) == args.dossiers, 300, "burst codes back")
        burst = _sent_rows(engine, last_id)
        stats = support.standin_stats(stand_in)
    finally:
        for w in workers:
            w.stop()
        stand_in.stop()
        get_engine.cache_clear()
        engine.dispose()
        drop()
    delays = sorted((r.sent_at - r.created_at).total_seconds() for r in steady)
    span = (max(r.sent_at for r in burst) - min(r.sent_at for r in burst)).total_seconds()
    assert stats["dossiers"] == 2 * args.dossiers and all(n == 1 for n in stats["per_dossier_version"].values())
    return {"scenario": name, "dossiers": 2 * args.dossiers, "throughput": (args.dossiers - 1) / span,
            "p50": statistics.median(delays), "p95": statistics.quantiles(delays, n=100)[94],
            "requests": stats["requests"], "faults": sum(v for k, v in stats["faults"].items() if k != "none")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=300)
    parser.add_argument("--rate", type=float, default=20, help="acceptances per second in the steady phase")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (TEST_DATABASE_URL) instead of SQLite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as root:
        results = [run(name, faults, args, Path(root)) for name, faults in SCENARIOS]
    print(f"\nPortal forwarding, {'PostgreSQL' if args.postgres else 'SQLite'}, {args.workers} workers x "
          f"{BENCH_ENV['PORTAL_CONCURRENCY']} in flight. Throughput: a backlog of {args.dossiers} accepted dossiers "
          f"drained (first code -> last code). Delay: {args.dossiers} dossiers accepted at {args.rate:g}/s, "
          f"acceptance -> official code stored. Every dossier filed exactly once.\n")
    print(f"| {'scenario':<11} | {'dossiers':>8} | {'throughput (dossiers/s)':>23} | {'p50 delay (s)':>13} "
          f"| {'p95 delay (s)':>13} | {'requests':>8} | {'faults':>6} |")
    print(f"|{'-' * 13}|{'-' * 10}|{'-' * 25}|{'-' * 15}|{'-' * 15}|{'-' * 10}|{'-' * 8}|")
    for r in results:
        print(f"| {r['scenario']:<11} | {r['dossiers']:>8} | {r['throughput']:>23.1f} | {r['p50']:>13.3f} "
              f"| {r['p95']:>13.3f} | {r['requests']:>8} | {r['faults']:>6} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
