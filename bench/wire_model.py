"""The pure half of bench/wire_proxy.py: link arithmetic, HTTP/1.1 framing, the byte split.

No clock and no sockets here: the proxy passes times and bytes in, so all of it is unit-tested
(tests/bench/test_wire_model.py) without shaping anything by time.

Link: both directions of the WHOLE link (all connections together) have a bandwidth and half
the round-trip time each way; a new connection first pays one round trip (the TCP handshake)
before its request leaves. Packets of at most ``MSS`` bytes (plus 40 bytes of TCP/IP header for
timing) from the connections with data waiting leave in turn (round robin, as TCP flows share a
bottleneck roughly fairly). Not modelled: slow start, loss, TLS.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MSS = 1460
PACKET_OVERHEAD = 40  # TCP/IP header bytes per packet: they take link time, they are not HTTP bytes


@dataclass(frozen=True)
class LinkShape:
    down_bps: float  # server → browser
    up_bps: float    # browser → server
    rtt_s: float


THREE_G = LinkShape(down_bps=1_600_000, up_bps=750_000, rtt_s=0.300)


# ---------------------------------------------------------------------- link arithmetic (pure)

class Link:
    """One direction of the shaped link, shared by every connection ("flow").

    ``enqueue`` hands bytes over at a time; ``next_packet`` says which flow's packet leaves next,
    when it has left (the link is busy until then) and when it arrives at the far end."""

    def __init__(self, bits_per_s: float, one_way_s: float):
        self.bits_per_s, self.one_way_s = bits_per_s, one_way_s
        self.free_at = 0.0
        self._queues: dict[object, deque] = {}
        self._turn: deque = deque()  # flows with packets waiting, in round-robin order

    def enqueue(self, flow, data: bytes, ready_at: float) -> None:
        """``data`` may leave from ``ready_at`` on; empty ``data`` marks the end of the flow."""
        queue = self._queues.setdefault(flow, deque())
        if not queue:
            self._turn.append(flow)
        if not data:
            queue.append((ready_at, b""))
        for i in range(0, len(data), MSS):
            queue.append((ready_at, data[i:i + MSS]))

    def packet_time(self, size: int) -> float:
        return (size + PACKET_OVERHEAD) * 8 / self.bits_per_s if size else 0.0

    def next_packet(self) -> tuple[object, bytes, float, float] | None:
        """(flow, payload, leaves_at, arrives_at) of the next packet, or None if nothing waits.
        The first flow in turn whose packet is ready when the link frees up goes; if none is,
        the one ready first."""
        if not self._turn:
            return None
        ready = [f for f in self._turn if self._queues[f][0][0] <= self.free_at]
        flow = ready[0] if ready else min(self._turn, key=lambda f: self._queues[f][0][0])
        ready_at, payload = self._queues[flow].popleft()
        self._turn.remove(flow)
        if self._queues[flow]:
            self._turn.append(flow)  # back of the line: the others go first
        else:
            del self._queues[flow]
        start = max(self.free_at, ready_at)
        self.free_at = start + self.packet_time(len(payload))
        return flow, payload, self.free_at, self.free_at + self.one_way_s


def handshake_done(opened_at: float, rtt_s: float) -> float:
    """When a new connection's first request may leave: SYN out, SYN-ACK back (one round trip)."""
    return opened_at + rtt_s


# ---------------------------------------------------------------------- HTTP/1.1 framing (pure)

@dataclass
class Message:
    head: bytes
    body_bytes: int = 0   # as on the wire: chunk framing included
    first_line: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def head_bytes(self) -> int:
        return len(self.head)


def _parse_head(head: bytes) -> tuple[str, dict[str, str]]:
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()  # a repeated header: the last one (enough to frame)
    return lines[0], headers


