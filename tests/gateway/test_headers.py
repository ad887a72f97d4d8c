"""Header hygiene between client, gateway and upstream (pure, table-driven)."""

from __future__ import annotations

import re

import pytest
from multidict import CIMultiDict

from gateway.headers import (
    HOP_BY_HOP,
    VIA,
    _RandomIds,
    request_drop,
    request_headers,
    request_id,
    response_headers,
)

RID = "rid-1"
TAIL = [("X-Forwarded-For", "10.0.0.9"), ("X-Forwarded-Proto", "http")]

# client headers -> headers sent upstream (peer 10.0.0.9, no Host unless given)
REQUESTS: list[tuple[list[tuple[str, str]], list[tuple[str, str]]]] = [
    ([], [("Via", VIA), ("X-Request-ID", RID), *TAIL]),
    # end-to-end headers pass, in order, duplicates kept, names as sent
    ([("Accept", "a"), ("x-b", "1"), ("X-B", "2")],
     [("Accept", "a"), ("x-b", "1"), ("X-B", "2"), ("Via", VIA), ("X-Request-ID", RID), *TAIL]),
    # hop-by-hop, framing, spoofable and the client's own request id never go upstream
    ([(name, "v") for name in (
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "TE",
        "Trailer", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Content-Length",
        "Expect", "Host", "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
        "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Server",
        "X-Real-IP", "X-Request-ID")],
     [("Via", VIA), ("X-Request-ID", RID), *TAIL]),
    # a client's Via is kept and the gateway appended to it (several joined in order)
    ([("Via", "1.0 a"), ("via", "1.1 b")], [("Via", f"1.0 a, 1.1 b, {VIA}"),
                                             ("X-Request-ID", RID), *TAIL]),
    # headers named in Connection go too, whatever the case and spacing
    ([("Connection", " X-Secret ,, Foo"), ("x-secret", "s"), ("FOO", "f"), ("Bar", "b")],
     [("Bar", "b"), ("Via", VIA), ("X-Request-ID", RID), *TAIL]),
    ([("Connection", "A,B"), ("a", "1"), ("b", "2"), ("C", "3")],
     [("C", "3"), ("Via", VIA), ("X-Request-ID", RID), *TAIL]),
    # several Connection headers all count
    ([("Connection", "a"), ("Connection", "b"), ("A", "1"), ("B", "2"), ("C", "3")],
     [("C", "3"), ("Via", VIA), ("X-Request-ID", RID), *TAIL]),
    # ... even after a plain one
    ([("Connection", "keep-alive"), ("Connection", "b"), ("B", "2"), ("C", "3")],
     [("C", "3"), ("Via", VIA), ("X-Request-ID", RID), *TAIL]),
    # Connection naming Via drops the client's Via, the gateway's own is still added
    ([("Connection", "via"), ("Via", "1.0 a")], [("Via", VIA), ("X-Request-ID", RID), *TAIL]),
    # plain Connection values name no header: nothing else is dropped
    *[([("Connection", value), ("Close", "1"), ("Keep", "2"), ("Upgrade-Insecure", "3")],
       [("Close", "1"), ("Keep", "2"), ("Upgrade-Insecure", "3"), ("Via", VIA),
        ("X-Request-ID", RID), *TAIL])
      for value in ("keep-alive", " Close ", "keep-alive, close", "UPGRADE")],
]


@pytest.mark.parametrize(("given", "sent"), REQUESTS)
def test_request_headers(given: list[tuple[str, str]], sent: list[tuple[str, str]]) -> None:
    assert request_headers(CIMultiDict(given), peer="10.0.0.9", host=None, rid=RID) == sent


@pytest.mark.parametrize(("host", "proto", "tail"), [
    (None, "http", TAIL),
    ("", "http", TAIL),
    ("shop.example:8080", "https", [("X-Forwarded-For", "10.0.0.9"),
                                    ("X-Forwarded-Proto", "https"),
                                    ("X-Forwarded-Host", "shop.example:8080")]),
])
def test_forwarded_headers_say_what_the_gateway_saw(host: str | None, proto: str,
                                                     tail: list[tuple[str, str]]) -> None:
    given = CIMultiDict([("Host", "spoofed"), ("X-Forwarded-Host", "spoofed"),
                         ("X-Forwarded-Proto", "spoofed"), ("X-Forwarded-For", "1.2.3.4")])
    out = request_headers(given, peer="10.0.0.9", host=host, rid=RID, proto=proto)
    assert out == [("Via", VIA), ("X-Request-ID", RID), *tail]


def test_request_headers_default_to_the_standard_drop_list() -> None:
    given = CIMultiDict([("X-Strangler-Override", "service"), ("Connection", "x"),
                         ("X-A", "1")])
    default = request_headers(given, peer="p", host=None, rid=RID)
    assert default[0] == ("X-Strangler-Override", "service")
    drop = request_drop("X-Strangler-Override", "X-A")
    assert request_headers(given, peer="p", host=None, rid=RID, drop=drop)[:2] == [
        ("Via", VIA), ("X-Request-ID", RID)]


