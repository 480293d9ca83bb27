"""A reverse proxy that counts every byte on the wire and can shape the link (first-visit bench).

    proxy = WireProxy(("127.0.0.1", app_port), listen_port).start()   # its own thread and loop
    proxy.configure(("127.0.0.1", app_port), THREE_G)                 # between visits
    ... drive the browser at http://127.0.0.1:<listen_port> ...
    summary = summarize(proxy.exchanges())

Each browser connection gets its own upstream connection, so keep-alive, websockets and the
service worker's fetches behave as they do without the proxy; the bytes are only watched: the
framer (bench/wire_model.py) splits each connection into request/response exchanges with their
head and body sizes as they crossed the wire (gzip as served, headers included). With a shape,
the link model (same module) decides when each packet arrives; the kernel's netem is not
available here, and Chromium's own throttling misses the service worker's fetches.
"""
from __future__ import annotations

import asyncio
import threading
from collections import deque
from urllib.parse import urlsplit

from bench.wire_model import THREE_G, Exchange, Framer, Link, LinkShape, Message, handshake_done, summarize

__all__ = ["THREE_G", "LinkShape", "WireProxy", "summarize"]


# ---------------------------------------------------------------------- the proxy (asyncio, own thread)

class _Flow:
    """One direction of one connection through a shaped link: delivers packets in order."""

    def __init__(self, writer: asyncio.StreamWriter):
        self.writer = writer

    def deliver(self, data: bytes) -> None:
        if self.writer.is_closing():
            return
        if data:
            self.writer.write(data)
        else:
            self.writer.close()


class WireProxy:
    def __init__(self, upstream: tuple[str, int], port: int, shape: LinkShape | None = None):
        self.upstream, self.port, self.shape = upstream, port, shape
        self._exchanges: list[Exchange] = []
        self._open: list[Exchange] = []  # websockets still open: their tunnel bytes keep counting
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()
        self._links: dict[str, Link] = {}
        self._wake: dict[str, asyncio.Event] = {}

    # control, from the caller's thread

    def start(self) -> "WireProxy":
        threading.Thread(target=lambda: asyncio.run(self._main()), daemon=True, name="wire-proxy").start()
        if not self._ready.wait(10):
            raise RuntimeError("the proxy did not start")
        return self

    def stop(self) -> None:
        if self._loop:
            self._loop.call_soon_threadsafe(self._stopping.set)

    def configure(self, upstream: tuple[str, int], shape: LinkShape | None) -> None:
        """Between measurements only (no connection open): new connections go to ``upstream``,
        over a new, idle link."""
        def apply():
            self.upstream, self.shape = upstream, shape
            self._make_links()
        self._call(apply)

    def reset(self) -> None:
        with self._lock:
            self._exchanges, self._open = [], []

    def exchanges(self) -> list[Exchange]:
        with self._lock:
            return list(self._exchanges) + list(self._open)

    def _call(self, fn) -> None:
        done = threading.Event()

        def run():
            fn()
            done.set()
        self._loop.call_soon_threadsafe(run)
        done.wait(10)

    # the event loop side

    def _make_links(self) -> None:
        for wake in self._wake.values():  # the old pumps see they are replaced and end
            wake.set()
        self._links, self._wake = {}, {}
        if self.shape:
            loop_now = self._loop.time()
            for name, bps in (("up", self.shape.up_bps), ("down", self.shape.down_bps)):
                self._links[name] = Link(bps, self.shape.rtt_s / 2)
                self._links[name].free_at = loop_now
                self._wake[name] = asyncio.Event()
                asyncio.ensure_future(self._pump(name, self._links[name], self._wake[name]))

    async def _pump(self, name: str, link: Link, wake: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        while self._links.get(name) is link:
            packet = link.next_packet()
            if packet is None:
                wake.clear()
                await wake.wait()
                continue
            flow, payload, leaves_at, arrives_at = packet
            loop.call_at(arrives_at, flow.deliver, payload)
            if leaves_at > loop.time():  # the link is busy until this packet has left
                await asyncio.sleep(leaves_at - loop.time())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        self._make_links()
        server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, limit=1 << 20)
        self._ready.set()
        async with server:
            await self._stopping.wait()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        opened_at = self._loop.time()
        try:
            up_r, up_w = await asyncio.open_connection(*self.upstream, limit=1 << 20)
        except OSError:
            client_w.close()
            return
        requests, responses = Framer(responses=False), Framer(responses=True)
        pending: deque[Exchange] = deque()
        tunnel: list[Exchange] = []

        def on_requests(msgs: list[Message]) -> None:
            for m in msgs:
                method, target = (m.first_line.split(" ") + ["", ""])[:2]
                responses.expect(method)
                pending.append(Exchange(method, urlsplit(target).path, m.headers, m.head_bytes, m.body_bytes))

        def on_responses(msgs: list[Message]) -> None:
            for m in msgs:
                status = int(m.first_line.split(" ")[1])
                if 100 <= status < 200 and status != 101 or not pending:
                    continue
                ex = pending.popleft()
                ex.status, ex.content_type = status, m.headers.get("content-type", "")
                ex.response_head, ex.response_body = m.head_bytes, m.body_bytes
                with self._lock:
                    if status == 101:
                        requests.tunnel()  # the browser's websocket frames follow, not HTTP
                        tunnel.append(ex)
                        self._open.append(ex)
                    else:
                        self._exchanges.append(ex)

        def count_tunnel(n: int) -> None:
            if tunnel:
                tunnel[0].tunnel += n

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, framer: Framer, on_msgs, direction: str):
            flow, first = _Flow(dst), True
            try:
                while data := await src.read(65536):
                    before = framer.tunnel_bytes
                    on_msgs(framer.feed(data))
                    count_tunnel(framer.tunnel_bytes - before)
                    link = self._links.get(direction)
                    if link is None:
                        dst.write(data)
                        await dst.drain()
                        continue
                    now = self._loop.time()
                    ready = max(now, handshake_done(opened_at, self.shape.rtt_s)) if first and direction == "up" else now
                    first = False
                    link.enqueue(flow, data, ready)
                    self._wake[direction].set()
            except (ConnectionError, asyncio.IncompleteReadError):
                pass
            finally:
                on_msgs(framer.close())
                link = self._links.get(direction)
                if link is None:
                    dst.close()
                else:
                    link.enqueue(flow, b"", self._loop.time())
                    self._wake[direction].set()

        await asyncio.gather(pipe(client_r, up_w, requests, on_requests, "up"),
                             pipe(up_r, client_w, responses, on_responses, "down"))
        with self._lock:
            for ex in tunnel:
                if ex in self._open:
                    self._open.remove(ex)
                    self._exchanges.append(ex)
