"""The first-visit bench's proxy model (bench/wire_model.py): its byte counting and its link arithmetic (pure functions; no
clock, no sockets, nothing shaped by time)."""
from __future__ import annotations

import pytest

from bench.wire_model import MSS, PACKET_OVERHEAD, THREE_G, Exchange, Framer, Link, handshake_done, summarize


def head(first: str, **headers: str) -> bytes:
    return (first + "\r\n" + "".join(f"{k.replace('_', '-')}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()


# ---------------------------------------------------------------- framing and byte counting

def test_content_length_bodies_are_framed_across_arbitrary_splits():
    first, second = head("HTTP/1.1 200 OK", Content_Type="text/css", Content_Length="5"), head("HTTP/1.1 200 OK", Content_Length="3")
    raw = first + b"abcde" + second + b"xyz"
    for cut in range(1, len(raw)):  # however TCP splits it, the same two messages come out
        framer = Framer(responses=True)
        framer.expect("GET")
        framer.expect("GET")
        msgs = framer.feed(raw[:cut]) + framer.feed(raw[cut:])
        assert [(m.head_bytes, m.body_bytes) for m in msgs] == [(len(first), 5), (len(second), 3)]
        assert msgs[0].headers["content-type"] == "text/css"


def test_chunked_body_counts_its_framing_and_trailers():
    body = b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\nX-Trailer: 1\r\n\r\n"
    h = head("HTTP/1.1 200 OK", Transfer_Encoding="chunked")
    framer = Framer(responses=True)
    framer.expect("GET")
    msgs = [m for b in (h + body) for m in framer.feed(bytes([b]))]  # one byte at a time
    assert len(msgs) == 1 and msgs[0].head_bytes == len(h) and msgs[0].body_bytes == len(body)


def test_head_304_and_204_answers_have_no_body():
    framer = Framer(responses=True)
    for method in ("HEAD", "GET", "GET", "GET"):
        framer.expect(method)
    raw = (head("HTTP/1.1 200 OK", Content_Length="999") + head("HTTP/1.1 304 Not Modified", Content_Length="50")
           + head("HTTP/1.1 204 No Content") + head("HTTP/1.1 200 OK", Content_Length="2") + b"ok")
    msgs = framer.feed(raw)
    assert [m.body_bytes for m in msgs] == [0, 0, 0, 2]


def test_interim_100_does_not_take_the_request_s_answer():
    framer = Framer(responses=True)
    framer.expect("HEAD")
    msgs = framer.feed(head("HTTP/1.1 100 Continue") + head("HTTP/1.1 200 OK", Content_Length="7"))
    assert [m.first_line for m in msgs] == ["HTTP/1.1 100 Continue", "HTTP/1.1 200 OK"]
    assert msgs[1].body_bytes == 0  # still the HEAD's answer


def test_a_response_without_length_ends_with_the_connection():
    framer = Framer(responses=True)
    framer.expect("GET")
    assert framer.feed(head("HTTP/1.1 200 OK") + b"part one ") == []
    assert framer.feed(b"part two") == []
    (msg,) = framer.close()
    assert msg.body_bytes == len(b"part one part two")


def test_requests_without_body_and_with_content_length():
    framer = Framer(responses=False)
    get, put = head("GET /a HTTP/1.1", Host="x"), head("PUT /b HTTP/1.1", Content_Length="4")
    msgs = framer.feed(get + put + b"{}\r\n")
    assert [(m.first_line.split()[1], m.head_bytes, m.body_bytes) for m in msgs] == [("/a", len(get), 0), ("/b", len(put), 4)]


def test_after_101_every_byte_is_tunnel_traffic_both_ways():
    requests, responses = Framer(responses=False), Framer(responses=True)
    (req,) = requests.feed(head("GET /_event HTTP/1.1", Upgrade="websocket", Connection="Upgrade"))
    responses.expect("GET")
    msgs = responses.feed(head("HTTP/1.1 101 Switching Protocols", Upgrade="websocket") + b"\x81\x05hello")
    requests.tunnel()
    assert len(msgs) == 1 and responses.tunnel_bytes == 7
    assert requests.feed(b"\x81\x85abcd12345") == [] and requests.tunnel_bytes == 11


def ex(path, ctype, body, head_bytes=100, status=200, **headers):
    e = Exchange("GET", path, {k.replace("_", "-"): v for k, v in headers.items()}, head_bytes, 0)
    e.status, e.content_type, e.response_head, e.response_body = status, ctype, head_bytes, body
    return e


def test_summary_splits_page_kinds_headers_and_the_service_worker_s_fetches():
    exchanges = [
        ex("/nop-ho-so", "text/html; charset=utf-8", 5000),
        ex("/assets/app-1a2b.js", "text/javascript", 30000),
        ex("/assets/app-1a2b.css", "text/css", 8000),
        ex("/offline-data/p.0123456789ab.json", "application/json", 6000),
        ex("/icons/icon-192.png", "image/png", 2000),
        ex("/sw.js", "text/javascript", 9000, service_worker="script"),
        ex("/assets/app-1a2b.js", "text/javascript", 30000, referer="http://127.0.0.1:4106/sw.js"),
        ex("/_event/", "", 0, status=101),
    ]
    exchanges[-1].tunnel = 700
    s = summarize(exchanges)
    assert s["page"] == {"js": 30000, "css": 8000, "data": 6000, "html": 5000, "other": 2000, "websocket": 700,
                         "headers": 6 * 200}
    assert s["precache"] == {"bytes": 9000 + 30000 + 2 * 200, "requests": 2}
    assert s["total"] == s["page_total"] + s["precache"]["bytes"] == sum(e.response_body for e in exchanges) + 700 + 8 * 200


# ---------------------------------------------------------------- link arithmetic

def test_one_packet_takes_its_size_on_the_wire_then_half_the_round_trip():
    link = Link(bits_per_s=1_000_000, one_way_s=0.15)
    link.enqueue("a", b"x" * 960, ready_at=10.0)
    flow, payload, leaves, arrives = link.next_packet()
    assert (flow, len(payload)) == ("a", 960)
    assert leaves == pytest.approx(10.0 + (960 + PACKET_OVERHEAD) * 8 / 1_000_000)  # 8 ms
    assert arrives == pytest.approx(leaves + 0.15)
    assert link.next_packet() is None


def test_a_big_write_becomes_back_to_back_packets_and_the_link_is_busy_meanwhile():
    link = Link(bits_per_s=THREE_G.down_bps, one_way_s=THREE_G.rtt_s / 2)
    size = 100 * 1024
    link.enqueue("page", b"x" * size, ready_at=0.0)
    packets = []
    while (p := link.next_packet()) is not None:
        packets.append(p)
    assert [len(p[1]) for p in packets[:-1]] == [MSS] * (len(packets) - 1) and sum(len(p[1]) for p in packets) == size
    wire = (size + len(packets) * PACKET_OVERHEAD) * 8 / THREE_G.down_bps
    assert packets[-1][2] == pytest.approx(wire)           # 100 KB at 1.6 Mbit/s: ≈ 0.53 s
    assert packets[-1][3] == pytest.approx(wire + 0.150)   # plus half the 300 ms round trip


def test_flows_share_the_link_in_turn_not_one_after_the_other():
    link = Link(bits_per_s=1_000_000, one_way_s=0.0)
    link.enqueue("a", b"a" * (3 * MSS), ready_at=0.0)
    link.enqueue("b", b"b" * (3 * MSS), ready_at=0.0)
    order = [link.next_packet()[0] for _ in range(6)]
    assert order == ["a", "b", "a", "b", "a", "b"]


def test_an_idle_link_waits_for_the_next_ready_packet_and_keeps_no_credit():
    link = Link(bits_per_s=1_000_000, one_way_s=0.0)
    link.enqueue("a", b"a" * 100, ready_at=5.0)
    _, _, leaves, _ = link.next_packet()
    assert leaves == pytest.approx(5.0 + 140 * 8 / 1e6)
    link.enqueue("b", b"b" * 100, ready_at=1.0)  # ready earlier, but the link was busy with "a" until then
    _, _, leaves_b, _ = link.next_packet()
    assert leaves_b == pytest.approx(leaves + 140 * 8 / 1e6)


def test_a_packet_ready_later_does_not_hold_up_one_ready_now():
    link = Link(bits_per_s=1_000_000, one_way_s=0.0)
    link.enqueue("late", b"l" * 100, ready_at=2.0)
    link.enqueue("now", b"n" * 100, ready_at=0.0)
    assert link.next_packet()[0] == "now"


def test_end_of_flow_marker_takes_no_link_time():
    link = Link(bits_per_s=1_000_000, one_way_s=0.1)
    link.enqueue("a", b"", ready_at=3.0)
    flow, payload, leaves, arrives = link.next_packet()
    assert payload == b"" and leaves == 3.0 and arrives == pytest.approx(3.1)


def test_a_new_connection_pays_one_round_trip_before_its_request_leaves():
    assert handshake_done(opened_at=7.0, rtt_s=THREE_G.rtt_s) == pytest.approx(7.3)
