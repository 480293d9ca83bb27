"""Assemble the FastAPI app that Reflex mounts itself inside (api_transformer)."""
from __future__ import annotations

import importlib
import logging

from fastapi import FastAPI

import volunteer_app
from volunteer_app.core.clean_json import CleanJsonMiddleware
from volunteer_app.portal import callback as portal_callback

log = logging.getLogger("volunteer_app.api")

# Each module under api/routes exposes `router`.
ROUTE_MODULES = ("health", "auth", "catalog", "dossiers", "uploads", "staff", "lookup", "reports", "admin")


def create_api() -> FastAPI:
    # /docs stays free for Reflex pages; the OpenAPI document is at /openapi.json.
    api = FastAPI(title="Tiếp Sức API", version=volunteer_app.__version__, docs_url="/api/docs", redoc_url=None,
                  openapi_url="/openapi.json")
    for name in ROUTE_MODULES:
        module = importlib.import_module(f"volunteer_app.api.routes.{name}")
        api.include_router(module.router)
    api.include_router(portal_callback.router)  # status callbacks from the portal (signed)
    api.add_middleware(CleanJsonMiddleware)  # NUL / lone surrogates: a clear 422 on both databases
    return api
