"""The first-visit bench's anchor: a blank Reflex page, built and served like the app.

A minimal Reflex app written to a cache folder at bench time: the project's Reflex config
(Radix Themes plugin, no sitemap, no "built with Reflex" badge, npm) without the project's own
build plugin, and one page holding one text input, whose change runs a client-side script
(``window.__blankTyped``): the blank page's "usable" is that input typed and seen by React.
It is exported with the same Reflex (``reflex export --frontend-only``, the port baked in as the
app's is) and served in production mode the way ``volunteer_app.serve`` serves the app
(``run_backend_prod`` with the compiled frontend mounted, no recompile). The build is kept
between runs, keyed by the Reflex version, the port and this file.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from tests.support.servers import ServerProcess, base_env, free_port

RXCONFIG = '''import os

os.environ.setdefault("REFLEX_USE_NPM", "1")
os.environ.setdefault("REFLEX_TELEMETRY_ENABLED", "false")

import reflex as rx  # noqa: E402

PORT = int(os.environ["PORT"])
config = rx.Config(app_name="blank", backend_port=PORT, frontend_port=PORT, telemetry_enabled=False,
                   show_built_with_reflex=False, plugins=[rx.plugins.RadixThemesPlugin()],
                   disable_plugins=[rx.plugins.SitemapPlugin])
'''

APP = '''import reflex as rx


def index() -> rx.Component:
    return rx.input(id="probe", on_change=lambda _value: rx.call_script("window.__blankTyped = true"))


app = rx.App()
app.add_page(index, route="/")
'''

SERVE = '''import os
import sys

port = int(sys.argv[1])
os.environ.update(REFLEX_ENV_MODE="prod", REFLEX_SKIP_COMPILE="true", REFLEX_FRONTEND_PORT=str(port),
                  REFLEX_BACKEND_PORT=str(port))
from reflex.utils import exec as reflex_exec  # noqa: E402
from reflex_base import constants  # noqa: E402

reflex_exec.run_backend_prod("127.0.0.1", port, constants.LogLevel.WARNING, mount_frontend_compiled_app=True)
'''

VENV_BIN = Path(sys.executable).parent


def build(built_port: int) -> Path:
    """The blank app's folder with its production build for ``built_port`` (built once, then reused)."""
    key = hashlib.sha256(f"{version('reflex')}:{built_port}:{RXCONFIG}{APP}{SERVE}".encode()).hexdigest()[:12]
    folder = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "tiepsuc-bench" / f"blank-reflex-{key}"
    if (folder / ".web" / "build" / "client" / "index.html").exists():
        return folder
    (folder / "blank").mkdir(parents=True, exist_ok=True)
    (folder / "rxconfig.py").write_text(RXCONFIG)
    (folder / "blank" / "__init__.py").write_text("")
    (folder / "blank" / "blank.py").write_text(APP)
    (folder / "serve.py").write_text(SERVE)
    print(f"building the blank Reflex page in {folder} (once) ...", flush=True)
    subprocess.run([str(VENV_BIN / "reflex"), "export", "--frontend-only", "--no-zip", "--loglevel", "warning"],
                   cwd=folder, env=base_env(PORT=built_port), check=True)
    return folder


class BlankServer(ServerProcess):
    health_path = "/ping"  # Reflex's own


def server(folder: Path, built_port: int, log_path: Path) -> ServerProcess:
    port = free_port()
    return BlankServer([sys.executable, str(folder / "serve.py"), str(port)], base_env(PORT=built_port), port,
                       log_path, cwd=folder)
