"""Health check for load balancers and the run command."""
from __future__ import annotations

import os

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

import volunteer_app
from volunteer_app.core.config import get_settings
from volunteer_app.core.db import get_engine

router = APIRouter(prefix="/api/v1", tags=["health"])


class HealthOut(BaseModel):
    status: str
    version: str
    database: str
    redis: str
    worker: int


def _database_status() -> str:
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return "ok"
    except Exception:  # any driver error means "down"; the reason is not for the public
        return "down"


def _redis_status() -> str:
    url = get_settings().redis_url
    if not url:
        return "disabled"
    try:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        try:
            client.ping()
        finally:
            client.close()
        return "ok"
    except Exception:
        return "down"


@router.get("/health", response_model=HealthOut, responses={503: {"model": HealthOut}})
def health() -> JSONResponse:
    body = HealthOut(status="ok", version=volunteer_app.__version__, database=_database_status(),
                     redis=_redis_status(), worker=os.getpid())
    if body.database != "ok":
        body.status = "unavailable"
        return JSONResponse(body.model_dump(), status_code=503)
    if body.redis == "down":
        body.status = "degraded"
    return JSONResponse(body.model_dump())
