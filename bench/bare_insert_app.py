"""The anchor of bench/put_bench.py: a bare FastAPI app doing one ``INSERT … ON CONFLICT DO NOTHING``.

    BARE_DATABASE_URL=sqlite:///…  granian --interface asgi bench.bare_insert_app:app

Same route, body and header as the dossier PUT, same granian, the same engine settings
(``volunteer_app.core.db.get_engine``: pool, WAL, busy timeout) and a comparable table (the
device's UUID as key, the token hash, the JSON body, a timestamp); no validation, no codes, no
audit row, no ORM. What the project's PUT costs beyond this is its own work.
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from typing import Annotated, Any

from fastapi import FastAPI, Header, Path
from fastapi.responses import JSONResponse
from sqlalchemy import text

from volunteer_app.core.db import get_engine

TABLE = """CREATE TABLE IF NOT EXISTS bench_bare_dossier (
    client_uuid VARCHAR(36) PRIMARY KEY,
    device_token_hash VARCHAR(64) NOT NULL,
    body TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL
)"""
INSERT = text("INSERT INTO bench_bare_dossier (client_uuid, device_token_hash, body, received_at) "
              "VALUES (:uuid, :token, :body, :at) ON CONFLICT (client_uuid) DO NOTHING")

engine = get_engine(os.environ["BARE_DATABASE_URL"])
with engine.begin() as conn:
    conn.execute(text(TABLE))

app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/api/v1/health")
def health() -> dict:
    return {"status": "ok"}


@app.put("/api/v1/dossiers/{client_uuid}", status_code=201)
def put(client_uuid: Annotated[str, Path(max_length=36)], body: dict[str, Any],
        x_dossier_token: Annotated[str, Header()]) -> JSONResponse:
    with engine.begin() as conn:
        conn.execute(INSERT, {"uuid": client_uuid, "token": hashlib.sha256(x_dossier_token.encode()).hexdigest(),
                              "body": json.dumps(body, ensure_ascii=False), "at": datetime.now(timezone.utc)})
    return JSONResponse({"client_uuid": client_uuid}, status_code=201)
