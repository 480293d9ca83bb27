"""HTTP/1.1 by hand over a socket, for requests no client library sends: a body that is declared
but never finished, or one that streams on past a limit without ending."""
from __future__ import annotations

import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlparse


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes


def request(url: str, method: str, path: str, headers: dict[str, str], body_parts: Iterable[bytes] = (),
            timeout: float = 10) -> RawResponse:
    """Send the head and then ``body_parts`` as they come (stopping quietly if the server closes),
    then read one response. A server that waits for bytes that never come times out here
    (socket.timeout), which is how a test sees that a body was waited for."""
    parsed = urlparse(url)
    head = f"{method} {path} HTTP/1.1\r\nHost: {parsed.netloc}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    with socket.create_connection((parsed.hostname, parsed.port), timeout=timeout) as sock:
        sock.sendall(head.encode("latin-1"))
        for part in body_parts:
            try:
                sock.sendall(part)
            except (BrokenPipeError, ConnectionResetError):
                break  # the server answered and closed: read what it said
        return _read(sock)


def chunked(parts: Iterable[bytes]) -> Iterable[bytes]:
    """Chunked transfer encoding of ``parts``, without the final empty chunk (the body never ends)."""
    for part in parts:
        yield f"{len(part):x}\r\n".encode() + part + b"\r\n"


def _read(sock: socket.socket) -> RawResponse:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a response head: {data[:200]!r}")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return RawResponse(status, headers, rest[:length])
