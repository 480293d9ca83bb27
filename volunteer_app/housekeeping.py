"""Periodic clean-up beside the web server.

    python -m volunteer_app.housekeeping           # a round every HOUSEKEEPING_INTERVAL s until SIGTERM
    python -m volunteer_app.housekeeping --once    # one round, then exit (cron, tests)

A round removes unfinished uploads left idle (and their partial files), finished uploads that no
dossier uses after UNUSED_UPLOAD_HOURS (and their files), rate-limit windows that are over, and
sign-in sessions that ended (expired or revoked) more than SESSIONS_KEPT ago, returning
citizens' kept data past its retention (KEPT_DATA_MONTHS, services/returning/), and drafts
handed between volunteers that nobody collected within 7 days (services/draft_handover.py).
Every step is idempotent, so two copies running at once do no harm. Logs carry counts only.
"""
from __future__ import annotations

import argparse
import json
import logging
import signal
import threading
from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session

from volunteer_app.models import AuthSession, utcnow
from volunteer_app.services import draft_handover, ratelimit, returning, upload_purge

log = logging.getLogger("volunteer_app.housekeeping")

# Ended sessions stay a week for anyone looking into recent sign-ins; after that they are dead weight.
SESSIONS_KEPT = timedelta(days=7)


def purge_sessions(db: Session, now: datetime, kept: timedelta = SESSIONS_KEPT) -> int:
    cutoff = now - kept
    result = db.execute(delete(AuthSession).where(or_(AuthSession.expires_at < cutoff,
                                                      AuthSession.revoked_at < cutoff)))
    db.commit()
    return result.rowcount or 0


def run_once(engine: Engine, now: datetime | None = None) -> dict[str, int]:
    """One round; returns (and logs) how many rows of each kind were removed."""
    now = now or utcnow()
    with Session(engine) as db:
        counts = {"uploads_purged": upload_purge.purge_abandoned(db, now),
                  "unused_uploads_purged": upload_purge.purge_unused(db, now),
                  "ratelimit_windows_pruned": ratelimit.prune(db, now),
                  "sessions_deleted": purge_sessions(db, now),
                  "kept_records_expired": returning.purge_expired(db, now),
                  "handovers_expired": draft_handover.purge(db, now)}
    log.info(json.dumps({"event": "housekeeping", **counts}))
    return counts


def run(engine: Engine, interval_s: float, stop: threading.Event) -> None:
    """Rounds until ``stop`` is set; a failed round is logged (its kind only) and the next one tried."""
    while not stop.is_set():
        try:
            run_once(engine)
        except Exception as exc:  # noqa: BLE001 — the database may be away for a while
            log.error(json.dumps({"event": "housekeeping_failed", "error": type(exc).__name__}))
        stop.wait(interval_s)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m volunteer_app.housekeeping", description=__doc__.split("\n")[0])
    parser.add_argument("--once", action="store_true", help="run one round and exit")
    args = parser.parse_args(argv)

    from volunteer_app.core.config import get_settings
    from volunteer_app.core.db import get_engine
    from volunteer_app.core.logging import setup_logging

    settings = get_settings()
    setup_logging(settings.log_level)
    engine = get_engine(settings.database_url)
    if args.once:
        run_once(engine)
        return 0
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    run(engine, settings.housekeeping_interval_s, stop)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
