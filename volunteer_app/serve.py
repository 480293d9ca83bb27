"""Serve the already-built production app on one port, without rebuilding it.

`reflex run --env prod` always recompiles and rebuilds the frontend (5-30 s). The run
command builds only when the sources changed (see ./tiepsuc) and then starts the same
production backend directly, with the compiled frontend mounted on the same port.
"""
from __future__ import annotations

import os
import sys


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends it SIGTERM when the server dies, even by SIGKILL
    (atexit never runs then), so a crashed server leaves no helper behind to multiply."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: atexit below still stops it on a normal exit


def start_beside(module: str):
    """A helper process beside the web server; it stops when the server does. Started here,
    in the one parent process, so it runs once however many web workers there are."""
    import atexit
    import subprocess

    worker = subprocess.Popen([sys.executable, "-m", module], preexec_fn=_die_with_parent)
    atexit.register(worker.terminate)
    return worker


def start_portal_worker() -> None:
    start_beside("volunteer_app.portal.worker")


def start_housekeeping() -> None:
    start_beside("volunteer_app.housekeeping")


def main() -> None:
    from volunteer_app.core.config import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as exc:
        sys.exit(f"Cấu hình không hợp lệ / invalid setting: {exc}")
    os.environ["REFLEX_ENV_MODE"] = "prod"
    os.environ["REFLEX_SKIP_COMPILE"] = "true"
    os.environ["REFLEX_FRONTEND_PORT"] = os.environ["REFLEX_BACKEND_PORT"] = str(settings.port)
    from reflex.utils import exec as reflex_exec
    from reflex_base import constants

    start_housekeeping()
    if settings.portal_url:
        start_portal_worker()
    host = os.environ.get("HOST", "0.0.0.0")
    level = constants.LogLevel.INFO if settings.log_level == "DEBUG" else constants.LogLevel.WARNING
    reflex_exec.run_backend_prod(host, settings.port, level, mount_frontend_compiled_app=True)


if __name__ == "__main__":
    main()
