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


from mutmut.mutation.trampoline import wrap_in_trampoline as _mutmut_mutated, MutantDict
mutants_x__connection_tokens__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__connection_tokens__mutmut)
def _connection_tokens(connection: list[str]) -> set[str]:
    """The header names listed in `Connection` values (lower-case)."""
    tokens: set[str] = set()
    for v in connection:
        tokens.update(t.strip().lower() for t in v.split(",") if t.strip())
    return tokens


def x__connection_tokens__mutmut_orig(connection: list[str]) -> set[str]:
    """The header names listed in `Connection` values (lower-case)."""
    tokens: set[str] = set()
    for v in connection:
        tokens.update(t.strip().lower() for t in v.split(",") if t.strip())
    return tokens


def x__connection_tokens__mutmut_1(connection: list[str]) -> set[str]:
    """The header names listed in `Connection` values (lower-case)."""
    tokens: set[str] = None
    for v in connection:
        tokens.update(t.strip().lower() for t in v.split(",") if t.strip())
    return tokens


def x__connection_tokens__mutmut_2(connection: list[str]) -> set[str]:
    """The header names listed in `Connection` values (lower-case)."""
    tokens: set[str] = set()
    for v in connection:
        tokens.update(None)
    return tokens


def x__connection_tokens__mutmut_3(connection: list[str]) -> set[str]:
    """The header names listed in `Connection` values (lower-case)."""
    tokens: set[str] = set()
    for v in connection:
        tokens.update(t.strip().upper() for t in v.split(",") if t.strip())
    return tokens


def x__connection_tokens__mutmut_4(connection: list[str]) -> set[str]:
    """The header names listed in `Connection` values (lower-case)."""
    tokens: set[str] = set()
    for v in connection:
        tokens.update(t.strip().lower() for t in v.split(None) if t.strip())
    return tokens


def x__connection_tokens__mutmut_5(connection: list[str]) -> set[str]:
    """The header names listed in `Connection` values (lower-case)."""
    tokens: set[str] = set()
    for v in connection:
        tokens.update(t.strip().lower() for t in v.split("XX,XX") if t.strip())
    return tokens

mutants_x__connection_tokens__mutmut['_mutmut_orig'] = x__connection_tokens__mutmut_orig # type: ignore # mutmut generated
mutants_x__connection_tokens__mutmut['x__connection_tokens__mutmut_1'] = x__connection_tokens__mutmut_1 # type: ignore # mutmut generated
mutants_x__connection_tokens__mutmut['x__connection_tokens__mutmut_2'] = x__connection_tokens__mutmut_2 # type: ignore # mutmut generated
mutants_x__connection_tokens__mutmut['x__connection_tokens__mutmut_3'] = x__connection_tokens__mutmut_3 # type: ignore # mutmut generated
mutants_x__connection_tokens__mutmut['x__connection_tokens__mutmut_4'] = x__connection_tokens__mutmut_4 # type: ignore # mutmut generated
mutants_x__connection_tokens__mutmut['x__connection_tokens__mutmut_5'] = x__connection_tokens__mutmut_5 # type: ignore # mutmut generated


VIA = "1.1 strangler"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
mutants_xǁ_RandomIdsǁ__init____mutmut: MutantDict = {}  # type: ignore
mutants_xǁ_RandomIdsǁnext__mutmut: MutantDict = {}  # type: ignore


