"""The dossier PUT beside the bare insert, counted in CPU instructions (issue 17's first rows, without the noise).

    .venv/bin/python bench/put_instructions.py [--requests 100] [--backends sqlite,postgres]

``bench/put_bench.py`` measures throughput over HTTP, and its ratios are the goal; but on a
shared virtual machine one side's speed can drift by half between two runs a minute apart, so a
change worth a tenth cannot be seen there. This script counts instead: each side's ASGI app (the
real API's ``volunteer_app.api.asgi:app``, and ``bench/bare_insert_app.py``) is called in process,
``--requests`` times with the same body as put_bench (a new device UUID each), under Valgrind's
callgrind with instrumentation on only around those calls. The user-space instructions per
request (every thread: the event loop and the request threads) are the same from run to run to
within a few per mille. Not counted: the kernel (the commit's disk flush), the database server
of PostgreSQL, and what granian does in Rust in front of both sides (the same for both). What
the disk flush waits for is counted apart, on SQLite: the pages each commit writes to the WAL
(one client, each request its own commit).

Needs Valgrind (Debian package ``valgrind``: ``apt-get install valgrind``).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _count_here(side: str, requests: int, pages: bool = False) -> None:
    """In the child process under callgrind: warm the side up, then count ``requests`` PUTs.
    ``pages`` (SQLite, not under callgrind): print the WAL pages a PUT's commit writes instead."""
    from tests.support.dossiers import PROCEDURE, body
    from volunteer_app.domain.catalog import load_catalog

    if side == "bare":
        from bench.bare_insert_app import app
    else:
        from volunteer_app.api.asgi import app
    payload = json.dumps(body(catalog_version=load_catalog().entry(PROCEDURE).etag), ensure_ascii=False).encode()
    token = b"bench-device-token-" + b"x" * 24

    async def one() -> None:
        path = f"/api/v1/dossiers/{uuid.uuid4()}"
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "PUT",
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": [(b"host", b"127.0.0.1"), (b"content-type", b"application/json"),
                             (b"content-length", str(len(payload)).encode()), (b"x-dossier-token", token)],
                 "client": ("127.0.0.1", 5555), "server": ("127.0.0.1", 80), "state": {}}
        messages = [{"type": "http.request", "body": payload, "more_body": False}]
        statuses = []

        async def receive():
            if messages:
                return messages.pop()
            await asyncio.Event().wait()  # no disconnect while the answer is written

        async def send(message):
            if message["type"] == "http.response.start":
                statuses.append(message["status"])

        await app(scope, receive, send)
        if statuses != [201]:
            raise SystemExit(f"{side}: answered {statuses}, not 201")

    def instrument(on: bool) -> None:
        subprocess.run(["callgrind_control", "-i", "on" if on else "off", str(os.getpid())],
                       check=True, capture_output=True)

    async def main() -> None:
        for _ in range(30):  # imports, pools, catalog caches, prepared statements
            await one()
        if pages:
            print(await wal_pages())
            return
        instrument(True)
        for _ in range(requests):
            await one()
        instrument(False)

    async def wal_pages() -> float:
        """Pages written to the WAL per PUT: from an empty WAL, ``requests`` PUTs (each its own
        commit, one client), then the WAL's length in frames. Each frame is one page the commit
        wrote and its disk flush waited for."""
        import sqlite3

        watcher = sqlite3.connect(os.environ["DATABASE_URL"].removeprefix("sqlite:///"), isolation_level=None)
        watcher.execute("PRAGMA wal_autocheckpoint=0")  # the app's own come only after 1,000 pages
        watcher.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for _ in range(requests):
            await one()
        frames = watcher.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1]
        watcher.close()
        return frames / requests

    asyncio.run(main())


def wal_pages(side: str, env: dict) -> float:
    """WAL pages per PUT of ``side`` on SQLite (a child process, not under callgrind)."""
    out = subprocess.run([sys.executable, __file__, "--child", side, "--requests", "50", "--pages"], env=env,
                         capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        raise RuntimeError(f"{side}: WAL pages run failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return float(out.stdout.strip().splitlines()[-1])


def count(side: str, env: dict, requests: int, folder: Path) -> int:
    """Instructions per request of ``side`` ("put" or "bare"), in a child process under callgrind."""
    cmd = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={folder}/cg.%p.out",
           sys.executable, __file__, "--child", side, "--requests", str(requests)]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or found is None:
        raise RuntimeError(f"{side}: callgrind run failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return int(found.group(1)) // requests


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--backends", type=lambda s: s.split(","), default=["sqlite", "postgres"])
    parser.add_argument("--child", choices=["put", "bare"], help=argparse.SUPPRESS)
    parser.add_argument("--pages", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _count_here(args.child, args.requests, args.pages)
        return 0
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: apt-get install valgrind (see the docstring)")

    from tests.support import services
    from tests.support.accounts import bootstrap
    from tests.support.servers import base_env, migrate

    rows, pages = [], {}
    for name in args.backends:
        with tempfile.TemporaryDirectory(prefix=f"put-instructions-{name}-") as tmp:
            folder = Path(tmp)
            if name == "sqlite":
                url, drop = f"sqlite:///{folder / 'bench.db'}", None
            else:
                url, drop = services.create_postgres_database(os.environ.get("TEST_DATABASE_URL", services.PG_DEFAULT))
            try:
                # As put_bench: one token and one address send everything, so the limits are raised.
                env = base_env(DATA_DIR=folder, DATABASE_URL=url, BARE_DATABASE_URL=url, LOG_LEVEL="WARNING",
                               RATE_PUT_PER_TOKEN="1000000", RATE_PUT_PER_ADDRESS="10000000")
                migrate(env)
                bootstrap(env)
                put, bare = (count(side, env, args.requests, folder) for side in ("put", "bare"))
                rows.append((name, put, bare))
                if name == "sqlite":
                    pages = {side: wal_pages(side, env) for side in ("put", "bare")}
                print(f"  {name}: PUT {put / 1e6:.2f}M, bare {bare / 1e6:.2f}M instructions per request", flush=True)
            finally:
                if drop:
                    drop()
    print(f"\nInstructions per request in the API process (user space, callgrind), {args.requests} requests "
          f"in process through each side's ASGI app; granian's own work in front of both is not counted.\n")
    print(f"| {'database':<10} | {'PUT':>7} | {'bare insert':>11} | {'PUT / bare':>10} |")
    print(f"|{'-' * 12}|{'-' * 9}|{'-' * 13}|{'-' * 12}|")
    for name, put, bare in rows:
        label = "SQLite" if name == "sqlite" else "PostgreSQL"
        print(f"| {label:<10} | {put / 1e6:>6.2f}M | {bare / 1e6:>10.2f}M | {put / bare:>9.2f}× |")
    if "sqlite" in args.backends:
        print(f"\nSQLite: pages a commit writes to the WAL (and waits for the disk to hold), per request, one "
              f"client, 50 requests: PUT {pages['put']:.1f}, bare insert {pages['bare']:.1f}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