class Framer:
    """Splits one direction of a connection into HTTP/1.1 messages, fed as bytes arrive.

    A response framer must be told each request's method (``expect``), in order: a HEAD answer
    has no body. After a ``101 Switching Protocols`` every further byte is tunnel traffic."""

    def __init__(self, responses: bool):
        self.responses = responses
        self.methods: deque[str] = deque()
        self.tunnel_bytes = 0
        self._buf = b""
        self._msg: Message | None = None
        self._state = "head"  # head | length | chunk-size | chunk-data | trailers | close | tunnel
        self._left = 0

    def expect(self, method: str) -> None:
        self.methods.append(method)

    def feed(self, data: bytes) -> list[Message]:
        done: list[Message] = []
        if self._state == "tunnel":
            self.tunnel_bytes += len(data)
            return done
        self._buf += data
        while self._buf:
            if self._state == "head":
                end = self._buf.find(b"\r\n\r\n")
                if end < 0:
                    break
                head, self._buf = self._buf[:end + 4], self._buf[end + 4:]
                first, headers = _parse_head(head)
                self._msg = Message(head=head, first_line=first, headers=headers)
                self._start_body(first, headers)
            elif self._state == "length":
                take = min(self._left, len(self._buf))
                self._msg.body_bytes += take
                self._left -= take
                self._buf = self._buf[take:]
            elif self._state == "chunk-size":
                end = self._buf.find(b"\r\n")
                if end < 0:
                    break
                size = int(self._buf[:end].split(b";")[0].strip() or b"0", 16)
                self._msg.body_bytes += end + 2
                self._buf = self._buf[end + 2:]
                self._state, self._left = ("trailers", 0) if size == 0 else ("chunk-data", size + 2)
            elif self._state == "chunk-data":
                take = min(self._left, len(self._buf))
                self._msg.body_bytes += take
                self._left -= take
                self._buf = self._buf[take:]
                if self._left == 0:
                    self._state = "chunk-size"
            elif self._state == "trailers":
                end = self._buf.find(b"\r\n")
                if end < 0:
                    break
                self._msg.body_bytes += end + 2
                self._buf = self._buf[end + 2:]
                if end == 0:  # the empty line that ends the trailers
                    self._state, self._left = "length", 0
            elif self._state == "close":
                self._msg.body_bytes += len(self._buf)
                self._buf = b""
            elif self._state == "tunnel":
                self.tunnel_bytes += len(self._buf)
                self._buf = b""
            if self._state == "length" and self._left == 0:
                done.append(self._msg)
                self._msg, self._state = None, "head"
                if done[-1].first_line.split(" ")[1:2] == ["101"] and self.responses:
                    self._state = "tunnel"
        return done

    def tunnel(self) -> None:
        """The other direction switched protocols (101): from now on, bytes are tunnel traffic."""
        self._state = "tunnel"
        self.tunnel_bytes += len(self._buf)
        self._buf = b""

    def close(self) -> list[Message]:
        """The connection ended: a response read until close is complete now."""
        if self._state == "close" and self._msg is not None:
            msg, self._msg, self._state = self._msg, None, "head"
            return [msg]
        return []

    def _start_body(self, first: str, headers: dict[str, str]) -> None:
        if self.responses:
            status = int(first.split(" ")[1])
            interim = 100 <= status < 200 and status != 101
            method = self.methods[0] if self.methods else "GET"
            if not interim and self.methods:
                self.methods.popleft()
            if interim or status in (101, 204, 304) or method == "HEAD":
                self._state, self._left = "length", 0
                return
        if "chunked" in headers.get("transfer-encoding", "").lower():
            self._state = "chunk-size"
        elif "content-length" in headers:
            self._state, self._left = "length", int(headers["content-length"])
        elif self.responses:
            self._state = "close"
        else:
            self._state, self._left = "length", 0


# ---------------------------------------------------------------------- exchanges and the split (pure)

@dataclass
class Exchange:
    method: str
    path: str
    request_headers: dict[str, str]
    request_head: int
    request_body: int
    status: int = 0
    content_type: str = ""
    response_head: int = 0
    response_body: int = 0
    tunnel: int = 0  # websocket frames after a 101, both ways

    @property
    def service_worker(self) -> bool:
        """The service worker's own script, or a fetch the service worker made (its precache)."""
        referer = urlsplit(self.request_headers.get("referer", "")).path
        return self.request_headers.get("service-worker") == "script" or referer.endswith("/sw.js")

    @property
    def kind(self) -> str:
        ctype = self.content_type.split(";")[0].strip().lower()
        if self.status == 101:
            return "websocket"
        if "javascript" in ctype:
            return "js"
        if ctype == "text/css":
            return "css"
        if ctype == "text/html":
            return "html"
        if "json" in ctype or ctype.startswith("text/") or self.path.startswith(("/api/", "/offline-data/")):
            return "data"
        return "other"  # images, fonts, the manifest


PAGE_KINDS = ("js", "css", "data", "html", "other", "websocket")


def summarize(exchanges: list[Exchange]) -> dict:
    """Bytes on the wire: the page's bodies by kind and its heads ("headers"), and the service
    worker's (script + precache), bodies and heads together."""
    page = {k: 0 for k in (*PAGE_KINDS, "headers")}
    precache = {"bytes": 0, "requests": 0}
    for ex in exchanges:
        heads = ex.request_head + ex.response_head
        bodies = ex.request_body + ex.response_body + ex.tunnel
        if ex.service_worker:
            precache["bytes"] += heads + bodies
            precache["requests"] += 1
        else:
            page["headers"] += heads
            page[ex.kind] += bodies
    page_total = sum(page.values())
    return {"page": page, "page_total": page_total, "precache": precache,
            "total": page_total + precache["bytes"], "requests": len(exchanges)}