def test_request_drop_is_the_standard_names_plus_the_extra_ones_lower_cased() -> None:
    standard = request_drop()
    assert standard >= HOP_BY_HOP
    assert {"content-length", "expect", "host", "forwarded", "x-real-ip", "x-request-id",
            "x-forwarded-for"} <= standard
    assert "accept" not in standard and "via" not in standard and "cookie" not in standard
    assert request_drop("X-Override", "X-Token") == standard | {"x-override", "x-token"}
    assert sorted(HOP_BY_HOP) == ["connection", "keep-alive", "proxy-authenticate",
                                  "proxy-authorization", "proxy-connection", "te", "trailer",
                                  "transfer-encoding", "upgrade"]


B = bytes
ECHO = [(b"Via", VIA.encode()), (b"X-Request-ID", RID.encode())]

# upstream's raw headers -> headers sent back to the client
RESPONSES: list[tuple[list[tuple[B, B]], list[tuple[B, B]]]] = [
    ([], ECHO),
    ([(b"Content-Type", b"text/plain"), (b"Set-Cookie", b"a=1"), (b"set-cookie", b"b=2")],
     [(b"Content-Type", b"text/plain"), (b"Set-Cookie", b"a=1"), (b"set-cookie", b"b=2"),
      *ECHO]),
    # framing and hop-by-hop headers of the upstream's hop, and its request id, are dropped
    ([(n, b"v") for n in (b"Content-Length", b"Transfer-Encoding", b"Connection",
                          b"Keep-Alive", b"Upgrade", b"TE", b"Trailer", b"Proxy-Connection",
                          b"Proxy-Authenticate", b"Proxy-Authorization", b"X-Request-ID")],
     ECHO),
    ([(b"Via", b"1.1 app"), (b"VIA", b"1.1 cache")],
     [(b"Via", b"1.1 app, 1.1 cache, " + VIA.encode()), ECHO[1]]),
    ([(b"Connection", b" X-Internal , Foo"), (b"x-internal", b"1"), (b"foo", b"2"),
      (b"Bar", b"3")], [(b"Bar", b"3"), *ECHO]),
    ([(b"Connection", b"a,b"), (b"A", b"1"), (b"B", b"2"), (b"C", b"3")],
     [(b"C", b"3"), *ECHO]),
    ([(b"Connection", b"a"), (b"Connection", b"b"), (b"A", b"1"), (b"B", b"2"), (b"C", b"3")],
     [(b"C", b"3"), *ECHO]),
    ([(b"Connection", b"close"), (b"Connection", b"b"), (b"B", b"2"), (b"C", b"3")],
     [(b"C", b"3"), *ECHO]),
    ([(b"Connection", b"via"), (b"Via", b"1.1 app")], ECHO),
    *[([(b"Connection", value), (b"Close", b"1"), (b"Keep", b"2")],
       [(b"Close", b"1"), (b"Keep", b"2"), *ECHO])
      for value in (b"keep-alive", b" Close ", b"keep-alive, close", b"Upgrade")],
]


@pytest.mark.parametrize(("given", "sent"), RESPONSES)
def test_response_headers(given: list[tuple[B, B]], sent: list[tuple[B, B]]) -> None:
    assert response_headers(given, rid=RID) == sent


def test_connection_values_are_decoded_as_latin1() -> None:
    given = [(b"Connection", b"x-\xe9"), (b"X-\xe9", b"1"), (b"Y", b"2")]
    assert response_headers(given, rid=RID) == [(b"Y", b"2"), *ECHO]


HEX128 = re.compile(r"[0-9a-f]{32}")


@pytest.mark.parametrize(("incoming", "kept"), [
    ("abc-123", True),
    ("A.b_c:d-9", True),
    ("x" * 128, True),
    ("x" * 129, False),
    ("", False),
    (None, False),
    ("a b", False),
    ("a/b", False),
    ("é", False),
    (" abc", False),
])
def test_request_id_keeps_a_well_formed_one_or_makes_one(incoming: str | None,
                                                         kept: bool) -> None:
    rid = request_id(incoming)
    if kept:
        assert rid == incoming
    else:
        assert HEX128.fullmatch(rid), rid


def test_generated_request_ids_are_distinct_across_buffer_refills() -> None:
    ids = [request_id(None) for _ in range(1000)]  # ~4 refills of the 256-id buffer
    assert all(HEX128.fullmatch(i) for i in ids)
    assert len(set(ids)) == len(ids)


def test_a_fresh_id_source_fills_its_buffer_on_first_use() -> None:
    source = _RandomIds()
    ids = [source.next() for _ in range(600)]
    assert all(HEX128.fullmatch(i) for i in ids)
    assert len(set(ids)) == len(ids)
