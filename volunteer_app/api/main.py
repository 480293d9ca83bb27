"""Assemble the FastAPI app that Reflex mounts itself inside (api_transformer)."""
from __future__ import annotations

import importlib
import logging
import math

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

import volunteer_app
from volunteer_app.api.errors import message
from volunteer_app.api.methods import AllowedMethodsMiddleware
from volunteer_app.core.clean_json import CleanJsonMiddleware
from volunteer_app.core.config import get_settings
from volunteer_app.core.db import is_stall
from volunteer_app.core.request_limits import RequestLimitsMiddleware
from volunteer_app.portal import callback as portal_callback

log = logging.getLogger("volunteer_app.api")

# Each module under api/routes exposes `router`.
ROUTE_MODULES = ("health", "auth", "catalog", "dossiers", "uploads", "staff", "lookup", "returning", "reports", "admin",
                 "catalog_admin", "devices", "transfers")


def create_api() -> FastAPI:
    # /docs stays free for Reflex pages; the OpenAPI document is at /openapi.json.
    api = FastAPI(title="Tiếp Sức API", version=volunteer_app.__version__, docs_url="/api/docs", redoc_url=None,
                  openapi_url="/openapi.json")
    routers = [importlib.import_module(f"volunteer_app.api.routes.{name}").router for name in ROUTE_MODULES]
    routers.append(portal_callback.router)  # status callbacks from the portal (signed)
    for router in routers:
        add_routes(api, router)
    hot_first(api)
    api.add_middleware(AllowedMethodsMiddleware, openapi=api.openapi)  # OPTIONS and 405: Allow as documented
    api.add_middleware(CleanJsonMiddleware)  # NUL / lone surrogates: a clear 422 on both databases
    api.add_middleware(RequestLimitsMiddleware)  # added last = outermost: no body is read whole before it
    api.add_exception_handler(OperationalError, database_stalled)
    api.add_exception_handler(PoolTimeout, database_stalled)
    return api


def add_routes(api: FastAPI, router: APIRouter) -> None:
    """The router's routes as the app's own. FastAPI 0.165 keeps an included router as a branch
    that every request walks (its routes' version summed, its candidates rebuilt or checked), a
    cost per request that grows with the routes; ours carry their full paths and tags already (no
    prefix, dependencies or other options given at inclusion), so they are added as they are."""
    api.router.routes.extend(router.routes)


# Matched first: every device's sync sends it (issue 17). No other route takes a PUT on this
# path, so its place in the list changes nothing but the routes walked before it (~100).
HOT_ROUTES = (("PUT", "/api/v1/dossiers/{client_uuid}"),)


def hot_first(api: FastAPI) -> None:
    def hot(route) -> bool:
        methods = getattr(route, "methods", None) or ()
        return any(getattr(route, "path", None) == path and method in methods for method, path in HOT_ROUTES)

    routes = api.router.routes
    routes[:] = [r for r in routes if hot(r)] + [r for r in routes if not hot(r)]


def stall_retry_after() -> int:
    return max(1, math.ceil(get_settings().db_lock_timeout_s))


async def database_stalled(request: Request, exc: Exception) -> JSONResponse:
    """A database too busy to answer in time (a held lock, an exhausted pool) is a 503 the client
    retries after Retry-After; the request changed nothing. Any other database error stays a 500."""
    if not is_stall(exc):
        raise exc
    seconds = stall_retry_after()
    log.warning("database stalled: %s", type(exc).__name__)
    return JSONResponse({"detail": message("server.busy", seconds=seconds)}, status_code=503,
                        headers={"Retry-After": str(seconds)})
