"""Attachment store cost (issue 16, "Scale beyond one machine"): one 20 MB upload written in tus
PATCHes of 4 MB (64 KiB pieces, as a request body streams in) and its checks read back, then the
finished file streamed out, through the folder store and the database store, on SQLite and on
PostgreSQL. In-process, through ``services.blob_store`` itself (the HTTP path around it is the
same for both stores).

    .venv/bin/python bench/attachment_store_bench.py [--mb 20] [--runs 3] [--backends sqlite,postgres]

Prints, per backend and store, the medians of write, read-back and stream-out in MB/s, and the
peak Python heap of the run (tracemalloc): it must stay far below the file's size (bounded memory).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, SQLModel, create_engine  # noqa: E402

from volunteer_app.core.config import load_settings  # noqa: E402
from volunteer_app.models import Attachment  # noqa: E402
from volunteer_app.services.blob_store import iter_blocks, make_store  # noqa: E402

PIECE = 64 * 1024
PATCH = 4 * 1024 * 1024


def one_run(store, engine, data: bytes) -> tuple[float, float, float]:
    key, lock = secrets.token_hex(20), secrets.token_hex(16)
    att = Attachment(id=secrets.token_hex(16), dossier_uuid=str(secrets.token_hex(18)), procedure_code="x",
                     document_id="d", sha256=hashlib.sha256(data).hexdigest(), declared_mime="image/png",
                     length=len(data), storage_key=key, device_token_hash="h" * 64, lock_token=lock)
    with Session(engine) as s:
        s.add(att)
        s.commit()
        upload_id = att.id
    store.start(key)
    started = time.perf_counter()
    view = memoryview(data)  # slices without copies: the heap figure is the store's own
    for offset in range(0, len(data), PATCH):
        writer = store.writer(key, offset, upload_id, lock)
        part = view[offset:offset + PATCH]
        for at in range(0, len(part), PIECE):
            if writer.add(part[at:at + PIECE]):
                writer.flush()
        writer.finish()
        writer.abandon()
    wrote = time.perf_counter() - started
    started = time.perf_counter()
    digest = hashlib.sha256()
    with store.open(key, partial=True) as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    assert digest.hexdigest() == att.sha256
    checked = time.perf_counter() - started
    store.publish(key)
    started = time.perf_counter()
    size = sum(len(b) for b in iter_blocks(store.open(key)))
    assert size == len(data)
    streamed = time.perf_counter() - started
    store.delete(key)
    return wrote, checked, streamed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args()
    data = os.urandom(args.mb * 1024 * 1024)
    print(f"{'backend':9} {'store':9} {'write MB/s':>10} {'check MB/s':>10} {'stream MB/s':>11} {'peak heap MB':>12}")
    for backend in args.backends.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            if backend == "sqlite":
                url, drop = f"sqlite:///{tmp}/bench.db", None
            else:
                from tests.support.services import PG_DEFAULT, create_postgres_database

                url, drop = create_postgres_database(os.environ.get("TEST_DATABASE_URL", PG_DEFAULT))
            engine = create_engine(url)
            SQLModel.metadata.create_all(engine)
            try:
                for kind in ("folder", "database"):
                    settings = load_settings({"DATA_DIR": tmp, "DATABASE_URL": url, "SECRET_KEY": "k" * 40,
                                              "ATTACHMENT_STORE": kind})
                    store = make_store(settings, engine)
                    tracemalloc.start()
                    runs = [one_run(store, engine, data) for _ in range(args.runs)]
                    peak = tracemalloc.get_traced_memory()[1]
                    tracemalloc.stop()
                    rate = [args.mb / statistics.median(r[i] for r in runs) for i in range(3)]
                    print(f"{backend:9} {kind:9} {rate[0]:10.0f} {rate[1]:10.0f} {rate[2]:11.0f} {peak / 2**20:12.1f}")
            finally:
                engine.dispose()
                if drop:
                    drop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
