"""Real server processes for the tests: start, wait until healthy, kill, restart."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(**overrides: str) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env.setdefault("REFLEX_USE_NPM", "1")
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    env.pop("REDIS_URL", None)
    env.update({k: str(v) for k, v in overrides.items()})
    return env


def migrate(env: dict) -> None:
    """Apply the Alembic migrations exactly as the run command does."""
    subprocess.run([str(VENV_BIN / "reflex"), "db", "migrate"], cwd=ROOT, env=env,
                   check=True, capture_output=True)


class ManagedProcess:
    """A process in its own process group, so a kill takes its children (workers) with it."""

    def __init__(self, cmd: list[str], env: dict, log_path: Path, cwd: Path = ROOT):
        self.cmd, self.env, self.log_path, self.cwd = cmd, env, log_path, cwd
        self.proc: subprocess.Popen | None = None

    def start(self) -> "ManagedProcess":
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(self.cmd, cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                         start_new_session=True)
        return self

    def kill(self) -> None:
        """SIGKILL the whole process group: the harshest crash, nothing gets to clean up."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


class ServerProcess(ManagedProcess):
    """A server process; start() returns once its health endpoint answers."""

    health_path = "/api/v1/health"  # a plain Reflex app answers /ping instead

    def __init__(self, cmd: list[str], env: dict, port: int, log_path: Path, cwd: Path = ROOT):
        super().__init__(cmd, env, log_path, cwd)
        self.port = port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> "ServerProcess":
        super().start()
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float) -> None:
        # Polls a condition (the health endpoint) with a deadline: not a fixed sleep.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc and self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode}; log: {self.log_path}\n"
                                   + self.log_path.read_text(errors="replace")[-3000:])
            try:
                if httpx.get(f"{self.url}{self.health_path}", timeout=2).status_code in (200, 503):
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError(f"server did not answer within {timeout}s; log: {self.log_path}")

    def restart(self) -> "ServerProcess":
        self.kill()
        return self.start()


def api_server(env: dict, log_path: Path, workers: int = 1) -> ServerProcess:
    """The FastAPI app alone (no Reflex frontend) behind granian, over real HTTP."""
    port = free_port()
    cmd = [str(VENV_BIN / "granian"), "--interface", "asgi", "--host", "127.0.0.1", "--port", str(port),
           "--workers", str(workers), "volunteer_app.api.asgi:app"]
    return ServerProcess(cmd, env, port, log_path)


def app_server(env: dict, log_path: Path) -> ServerProcess:
    """The whole production app (Reflex + API) on one port, from the existing build."""
    port = int(env["PORT"])
    return ServerProcess([sys.executable, "-m", "volunteer_app.serve"], env, port, log_path)
