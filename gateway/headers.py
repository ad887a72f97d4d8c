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
from collections.abc import Iterable, Mapping

from multidict import CIMultiDict, MultiMapping

__all__ = ["HOP_BY_HOP", "VIA", "request_headers", "request_id", "response_headers"]

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


def _connection_tokens(values: Iterable[str]) -> frozenset[str]:
    tokens: set[str] = set()
    for v in values:
        tokens.update(t.strip().lower() for t in v.split(",") if t.strip())
    return frozenset(tokens)


def _drop_set(headers: Mapping[str, str], base: frozenset[str]) -> frozenset[str]:
    """`base` plus every header named in `Connection` (fast path: nothing named)."""
    if "Connection" not in headers:
        return base
    values = headers.getall("Connection") if isinstance(headers, MultiMapping) \
        else [headers["Connection"]]
    if len(values) == 1 and values[0].strip().lower() in _PLAIN_CONNECTION:
        return base
    return base | _connection_tokens(values)


VIA = "1.1 strangler"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def request_id(incoming: str | None) -> str:
    """Propagate a well-formed `X-Request-ID`, otherwise generate one (128 random bits)."""
    if incoming and _REQUEST_ID.match(incoming):
        return incoming
    return os.urandom(16).hex()


def request_headers(headers: Mapping[str, str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop_extra: frozenset[str] = frozenset()) -> CIMultiDict[str]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept)."""
    out = _filtered(headers, _DROP_REQUEST | drop_extra if drop_extra else _DROP_REQUEST, rid)
    out["X-Forwarded-For"] = peer
    out["X-Forwarded-Proto"] = proto
    if host:
        out["X-Forwarded-Host"] = host
    return out


def response_headers(headers: Mapping[str, str], *, rid: str) -> CIMultiDict[str]:
    """Headers to send back to the client from the upstream's headers (a multidict)."""
    return _filtered(headers, _DROP_RESPONSE, rid)


def _filtered(headers: Mapping[str, str], base_drop: frozenset[str],
              rid: str) -> CIMultiDict[str]:
    """Copy `headers` minus hop-by-hop ones (and those named in Connection); Via appended."""
    drop = _drop_set(headers, base_drop)
    out: CIMultiDict[str] = CIMultiDict()
    via = None
    for k, v in headers.items():
        lk = k.lower()
        if lk in drop:
            continue
        if lk == "via":
            via = f"{via}, {v}" if via else v
        else:
            out.add(k, v)
    out["Via"] = f"{via}, {VIA}" if via else VIA
    out["X-Request-ID"] = rid
    return out
