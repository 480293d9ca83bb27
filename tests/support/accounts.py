"""Create accounts the way an operator does: through the bootstrap command."""
from __future__ import annotations

import re
import subprocess
import sys

from tests.support.servers import ROOT

DEMO_VOLUNTEER = ("tnv.demo", "tiepsuc-tnv-demo")
DEMO_STAFF = ("canbo.demo", "tiepsuc-canbo-demo")


def bootstrap(env: dict, demo: bool = True) -> str | None:
    """Run the bootstrap; return the admin one-time password when it was created now."""
    out = subprocess.run([sys.executable, "-m", "volunteer_app.cli", "bootstrap", *(["--demo"] if demo else [])],
                         cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    match = re.search(r"one-time password: (\S+)", out)
    return match.group(1) if match else None


def login(client, username: str, password: str):
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})
