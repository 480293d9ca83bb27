"""Daily counts per state, procedure and centre; the overdue list; CSV export."""
from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, select

from volunteer_app.domain.deadlines import VN_TZ
from volunteer_app.domain.lifecycle import OVERDUE_TRACKED_STATES
from volunteer_app.models import Dossier, utcnow

from .actors import Actor
from .errors import ServiceError
from .staff import queue, scope

MAX_DAYS = 366


def daily_counts(db: Session, actor: Actor, start: date, end: date) -> list[dict[str, Any]]:
    """Dossiers by local creation day (Asia/Ho_Chi_Minh), current state, procedure and centre."""
    if end < start or (end - start).days > MAX_DAYS:
        raise ServiceError(422, "report.bad_range")
    lo = datetime.combine(start, time.min, tzinfo=VN_TZ)
    hi = datetime.combine(end + timedelta(days=1), time.min, tzinfo=VN_TZ)
    query = scope(select(Dossier.created_at, Dossier.state, Dossier.procedure_code, Dossier.centre_id), actor)
    rows = db.exec(query.where(Dossier.created_at >= lo, Dossier.created_at < hi)).all()
    counts = Counter((at.astimezone(VN_TZ).date().isoformat(), state, proc, centre)
                     for at, state, proc, centre in rows)
    return [{"day": d, "state": s, "procedure_code": p, "centre_id": c, "count": n}
            for (d, s, p, c), n in sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2], kv[0][3] or 0))]


def overdue(db: Session, actor: Actor, now: datetime | None = None) -> list[dict[str, Any]]:
    return queue(db, actor, overdue=True, limit=1000, now=now or utcnow())


def counts_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["day", "state", "procedure_code", "centre_id", "count"],
                            lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


__all__ = ["daily_counts", "overdue", "counts_csv", "OVERDUE_TRACKED_STATES"]
