"""The dossier PUT's fast path (api/fast_put.py, issue 17) adds no behaviour, on SQLite and
PostgreSQL: a well-formed PUT is answered without the app's layers and gets the very receipt the
route gives; everything else reaches the app with its body unchanged and gets the app's answer.

In process (httpx's ASGI transport) so the test can see which layer answered: the app behind the
fast path records every request it receives. Each case is sent once through the fast path and
once to the app alone, and the two answers must be the same.
"""
from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tests.support.dossiers import body, new_token, new_uuid
from volunteer_app.core import config
from volunteer_app.core.db import get_engine


class Recording:
    """The FastAPI app, noting the body of every HTTP request it is given."""

    def __init__(self, app):
        self.app, self.bodies = app, []

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        chunks: list[bytes] = []

        async def noted():
            message = await receive()
            chunks.append(message.get("body", b""))
            return message

        try:
            await self.app(scope, noted, send)
        finally:
            self.bodies.append(b"".join(chunks))


@pytest.fixture
def apps(db_env, accounts, monkeypatch):
    """(the app behind its fast path, the app alone), both in this process on the module's database."""
    for name, value in {"DATA_DIR": db_env["DATA_DIR"], "DATABASE_URL": db_env["DATABASE_URL"],
                        "RATE_PUT_PER_ADDRESS": "100000", "MAX_BODY_KB": "64"}.items():
        monkeypatch.setenv(name, value)
    config.get_settings.cache_clear()
    get_engine.cache_clear()
    from volunteer_app.api.fast_put import fast_put
    from volunteer_app.api.main import create_api

    inner = Recording(create_api())
    yield fast_put(inner), inner
    get_engine(db_env["DATABASE_URL"]).dispose()
    get_engine.cache_clear()
    config.get_settings.cache_clear()


def send(app, path: str, content, headers: dict) -> httpx.Response:
    async def go():
        transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 4000))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            return await client.put(path, content=content, headers=headers)

    return asyncio.run(go())


def encoded(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False).encode()


def test_a_well_formed_put_is_answered_by_the_fast_path_with_the_routes_receipt(apps):
    fast, inner = apps
    client_uuid, token = new_uuid(), new_token()
    headers = {"Content-Type": "application/json", "X-Dossier-Token": token}
    first = send(fast, f"/api/v1/dossiers/{client_uuid}", encoded(body()), headers)
    assert first.status_code == 201, first.text
    assert inner.bodies == [], "the app was asked: the fast path did not answer"
    assert first.headers["content-type"] == "application/json"
    receipt = first.json()
    assert set(receipt) == {"client_uuid", "code", "pin", "version", "state", "received_at", "due_at"}
    # A repeat, through the fast path and through the route: the same receipt.
    again = send(fast, f"/api/v1/dossiers/{client_uuid}", encoded(body()), headers)
    by_route = send(inner, f"/api/v1/dossiers/{client_uuid}", encoded(body()), headers)
    assert again.status_code == by_route.status_code == 200
    assert again.json() == by_route.json() == receipt
    # Upper-case UUID letters name the same dossier, as on the route.
    upper = send(fast, f"/api/v1/dossiers/{client_uuid.upper()}", encoded(body()), headers)
    assert upper.status_code == 200 and upper.json() == receipt


def _chunks(data: bytes):
    async def gen():
        yield data[:10]
        yield data[10:]
    return gen()


JSON = {"Content-Type": "application/json"}
REFUSED_BY_THE_MODELS = {  # name: (path, body bytes or a chunk generator's data, headers)
    "not JSON": (None, b'{"procedure_code": "2.000635", ', JSON),
    "a version that is not a whole number": (None, encoded({**body(), "version": 1.5}), JSON),
    "a token over 200 characters": (None, encoded(body()), {**JSON, "X-Dossier-Token": "t" * 201}),
    "not declared JSON": (None, encoded(body()), {"Content-Type": "text/plain"}),
    "a NUL in an answer": (None, encoded(body(answers={"applicant_name": "An\u0000"})), JSON),
    "a body over the limit": (None, encoded(body(answers={"note": "x" * 70_000})), JSON),  # the app reads none of it
    "a path that is no UUID": ("/api/v1/dossiers/not-a-uuid", encoded(body()), JSON),
}


@pytest.mark.parametrize("case", list(REFUSED_BY_THE_MODELS))
def test_everything_else_reaches_the_app_unchanged_and_gets_its_answer(apps, case):
    fast, inner = apps
    path, content, headers = REFUSED_BY_THE_MODELS[case]
    headers = {"X-Dossier-Token": new_token(), **headers}
    through = send(fast, path or f"/api/v1/dossiers/{new_uuid()}", content, headers)
    read = b"" if case == "a body over the limit" else content  # refused on its declared length
    assert inner.bodies == [read], "the app did not get the request, or not its very bytes"
    alone = send(inner, path or f"/api/v1/dossiers/{new_uuid()}", content, headers)
    assert through.status_code == alone.status_code and through.status_code in (400, 413, 415, 422)
    assert through.json() == alone.json()


def test_a_chunked_body_reaches_the_app_whole(apps):
    fast, inner = apps
    data = encoded(body())
    headers = {**JSON, "X-Dossier-Token": new_token()}
    through = send(fast, f"/api/v1/dossiers/{new_uuid()}", _chunks(data), headers)
    assert inner.bodies == [data]
    assert through.status_code == 201, through.text


REFUSED_BY_THE_SERVICE = {  # well-formed, so the fast path runs the service: its refusals are the route's
    "an unknown procedure": (body(procedure_code="9.999999"), True),
    "an answer key the procedure does not define": (body(answers={"favourite_colour": "red"}), True),
    "no token and no session": (body(), False),
}


@pytest.mark.parametrize("case", list(REFUSED_BY_THE_SERVICE))
def test_the_services_refusals_are_answered_as_the_route_answers_them(apps, case):
    fast, inner = apps
    payload, with_token = REFUSED_BY_THE_SERVICE[case]

    def headers() -> dict:
        return {**JSON, **({"X-Dossier-Token": new_token()} if with_token else {})}

    through = send(fast, f"/api/v1/dossiers/{new_uuid()}", encoded(payload), headers())
    assert inner.bodies == [], "the app was asked: the fast path did not answer"
    alone = send(inner, f"/api/v1/dossiers/{new_uuid()}", encoded(payload), headers())
    assert through.status_code == alone.status_code and 400 <= through.status_code < 500
    assert through.json() == alone.json()
    assert through.headers.get("retry-after") == alone.headers.get("retry-after")
