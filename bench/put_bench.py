"""The dossier PUT (no attachment) beside a bare insert, SQLite and PostgreSQL, over real HTTP.

    .venv/bin/python bench/put_bench.py [--duration 8] [--runs 3] [--clients 1,10,50] [--backends sqlite,postgres]

Issue 17's first two rows. For each backend: a fresh migrated database (the demo centre from the
bootstrap), the real app API process (granian, one worker, as ``tests.support.servers.api_server``
starts it) and, on the same granian and database, the anchor ``bench/bare_insert_app.py``: a bare
FastAPI app doing one ``INSERT … ON CONFLICT DO NOTHING`` into a comparable table. At 1, 10 and 50
clients, both sides are loaded in turn (interleaved, the order swapped every run) for
``--duration`` seconds each, ``--runs`` times; the table gives the medians of the runs.

Load generator: ``wrk`` (Debian package ``wrk``: ``apt-get install wrk``), one connection per
client, with a Lua script that sends each request to a new UUID with the same valid dossier body
(``tests.support.dossiers.body()``, citizen channel, no attachment) and its ``X-Dossier-Token``.
wrk is C with LuaJIT: at 700 req/s it takes a few percent of a core, where a Python client
would take a good part of one of the two cores the servers need. Every answer must be a 201
(wrk counts non-2xx answers; the bench stops on any). Goals (issue 17): PUT throughput ≥ 0.7× the
bare insert's, PUT p95 ≤ 1.5× its p95.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support import services  # noqa: E402
from tests.support.accounts import bootstrap  # noqa: E402
from tests.support.dossiers import PROCEDURE, body  # noqa: E402
from volunteer_app.domain.catalog import load_catalog  # noqa: E402
from tests.support.servers import VENV_BIN, ServerProcess, api_server, base_env, free_port, migrate  # noqa: E402

GOAL_THROUGHPUT, GOAL_P95 = 0.7, 1.5

# One request = a PUT of the same valid dossier to a new device UUID. wrk runs this per thread.
LUA = r"""
local body = [==[%(body)s]==]
local headers = {["Content-Type"] = "application/json", ["X-Dossier-Token"] = "%(token)s"}
local thread_no = 0

function setup(thread)
  thread_no = thread_no + 1
  thread:set("seed", thread_no)
end

function init(args)
  math.randomseed(os.time() * 1000 + seed)
end

local function hex(n) return string.format("%%0" .. n .. "x", math.random(0, 16 ^ n - 1)) end

