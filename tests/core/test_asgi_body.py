"""core/asgi_body.py: a body read whole in front of the app, then handed on as if unread."""
from __future__ import annotations

import asyncio

from volunteer_app.core.asgi_body import read_body, replaying


def messages(*items):
    queue = list(items)

    async def receive():
        return queue.pop(0)
    return receive


def test_a_body_in_chunks_is_read_whole_and_replayed_once_then_the_stream_goes_on():
    receive = messages({"type": "http.request", "body": b'{"a":', "more_body": True},
                       {"type": "http.request", "body": b' 1}', "more_body": False},
                       {"type": "http.disconnect"})

    async def go():
        body = await read_body(receive)
        again = replaying(body, receive)
        return body, await again(), await again()

    body, first, after = asyncio.run(go())
    assert body == b'{"a": 1}'
    assert first == {"type": "http.request", "body": b'{"a": 1}', "more_body": False}
    assert after == {"type": "http.disconnect"}  # what the client sends next, not the body again


def test_a_client_gone_before_its_body_ended_gives_no_body():
    receive = messages({"type": "http.request", "body": b"{", "more_body": True}, {"type": "http.disconnect"})
    assert asyncio.run(read_body(receive)) is None
