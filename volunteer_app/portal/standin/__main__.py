"""Run the stand-in portal as its own process (granian, one worker). DEVELOPMENT/DEMOS/TESTS ONLY.

    python -m volunteer_app.portal.standin --port 8090
    python -m volunteer_app.portal.standin --port 8090 --fault-rate 0.3 --seed 7 --step-s 0.2

Every flag has a STANDIN_* environment variable (config.py); flags win.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import fields

from volunteer_app.portal.standin.config import StandinConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m volunteer_app.portal.standin",
                                     description="Portal stand-in for development, demos and tests only.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8090)
    for f in fields(StandinConfig):
        parser.add_argument(f"--{f.name.replace('_', '-')}", type=type(f.default), default=None,
                            help=f"(env STANDIN_{f.name.upper()}; default {f.default!r})")
    args = parser.parse_args(argv)
    for f in fields(StandinConfig):
        value = getattr(args, f.name)
        if value is not None:
            os.environ[f"STANDIN_{f.name.upper()}"] = str(value)
    try:
        config = StandinConfig.from_env()  # fail fast with the variable's name
    except ValueError as exc:
        print(f"invalid stand-in setting: {exc}", file=sys.stderr)
        return 2
    print(f"Portal stand-in (development/tests only) on http://{args.host}:{args.port} "
          f"db={config.db} fault_rate={config.fault_rate} seed={config.seed}", flush=True)

    from granian import Granian

    Granian("volunteer_app.portal.standin.app:app_from_env", address=args.host, port=args.port,
            interface="asgi", factory=True, workers=1, log_access=False).serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
