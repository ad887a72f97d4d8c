"""Header hygiene between client, gateway and upstream (pure).

Owns which headers cross the gateway. Guarantees:

* hop-by-hop headers (RFC 9110 section 7.6.1, plus `Proxy-Connection`, `Keep-Alive`) and every
  header named in `Connection` are removed in both directions;
* framing headers (`Content-Length`, `Transfer-Encoding`) and `Expect` are never copied: the
  gateway frames each hop itself;
* `X-Forwarded-For/-Proto/-Host` are overwritten with what the gateway saw, `Forwarded`,
  `X-Forwarded-Port/-Prefix/-Server`, `X-Real-IP` from the client are dropped: clients cannot
  spoof them;
* the client's `Host` is not sent upstream (the upstream's own host is), it travels as
  `X-Forwarded-Host`;
* every request carries an `X-Request-ID` (the client's if well formed, else a new one), echoed
  on the response; `Via: 1.1 strangler` is appended in both directions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

from multidict import CIMultiDict

__all__ = ["HOP_BY_HOP", "VIA", "request_drop", "request_headers", "request_id",
           "response_headers"]

HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
    "transfer-encoding", "upgrade", "proxy-connection",
})
_FRAMING = frozenset({"content-length", "transfer-encoding", "expect", "host"})
_SPOOFABLE = frozenset({
    "forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port",
    "x-forwarded-prefix", "x-forwarded-server", "x-real-ip",
})
_DROP_REQUEST = HOP_BY_HOP | _FRAMING | _SPOOFABLE | frozenset({"x-request-id"})
_DROP_RESPONSE = HOP_BY_HOP | frozenset({"content-length", "transfer-encoding",
                                         "x-request-id"})


_PLAIN_CONNECTION = frozenset({"keep-alive", "close", "keep-alive, close", "upgrade"})


def _connection_tokens(connection: list[str]) -> set[str]:
    """The header names listed in `Connection` values (lower-case)."""
    tokens: set[str] = set()
    for v in connection:
        tokens.update(t.strip().lower() for t in v.split(",") if t.strip())
    return tokens


VIA = "1.1 strangler"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


class _RandomIds:
    """128-bit ids from the OS CSPRNG, read 4 KiB at a time (one syscall per 256 ids)."""

    __slots__ = ("_buf", "_pos")

    def __init__(self) -> None:
        self._buf = b""
        self._pos = 0

    def next(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()


_ids = _RandomIds()
os.register_at_fork(after_in_child=lambda: setattr(_ids, "_pos", 1 << 30))  # never share ids


def request_id(incoming: str | None) -> str:
    """Propagate a well-formed `X-Request-ID`, otherwise generate one (128 random bits)."""
    if incoming and _REQUEST_ID.match(incoming):
        return incoming
    return _ids.next()


def request_drop(*extra: str) -> frozenset[str]:
    """The names `request_headers` drops, plus `extra` (built once per config, not per
    request)."""
    return _DROP_REQUEST | {n.lower() for n in extra}


def request_headers(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


_DROP_RESPONSE_B = frozenset(n.encode() for n in _DROP_RESPONSE)
_PLAIN_CONNECTION_B = frozenset(v.encode() for v in _PLAIN_CONNECTION)
_VIA_B = VIA.encode()


def response_headers(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = None
    for k, v in headers:
        lk = k.lower()
        if lk in _DROP_RESPONSE_B:
            if lk == b"connection" and v.strip().lower() not in _PLAIN_CONNECTION_B:
                connection = [*(connection or ()), v.decode("latin-1")]
            continue
        if lk == b"via":
            via = via + b", " + v if via else v
        else:
            out.append((k, v))
    if connection:
        named = {n.encode("latin-1") for n in _connection_tokens(connection)}
        out = [(k, v) for k, v in out if k.lower() not in named]
        if b"via" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def _filtered(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
              rid: str) -> list[tuple[str, str]]:
    """`pairs` minus the `drop` names (lower-case) and minus every header named in
    `Connection`; Via appended, X-Request-ID set. One pass; a second only when `Connection`
    names other headers."""
    out: list[tuple[str, str]] = []
    via = None
    connection: list[str] | None = None
    for k, v in pairs:
        lk = k.lower()
        if lk in drop:
            if lk == "connection" and v.strip().lower() not in _PLAIN_CONNECTION:
                connection = [*(connection or ()), v]
            continue
        if lk == "via":
            via = f"{via}, {v}" if via else v
        else:
            out.append((k, v))
    if connection:
        named = _connection_tokens(connection)
        out = [(k, v) for k, v in out if k.lower() not in named]
        if "via" in named:
            via = None
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out
