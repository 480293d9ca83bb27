"""The helper processes the server starts beside itself (housekeeping, the portal worker) die
with it, even when it is SIGKILLed: a crashed server must not leave helpers to multiply."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from tests.support.servers import ROOT, base_env, migrate

PARENT = """
import sys, time
from volunteer_app.serve import start_beside
child = start_beside("volunteer_app.housekeeping")
print(child.pid, flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"  # a zombie has died
    except FileNotFoundError:
        return False


def test_housekeeping_dies_with_a_killed_server(tmp_path):
    env = base_env(DATA_DIR=tmp_path, DATABASE_URL=f"sqlite:///{tmp_path / 'h.db'}")
    migrate(env)
    parent = subprocess.Popen([sys.executable, "-c", PARENT], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        child = int(parent.stdout.readline())
        assert _alive(child)
        os.kill(parent.pid, signal.SIGKILL)  # no atexit, no cleanup: only the kernel can tell the child
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)  # polling a condition (the child's state), bounded by the deadline
        assert not _alive(child), "the housekeeping process outlived the killed server"
    finally:
        if parent.poll() is None:
            parent.kill()
