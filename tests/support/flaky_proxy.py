"""A small, seeded, unreliable HTTP proxy, run as a separate process.

    python -m tests.support.flaky_proxy --upstream 127.0.0.1:3999 --port 4100 --seed 6 --rate 0.333

One request per connection (the proxy answers ``Connection: close``). Of the requests to
``/api/`` a fraction ``rate`` misbehaves, chosen by a seeded RNG; each of those is one of:

- ``drop-request``: the connection is closed before anything reaches the server;
- ``drop-response``: the request reaches the server (which acts on it) but the reply is lost,
  the case that makes idempotency matter;
- ``delay``: forwarded after 0.3–1.5 s.

Pages and static files pass untouched (the device side loads them from its cache anyway).
``GET /__proxy/stats`` answers JSON counters: requests, faults by kind, bytes each way on the
wire (request and response, headers included) and PATCH body bytes. ``POST /__proxy/reset``
zeroes them; ``POST /__proxy/rate?value=0`` changes the fault rate.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
from urllib.parse import parse_qs, urlsplit

STATS: dict = {}


def reset() -> None:
    STATS.clear()
    STATS.update({"requests": 0, "api_requests": 0, "drop-request": 0, "drop-response": 0, "delay": 0,
                  "bytes_up": 0, "bytes_down": 0, "patch_body_bytes": 0, "puts": 0})


async def read_head(reader: asyncio.StreamReader) -> bytes:
    return await reader.readuntil(b"\r\n\r\n")


def parse_head(head: bytes) -> tuple[str, str, list[tuple[str, str]]]:
    lines = head.decode("latin-1").split("\r\n")
    method, target, _ = lines[0].split(" ", 2)
    headers = []
    for line in lines[1:]:
        if line:
            k, _, v = line.partition(":")
            headers.append((k.strip(), v.strip()))
    return method, target, headers


def build_head(first: str, headers: list[tuple[str, str]]) -> bytes:
    return (first + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n").encode("latin-1")


async def respond(writer: asyncio.StreamWriter, status: str, body: bytes, ctype: str = "application/json") -> None:
    writer.write(build_head(f"HTTP/1.1 {status}", [("Content-Type", ctype), ("Content-Length", str(len(body))),
                                                   ("Connection", "close")]) + body)
    await writer.drain()
    writer.close()


class Proxy:
    def __init__(self, upstream: tuple[str, int], seed: int, rate: float):
        self.upstream, self.rng, self.rate = upstream, random.Random(seed), rate

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await read_head(reader)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
            writer.close()
            return
        method, target, headers = parse_head(head)
        path = urlsplit(target).path
        if path.startswith("/__proxy/"):
            await self.control(writer, method, target)
            return
        length = int(next((v for k, v in headers if k.lower() == "content-length"), "0") or 0)
        body = await reader.readexactly(length) if length else b""
        STATS["requests"] += 1
        fault = None
        if path.startswith("/api/"):
            STATS["api_requests"] += 1
            if self.rng.random() < self.rate:
                fault = self.rng.choice(["drop-request", "drop-response", "delay"])
        if fault:
            STATS[fault] += 1
        if fault == "drop-request":
            writer.close()
            return
        if fault == "delay":
            await asyncio.sleep(self.rng.uniform(0.3, 1.5))
        if any(k.lower() == "upgrade" for k, _ in headers):  # a websocket: pass it through
            await self.tunnel(reader, writer, head + body)
            return
        out_headers = [(k, v) for k, v in headers if k.lower() not in ("connection", "keep-alive", "proxy-connection")]
        out_headers.append(("Connection", "close"))
        request = build_head(head.decode("latin-1").split("\r\n", 1)[0], out_headers) + body
        STATS["bytes_up"] += len(request)
        if method == "PATCH":
            STATS["patch_body_bytes"] += len(body)
        if method == "PUT":
            STATS["puts"] += 1
        try:
            up_r, up_w = await asyncio.open_connection(*self.upstream)
        except OSError:
            await respond(writer, "502 Bad Gateway", b'{"detail":"upstream down"}')
            return
        try:
            up_w.write(request)
            await up_w.drain()
            response = await up_r.read()  # Connection: close → the whole response
        except ConnectionError:
            response = b""
        finally:
            up_w.close()
        if fault == "drop-response" or not response:
            writer.close()
            return
        STATS["bytes_down"] += len(response)
        try:
            writer.write(response)
            await writer.drain()
        except ConnectionError:
            pass
        writer.close()

    async def tunnel(self, reader, writer, first: bytes) -> None:
        up_r, up_w = await asyncio.open_connection(*self.upstream)
        up_w.write(first)

        async def pipe(src, dst):
            try:
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            except ConnectionError:
                pass
            finally:
                dst.close()

        await asyncio.gather(pipe(reader, up_w), pipe(up_r, writer))

    async def control(self, writer, method: str, target: str) -> None:
        parts = urlsplit(target)
        if parts.path == "/__proxy/reset":
            reset()
        elif parts.path == "/__proxy/rate":
            self.rate = float(parse_qs(parts.query).get("value", ["0"])[0])
        await respond(writer, "200 OK", json.dumps({**STATS, "rate": self.rate}).encode())


async def main(args) -> None:
    reset()
    host, _, port = args.upstream.rpartition(":")
    proxy = Proxy((host, int(port)), args.seed, args.rate)
    server = await asyncio.start_server(proxy.handle, "127.0.0.1", args.port, limit=1 << 20)
    print(f"flaky proxy on 127.0.0.1:{args.port} → {args.upstream}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--rate", type=float, default=1 / 3)
    asyncio.run(main(parser.parse_args()))