class _RandomIds:
    """128-bit ids from the OS CSPRNG, read 4 KiB at a time (one syscall per 256 ids)."""

    __slots__ = ("_buf", "_pos")

    @_mutmut_mutated(mutants_xǁ_RandomIdsǁ__init____mutmut)
    def __init__(self) -> None:
        self._buf = b""
        self._pos = 0

    def xǁ_RandomIdsǁ__init____mutmut_orig(self) -> None:
        self._buf = b""
        self._pos = 0

    def xǁ_RandomIdsǁ__init____mutmut_1(self) -> None:
        self._buf = None
        self._pos = 0

    def xǁ_RandomIdsǁ__init____mutmut_2(self) -> None:
        self._buf = b"XXXX"
        self._pos = 0

    def xǁ_RandomIdsǁ__init____mutmut_3(self) -> None:
        self._buf = b""
        self._pos = None

    def xǁ_RandomIdsǁ__init____mutmut_4(self) -> None:
        self._buf = b""
        self._pos = 1

    @_mutmut_mutated(mutants_xǁ_RandomIdsǁnext__mutmut)
    def next(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_orig(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_1(self) -> str:
        pos = None
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_2(self) -> str:
        pos = self._pos
        if pos - 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_3(self) -> str:
        pos = self._pos
        if pos + 17 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_4(self) -> str:
        pos = self._pos
        if pos + 16 >= len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_5(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = None
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_6(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(None)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_7(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4097)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_8(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = None
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_9(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 1
        self._pos = pos + 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_10(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = None
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_11(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos - 16
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_12(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos + 17
        return self._buf[pos:pos + 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_13(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos - 16].hex()

    def xǁ_RandomIdsǁnext__mutmut_14(self) -> str:
        pos = self._pos
        if pos + 16 > len(self._buf):
            self._buf = os.urandom(4096)
            pos = 0
        self._pos = pos + 16
        return self._buf[pos:pos + 17].hex()

mutants_xǁ_RandomIdsǁ__init____mutmut['_mutmut_orig'] = _RandomIds.xǁ_RandomIdsǁ__init____mutmut_orig # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁ__init____mutmut['xǁ_RandomIdsǁ__init____mutmut_1'] = _RandomIds.xǁ_RandomIdsǁ__init____mutmut_1 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁ__init____mutmut['xǁ_RandomIdsǁ__init____mutmut_2'] = _RandomIds.xǁ_RandomIdsǁ__init____mutmut_2 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁ__init____mutmut['xǁ_RandomIdsǁ__init____mutmut_3'] = _RandomIds.xǁ_RandomIdsǁ__init____mutmut_3 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁ__init____mutmut['xǁ_RandomIdsǁ__init____mutmut_4'] = _RandomIds.xǁ_RandomIdsǁ__init____mutmut_4 # type: ignore # mutmut generated

mutants_xǁ_RandomIdsǁnext__mutmut['_mutmut_orig'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_orig # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_1'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_1 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_2'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_2 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_3'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_3 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_4'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_4 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_5'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_5 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_6'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_6 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_7'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_7 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_8'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_8 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_9'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_9 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_10'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_10 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_11'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_11 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_12'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_12 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_13'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_13 # type: ignore # mutmut generated
mutants_xǁ_RandomIdsǁnext__mutmut['xǁ_RandomIdsǁnext__mutmut_14'] = _RandomIds.xǁ_RandomIdsǁnext__mutmut_14 # type: ignore # mutmut generated


_ids = _RandomIds()
os.register_at_fork(after_in_child=lambda: setattr(_ids, "_pos", 1 << 30))  # never share ids
mutants_x_request_id__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_request_id__mutmut)
def request_id(incoming: str | None) -> str:
    """Propagate a well-formed `X-Request-ID`, otherwise generate one (128 random bits)."""
    if incoming and _REQUEST_ID.match(incoming):
        return incoming
    return _ids.next()


def x_request_id__mutmut_orig(incoming: str | None) -> str:
    """Propagate a well-formed `X-Request-ID`, otherwise generate one (128 random bits)."""
    if incoming and _REQUEST_ID.match(incoming):
        return incoming
    return _ids.next()


def x_request_id__mutmut_1(incoming: str | None) -> str:
    """Propagate a well-formed `X-Request-ID`, otherwise generate one (128 random bits)."""
    if incoming or _REQUEST_ID.match(incoming):
        return incoming
    return _ids.next()


def x_request_id__mutmut_2(incoming: str | None) -> str:
    """Propagate a well-formed `X-Request-ID`, otherwise generate one (128 random bits)."""
    if incoming and _REQUEST_ID.match(None):
        return incoming
    return _ids.next()

mutants_x_request_id__mutmut['_mutmut_orig'] = x_request_id__mutmut_orig # type: ignore # mutmut generated
mutants_x_request_id__mutmut['x_request_id__mutmut_1'] = x_request_id__mutmut_1 # type: ignore # mutmut generated
mutants_x_request_id__mutmut['x_request_id__mutmut_2'] = x_request_id__mutmut_2 # type: ignore # mutmut generated
mutants_x_request_drop__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_request_drop__mutmut)
def request_drop(*extra: str) -> frozenset[str]:
    """The names `request_headers` drops, plus `extra` (built once per config, not per
    request)."""
    return _DROP_REQUEST | {n.lower() for n in extra}


def x_request_drop__mutmut_orig(*extra: str) -> frozenset[str]:
    """The names `request_headers` drops, plus `extra` (built once per config, not per
    request)."""
    return _DROP_REQUEST | {n.lower() for n in extra}


def x_request_drop__mutmut_1(*extra: str) -> frozenset[str]:
    """The names `request_headers` drops, plus `extra` (built once per config, not per
    request)."""
    return _DROP_REQUEST & {n.lower() for n in extra}


def x_request_drop__mutmut_2(*extra: str) -> frozenset[str]:
    """The names `request_headers` drops, plus `extra` (built once per config, not per
    request)."""
    return _DROP_REQUEST | {n.upper() for n in extra}

mutants_x_request_drop__mutmut['_mutmut_orig'] = x_request_drop__mutmut_orig # type: ignore # mutmut generated
mutants_x_request_drop__mutmut['x_request_drop__mutmut_1'] = x_request_drop__mutmut_1 # type: ignore # mutmut generated
mutants_x_request_drop__mutmut['x_request_drop__mutmut_2'] = x_request_drop__mutmut_2 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_request_headers__mutmut)
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


def x_request_headers__mutmut_orig(headers: CIMultiDict[str], *, peer: str, host: str | None,
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


def x_request_headers__mutmut_1(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "XXhttpXX",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_2(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "HTTP",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_3(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = None
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_4(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(None, drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_5(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), None, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_6(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, None)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_7(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_8(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_9(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, )
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_10(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(None)
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_11(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("XXX-Forwarded-ForXX", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_12(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("x-forwarded-for", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_13(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-FORWARDED-FOR", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_14(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(None)
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_15(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("XXX-Forwarded-ProtoXX", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_16(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("x-forwarded-proto", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_17(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-FORWARDED-PROTO", proto))
    if host:
        out.append(("X-Forwarded-Host", host))
    return out


def x_request_headers__mutmut_18(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(None)
    return out


def x_request_headers__mutmut_19(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("XXX-Forwarded-HostXX", host))
    return out


def x_request_headers__mutmut_20(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("x-forwarded-host", host))
    return out


def x_request_headers__mutmut_21(headers: CIMultiDict[str], *, peer: str, host: str | None,
                    rid: str, proto: str = "http",
                    drop: frozenset[str] = _DROP_REQUEST) -> list[tuple[str, str]]:
    """Headers to send upstream, from the client's headers (a multidict; duplicates kept).
    `drop`: from `request_drop` when more names than the standard ones must not go upstream."""
    out = _filtered(headers.items(), drop, rid)
    out.append(("X-Forwarded-For", peer))
    out.append(("X-Forwarded-Proto", proto))
    if host:
        out.append(("X-FORWARDED-HOST", host))
    return out

mutants_x_request_headers__mutmut['_mutmut_orig'] = x_request_headers__mutmut_orig # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_1'] = x_request_headers__mutmut_1 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_2'] = x_request_headers__mutmut_2 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_3'] = x_request_headers__mutmut_3 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_4'] = x_request_headers__mutmut_4 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_5'] = x_request_headers__mutmut_5 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_6'] = x_request_headers__mutmut_6 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_7'] = x_request_headers__mutmut_7 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_8'] = x_request_headers__mutmut_8 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_9'] = x_request_headers__mutmut_9 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_10'] = x_request_headers__mutmut_10 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_11'] = x_request_headers__mutmut_11 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_12'] = x_request_headers__mutmut_12 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_13'] = x_request_headers__mutmut_13 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_14'] = x_request_headers__mutmut_14 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_15'] = x_request_headers__mutmut_15 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_16'] = x_request_headers__mutmut_16 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_17'] = x_request_headers__mutmut_17 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_18'] = x_request_headers__mutmut_18 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_19'] = x_request_headers__mutmut_19 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_20'] = x_request_headers__mutmut_20 # type: ignore # mutmut generated
mutants_x_request_headers__mutmut['x_request_headers__mutmut_21'] = x_request_headers__mutmut_21 # type: ignore # mutmut generated


_DROP_RESPONSE_B = frozenset(n.encode() for n in _DROP_RESPONSE)
_PLAIN_CONNECTION_B = frozenset(v.encode() for v in _PLAIN_CONNECTION)
_VIA_B = VIA.encode()
mutants_x_response_headers__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_response_headers__mutmut)
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


def x_response_headers__mutmut_orig(headers: Iterable[tuple[bytes, bytes]], *,
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


def x_response_headers__mutmut_1(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = None
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


def x_response_headers__mutmut_2(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = ""
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


def x_response_headers__mutmut_3(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = ""
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


def x_response_headers__mutmut_4(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = None
    for k, v in headers:
        lk = None
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


def x_response_headers__mutmut_5(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = None
    for k, v in headers:
        lk = k.upper()
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


def x_response_headers__mutmut_6(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = None
    for k, v in headers:
        lk = k.lower()
        if lk not in _DROP_RESPONSE_B:
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


def x_response_headers__mutmut_7(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = None
    for k, v in headers:
        lk = k.lower()
        if lk in _DROP_RESPONSE_B:
            if lk == b"connection" or v.strip().lower() not in _PLAIN_CONNECTION_B:
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


def x_response_headers__mutmut_8(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = None
    for k, v in headers:
        lk = k.lower()
        if lk in _DROP_RESPONSE_B:
            if lk != b"connection" and v.strip().lower() not in _PLAIN_CONNECTION_B:
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


def x_response_headers__mutmut_9(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = None
    for k, v in headers:
        lk = k.lower()
        if lk in _DROP_RESPONSE_B:
            if lk == b"XXconnectionXX" and v.strip().lower() not in _PLAIN_CONNECTION_B:
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


def x_response_headers__mutmut_10(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = None
    for k, v in headers:
        lk = k.lower()
        if lk in _DROP_RESPONSE_B:
            if lk == b"CONNECTION" and v.strip().lower() not in _PLAIN_CONNECTION_B:
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


def x_response_headers__mutmut_11(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = None
    for k, v in headers:
        lk = k.lower()
        if lk in _DROP_RESPONSE_B:
            if lk == b"connection" and v.strip().upper() not in _PLAIN_CONNECTION_B:
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


def x_response_headers__mutmut_12(headers: Iterable[tuple[bytes, bytes]], *,
                     rid: str) -> list[tuple[bytes, bytes]]:
    """Headers to send back to the client from the upstream's raw headers (bytes as received,
    so nothing is decoded and re-encoded on the hot path); same rules as for requests."""
    out: list[tuple[bytes, bytes]] = []
    via = None
    connection: list[str] | None = None
    for k, v in headers:
        lk = k.lower()
        if lk in _DROP_RESPONSE_B:
            if lk == b"connection" and v.strip().lower() in _PLAIN_CONNECTION_B:
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


def x_response_headers__mutmut_13(headers: Iterable[tuple[bytes, bytes]], *,
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
                connection = None
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


def x_response_headers__mutmut_14(headers: Iterable[tuple[bytes, bytes]], *,
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
                connection = [*(connection and ()), v.decode("latin-1")]
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


def x_response_headers__mutmut_15(headers: Iterable[tuple[bytes, bytes]], *,
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
                connection = [*(connection or ()), v.decode(None)]
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


def x_response_headers__mutmut_16(headers: Iterable[tuple[bytes, bytes]], *,
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
                connection = [*(connection or ()), v.decode("XXlatin-1XX")]
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


def x_response_headers__mutmut_17(headers: Iterable[tuple[bytes, bytes]], *,
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
                connection = [*(connection or ()), v.decode("LATIN-1")]
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


def x_response_headers__mutmut_18(headers: Iterable[tuple[bytes, bytes]], *,
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
            break
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


def x_response_headers__mutmut_19(headers: Iterable[tuple[bytes, bytes]], *,
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
        if lk != b"via":
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


def x_response_headers__mutmut_20(headers: Iterable[tuple[bytes, bytes]], *,
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
        if lk == b"XXviaXX":
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


def x_response_headers__mutmut_21(headers: Iterable[tuple[bytes, bytes]], *,
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
        if lk == b"VIA":
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


def x_response_headers__mutmut_22(headers: Iterable[tuple[bytes, bytes]], *,
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
            via = None
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


def x_response_headers__mutmut_23(headers: Iterable[tuple[bytes, bytes]], *,
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
            via = via + b", " + v if (via) and False else v
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


def x_response_headers__mutmut_24(headers: Iterable[tuple[bytes, bytes]], *,
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
            via = via + b", " + v if (via) or True else v
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


def x_response_headers__mutmut_25(headers: Iterable[tuple[bytes, bytes]], *,
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
            via = via + b", " - v if via else v
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


def x_response_headers__mutmut_26(headers: Iterable[tuple[bytes, bytes]], *,
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
            via = via - b", " + v if via else v
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


def x_response_headers__mutmut_27(headers: Iterable[tuple[bytes, bytes]], *,
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
            via = via + b"XX, XX" + v if via else v
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


def x_response_headers__mutmut_28(headers: Iterable[tuple[bytes, bytes]], *,
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
            out.append(None)
    if connection:
        named = {n.encode("latin-1") for n in _connection_tokens(connection)}
        out = [(k, v) for k, v in out if k.lower() not in named]
        if b"via" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_29(headers: Iterable[tuple[bytes, bytes]], *,
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
        named = None
        out = [(k, v) for k, v in out if k.lower() not in named]
        if b"via" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_30(headers: Iterable[tuple[bytes, bytes]], *,
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
        named = {n.encode(None) for n in _connection_tokens(connection)}
        out = [(k, v) for k, v in out if k.lower() not in named]
        if b"via" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_31(headers: Iterable[tuple[bytes, bytes]], *,
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
        named = {n.encode("XXlatin-1XX") for n in _connection_tokens(connection)}
        out = [(k, v) for k, v in out if k.lower() not in named]
        if b"via" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_32(headers: Iterable[tuple[bytes, bytes]], *,
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
        named = {n.encode("LATIN-1") for n in _connection_tokens(connection)}
        out = [(k, v) for k, v in out if k.lower() not in named]
        if b"via" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_33(headers: Iterable[tuple[bytes, bytes]], *,
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
        named = {n.encode("latin-1") for n in _connection_tokens(None)}
        out = [(k, v) for k, v in out if k.lower() not in named]
        if b"via" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_34(headers: Iterable[tuple[bytes, bytes]], *,
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
        out = None
        if b"via" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_35(headers: Iterable[tuple[bytes, bytes]], *,
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
        out = [(k, v) for k, v in out if k.upper() not in named]
        if b"via" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_36(headers: Iterable[tuple[bytes, bytes]], *,
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
        out = [(k, v) for k, v in out if k.lower() in named]
        if b"via" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_37(headers: Iterable[tuple[bytes, bytes]], *,
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
        if b"XXviaXX" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_38(headers: Iterable[tuple[bytes, bytes]], *,
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
        if b"VIA" in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_39(headers: Iterable[tuple[bytes, bytes]], *,
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
        if b"via" not in named:
            via = None
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_40(headers: Iterable[tuple[bytes, bytes]], *,
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
            via = ""
    out.append((b"Via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_41(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append(None)
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_42(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"XXViaXX", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_43(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"via", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_44(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"VIA", via + b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_45(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"Via", via + b", " + _VIA_B if (via) and False else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_46(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"Via", via + b", " + _VIA_B if (via) or True else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_47(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"Via", via + b", " - _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_48(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"Via", via - b", " + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_49(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"Via", via + b"XX, XX" + _VIA_B if via else _VIA_B))
    out.append((b"X-Request-ID", rid.encode()))
    return out


def x_response_headers__mutmut_50(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append(None)
    return out


def x_response_headers__mutmut_51(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"XXX-Request-IDXX", rid.encode()))
    return out


def x_response_headers__mutmut_52(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"x-request-id", rid.encode()))
    return out


def x_response_headers__mutmut_53(headers: Iterable[tuple[bytes, bytes]], *,
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
    out.append((b"X-REQUEST-ID", rid.encode()))
    return out

mutants_x_response_headers__mutmut['_mutmut_orig'] = x_response_headers__mutmut_orig # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_1'] = x_response_headers__mutmut_1 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_2'] = x_response_headers__mutmut_2 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_3'] = x_response_headers__mutmut_3 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_4'] = x_response_headers__mutmut_4 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_5'] = x_response_headers__mutmut_5 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_6'] = x_response_headers__mutmut_6 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_7'] = x_response_headers__mutmut_7 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_8'] = x_response_headers__mutmut_8 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_9'] = x_response_headers__mutmut_9 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_10'] = x_response_headers__mutmut_10 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_11'] = x_response_headers__mutmut_11 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_12'] = x_response_headers__mutmut_12 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_13'] = x_response_headers__mutmut_13 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_14'] = x_response_headers__mutmut_14 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_15'] = x_response_headers__mutmut_15 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_16'] = x_response_headers__mutmut_16 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_17'] = x_response_headers__mutmut_17 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_18'] = x_response_headers__mutmut_18 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_19'] = x_response_headers__mutmut_19 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_20'] = x_response_headers__mutmut_20 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_21'] = x_response_headers__mutmut_21 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_22'] = x_response_headers__mutmut_22 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_23'] = x_response_headers__mutmut_23 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_24'] = x_response_headers__mutmut_24 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_25'] = x_response_headers__mutmut_25 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_26'] = x_response_headers__mutmut_26 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_27'] = x_response_headers__mutmut_27 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_28'] = x_response_headers__mutmut_28 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_29'] = x_response_headers__mutmut_29 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_30'] = x_response_headers__mutmut_30 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_31'] = x_response_headers__mutmut_31 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_32'] = x_response_headers__mutmut_32 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_33'] = x_response_headers__mutmut_33 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_34'] = x_response_headers__mutmut_34 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_35'] = x_response_headers__mutmut_35 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_36'] = x_response_headers__mutmut_36 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_37'] = x_response_headers__mutmut_37 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_38'] = x_response_headers__mutmut_38 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_39'] = x_response_headers__mutmut_39 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_40'] = x_response_headers__mutmut_40 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_41'] = x_response_headers__mutmut_41 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_42'] = x_response_headers__mutmut_42 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_43'] = x_response_headers__mutmut_43 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_44'] = x_response_headers__mutmut_44 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_45'] = x_response_headers__mutmut_45 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_46'] = x_response_headers__mutmut_46 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_47'] = x_response_headers__mutmut_47 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_48'] = x_response_headers__mutmut_48 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_49'] = x_response_headers__mutmut_49 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_50'] = x_response_headers__mutmut_50 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_51'] = x_response_headers__mutmut_51 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_52'] = x_response_headers__mutmut_52 # type: ignore # mutmut generated
mutants_x_response_headers__mutmut['x_response_headers__mutmut_53'] = x_response_headers__mutmut_53 # type: ignore # mutmut generated
mutants_x__filtered__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x__filtered__mutmut)
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


def x__filtered__mutmut_orig(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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


def x__filtered__mutmut_1(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
              rid: str) -> list[tuple[str, str]]:
    """`pairs` minus the `drop` names (lower-case) and minus every header named in
    `Connection`; Via appended, X-Request-ID set. One pass; a second only when `Connection`
    names other headers."""
    out: list[tuple[str, str]] = None
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


def x__filtered__mutmut_2(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
              rid: str) -> list[tuple[str, str]]:
    """`pairs` minus the `drop` names (lower-case) and minus every header named in
    `Connection`; Via appended, X-Request-ID set. One pass; a second only when `Connection`
    names other headers."""
    out: list[tuple[str, str]] = []
    via = ""
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


def x__filtered__mutmut_3(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
              rid: str) -> list[tuple[str, str]]:
    """`pairs` minus the `drop` names (lower-case) and minus every header named in
    `Connection`; Via appended, X-Request-ID set. One pass; a second only when `Connection`
    names other headers."""
    out: list[tuple[str, str]] = []
    via = None
    connection: list[str] | None = ""
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


def x__filtered__mutmut_4(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
              rid: str) -> list[tuple[str, str]]:
    """`pairs` minus the `drop` names (lower-case) and minus every header named in
    `Connection`; Via appended, X-Request-ID set. One pass; a second only when `Connection`
    names other headers."""
    out: list[tuple[str, str]] = []
    via = None
    connection: list[str] | None = None
    for k, v in pairs:
        lk = None
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


def x__filtered__mutmut_5(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
              rid: str) -> list[tuple[str, str]]:
    """`pairs` minus the `drop` names (lower-case) and minus every header named in
    `Connection`; Via appended, X-Request-ID set. One pass; a second only when `Connection`
    names other headers."""
    out: list[tuple[str, str]] = []
    via = None
    connection: list[str] | None = None
    for k, v in pairs:
        lk = k.upper()
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


def x__filtered__mutmut_6(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
              rid: str) -> list[tuple[str, str]]:
    """`pairs` minus the `drop` names (lower-case) and minus every header named in
    `Connection`; Via appended, X-Request-ID set. One pass; a second only when `Connection`
    names other headers."""
    out: list[tuple[str, str]] = []
    via = None
    connection: list[str] | None = None
    for k, v in pairs:
        lk = k.lower()
        if lk not in drop:
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


def x__filtered__mutmut_7(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            if lk == "connection" or v.strip().lower() not in _PLAIN_CONNECTION:
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


def x__filtered__mutmut_8(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            if lk != "connection" and v.strip().lower() not in _PLAIN_CONNECTION:
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


def x__filtered__mutmut_9(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            if lk == "XXconnectionXX" and v.strip().lower() not in _PLAIN_CONNECTION:
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


def x__filtered__mutmut_10(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            if lk == "CONNECTION" and v.strip().lower() not in _PLAIN_CONNECTION:
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


def x__filtered__mutmut_11(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            if lk == "connection" and v.strip().upper() not in _PLAIN_CONNECTION:
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


def x__filtered__mutmut_12(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            if lk == "connection" and v.strip().lower() in _PLAIN_CONNECTION:
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


def x__filtered__mutmut_13(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
                connection = None
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


def x__filtered__mutmut_14(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
                connection = [*(connection and ()), v]
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


def x__filtered__mutmut_15(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            break
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


def x__filtered__mutmut_16(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        if lk != "via":
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


def x__filtered__mutmut_17(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        if lk == "XXviaXX":
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


def x__filtered__mutmut_18(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        if lk == "VIA":
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


def x__filtered__mutmut_19(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            via = None
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


def x__filtered__mutmut_20(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            via = f"{via}, {v}" if (via) and False else v
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


def x__filtered__mutmut_21(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            via = f"{via}, {v}" if (via) or True else v
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


def x__filtered__mutmut_22(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            out.append(None)
    if connection:
        named = _connection_tokens(connection)
        out = [(k, v) for k, v in out if k.lower() not in named]
        if "via" in named:
            via = None
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_23(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        named = None
        out = [(k, v) for k, v in out if k.lower() not in named]
        if "via" in named:
            via = None
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_24(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        named = _connection_tokens(None)
        out = [(k, v) for k, v in out if k.lower() not in named]
        if "via" in named:
            via = None
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_25(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        out = None
        if "via" in named:
            via = None
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_26(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        out = [(k, v) for k, v in out if k.upper() not in named]
        if "via" in named:
            via = None
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_27(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        out = [(k, v) for k, v in out if k.lower() in named]
        if "via" in named:
            via = None
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_28(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        if "XXviaXX" in named:
            via = None
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_29(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        if "VIA" in named:
            via = None
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_30(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
        if "via" not in named:
            via = None
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_31(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
            via = ""
    out.append(("Via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_32(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
    out.append(None)
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_33(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
    out.append(("XXViaXX", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_34(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
    out.append(("via", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_35(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
    out.append(("VIA", f"{via}, {VIA}" if via else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_36(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
    out.append(("Via", f"{via}, {VIA}" if (via) and False else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_37(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
    out.append(("Via", f"{via}, {VIA}" if (via) or True else VIA))
    out.append(("X-Request-ID", rid))
    return out


def x__filtered__mutmut_38(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
    out.append(None)
    return out


def x__filtered__mutmut_39(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
    out.append(("XXX-Request-IDXX", rid))
    return out


def x__filtered__mutmut_40(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
    out.append(("x-request-id", rid))
    return out


def x__filtered__mutmut_41(pairs: Iterable[tuple[str, str]], drop: frozenset[str],
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
    out.append(("X-REQUEST-ID", rid))
    return out

mutants_x__filtered__mutmut['_mutmut_orig'] = x__filtered__mutmut_orig # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_1'] = x__filtered__mutmut_1 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_2'] = x__filtered__mutmut_2 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_3'] = x__filtered__mutmut_3 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_4'] = x__filtered__mutmut_4 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_5'] = x__filtered__mutmut_5 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_6'] = x__filtered__mutmut_6 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_7'] = x__filtered__mutmut_7 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_8'] = x__filtered__mutmut_8 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_9'] = x__filtered__mutmut_9 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_10'] = x__filtered__mutmut_10 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_11'] = x__filtered__mutmut_11 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_12'] = x__filtered__mutmut_12 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_13'] = x__filtered__mutmut_13 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_14'] = x__filtered__mutmut_14 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_15'] = x__filtered__mutmut_15 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_16'] = x__filtered__mutmut_16 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_17'] = x__filtered__mutmut_17 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_18'] = x__filtered__mutmut_18 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_19'] = x__filtered__mutmut_19 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_20'] = x__filtered__mutmut_20 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_21'] = x__filtered__mutmut_21 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_22'] = x__filtered__mutmut_22 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_23'] = x__filtered__mutmut_23 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_24'] = x__filtered__mutmut_24 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_25'] = x__filtered__mutmut_25 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_26'] = x__filtered__mutmut_26 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_27'] = x__filtered__mutmut_27 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_28'] = x__filtered__mutmut_28 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_29'] = x__filtered__mutmut_29 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_30'] = x__filtered__mutmut_30 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_31'] = x__filtered__mutmut_31 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_32'] = x__filtered__mutmut_32 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_33'] = x__filtered__mutmut_33 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_34'] = x__filtered__mutmut_34 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_35'] = x__filtered__mutmut_35 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_36'] = x__filtered__mutmut_36 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_37'] = x__filtered__mutmut_37 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_38'] = x__filtered__mutmut_38 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_39'] = x__filtered__mutmut_39 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_40'] = x__filtered__mutmut_40 # type: ignore # mutmut generated
mutants_x__filtered__mutmut['x__filtered__mutmut_41'] = x__filtered__mutmut_41 # type: ignore # mutmut generated
