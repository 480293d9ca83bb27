"""Forwarding under upstream faults: acceptance → official-code delay and throughput, through the real stand-in.

    .venv/bin/python bench/portal_bench.py [--dossiers 300] [--rate 20] [--workers 2] [--hedge-delay 0.15] [--runs 1] [--postgres]

Three scenarios, each on a fresh migrated database with its own stand-in and worker processes:

- ``healthy``: no faults;
- ``faults, no hang/429`` (the anchor): the 30% mix without its two slow kinds, i.e. 18% of
  requests get ``error``, ``error_after`` or ``drop`` (each answered at once);
- ``30% faults``: 30% of requests get one of ``error``, ``error_after``, ``timeout`` (a hang
  past the 1 s read timeout), ``drop``, ``ratelimit`` (429 with ``Retry-After: 1``).

For each it
1. accepts ``--dossiers`` at ``--rate`` per second (each enqueued in its accept transaction) and
   measures the delay from acceptance (outbox row created) to the official code stored. Sends
   that got a 429 (read from the workers' request logs) honour ``Retry-After`` and are reported
   on their own row; the p95 and its goal (≤ 2× healthy, issue 17) are over the other sends;
2. queues another ``--dossiers`` as a backlog, starts the workers, and measures throughput
   (dossiers/s from the first code to the last).

``--hedge-delay 0`` turns the connector's hedge off (the behaviour before issue 17).
"""
from __future__ import annotations

import argparse
import json
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
from volunteer_app.models import PortalOutbox  # noqa: E402

SLOW_KINDS = {"timeout", "ratelimit"}
ALL_KINDS = ("error", "error_after", "timeout", "drop", "ratelimit")
FAST_KINDS = tuple(k for k in ALL_KINDS if k not in SLOW_KINDS)
FAULTS = {"hang_s": 1.5, "retry_after_s": 1}  # a hang outlasts the 1 s read timeout
SCENARIOS = [
    ("healthy", {"fault_rate": 0.0}),
    ("faults, no hang/429", {"fault_rate": round(0.3 * len(FAST_KINDS) / len(ALL_KINDS), 3),
                             "faults": ",".join(FAST_KINDS), **FAULTS}),
    ("30% faults", {"fault_rate": 0.3, "faults": ",".join(ALL_KINDS), **FAULTS}),
]
GOAL_RATIO = 2.0
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


def rate_limited_keys(logs: list[Path]) -> set[str]:
    """Idempotency keys of submissions that got a 429 in any try (the workers' JSON request logs)."""
    keys = set()
    for path in logs:
        for line in path.read_text(errors="replace").splitlines():
            if '"portal_request"' in line and '"http_status": 429' in line:
                record = json.loads(line)
                if record.get("op") == "submit":
                    keys.add(record["key"])
    return keys


def p95(values: list[float]) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[94]


def median_of(results: list[dict]) -> dict:
    """Medians of the runs' figures; counts and faults from the first run."""
    out = dict(results[0])
    for key in ("throughput", "p50", "p95", "limited_p95"):
        out[key] = statistics.median(r[key] for r in results)
    return out


def run(name: str, faults: dict, args, root: Path) -> dict:
    tmp = root / name.replace(" ", "_").replace("%", "pct").replace(",", "").replace("/", "-")
    tmp.mkdir(parents=True)
    url, drop = support.database("postgres" if args.postgres else "sqlite", tmp)
    engine = get_engine(url)
    stand_in = support.standin(tmp, step_s=0, seed=5, **faults).start(timeout=60)
    env = support.worker_env(url, tmp, stand_in.url, PORTAL_HEDGE_DELAY_S=str(args.hedge_delay), **BENCH_ENV)
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
        limited = rate_limited_keys([w.log_path for w in workers])
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
    delays = {r.idempotency_key: (r.sent_at - r.created_at).total_seconds() for r in steady}
    plain = sorted(d for k, d in delays.items() if k not in limited)
    slowed = sorted(d for k, d in delays.items() if k in limited)
    span = (max(r.sent_at for r in burst) - min(r.sent_at for r in burst)).total_seconds()
    assert stats["dossiers"] == 2 * args.dossiers and all(n == 1 for n in stats["per_dossier_version"].values())
    return {"scenario": name, "dossiers": 2 * args.dossiers, "throughput": (args.dossiers - 1) / span,
            "sends": len(plain), "p50": statistics.median(plain), "p95": p95(plain),
            "limited": len(slowed), "limited_p95": p95(slowed),
            "requests": stats["requests"], "faults": {k: v for k, v in stats["faults"].items() if k != "none"}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=300)
    parser.add_argument("--rate", type=float, default=20, help="acceptances per second in the steady phase")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hedge-delay", type=float, default=0.15,
                        help="PORTAL_HEDGE_DELAY_S (0: no hedge); about the healthy p95 of a send")
    parser.add_argument("--runs", type=int, default=1, help="runs of the three scenarios, interleaved; medians")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL (TEST_DATABASE_URL) instead of SQLite")
    args = parser.parse_args()
    runs: dict[str, list[dict]] = {name: [] for name, _ in SCENARIOS}
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as root:
        for i in range(args.runs):  # scenarios interleaved, so a busy machine weighs on each alike
            for name, faults in SCENARIOS:
                runs[name].append(run(name, faults, args, Path(root) / f"run{i}"))
    results = [median_of(rs) for rs in runs.values()]
    healthy = results[0]["p95"]
    print(f"\nPortal forwarding, {'PostgreSQL' if args.postgres else 'SQLite'}, {args.workers} workers x "
          f"{BENCH_ENV['PORTAL_CONCURRENCY']} in flight, read timeout {BENCH_ENV['PORTAL_READ_TIMEOUT_S']} s, "
          f"hedge {'off' if not args.hedge_delay else f'after {args.hedge_delay:g} s'}. Delay: {args.dossiers} "
          f"dossiers accepted at {args.rate:g}/s, acceptance -> official code stored; sends that got a 429 on "
          f"their own row. Throughput: a backlog of {args.dossiers} drained (first code -> last code). "
          f"Every dossier filed exactly once. Medians of {args.runs} run(s); counts from the first.\n")
    print(f"| {'scenario':<21} | {'sends':>5} | {'p50 (s)':>7} | {'p95 (s)':>7} | {'p95 / healthy':>13} "
          f"| {'goal':>9} | {'throughput (/s)':>15} | {'requests':>8} | faults |")
    print(f"|{'-' * 23}|{'-' * 7}|{'-' * 9}|{'-' * 9}|{'-' * 15}|{'-' * 11}|{'-' * 17}|{'-' * 10}|--------|")
    for r in results:
        ratio = r["p95"] / healthy
        goal = "" if r is results[0] else f"≤ {GOAL_RATIO:g}× {'ok' if ratio <= GOAL_RATIO else 'MISS'}"
        faults = ", ".join(f"{k} {v}" for k, v in sorted(r["faults"].items())) or "none"
        print(f"| {r['scenario']:<21} | {r['sends']:>5} | {r['p50']:>7.3f} | {r['p95']:>7.3f} | {ratio:>12.1f}× "
              f"| {goal:>9} | {r['throughput']:>15.1f} | {r['requests']:>8} | {faults} |")
        if r["limited"]:
            print(f"| {'  rate-limited (429)':<21} | {r['limited']:>5} | {'':>7} | {r['limited_p95']:>7.3f} | "
                  f"{r['limited_p95'] / healthy:>12.1f}× | {'':>9} | {'':>15} | {'':>8} | Retry-After honoured |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
