"""The stand-in's own SQLite state: issued codes, the daily sequence, request counts.

Every write runs in a BEGIN IMMEDIATE transaction under one lock, so the same Idempotency-Key
arriving twice at once (a hedge or a retry racing a hung first try; the app runs each submission
in its own thread) still yields one dossier and one code. Reads take the lock too: the
connection is shared between those threads.
"""
from __future__ import annotations

import json
import random
import sqlite3
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

VN_TZ = timezone(timedelta(hours=7))  # Asia/Ho_Chi_Minh: the receipt date of the code
NORMAL_PATH = ("received", "processing", "result_ready", "returned")
SUPPLEMENT_PATH = ("received", "processing", "supplement_requested")

SCHEMA = """
CREATE TABLE IF NOT EXISTS dossier (
    official_code TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    client_ref TEXT NOT NULL,
    version INTEGER NOT NULL,
    body_hash TEXT NOT NULL,
    received_at TEXT NOT NULL,
    path TEXT NOT NULL,
    bumps INTEGER NOT NULL DEFAULT 0,
    bumped_at TEXT,
    callback_url TEXT NOT NULL DEFAULT '',
    notified_index INTEGER NOT NULL DEFAULT -1
);
CREATE TABLE IF NOT EXISTS day_sequence (day TEXT PRIMARY KEY, last INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS request_count (idempotency_key TEXT PRIMARY KEY, requests INTEGER NOT NULL);
"""


class Conflict(Exception):
    """The Idempotency-Key was used before with a different body."""


class Store:
    def __init__(self, path: str, unit_code: str, seed: int, supplement_rate: float):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.unit_code, self.seed, self.supplement_rate = unit_code, seed, supplement_rate
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def _tx(self):
        store = self

        class _Tx:
            def __enter__(self):
                store._lock.acquire()
                store._db.execute("BEGIN IMMEDIATE")
                return store._db

            def __exit__(self, exc_type, *_):
                try:
                    store._db.execute("ROLLBACK" if exc_type else "COMMIT")
                finally:
                    store._lock.release()

        return _Tx()

    def _path_for(self, key: str) -> tuple[str, ...]:
        draw = random.Random(f"{self.seed}:{key}").random()  # deterministic per key
        return SUPPLEMENT_PATH if draw < self.supplement_rate else NORMAL_PATH

    def submit(self, key: str, client_ref: str, version: int, body_hash: str, callback_url: str,
               now: datetime) -> tuple[dict, bool]:
        """Return (dossier, created). Same key + same body → the first answer, created=False."""
        with self._tx() as db:
            db.execute("INSERT INTO request_count VALUES (?, 1) ON CONFLICT(idempotency_key) "
                       "DO UPDATE SET requests = requests + 1", (key,))
            row = db.execute("SELECT * FROM dossier WHERE idempotency_key = ?", (key,)).fetchone()
            if row is not None:
                if row["body_hash"] != body_hash:
                    raise Conflict(key)
                return dict(row), False
            day = now.astimezone(VN_TZ).strftime("%y%m%d")
            seq = db.execute("INSERT INTO day_sequence VALUES (?, 1) ON CONFLICT(day) DO UPDATE SET last = last + 1 "
                             "RETURNING last", (day,)).fetchone()[0]
            code = f"{self.unit_code}-{day}-{seq:04d}"
            db.execute("INSERT INTO dossier (official_code, idempotency_key, client_ref, version, body_hash, "
                       "received_at, path, callback_url) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (code, key, client_ref, version, body_hash, now.isoformat(),
                        json.dumps(self._path_for(key)), callback_url))
            row = db.execute("SELECT * FROM dossier WHERE official_code = ?", (code,)).fetchone()
            return dict(row), True

    def get(self, code: str) -> dict | None:
        with self._lock:  # one connection, shared with the submissions' threads: one user at a time
            row = self._db.execute("SELECT * FROM dossier WHERE official_code = ?", (code,)).fetchone()
        return dict(row) if row else None

    def all(self) -> list[dict]:
        with self._lock:
            return [dict(r) for r in self._db.execute("SELECT * FROM dossier ORDER BY official_code")]

    def advance(self, code: str | None, steps: int, now: datetime) -> int:
        with self._tx() as db:
            where, args = ("WHERE official_code = ?", (code,)) if code else ("", ())
            cur = db.execute(f"UPDATE dossier SET bumps = bumps + ?, bumped_at = ? {where}",
                             (steps, now.isoformat(), *args))
            return cur.rowcount

    def mark_notified(self, code: str, index: int) -> None:
        with self._tx() as db:
            db.execute("UPDATE dossier SET notified_index = MAX(notified_index, ?) WHERE official_code = ?",
                       (index, code))

    def stats(self) -> dict:
        with self._lock:
            counts = self._db.execute("SELECT * FROM request_count").fetchall()
            dossiers = self._db.execute("SELECT idempotency_key, official_code, client_ref, version FROM dossier").fetchall()
        per_key = {r["idempotency_key"]: {"requests": r["requests"], "created": 0, "official_code": None} for r in counts}
        per_version: dict[str, int] = {}
        for r in dossiers:
            entry = per_key.setdefault(r["idempotency_key"], {"requests": 0, "created": 0, "official_code": None})
            entry["created"] += 1
            entry["official_code"] = r["official_code"]
            ref = f"{r['client_ref']}:v{r['version']}"
            per_version[ref] = per_version.get(ref, 0) + 1
        return {"dossiers": sum(per_version.values()), "requests": sum(e["requests"] for e in per_key.values()),
                "per_key": per_key, "per_dossier_version": per_version}


def timeline(row: dict, step_s: float, now: datetime) -> tuple[int, list[dict]]:
    """(index of the current status, history) of a stored dossier at ``now``."""
    path = json.loads(row["path"])
    received = datetime.fromisoformat(row["received_at"])
    by_time = int((now - received).total_seconds() // step_s) if step_s > 0 else 0
    index = min(len(path) - 1, max(0, by_time) + row["bumps"])
    bumped = datetime.fromisoformat(row["bumped_at"]) if row.get("bumped_at") else received
    history = []
    for i in range(index + 1):
        at = received + timedelta(seconds=i * step_s) if step_s > 0 else received
        if i > by_time:  # reached through /_admin/advance
            at = max(at, bumped)
        history.append({"status": path[i], "at": at.isoformat()})
    return index, history
