"""Canonical request targets: the one path used both for matching and for forwarding.

Owns the rules that turn a raw HTTP request target into `(path, query)` or refuse it.
Guarantees: a returned path is in canonical form, so `canonical_target(p + q) == (p, q)`
(idempotent), the router sees exactly the bytes the upstream will see, and nothing an upstream
could decode into a different path structure gets through. The rules (see docs/threat-model.md):

* origin-form only: the target starts with a single `/` (absolute-form `http://...`,
  authority-form and `*` are refused); no fragment (`#`);
* only RFC 3986 path characters, minus `;` (matrix parameters) and `\\`; no controls, spaces or
  raw non-ASCII bytes;
* percent-escapes must be well formed; escapes of unreserved characters are decoded
  (`%7E` -> `~`), the rest are kept with upper-case hex; `%2F` (/), `%5C` (\\), `%2E` (.),
  `%3B` (;), `%25` (%), `%00` and escapes of other control bytes are refused as ambiguous;
* dot segments (`.` and `..`) are refused, never resolved; repeated slashes (empty segments)
  are refused, never collapsed. A single trailing slash is kept: `/a/` and `/a` are different
  paths.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from gateway.errors import InvalidTarget

__all__ = ["Target", "canonical_target", "canonical_path"]

# pchar = unreserved / pct-encoded / sub-delims / ":" / "@"   (RFC 3986), minus ";"
_PATH_CHARS = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,=:@/%]*")
_QUERY_CHARS = re.compile(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?%\[\]]*")
_ESCAPE = re.compile(r"%(?P<hex>[0-9A-Fa-f]{2})")
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~")
# '.' is unreserved too, but an encoded dot is how dot-segment tricks hide: refuse it.
_REFUSED_ESCAPES = {0x2F: "%2F", 0x5C: "%5C", 0x2E: "%2E", 0x3B: "%3B", 0x25: "%25"}


class Target(NamedTuple):
    path: str
    query: str  # without the leading "?"; "" when absent


_CACHE: dict[str, Target] = {}
_CACHE_MAX = 4096  # recent accepted targets; cleared when full (bounded memory)


def canonical_target(raw: str) -> Target:
    """Split and canonicalise a raw request target, or raise `InvalidTarget`.

    Pure; results for accepted targets are memoised (refusals are not)."""
    hit = _CACHE.get(raw)
    if hit is not None:
        return hit
    target = _canonical_target(raw)
    if len(_CACHE) >= _CACHE_MAX:
        _CACHE.clear()
    _CACHE[raw] = target
    return target


def _canonical_target(raw: str) -> Target:
    if not raw.startswith("/"):
        raise InvalidTarget("request target must be in origin-form (start with '/')")
    path, sep, query = raw.partition("?")
    if sep and not _QUERY_CHARS.fullmatch(query):
        raise InvalidTarget("query contains characters that are not allowed")
    return Target(canonical_path(path), query)


def canonical_path(path: str) -> str:
    """Canonicalise a path (no query), or raise `InvalidTarget`."""
    if not path.startswith("/"):
        raise InvalidTarget("path must start with '/'")
    if not _PATH_CHARS.fullmatch(path):
        raise InvalidTarget(_char_problem(path))
    # Fast path for the common case: nothing to decode, no empty or dot segments.
    if "%" not in path and "//" not in path and "/." not in path:
        return path
    if "%" in path:
        path = _normalise_escapes(path)
    segments = path.split("/")
    # segments[0] is "" (leading slash); the last may be "" (one trailing slash).
    inner = segments[1:-1] if segments[-1] == "" else segments[1:]
    for seg in inner:
        if seg == "":
            raise InvalidTarget("repeated slashes are not allowed")
        if seg in (".", ".."):
            raise InvalidTarget("dot segments ('.', '..') are not allowed")
    return path


def _normalise_escapes(path: str) -> str:
    if path.count("%") != len(_ESCAPE.findall(path)):
        raise InvalidTarget("malformed percent-escape")

    def fix(m: re.Match[str]) -> str:
        byte = int(m.group("hex"), 16)
        refused = _REFUSED_ESCAPES.get(byte)
        if refused is not None:
            raise InvalidTarget(f"ambiguous percent-escape {refused} is not allowed")
        if byte < 0x20 or byte == 0x7F:
            raise InvalidTarget("percent-escaped control characters are not allowed")
        if byte in _UNRESERVED:
            return chr(byte)
        return "%" + m.group("hex").upper()

    return _ESCAPE.sub(fix, path)


def _char_problem(path: str) -> str:
    for ch in path:
        if not _PATH_CHARS.fullmatch(ch):
            if ch == ";":
                return "';' (matrix parameters) is not allowed in paths"
            if ch == "\\":
                return "backslash is not allowed in paths"
            if ch == "#":
                return "fragments are not allowed in request targets"
            if ord(ch) < 0x20 or ord(ch) == 0x7F:
                return "control characters are not allowed in paths"
            if ord(ch) > 0x7E:
                return "raw non-ASCII characters are not allowed in paths; percent-encode them"
            return f"character {ch!r} is not allowed in paths"
    return "path contains characters that are not allowed"  # pragma: no cover