request = function()
  local uuid = hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-" .. ({"8", "9", "a", "b"})[math.random(1, 4)]
               .. hex(3) .. "-" .. hex(6) .. hex(6)
  return wrk.format("PUT", "/api/v1/dossiers/" .. uuid, headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, '
    .. '"non_2xx": %%d, "socket_errors": %%d}\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def wrk_script(folder: Path) -> Path:
    path = folder / "put.lua"
    token = "bench-device-token-" + "x" * 24
    # As a tablet sends it: pinned to the definition it filled in (the current one's etag).
    payload = body(catalog_version=load_catalog().entry(PROCEDURE).etag)
    path.write_text(LUA % {"body": json.dumps(payload, ensure_ascii=False), "token": token}, encoding="utf-8")
    return path


def load(url: str, script: Path, clients: int, duration: float) -> dict:
    cmd = ["wrk", "-t", str(min(2, clients)), "-c", str(clients), "-d", f"{duration:g}s", "--timeout", "30s",
           "-s", str(script), url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("WRK_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result:\n{out}")
    r = json.loads(line.split(" ", 1)[1])
    if r["non_2xx"] or r["socket_errors"]:
        raise RuntimeError(f"{url}: {r['non_2xx']} non-2xx answers, {r['socket_errors']} socket errors at "
                           f"{clients} clients (see the server log)")
    return {"rate": r["requests"] / (r["duration_us"] / 1e6), "p95": r["p95_us"] / 1000, "p50": r["p50_us"] / 1000}


def bare_server(env: dict, log_path: Path) -> ServerProcess:
    port = free_port()
    cmd = [str(VENV_BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
           "--workers", "1", "bench.bare_insert_app:app"]
    return ServerProcess(cmd, env, port, log_path)


def bench_backend(name: str, args, tmp: Path) -> dict[int, dict]:
    if name == "sqlite":
        url, drop = f"sqlite:///{tmp / 'bench.db'}", None
    else:
        url, drop = services.create_postgres_database(os.environ.get("TEST_DATABASE_URL", services.PG_DEFAULT))
    # One device token and one address send everything here: the per-client limits (429) would
    # stop the bench, so they are raised out of reach; their counting is still measured.
    env = base_env(DATA_DIR=tmp, DATABASE_URL=url, BARE_DATABASE_URL=url, LOG_LEVEL="WARNING",
                   RATE_PUT_PER_TOKEN="1000000", RATE_PUT_PER_ADDRESS="10000000")
    migrate(env)
    bootstrap(env)
    script = wrk_script(tmp)
    app = api_server(env, tmp / f"api-{name}.log").start()
    bare = bare_server(env, tmp / f"bare-{name}.log").start()
    sides = {"put": app.url, "bare": bare.url}
    try:
        for side_url in sides.values():  # warm-up: imports, connection pools, catalog caches
            load(side_url, script, 2, 2)
        out = {}
        for clients in args.clients:
            runs = {"put": [], "bare": []}
            for i in range(args.runs):
                for side in (("put", "bare") if i % 2 == 0 else ("bare", "put")):
                    runs[side].append(load(sides[side], script, clients, args.duration))
            out[clients] = {side: {k: statistics.median(r[k] for r in rs) for k in ("rate", "p50", "p95")}
                            for side, rs in runs.items()}
            print(f"  {name} {clients:>2} clients: PUT {out[clients]['put']['rate']:.0f}/s, "
                  f"bare {out[clients]['bare']['rate']:.0f}/s", flush=True)
        return out
    finally:
        app.stop()
        bare.stop()
        if drop:
            drop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=8, help="seconds of load per side and run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", type=lambda s: [int(x) for x in s.split(",")], default=[1, 10, 50])
    parser.add_argument("--backends", type=lambda s: s.split(","), default=["sqlite", "postgres"])
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk (the load generator, see the docstring)")
    results = {}
    for name in args.backends:
        with tempfile.TemporaryDirectory(prefix=f"put-bench-{name}-") as tmp:
            results[name] = bench_backend(name, args, Path(tmp))
    print(f"\nDossier PUT (valid body, no attachment, a new dossier each) vs a bare FastAPI insert, both on "
          f"granian with 1 worker; wrk, {args.duration:g} s per side and run, medians of {args.runs} "
          f"interleaved runs. Goals: throughput ≥ {GOAL_THROUGHPUT:g}× the bare insert's, p95 ≤ {GOAL_P95:g}×.\n")
    print(f"| {'database':<10} | {'clients':>7} | {'PUT req/s':>9} | {'PUT p95 ms':>10} | {'bare req/s':>10} "
          f"| {'bare p95 ms':>11} | {'throughput ratio':>16} | {'p95 ratio':>9} | {'goals':<9} |")
    print(f"|{'-' * 12}|{'-' * 9}|{'-' * 11}|{'-' * 12}|{'-' * 12}|{'-' * 13}|{'-' * 18}|{'-' * 11}|{'-' * 11}|")
    for name, levels in results.items():
        for clients, r in levels.items():
            put, bare = r["put"], r["bare"]
            t_ratio, p_ratio = put["rate"] / bare["rate"], put["p95"] / bare["p95"]
            met = "ok" if t_ratio >= GOAL_THROUGHPUT and p_ratio <= GOAL_P95 else "MISS"
            label = "SQLite" if name == "sqlite" else "PostgreSQL"
            print(f"| {label:<10} | {clients:>7} | {put['rate']:>9.0f} | {put['p95']:>10.1f} | {bare['rate']:>10.0f} "
                  f"| {bare['p95']:>11.1f} | {t_ratio:>15.2f}× | {p_ratio:>8.2f}× | {met:<9} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
